"""Documents, results and alignment.

:func:`run` normalizes a whole text; :class:`Document` holds a text and takes
edits, re-processing only the blocks an edit touched. Both build the same
:class:`Result`: a full run *is* a document with no history, so incremental and
full output agree by construction (and the tests check it).

Between blocks sits the raw newline. When the ``whitespace`` rule is on, the
document decides what each block is preceded by (its *lead*): nothing before
the first non-empty block, then a newline, a blank line (if the source had a
blank line or an emptied line there) or a space (one-line mode). Empty blocks
get no lead.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from typing import NamedTuple, Sequence

from . import blocks as block_split
from .config import Config
from .edits import Edit, EditMap, apply_edits
from .markup import FOOTNOTE_MARK
from .pipeline import BlockResult, Plan, plan_for, process_block
from .registry import POSITION as _POSITION, RULE_IDS, WHITESPACE_ID, get_rule
from .rules.references import FOOTNOTES_KEY, RefMode
from .rules.whitespace import WhitespaceMode

_LAST = len(RULE_IDS) - 1
_REFERENCES = "references"


class Change(NamedTuple):
    """A raw span that rule ``rule_id`` removed or replaced, and what it put there."""

    raw_start: int
    raw_end: int
    rule_id: str
    replacement: str


class Step:
    """A rule that changed something: its id, how many edits, and the text after it."""

    __slots__ = ("rule_id", "edits", "_result")

    def __init__(self, rule_id: str, edits: int, result: "Result"):
        self.rule_id = rule_id
        self.edits = edits
        self._result = result

    @property
    def title(self) -> str:
        """The rule's title."""
        return get_rule(self.rule_id).title

    @property
    def text(self) -> str:
        """The whole text after this rule (computed on first use)."""
        return self._result.text_after(self.rule_id)

    def __repr__(self) -> str:
        return f"Step({self.rule_id!r}, edits={self.edits})"


def _leads(texts: Sequence[str], results: Sequence[BlockResult], plan: Plan, ws_active: bool) -> list[str]:
    n = len(texts)
    if not ws_active:
        return [""] + ["\n"] * (n - 1) if n else []
    one_line = plan.whitespace.mode is WhitespaceMode.ONE_LINE
    leads = []
    seen = False
    pending = 0
    for i in range(n):
        if i:
            pending += 1
        if not texts[i]:
            pending += results[i].ws_newlines
            leads.append("")
            continue
        if not seen:
            leads.append("")
            seen = True
        elif one_line:
            leads.append(" ")
        else:
            leads.append("\n\n" if pending >= 2 else "\n")
        pending = 0
    return leads


