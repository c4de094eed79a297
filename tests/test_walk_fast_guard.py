"""guard.assess's quick checks against the plain statement of its thresholds, over random blocks."""

from hypothesis import given, settings
from hypothesis import strategies as st

from wikinorm.core import guard
from wikinorm.core.guard import (
    MAX_BLOCK_CHARS,
    MAX_LIST_RUN,
    MAX_RESCAN,
    MAX_UNCLOSED,
    FallbackReason,
    assess,
    unclosed_openers,
)


def assess_plainly(text):
    """What assess decides, with every count made and every line looked at."""
    if len(text) > MAX_BLOCK_CHARS:
        return FallbackReason.SIZE
    unclosed = unclosed_openers(text)
    if unclosed > MAX_UNCLOSED or unclosed * len(text) > MAX_RESCAN:
        return FallbackReason.OPENERS
    if any(len(line) > MAX_LIST_RUN and not line[: MAX_LIST_RUN + 1].strip("*#:;") for line in text.split("\n")):
        return FallbackReason.NESTING
    return None


def test_a_short_block_cannot_have_too_many_openers():
    # What lets assess skip counting a block of at most MAX_UNCLOSED characters.
    assert MAX_UNCLOSED * MAX_UNCLOSED <= MAX_RESCAN


# Openers, closers and list markers, so that the thresholds are within reach of short texts.
_PIECES = st.sampled_from(["<", "[", "{", "{{", "[[", "<b>", "</b>", "}}", "]]", "*", "#", ":;", "\n", "\n*", "a", " "])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=400).map("".join))
def test_assess_decides_as_stated(text):
    assert assess(text) == assess_plainly(text)


def test_assess_examples():
    assert assess("*" * (MAX_LIST_RUN + 1)) is FallbackReason.NESTING
    assert assess("*" * MAX_LIST_RUN) is None
    for marker in "#:;":
        assert assess(marker * (MAX_LIST_RUN + 1) + " x") is FallbackReason.NESTING
    assert assess("*#:;" * 9) is FallbackReason.NESTING
    assert assess("a\n" + "#" * (MAX_LIST_RUN + 1) + " b") is FallbackReason.NESTING
    assert assess("a " + "#" * (MAX_LIST_RUN + 1)) is None  # not at a line's start
    assert assess("{{" * (MAX_UNCLOSED + 1)) is FallbackReason.OPENERS
    assert assess("[" * MAX_UNCLOSED) is None
    assert assess("x" * (MAX_BLOCK_CHARS + 1)) is FallbackReason.SIZE
    # Few openers, but each may make the tokenizer re-scan a long block.
    long = "<a " * 200 + "x" * (MAX_RESCAN // 200)
    assert assess(long) is FallbackReason.OPENERS and guard._list_run(long) is False
