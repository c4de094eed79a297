"""Rule `tidy`."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import itemgetter
from typing import NamedTuple

from .base import MarkupRule, dataclass_options, option


@dataclass_options
class TidyOptions:
    brackets: bool = option(True, "remove brackets emptied by a removal, and a separator left just inside one")
    commas: bool = option(True, "remove a comma doubled, or left before a period, by a removal")
    lines: bool = option(True, "remove what is left of a line a removal made punctuation only")


class _View:
    """The block's text once the removals and replacements are made, mapped back to the raw text.

    :meth:`raw_at` gives the raw offset of a view character (-1 inside a
    replacement, which is never touched); :meth:`cut_in` says whether a removed
    construct (a template, a reference, a tag: a ``glue`` removal) sits just
    before a view offset in a range. Markers removed around kept text (a
    list's ``*``, a heading's ``==``) are not holes.

    Kept as segments (view start, raw start or -1 for a replacement) and the
    sorted cut offsets: a map per character cost a quarter of a corpus run.
    """

    __slots__ = ("text", "_starts", "_raw", "_cuts")

    def __init__(self, text: str, starts: list[int], raw: list[int], cuts: list[int]):
        self.text = text
        self._starts = starts
        self._raw = raw
        self._cuts = cuts

    def raw_at(self, v: int) -> int:
        """The raw offset of view character ``v`` (-1 inside a replacement)."""
        i = bisect_right(self._starts, v) - 1
        raw = self._raw[i]
        return -1 if raw < 0 else raw + v - self._starts[i]

    def replaced_in(self, a: int, b: int) -> bool:
        """Whether view characters ``[a, b)`` include one of a replacement."""
        if a >= b:
            return False
        starts, raw = self._starts, self._raw
        i = bisect_right(starts, a) - 1
        while i < len(starts) and starts[i] < b:
            if raw[i] < 0:
                return True
            i += 1
        return False

    def cut_in(self, a: int, b: int) -> bool:
        """Whether a removed construct sits just before a view offset in ``[a, b]``."""
        i = bisect_left(self._cuts, a)
        return i < len(self._cuts) and self._cuts[i] <= b


_SPAN = itemgetter(0, 1)  # an edit's (start, end)
_GLUE = itemgetter(4)  # a markup edit's glue

# A list or indent marker: its removal leaves the item, not a hole.
_MARKER = re.compile(r"[*#:;\s]*\Z")


def _view_text(raw: str, ordered) -> tuple[str, list[int]]:
    """The text :func:`_view` makes of ``raw`` and its edits sorted by span, and its cuts, without the map back.

    Nearly every block's view is only searched, and nothing is found: the map
    is built only for the few where a hole or a word-less line may be.
    """
    pieces: list[str] = []
    add = pieces.append
    cuts: list[int] = []
    size = 0
    pos = 0
    last_end = -1
    for start, end, replacement, _, glue in ordered:
        if start < last_end:
            continue  # inside an earlier edit, as in _view
        if end > last_end:
            last_end = end
        if start > pos:
            add(raw[pos:start])
            size += start - pos
        if replacement:
            add(replacement)
            size += len(replacement)
        elif glue and not _MARKER.match(raw, start, end):
            cuts.append(size)  # as in _view: where the view goes on after the removal
        pos = end
    if len(raw) > pos:
        add(raw[pos:])
    return "".join(pieces), cuts


def _view(raw: str, edits) -> _View:
    pieces: list[str] = []
    starts: list[int] = []
    raws: list[int] = []
    cuts: list[int] = []
    size = 0  # of the view so far
    pos = 0
    pending_cut = False
    last_end = -1
    for edit in sorted(edits, key=_SPAN):
        if edit.start < last_end:
            continue  # inside an earlier edit (collect_edits drops it too)
        last_end = max(last_end, edit.end)
        if edit.start > pos:
            starts.append(size)
            raws.append(pos)
            if pending_cut:
                cuts.append(size)
                pending_cut = False
            size += edit.start - pos
            pieces.append(raw[pos : edit.start])
        if edit.replacement:
            starts.append(size)
            raws.append(-1)
            if pending_cut:
                cuts.append(size)
                pending_cut = False
            size += len(edit.replacement)
            pieces.append(edit.replacement)
        elif edit.glue and not _MARKER.match(raw, edit.start, edit.end):
            pending_cut = True
        pos = edit.end
    if len(raw) > pos:
        starts.append(size)
        raws.append(pos)
        if pending_cut:
            cuts.append(size)
            pending_cut = False
        size += len(raw) - pos
        pieces.append(raw[pos:])
    if pending_cut:
        cuts.append(size)
    return _View("".join(pieces), starts, raws, cuts)


# Each hole: a pattern over the view, the group in which a removal must sit
# (between its ends, inclusive) and the groups whose characters go.
class _Hole(NamedTuple):
    pattern: re.Pattern
    cut_in: int
    drop: tuple[int, ...]
    #: Patterns one of which every match holds, each starting with a literal
    #: character (found fast; a pattern that starts with optional spaces, or with
    #: a character set, is tried at every character): none found, no scan.
    needs: tuple[re.Pattern, ...] = ()


_BRACKET_HOLES = (
    # `word ({{lang|ar|…}})` → `word`: the brackets and the space before them.
    _Hole(re.compile(r"([ \t]*)(\()([\s,;]*)(\))"), 3, (1, 2, 3, 4), (re.compile(r"\([\s,;]*\)"),)),
    # `({{lang|grc|…}}, "human")` → `("human")`.
    _Hole(re.compile(r"[(\[]([ \t]*)([,;][ \t]*)"), 1, (2,), (re.compile(r"\([ \t]*[,;]"), re.compile(r"\[[ \t]*[,;]"))),
    # `(born 1950; {{x}})` → `(born 1950)`.
    _Hole(re.compile(r"([ \t]*[,;])([ \t]*)[)\]]"), 2, (1, 2), (re.compile(r",[ \t]*[)\]]"), re.compile(r";[ \t]*[)\]]"))),
)
_COMMA_HOLES = (
    # `a, {{x}}, b` → `a, b`.
    _Hole(re.compile(r",([ \t]*)(,)"), 1, (1, 2)),
    # `ship, {{x}}.` → `ship.` (an ellipsis `, ...` stays).
    _Hole(
        re.compile(r"([ \t]*[,;])([ \t]*)(?=[.!?](?!\.))"), 2, (1, 2),
        (re.compile(r",[ \t]*[.!?](?!\.)"), re.compile(r";[ \t]*[.!?](?!\.)")),
    ),
)
_WORD = re.compile(r"\w")


# Every hole has its cut right after one of these (past whitespace): a bracket
# it empties, or a separator it leaves (the groups each _Hole cuts in).
_HOLE_EDGES = "([,;"


def _hole_edge_before(text: str, at: int) -> bool:
    """Whether the last character before ``at`` in ``text``, past whitespace, may open a hole."""
    i = at - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i >= 0 and text[i] in _HOLE_EDGES


# What _scan makes of a block's edits: the checks below surely find nothing; a cut may
# leave a hole; it cannot tell without the view.
_NOTHING, _HOLE, _UNSURE = range(3)
# What follows every hole's cut in the view, past whitespace: the closing bracket
# it empties, or the separator or stop after the one it leaves (see _HOLE_EDGES).
_HOLE_ENDS = ",;)].!?"


def _scan(raw: str, edits, holes: bool) -> int:
    """Whether the block's view (of ``raw`` and its ``edits``, sorted) needs the full check, without making it.

    The view's text is only searched, and nearly always nothing is found. Every
    hole holds a cut (a removal :class:`_View` counts) with a hole edge before it
    in the view (:func:`_hole_edge_before`) and one of :data:`_HOLE_ENDS` after
    it (past whitespace): such a cut (looked for only if ``holes``) gives
    :data:`_HOLE`. Every dropped line holds a cut and no word character: no
    cut, or cuts on a view of one line that holds a word character, give
    :data:`_NOTHING`. A line break or a view without a word give :data:`_UNSURE`:
    the view decides, made as in :func:`_view_text`.
    """
    kept = []  # the edits the view is made of (as _view_text keeps them)
    add = kept.append
    cuts = []  # indexes in kept
    newline = False
    last_end = -1
    marker = _MARKER.match
    for edit in edits:
        start, end, replacement, _, glue = edit
        if start < last_end:
            continue  # inside an earlier edit (a template in a reference)
        if end > last_end:
            last_end = end
        add(edit)
        if replacement:
            if "\n" in replacement:
                newline = True
        elif glue and not marker(raw, start, end):
            cuts.append(len(kept) - 1)
    if not cuts:
        return _NOTHING
    if holes:
        for k in cuts:
            if _edge_before(raw, kept, k) and _edge_after(raw, kept, k):
                return _HOLE
    if newline or "\n" in raw:
        return _UNSURE
    # One line: a word character in any piece of the view keeps it.
    search = _WORD.search
    pos = 0
    for start, end, replacement, _, _ in kept:
        if search(raw, pos, start) or (replacement and search(replacement)):
            return _NOTHING
        pos = end
    if search(raw, pos):
        return _NOTHING
    # No word: a blank line is kept too (a list item whose one template went).
    pos = 0
    for start, end, replacement, _, _ in kept:
        if raw[pos:start].strip() or replacement.strip():
            return _UNSURE
        pos = end
    return _UNSURE if raw[pos:].strip() else _NOTHING


def _edge_before(raw: str, kept, k: int) -> bool:
    """:func:`_hole_edge_before` at the view's place of ``kept[k]``, read from ``raw`` and the ``kept`` edits.

    The view before that place, read backwards, is a piece of ``raw`` up to the
    edit's start, then the edit before's replacement, and so on.
    """
    i = kept[k][0] - 1
    j = k - 1
    while True:
        low = kept[j][1] if j >= 0 else 0
        while i >= low and raw[i].isspace():
            i -= 1
        if i >= low:
            return raw[i] in _HOLE_EDGES
        if j < 0:
            return False
        replacement = kept[j][2].rstrip()
        if replacement:
            return replacement[-1] in _HOLE_EDGES
        i = kept[j][0] - 1
        j -= 1


def _edge_after(raw: str, kept, k: int) -> bool:
    """Whether the view's first character after ``kept[k]``, past whitespace, is one of :data:`_HOLE_ENDS`."""
    i = kept[k][1]
    j = k + 1
    count = len(kept)
    while True:
        high = kept[j][0] if j < count else len(raw)
        while i < high and raw[i].isspace():
            i += 1
        if i < high:
            return raw[i] in _HOLE_ENDS
        if j >= count:
            return False
        replacement = kept[j][2].lstrip()
        if replacement:
            return replacement[0] in _HOLE_ENDS
        i = kept[j][1]
        j += 1