class Result:
    """The outcome of normalizing a text with a config.

    ``text`` is the final text; ``counts`` maps each rule that changed something
    to its number of edits; ``steps`` lists those rules in pipeline order, each
    with the text after it. :meth:`alignment` maps spans between output and raw.
    """

    def __init__(self, raw: str, config: Config, starts: list[int], results: list[BlockResult]):
        self.raw = raw
        self.config = config
        self._plan = plan_for(config)
        self._starts = starts
        self._results = results
        texts = [r.text for r in results]
        ws_active = self._plan.whitespace is not None
        self._leads = _leads(texts, results, self._plan, ws_active)
        self._marks: dict[int, list[str]] = {}
        self._tail = ""
        references = config.setting(_REFERENCES)
        if references.enabled and references.options.mode is RefMode.FOOTNOTES:
            self._marks, notes = _number_footnotes(results)
            self._tail = _notes_text(notes, self._plan, any(texts))
        self._extra = {i: _render_marks(texts[i], marks) for i, marks in self._marks.items()}
        for i, (rendered, _) in self._extra.items():
            texts[i] = rendered
        self._texts = texts
        self.text = "".join([x for pair in zip(self._leads, texts) for x in pair]) + self._tail
        counts: dict[str, int] = {}
        for r in results:
            for rule_id, n in r.counts.items():
                counts[rule_id] = counts.get(rule_id, 0) + n
        if self._tail:
            counts[_REFERENCES] = counts.get(_REFERENCES, 0) + 1
        if ws_active:
            changed_leads = sum(
                1 for i, lead in enumerate(self._leads) if lead != ("\n" if i else "")
            )
            if changed_leads:
                counts[WHITESPACE_ID] = counts.get(WHITESPACE_ID, 0) + changed_leads
        self.counts = {rule_id: counts[rule_id] for rule_id in RULE_IDS if counts.get(rule_id)}
        self._stage_cache: dict[int, tuple] = {}

    @property
    def steps(self) -> tuple[Step, ...]:
        """The rules that changed something, in pipeline order, each with the text after it."""
        # Built on request: a result holding its steps (which hold the result)
        # would be a reference cycle, freeing every block result only at the
        # next full collection.
        return tuple(Step(rule_id, n, self) for rule_id, n in self.counts.items())

    @property
    def metadata(self) -> dict[str, list]:
        """What rules collected besides edits, in text order (e.g. ``"categories"``)."""
        merged: dict[str, list] = {}
        for r in self._results:
            for key, values in r.metadata.items():
                if not key.startswith("_"):  # private to the rules (footnotes)
                    merged.setdefault(key, []).extend(values)
        return merged

    @property
    def block_count(self) -> int:
        """How many blocks the raw text was split into."""
        return len(self._starts)

    def _stage(self, position: int) -> tuple[list[str], list[str], list[list[EditMap]], str]:
        cached = self._stage_cache.get(position)
        if cached is not None:
            return cached
        marked = position >= _POSITION[_REFERENCES]
        if position >= _LAST:
            chains = [[stage[1] for stage in r.stages] for r in self._results]
            for i, (_, mark_map) in self._extra.items():
                chains[i] = chains[i] + [mark_map]
            stage = (self._leads, self._texts, chains, self._tail)
        else:
            chains, texts = [], []
            for r in self._results:
                maps, text = r.maps_until(position, self._plan)
                chains.append(maps)
                texts.append(text)
            ws_active = self._plan.whitespace is not None and position >= _POSITION[WHITESPACE_ID]
            leads = _leads(texts, self._results, self._plan, ws_active)
            if marked:
                for i, marks in self._marks.items():
                    texts[i], mark_map = _render_marks(texts[i], marks)
                    chains[i] = chains[i] + [mark_map]
            stage = (leads, texts, chains, self._tail if marked else "")
        self._stage_cache[position] = stage
        return stage

    def text_after(self, rule_id: str) -> str:
        """The whole text as it stands after rule ``rule_id`` (and all before it)."""
        leads, texts, _, tail = self._stage(_POSITION[get_rule(rule_id).id])
        return "".join([x for pair in zip(leads, texts) for x in pair]) + tail

    def alignment(self, rule_id: str | None = None) -> "Alignment":
        """Alignment between the raw text and the text after ``rule_id`` (default: final)."""
        position = _LAST if rule_id is None else _POSITION[get_rule(rule_id).id]
        leads, texts, chains, tail = self._stage(position)
        return Alignment(self.raw, self._starts, leads, texts, chains, tail)

    def changes(self, rule_id: str | None = None) -> list[Change]:
        """Raw spans each rule removed or replaced, up to ``rule_id`` (default: all)."""
        return self.alignment(rule_id).changes()

    def explain(self, examples: int = 3, context: int = 12) -> list[dict]:
        """Per rule that changed something: its edit count and a few examples.

        Each example shows the text around one edit just before that rule ran and
        just after, with ``context`` characters either side.
        """
        report = []
        previous_id = None
        for rule_id in RULE_IDS:
            count = self.counts.get(rule_id)
            if not count:
                previous_id = rule_id
                continue
            before_text = self.raw if previous_id is None else self.text_after(previous_id)
            before_map = None if previous_id is None else self.alignment(previous_id)
            after_text = self.text_after(rule_id)
            after_map = self.alignment(rule_id)
            shown = []
            for change in after_map.changes():
                if len(shown) >= examples:
                    break
                if change.rule_id != rule_id:
                    continue
                span = (change.raw_start, change.raw_end)
                a, b = span if before_map is None else before_map.to_output(*span)
                c, d = after_map.to_output(*span)
                shown.append({
                    "raw_start": change.raw_start,
                    "before": _window(before_text, a, b, context),
                    "after": _window(after_text, c, d, context),
                })
            report.append({"rule": rule_id, "title": get_rule(rule_id).title, "edits": count, "examples": shown})
            previous_id = rule_id
        return report


