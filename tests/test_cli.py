"""The command line: normalize, explain, check, rules, presets, and one-line errors (exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from wikinorm.cli import main
from wikinorm.core.registry import RULE_IDS

SAMPLE = "Intro '''bold''' [[a|b]]<ref>r</ref>.\n\n== H ==\n* item &amp; more"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "page.wiki"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "wikinorm", *args], input=stdin, capture_output=True)


def test_normalize_file_stdin_and_output_file(sample, tmp_path):
    proc = run_cli("normalize", str(sample), "--preset", "plain")
    assert proc.returncode == 0
    assert proc.stdout.decode() == "Intro bold b.\n\nH\nitem & more"
    proc = run_cli("normalize", "-", "--preset", "plain", stdin=SAMPLE.encode())
    assert proc.stdout.decode() == "Intro bold b.\n\nH\nitem & more"
    out = tmp_path / "out.txt"
    assert main(["normalize", str(sample), "--preset", "plain", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "Intro bold b.\n\nH\nitem & more"


def test_enable_disable_set(sample, capsysbinary):
    assert main(["normalize", str(sample), "--preset", "plain", "--enable", "lowercase", "--disable", "formatting",
                 "--set", "whitespace.mode=one_line", "--set", "references.mode=keep_text"]) == 0
    assert capsysbinary.readouterr().out.decode() == "intro '''bold''' b r. h item & more"


def test_preset_file(sample, tmp_path, capsysbinary):
    preset = tmp_path / "p.toml"
    preset.write_text('name = "p"\n[rules.lowercase]\nenabled = true\n', encoding="utf-8")
    assert main(["normalize", str(sample), "--preset", str(preset)]) == 0
    assert capsysbinary.readouterr().out.decode().startswith("intro bold b.")


@pytest.mark.parametrize(
    "args, message",
    [
        (["normalize", "/no/such/file.wiki"], "/no/such/file.wiki: no such file"),
        (["normalize", "{binary}"], "binary file"),
        (["normalize", "{latin1}"], "not valid UTF-8 (byte 0xe9 at offset 3)"),
        (["normalize", "{sample}", "--preset", "nope"], "no preset 'nope'"),
        (["normalize", "{sample}", "--enable", "nope"], "unknown rule id 'nope'"),
        (["normalize", "{sample}", "--set", "quotes.style=fancy"], "unknown value 'fancy'"),
        (["normalize", "{sample}", "--set", "quotes"], "expected ID.OPTION=VALUE"),
        # An entry of an option that is one value, not a table of names.
        (["normalize", "{sample}", "--set", "references.mode.x=drop"], "there is no references.mode.x"),
        (["normalize", "{sample}", "--set", "templates.renderings.x=1"], "there is no templates.renderings.x"),
        (["normalize", "{sample}", "--set", "templates.nope.x=1"], "has no option 'nope'"),
        (["normalize", "{sample}", "--set", "templates.policies.convert=bogus"], "unknown value 'bogus'"),
        (["normalize", "-", "--set", "references.mode.x=drop"], "there is no references.mode.x"),
        (["explain", "{bad_preset_dir}/x.toml"], "no such file"),
    ],
)
def test_user_errors_are_one_line_on_stderr_with_exit_2(args, message, sample, tmp_path):
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02wiki")
    latin1 = tmp_path / "l.wiki"
    latin1.write_bytes("caf\xe9".encode("latin-1"))
    args = [a.format(sample=sample, binary=binary, latin1=latin1, bad_preset_dir=tmp_path) for a in args]
    proc = run_cli(*args)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert proc.stdout == b""


def test_explain_text_and_json(sample, capsys):
    assert main(["explain", str(sample), "--preset", "plain"]) == 0
    out = capsys.readouterr().out
    assert "links" in out and "edits" in out
    assert main(["explain", str(sample), "--preset", "plain", "--json"]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert explained["metadata"] == {}
    report = explained["rules"]
    assert [r["rule"] for r in report] == ["references", "links", "formatting", "headings", "lists", "entities", "whitespace"]
    links = next(r for r in report if r["rule"] == "links")
    assert links["edits"] == 2
    example = links["examples"][0]
    assert "[[a|b]]" in example["before"] and "[[" not in example["after"] and " b" in example["after"]


def test_rules_listing_comes_from_registry(capsys):
    assert main(["rules", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in listed] == list(RULE_IDS)
    references = next(r for r in listed if r["id"] == "references")
    assert references["options"][0]["choices"] == ["drop", "keep_text", "footnotes"]
    assert main(["rules"]) == 0
    text = capsys.readouterr().out
    assert all(rule_id in text for rule_id in RULE_IDS)


def test_presets_listing(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    assert "reference" in out and "plain" in out and "none" in out
    assert main(["presets", "--json"]) == 0
    assert {p["name"] for p in json.loads(capsys.readouterr().out)} == {"reference", "plain", "none"}


def test_console_script_and_module_agree(sample):
    import shutil

    exe = shutil.which("wikinorm", path=str(__import__("pathlib").Path(sys.executable).parent))
    if exe is None:
        pytest.skip("wikinorm console script not installed next to this interpreter")
    a = subprocess.run([exe, "normalize", str(sample)], capture_output=True)
    b = run_cli("normalize", str(sample))
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout


def test_readme_rule_table_is_generated_from_registry(capsys):
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- rules table: start -->\n", 1)[1].split("<!-- rules table: end -->", 1)[0]
    assert main(["rules", "--markdown"]) == 0
    assert capsys.readouterr().out == table, "README rule table is stale: paste `wikinorm rules --markdown`"


def test_output_error_names_the_users_file_not_a_temporary_one(sample, tmp_path):
    out = tmp_path / "no" / "dir" / "out.txt"
    proc = run_cli("normalize", str(sample), "-o", str(out))
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"wikinorm: error: {out}: cannot write (no folder {out.parent}); the file was not created\n"
    assert not out.parent.exists()


def test_failed_output_write_keeps_the_old_file_and_says_so(sample, tmp_path, monkeypatch, capsys):
    import errno
    import os

    out = tmp_path / "out.txt"
    out.write_bytes(b"previous \xff output")

    def disk_full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    assert main(["normalize", str(sample), "-o", str(out)]) == 2
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert err == f"wikinorm: error: {out}: cannot write (No space left on device); the file is unchanged\n"
    assert out.read_bytes() == b"previous \xff output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "page.wiki"]


def test_output_may_be_the_input_file(sample):
    sample.chmod(0o640)
    proc = run_cli("normalize", str(sample), "--preset", "plain", "-o", str(sample))
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout == b""
    assert sample.read_text(encoding="utf-8") == "Intro bold b.\n\nH\nitem & more"
    assert sample.stat().st_mode & 0o777 == 0o640


def test_version_names_the_installed_version():
    import wikinorm

    proc = run_cli("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode() == f"wikinorm {wikinorm.__version__}\n"
    assert wikinorm.__version__ != "0+unknown"


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize(
    "args, read_first",
    [
        (["normalize", "{big}"], True),  # the pipe closes in the middle of a long write
        (["explain", "{big}", "--examples", "5000"], True),
        (["presets"], False),  # closed before anything is written: buffered, fails at the last flush
        (["--help"], False),  # argparse's own output and exit
        (["gui", "--help"], False),
    ],
)
def test_output_into_a_closed_pipe_ends_quietly(args, read_first, unbuffered, tmp_path):
    import os

    big = tmp_path / "big.wiki"
    # Short lines, so every edit is an example of its own (one long line would be
    # one block through the engine's linear fallback, whose examples are coarse):
    # 120 kB of normalized text and ~1.8 MB of explain output, more than a pipe holds.
    big.write_text("'''b''' [[x]]\n" * 30_000, encoding="utf-8")
    args = [a.format(big=big) for a in args]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen([sys.executable, "-m", "wikinorm", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if read_first:
        assert len(proc.stdout.read(10)) == 10  # like `| head -c 10`
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    code = proc.wait(60)
    assert err == b"", err.decode(errors="replace")
    assert code in (0, 1)
    if read_first:
        assert code == 1, "the output was cut short: not a success"


@pytest.mark.parametrize(
    "args, message",
    [
        (["normalize", "--nosuch"], "unrecognized arguments: --nosuch"),
        (["frob"], "invalid choice: 'frob'"),
        (["normalize", "--preset"], "argument --preset: expected one argument"),
        (["gui", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_mistyped_command_lines_are_one_line_with_exit_2(args, message):
    # Through the console entry point, as a user types it: argparse's usage block
    # would bury the error; the help stays one --help away.
    proc = subprocess.run(
        [sys.executable, "-m", "wikinorm", *args], capture_output=True, text=True, timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert message in lines[0] and "--help" in lines[0]
    assert proc.stdout == ""


def test_batch_help_names_the_jobs_default_shard_size(capsys):
    # The parser does not import the batch machinery (start-up time), so the help
    # states the default itself: it must stay the job's.
    from wikinorm.core.batch.job import DEFAULT_SHARD_PAGES

    with pytest.raises(SystemExit):
        main(["batch", "--help"])
    assert f"default: the job's, {DEFAULT_SHARD_PAGES})" in " ".join(capsys.readouterr().out.split())


# -- user presets by name, `wikinorm presets`, `wikinorm check` ------------------------


def _save_user_preset(folder, name="mine", pins=()):
    from wikinorm.core.pins import Pin
    from wikinorm.core.presets import Preset, builtin_preset
    from wikinorm.core.user_presets import save_user_preset

    config = builtin_preset("plain").config.with_enabled("lowercase", True)
    return save_user_preset(Preset(name, "Lower-case plain", config, pins=tuple(Pin(*p) for p in pins)), folder)


def test_a_user_preset_is_named_on_the_command_line_and_listed(sample, user_presets_folder):
    saved = _save_user_preset(user_presets_folder, pins=[("'''A'''", "a")])
    proc = run_cli("normalize", str(sample), "--preset", "mine")
    assert proc.returncode == 0 and proc.stdout.decode() == "intro bold b.\n\nh\nitem & more"
    listing = run_cli("presets").stdout.decode().splitlines()
    assert [line.split()[0] for line in listing] == ["reference", "plain", "none", "mine"]
    assert listing[0].endswith("(built-in)") and listing[3].endswith(f"[1 pin]  ({saved.path})")
    data = json.loads(run_cli("presets", "--json").stdout)
    assert [(p["name"], p["where"], p["pins"]) for p in data][-1] == ("mine", str(saved.path), 1)


def test_presets_says_where_user_presets_go_when_there_are_none(user_presets_folder):
    proc = run_cli("presets")
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines()[-1] == f"(no user presets in {user_presets_folder})"


def test_presets_warns_about_a_broken_user_file_and_lists_the_rest(user_presets_folder):
    _save_user_preset(user_presets_folder)
    (user_presets_folder / "broken.toml").write_text("name = ", encoding="utf-8")
    proc = run_cli("presets")
    assert proc.returncode == 0 and "mine" in proc.stdout.decode()
    assert proc.stderr.decode().startswith("wikinorm: warning: ") and "broken.toml: not valid TOML" in proc.stderr.decode()


def test_check_passes_fails_and_names_each_failing_pin(user_presets_folder):
    _save_user_preset(user_presets_folder, pins=[("'''Bold''' x", "bold x"), ("[[a|B]] c", "a c"), ("Z", "z")])
    proc = run_cli("check", "mine")
    assert proc.returncode == 1
    assert proc.stdout.decode().splitlines() == ["FAIL mine pin 2 ([[a|B]] c): [-a-]{+b+} c"]
    assert proc.stderr.decode() == "mine: 2 of 3 pins pass\n"
    _save_user_preset(user_presets_folder, pins=[("'''Bold''' x", "bold x")])
    proc = run_cli("check", "mine")
    assert (proc.returncode, proc.stdout, proc.stderr.decode()) == (0, b"", "mine: 1 of 1 pins pass\n")


def test_check_a_preset_file_and_a_preset_without_pins(tmp_path):
    path = tmp_path / "ci.toml"
    path.write_text('name = "ci"\n[[pins]]\nraw = """\nline one\n\n<!-- x -->two"""\nexpected = "line one\\ntwo"\n',
                    encoding="utf-8")
    proc = run_cli("check", str(path))
    assert proc.returncode == 1
    assert proc.stdout.decode() == "FAIL ci pin 1 (line one <!-- x -->two): line one[-⏎-]{+⏎⏎+}two\n"
    assert main(["check", "plain"]) == 0


@pytest.mark.parametrize("args, message", [
    (["check", "nosuch"], "wikinorm: error: no preset 'nosuch': not a built-in or user preset"),
    (["check", "{bad}"], "wikinorm: error: {bad}, line 2: pin 1: 'raw' and 'expected' must both be given"),
    (["check"], "wikinorm check: error: the following arguments are required: preset"),
])
def test_check_user_errors_are_one_line_exit_2(args, message, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "b"\n[[pins]]\nraw = "x"\n', encoding="utf-8")
    proc = run_cli(*[a.format(bad=bad) for a in args])
    assert proc.returncode == 2 and proc.stdout == b""
    assert proc.stderr.decode().count("\n") == 1 and proc.stderr.decode().startswith(message.format(bad=bad))


def test_the_window_s_command_line_gives_the_window_s_config(user_presets_folder):
    """What "Copy as command line" builds parses back, through the CLI's own options, to the same config."""
    import shlex

    from wikinorm.cli import _parser, _config
    from wikinorm.core.command_line import batch_command, normalize_command

    preset = _save_user_preset(user_presets_folder, name="my preset")
    config = (preset.config.with_enabled("lowercase", False).with_enabled("tokenize", True)
              .with_option("whitespace", "mode", "one_line").with_entry("templates", "policies", "cite web", "drop"))
    for command in (normalize_command(preset, config, "a page.wiki"), batch_command(preset, config)):
        argv = shlex.split(command)
        assert argv[0] == "wikinorm" and "'my preset'" in command
        assert _config(_parser().parse_args(argv[1:])) == config
    assert shlex.split(normalize_command(preset, preset.config))[1:] == ["normalize", "--preset", "my preset", "PAGE.wiki"]