def _wordless_line(text: str) -> bool:
    """Whether a line of ``text`` holds something but no word character."""
    if "\n" not in text:  # most blocks: one line, and no generator
        return bool(text.strip()) and not _WORD.search(text)
    return any(line.strip() and not _WORD.search(line) for line in text.split("\n"))


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
    >>> run("Arabic ({{nosuch|ar|x}}) and ({{foo|grc}}, 'human').", config).text
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
        for edit in edits:  # a loop, not any(map(...)): a call per edit costs more here
            if edit[4]:
                break
        else:
            return  # no removal of a whole construct (a heading's or a link's markers only): no cut
        raw = ctx.text
        # In place: collect_edits sorts them the same way once the finishers are done
        # (stable, so equal spans keep their order), and that sort then finds them sorted.
        edits.sort(key=_SPAN)
        first = edits[0]
        if not first[0] and first[1] == len(raw) and not first[2] and edits[-1][0] < first[1]:
            # One removal of the whole block (a template's, a category's): the view is
            # empty, every later edit inside it (no line, no hole).
            return
        found = _scan(raw, edits, options.brackets or options.commas)
        if found == _NOTHING:
            return
        if found == _UNSURE:
            text, cuts = _view_text(raw, edits)
            holes_possible = (options.brackets or options.commas) and any(_hole_edge_before(text, cut) for cut in cuts)
            if not holes_possible and not (options.lines and _wordless_line(text)):
                return  # nothing below could find anything
        self.tidy(options, ctx, edits)

    def tidy(self, options, ctx, ordered):
        """Remove what the removals among ``ordered`` (``ctx``'s edits, sorted by span) left: the full check.

        :meth:`finish` calls it only for the few blocks where it may find something.
        """
        view = _view(ctx.text, ordered)
        text, raw_at = view.text, view.raw_at
        drop: set[int] = set()
        holes = (_BRACKET_HOLES if options.brackets else ()) + (_COMMA_HOLES if options.commas else ())
        for hole in holes:
            if hole.needs and not any(needed.search(text) for needed in hole.needs):
                continue
            for m in hole.pattern.finditer(text):
                a, b = m.span(hole.cut_in)
                if not view.cut_in(a, b):
                    continue
                spans = [m.span(g) for g in hole.drop]
                if any(view.replaced_in(*span) for span in spans):
                    continue
                drop.update(raw_at(v) for span in spans for v in range(*span))
        if options.lines:
            line_start = 0
            for line in text.split("\n"):
                end = line_start + len(line)
                if (
                    line.strip()
                    and not _WORD.search(line)
                    and view.cut_in(line_start, end)
                    and not view.replaced_in(line_start, end)
                ):
                    drop.update(raw_at(v) for v in range(line_start, end) if not text[v].isspace())
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