def _window(text: str, start: int, end: int, context: int) -> str:
    """``text[start:end]`` with up to ``context`` characters either side, marked if cut."""
    if end - start > 3 * context:
        middle = text[start : start + context] + "…" + text[end - context : end]
    else:
        middle = text[start:end]
    left = max(0, start - context)
    right = min(len(text), end + context)
    return ("…" if left else "") + text[left:start] + middle + text[end:right] + ("…" if right < len(text) else "")


def _number_footnotes(results: Sequence[BlockResult]) -> tuple[dict[int, list[str]], list[tuple[int, str]]]:
    """Number the footnote marks in text order; a named note keeps its first number.

    Returns each block's mark texts (``"[n]"``, or ``""`` for a note with no text)
    and the notes ``(n, text)`` in order.
    """
    entries = [
        (i, name, text) for i, r in enumerate(results) for name, text in r.metadata.get(FOOTNOTES_KEY, ())
    ]
    named: dict[str, str] = {}
    for _, name, text in entries:
        if name and text and name not in named:
            named[name] = text
    numbers: dict[str, int] = {}
    notes: list[tuple[int, str]] = []
    marks: dict[int, list[str]] = {}
    for i, name, text in entries:
        body = text or (named.get(name, "") if name else "")
        if not body:
            mark = ""
        elif name and name in numbers:
            mark = f"[{numbers[name]}]"
        else:
            notes.append((len(notes) + 1, body))
            if name:
                numbers[name] = len(notes)
            mark = f"[{len(notes)}]"
        marks.setdefault(i, []).append(mark)
    return marks, notes


def _render_marks(text: str, marks: list[str]) -> tuple[str, EditMap]:
    """Replace a block's footnote marks with their numbers; the map aligns the change."""
    edits = []
    pos = text.find(FOOTNOTE_MARK)
    k = 0
    while pos >= 0:
        edits.append(Edit(pos, pos + 1, marks[k] if k < len(marks) else "", _REFERENCES))
        k += 1
        pos = text.find(FOOTNOTE_MARK, pos + 1)
    return apply_edits(text, edits), EditMap(edits, len(text))


def _notes_text(notes: list[tuple[int, str]], plan: Plan, has_text: bool) -> str:
    """The footnotes after the text: one per line, or one line in one-line mode."""
    if not notes:
        return ""
    lines = [f"[{n}] {body}" for n, body in notes]
    ws = plan.whitespace
    if ws is not None and ws.mode is WhitespaceMode.ONE_LINE:
        return (" " if has_text else "") + " ".join(lines)
    return ("\n\n" if has_text else "") + "\n".join(lines)


class Alignment:
    """Maps spans between the raw text and one stage's text, both ways.

    Spans are ``(start, end)`` offsets. A span maps to the smallest span that
    covers everything it came from (or became), so it grows over any removed or
    replaced piece it touches; mapping is monotone.
    """

    def __init__(
        self,
        raw: str,
        starts: list[int],
        leads: list[str],
        texts: list[str],
        chains: list[list[EditMap]],
        tail: str = "",
    ):
        self.raw_len = len(raw)
        self._tail = tail
        self._leads = leads
        self._texts = texts
        self._chains = chains
        self._gaps = [0] + [1] * (len(starts) - 1) if starts else []
        self._raw_starts = [s - g for s, g in zip(starts, self._gaps)]
        out_starts = []
        pos = 0
        for lead, text in zip(leads, texts):
            out_starts.append(pos)
            pos += len(lead) + len(text)
        self._out_starts = out_starts
        #: Where the text ends and the footnotes (inserted at the raw end) begin.
        self.main_len = pos
        self.out_len = pos + len(tail)

    def _lead_changed(self, i: int) -> bool:
        return self._leads[i] != ("\n" if self._gaps[i] else "")

    def _to_raw(self, q: int, right: bool) -> int:
        q = min(max(q, 0), self.out_len)
        if q > self.main_len or not self._out_starts:
            return self.raw_len
        if right:
            i = max(bisect_left(self._out_starts, q) - 1, 0)
        else:
            i = bisect_right(self._out_starts, q) - 1
        local = q - self._out_starts[i]
        lead_len = len(self._leads[i])
        base = self._raw_starts[i]
        gap = self._gaps[i]
        if not right:
            if local < lead_len:
                return base + (0 if self._lead_changed(i) else local)
        elif local <= lead_len:
            if not self._lead_changed(i):
                return base + local
            return base + (gap if local > 0 else 0)
        pos = local - lead_len
        for edit_map in reversed(self._chains[i]):
            pos = edit_map.to_input(pos, right)
        return base + gap + pos

    def _to_output(self, p: int, right: bool) -> int:
        p = min(max(p, 0), self.raw_len)
        if right:
            i = max(bisect_left(self._raw_starts, p) - 1, 0)
        else:
            i = bisect_right(self._raw_starts, p) - 1
        local = p - self._raw_starts[i]
        gap = self._gaps[i]
        base = self._out_starts[i]
        lead_len = len(self._leads[i])
        if not right:
            if local < gap:
                return base
        elif local <= gap:
            return base + (lead_len if local > 0 else 0)
        pos = local - gap
        for edit_map in self._chains[i]:
            pos = edit_map.to_output(pos, right)
        return base + lead_len + pos

    def to_raw(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The raw span an output span came from."""
        end = start if end is None else end
        a = self._to_raw(start, False)
        b = self._to_raw(end, True)
        if start == end:
            return (a, a) if a <= b else (b, b)
        return (a, max(a, b))

    def to_output(self, start: int, end: int | None = None) -> tuple[int, int]:
        """The output span a raw span became (empty where the raw span was removed)."""
        end = start if end is None else end
        a = self._to_output(start, False)
        b = self._to_output(end, True)
        if start == end:
            return (a, a) if a <= b else (b, b)
        return (min(a, b), b) if b >= a else (b, b)

    def rules_at(self, start: int, end: int | None = None) -> list[str]:
        """Ids of the rules that touched output span ``[start, end)`` (default: one character)."""
        end = start + 1 if end is None else end
        found: set[str] = set()
        if end > self.main_len and self._tail:
            found.add(_REFERENCES)
        if not self._out_starts or start >= self.main_len:
            return sorted(found, key=_POSITION.__getitem__)
        end = min(end, self.main_len)
        i = bisect_right(self._out_starts, min(max(start, 0), self.main_len)) - 1
        j = max(bisect_left(self._out_starts, end) - 1, i)
        for k in range(i, j + 1):
            base = self._out_starts[k]
            lead_len = len(self._leads[k])
            a, b = max(start - base, 0), min(end - base, lead_len + len(self._texts[k]))
            if a < lead_len and self._lead_changed(k):
                found.add(WHITESPACE_ID)
            a, b = max(a - lead_len, 0), b - lead_len
            if b <= 0 and not (b == 0 and a == 0 and lead_len == 0):
                continue
            for edit_map in reversed(self._chains[k]):
                for edit in edit_map.edits_touching_output(a, b):
                    found.add(edit.rule_id)
                a, b = edit_map.to_input(a), edit_map.to_input(b, True)
        return sorted(found, key=_POSITION.__getitem__)

    def changes(self) -> list[Change]:
        """Every raw span removed or replaced, with the rule that did it, in raw order.

        A later rule's edit is reported on the raw characters it really touched:
        pieces an earlier rule had already removed or replaced stay that rule's.
        """
        found = []
        for i, chain in enumerate(self._chains):
            base = self._raw_starts[i] + self._gaps[i]
            if self._lead_changed(i):
                found.append(Change(self._raw_starts[i], base, WHITESPACE_ID, self._leads[i]))
            for k, edit_map in enumerate(chain):
                earlier_maps = chain[:k]
                for start, end, replacement, rule_id in edit_map.edits:
                    for a, b in _raw_pieces(earlier_maps, start, end):
                        found.append(Change(base + a, base + b, rule_id, replacement))
        if self._tail:
            found.append(Change(self.raw_len, self.raw_len, _REFERENCES, self._tail))
        found.sort(key=lambda c: (c.raw_start, c.raw_end))
        return found

    def copy_runs(self) -> list[tuple[int, int, int]]:
        """Output runs no rule touched, as ``(out_start, out_end, raw_start)``."""
        runs = []
        for i, chain in enumerate(self._chains):
            out_base = self._out_starts[i]
            lead_len = len(self._leads[i])
            if lead_len and not self._lead_changed(i):
                runs.append((out_base, out_base + lead_len, self._raw_starts[i]))
            pieces = [(0, 0, len(self._texts[i]))]  # (final offset, current offset, length)
            for edit_map in reversed(chain):
                narrowed = []
                for final, current, length in pieces:
                    for a, b in edit_map.copy_runs(current, current + length):
                        narrowed.append((final + a - current, edit_map.to_input(a), b - a))
                pieces = narrowed
            raw_base = self._raw_starts[i] + self._gaps[i]
            content = out_base + lead_len
            runs.extend(
                (content + final, content + final + length, raw_base + current)
                for final, current, length in pieces
                if length
            )
        return runs


def _raw_pieces(maps: list[EditMap], start: int, end: int) -> list[tuple[int, int]]:
    """Raw spans under ``[start, end)`` of the text after ``maps`` that no map produced.

    An insertion (empty span) maps to its raw point. If every character came
    from earlier edits, the whole covering raw span is returned instead.
    """
    if not maps:
        return [(start, end)]
    if start == end:
        for edit_map in reversed(maps):
            start = edit_map.to_input(start)
        return [(start, start)]
    pieces = [(start, end)]
    for edit_map in reversed(maps):
        narrowed = []
        for a, b in pieces:
            for x, y in edit_map.copy_runs(a, b):
                x_in = edit_map.to_input(x)
                narrowed.append((x_in, x_in + (y - x)))
        pieces = narrowed
    if pieces:
        return pieces
    for edit_map in reversed(maps):
        start, end = edit_map.to_input(start), edit_map.to_input(end, True)
    return [(start, max(start, end))]


class EditOutcome(NamedTuple):
    """What an edit did to the output: ``old_text[old_start:old_end]`` became ``new[new_start:new_end]``."""

    result: Result
    old_start: int
    old_end: int
    new_start: int
    new_end: int


class BlockCache:
    """Block results keyed by (block text, config); oldest entries go first."""

    def __init__(self, max_entries: int = 100_000):
        self.max_entries = max_entries
        self._entries: dict[tuple[str, Config], BlockResult] = {}
        self.hits = 0
        self.misses = 0

    def get(self, raw: str, plan: Plan) -> BlockResult:
        """The result of block ``raw`` under ``plan``, computed if not cached."""
        key = (raw, plan.config)
        found = self._entries.get(key)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        found = process_block(raw, plan)
        entries = self._entries
        entries[key] = found
        if len(entries) > self.max_entries:
            for old in list(entries)[: len(entries) // 4]:
                del entries[old]
        return found

    def clear(self) -> None:
        """Forget every cached block."""
        self._entries.clear()

    def drop_some(self, count: int) -> bool:
        """Forget up to ``count`` of the oldest blocks; whether any are left.

        Lets a caller free a large cache in slices instead of in one long pause.
        """
        entries = self._entries
        for key in list(itertools.islice(entries, count)):
            del entries[key]
        return bool(entries)


class Document:
    """A raw text and a config; edits re-process only the blocks they touch."""

    def __init__(self, text: str = "", config: Config | None = None, cache: BlockCache | None = None):
        self._config = config or Config.default()
        self._cache = cache or BlockCache()
        self._text = text
        self._starts = block_split.split(text)
        self._results = self._process_all()
        self._result = Result(text, self._config, self._starts, self._results)

    @property
    def text(self) -> str:
        """The raw text."""
        return self._text

    @property
    def config(self) -> Config:
        """The config in force."""
        return self._config

    @property
    def result(self) -> Result:
        """The result for the current text and config."""
        return self._result

    def _block_texts(self, text: str, starts: list[int]) -> list[str]:
        ends = [s - 1 for s in starts[1:]] + [len(text)]
        return [text[s:e] for s, e in zip(starts, ends)]

    def _process_all(self) -> list[BlockResult]:
        plan = plan_for(self._config)
        get = self._cache.get
        return [get(raw, plan) for raw in self._block_texts(self._text, self._starts)]

    def set_config(self, config: Config) -> Result:
        """Switch to ``config`` and return the new result."""
        self._config = config
        self._results = self._process_all()
        self._result = Result(self._text, config, self._starts, self._results)
        return self._result

    def set_text(self, text: str) -> Result:
        """Replace the whole raw text."""
        self._text = text
        self._starts = block_split.split(text)
        self._results = self._process_all()
        self._result = Result(text, self._config, self._starts, self._results)
        return self._result

    def update(self, text: str) -> EditOutcome:
        """Move to ``text``, treating the difference from the current text as one edit.

        Front ends can send the editor's whole text (latest wins) instead of
        tracking every keystroke's offsets.
        """
        start, old_end, new_end = diff_range(self._text, text)
        return self.edit(start, old_end, text[start:new_end])

    def edit(self, start: int, end: int, new_text: str) -> EditOutcome:
        """Replace raw ``[start, end)`` with ``new_text``; return the result and the output range that changed."""
        old_text = self._text
        if not (0 <= start <= end <= len(old_text)):
            raise ValueError(f"edit range {start}..{end} is outside the text (length {len(old_text)})")
        text = old_text[:start] + new_text + old_text[end:]
        delta = len(new_text) - (end - start)
        old_starts = self._starts
        first = bisect_right(old_starts, start) - 1
        scan_from = old_starts[first]
        new_end = end + delta
        # Old block starts after the edit, shifted into new coordinates.
        tail = bisect_left(old_starts, end)
        shifted = {s + delta: k for k, s in enumerate(old_starts[tail:], tail)}
        fresh = []
        resume = None
        for newline in block_split.boundaries(text, scan_from):
            s = newline + 1
            if s >= new_end and s in shifted:
                resume = shifted[s]
                break
            fresh.append(s)
        plan = plan_for(self._config)
        fresh_starts = [scan_from] + fresh
        if resume is None:
            kept_starts: list[int] = []
            kept_results: list[BlockResult] = []
        else:
            kept_starts = [s + delta for s in old_starts[resume:]]
            kept_results = self._results[resume:]
        limit = kept_starts[0] - 1 if kept_starts else len(text)
        ends = [s - 1 for s in fresh_starts[1:]] + [limit]
        get = self._cache.get
        fresh_results = [get(text[s:e], plan) for s, e in zip(fresh_starts, ends)]
        starts = old_starts[:first] + fresh_starts + kept_starts
        results = self._results[:first] + fresh_results + kept_results
        old_result = self._result
        self._text, self._starts, self._results = text, starts, results
        self._result = Result(text, self._config, starts, results)
        return EditOutcome(self._result, *_changed_range(old_result, self._result))


def diff_range(old: str, new: str) -> tuple[int, int, int]:
    """``(start, old_end, new_end)`` such that only ``old[start:old_end]`` became ``new[start:new_end]``.

    Prefix and suffix are found by bisection on slice equality, which runs in C.
    """
    limit = min(len(old), len(new))
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[lo:mid] == new[lo:mid]:
            lo = mid
        else:
            hi = mid - 1
    start = lo
    lo, hi = 0, limit - start
    n_old, n_new = len(old), len(new)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[n_old - mid : n_old - lo] == new[n_new - mid : n_new - lo]:
            lo = mid
        else:
            hi = mid - 1
    return start, n_old - lo, n_new - lo


def _changed_range(old: Result, new: Result) -> tuple[int, int, int, int]:
    """The output ranges (old and new) outside which both texts agree, by block."""
    # The footnotes tail is one more unit at the end.
    old_leads, old_texts = old._leads + [""], old._texts + [old._tail]
    new_leads, new_texts = new._leads + [""], new._texts + [new._tail]
    n_old, n_new = len(old_texts), len(new_texts)
    head = 0
    limit = min(n_old, n_new)
    prefix = 0
    while head < limit and old_leads[head] == new_leads[head] and old_texts[head] == new_texts[head]:
        prefix += len(old_leads[head]) + len(old_texts[head])
        head += 1
    tail = 0
    suffix = 0
    while (
        tail < limit - head
        and old_leads[n_old - 1 - tail] == new_leads[n_new - 1 - tail]
        and old_texts[n_old - 1 - tail] == new_texts[n_new - 1 - tail]
    ):
        suffix += len(old_leads[n_old - 1 - tail]) + len(old_texts[n_old - 1 - tail])
        tail += 1
    return prefix, len(old.text) - suffix, prefix, len(new.text) - suffix


def run(text: str, config: Config | None = None) -> Result:
    """Normalize ``text`` with ``config`` (default: every rule at its default)."""
    return Document(text, config, BlockCache()).result
