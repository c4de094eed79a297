"""The walk's dispatch of tags by their name as written, kept per config."""

from wikinorm.core.markup import _NAMES_KEPT, collect_edits
from wikinorm.core.pipeline import Plan
from wikinorm.core.presets import builtin_preset

TEXTS = [
    "<B>bold</B> and <b>bold</b>, <Div class=a>z</div> <ref name=x>r</ref>",
    "<REF >r</ref> <small>s</small> <unknowntag>u</unknowntag>",
    "* item ''it'' <span>s</span>\n# two",
    '{| class="wikitable"\n|-\n| a || b\n|}',
]


def test_tags_dispatch_the_same_with_the_names_kept_and_without():
    for preset in ("plain", "reference"):
        tables = Plan(builtin_preset(preset).config).tables
        plain = tables._replace(by_written_name=None)
        for text in TEXTS:
            first = collect_edits(text, tables)
            again = collect_edits(text, tables)  # now from the kept names
            assert first == again == collect_edits(text, plain), (preset, text)
        assert tables.by_written_name  # the walk kept what it met


def test_kept_names_are_bounded():
    tables = Plan(builtin_preset("plain").config).tables
    text = " ".join(f"<t{i}>x</t{i}>" for i in range(_NAMES_KEPT + 50))
    collect_edits(text, tables)
    assert len(tables.by_written_name) == _NAMES_KEPT
