"""Rule `tidy`."""

from __future__ import annotations

import re
from typing import NamedTuple

from .base import MarkupRule, dataclass_options, option


@dataclass_options
class TidyOptions:
    brackets: bool = option(True, "remove brackets emptied by a removal, and a separator left just inside one")
    commas: bool = option(True, "remove a comma doubled, or left before a period, by a removal")
    lines: bool = option(True, "remove what is left of a line a removal made punctuation only")


class _View(NamedTuple):
    """The block's text once the removals and replacements are made, mapped back to the raw text.

    ``raw_at[v]`` is the raw offset of view character ``v`` (-1 inside a
    replacement, which is never touched); ``cut[v]`` says a removed construct
    (a template, a reference, a tag: a ``glue`` removal) sits just before view
    offset ``v`` (``len(text) + 1`` entries). Markers removed around kept text
    (a list's ``*``, a heading's ``==``) are not holes.
    """

    text: str
    raw_at: list[int]
    cut: list[bool]


# A list or indent marker: its removal leaves the item, not a hole.
_MARKER = re.compile(r"[*#:;\s]*\Z")


def _view(raw: str, edits) -> _View:
    pieces: list[str] = []
    raw_at: list[int] = []
    cut: list[bool] = []
    pos = 0
    pending_cut = False
    last_end = -1
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < last_end:
            continue  # inside an earlier edit (collect_edits drops it too)
        last_end = max(last_end, edit.end)
        for i in range(pos, edit.start):
            raw_at.append(i)
            cut.append(pending_cut)
            pending_cut = False
        pieces.append(raw[pos : edit.start])
        if edit.replacement:
            for _ in edit.replacement:
                raw_at.append(-1)
                cut.append(pending_cut)
                pending_cut = False
            pieces.append(edit.replacement)
        elif edit.glue and not _MARKER.match(raw, edit.start, edit.end):
            pending_cut = True
        pos = edit.end
    for i in range(pos, len(raw)):
        raw_at.append(i)
        cut.append(pending_cut)
        pending_cut = False
    pieces.append(raw[pos:])
    cut.append(pending_cut)
    return _View("".join(pieces), raw_at, cut)


# Each hole: a pattern over the view, the group in which a removal must sit
# (between its ends, inclusive) and the groups whose characters go.
class _Hole(NamedTuple):
    pattern: re.Pattern
    cut_in: int
    drop: tuple[int, ...]


_BRACKET_HOLES = (
    # `word ({{lang|ar|…}})` → `word`: the brackets and the space before them.
    _Hole(re.compile(r"([ \t]*)(\()([\s,;]*)(\))"), 3, (1, 2, 3, 4)),
    # `({{lang|grc|…}}, "human")` → `("human")`.
    _Hole(re.compile(r"[(\[]([ \t]*)([,;][ \t]*)"), 1, (2,)),
    # `(born 1950; {{x}})` → `(born 1950)`.
    _Hole(re.compile(r"([ \t]*[,;])([ \t]*)[)\]]"), 2, (1, 2)),
)
_COMMA_HOLES = (
    # `a, {{x}}, b` → `a, b`.
    _Hole(re.compile(r",([ \t]*)(,)"), 1, (1, 2)),
    # `ship, {{x}}.` → `ship.` (an ellipsis `, ...` stays).
    _Hole(re.compile(r"([ \t]*[,;])([ \t]*)(?=[.!?](?!\.))"), 2, (1, 2)),
)
_WORD = re.compile(r"\w")


class Tidy(MarkupRule):
    """Clean up what removals leave: emptied brackets, stray commas, lines of punctuation only.

    It looks only where another rule removed something, so brackets or commas
    written in the source ("the comma (,) is the separator") stay; it is a
    markup rule, after every rule that removes, to see where those removals are.

    On its own it changes nothing (nothing was removed):

    >>> from wikinorm.core import Config, example, run
    >>> example("tidy", "The comma (,) and {{x}}, stay.")
    'The comma (,) and {{x}}, stay.'

    After the other rules' removals:

    >>> config = Config.only("templates", "lists", "tidy", "whitespace")
    >>> run("Arabic ({{rtl-lang|ar|x}}) and ({{foo|grc}}, 'human').", config).text
    "Arabic and ('human')."
    >>> run("Red, {{x}}, blue, {{y}}.\\n* {{a}}, {{b}}\\nThe comma (,) stays.", config).text
    'Red, blue.\\n\\nThe comma (,) stays.'
    """

    id = "tidy"
    title = "Tidy punctuation"
    description = "Remove brackets, commas and punctuation-only lines that removals left empty."
    Options = TidyOptions
    reads_text = True

    def handle(self, node, start, source, options, ctx):  # pragma: no cover - owns no nodes
        raise NotImplementedError

    def finish(self, options, ctx):
        edits = ctx.edits
        if not any(e.glue for e in edits):
            return
        view = _view(ctx.text, edits)
        text, raw_at, cut = view
        drop: set[int] = set()
        holes = (_BRACKET_HOLES if options.brackets else ()) + (_COMMA_HOLES if options.commas else ())
        for hole in holes:
            for m in hole.pattern.finditer(text):
                a, b = m.span(hole.cut_in)
                if not any(cut[a : b + 1]):
                    continue
                spans = [range(*m.span(g)) for g in hole.drop]
                if any(raw_at[v] < 0 for span in spans for v in span):
                    continue
                drop.update(raw_at[v] for span in spans for v in span)
        if options.lines:
            line_start = 0
            for line in text.split("\n"):
                end = line_start + len(line)
                if (
                    line.strip()
                    and not _WORD.search(line)
                    and any(cut[line_start : end + 1])
                    and all(raw_at[v] >= 0 for v in range(line_start, end))
                ):
                    drop.update(raw_at[v] for v in range(line_start, end) if not text[v].isspace())
                line_start = end + 1
        for a, b in _runs(sorted(drop)):
            ctx.remove(self.id, a, b, glue=False)


def _runs(offsets: list[int]) -> list[tuple[int, int]]:
    """Sorted offsets as ``(start, end)`` runs of consecutive ones."""
    runs: list[tuple[int, int]] = []
    for i in offsets:
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs
