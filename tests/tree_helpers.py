"""Shared test helpers for the tree builder."""

from __future__ import annotations

from wikinorm.core import tree


def record_tokenizer(monkeypatch) -> list[str]:
    """The texts mwparserfromhell's C tokenizer is handed from now on (in this test)."""
    read: list[str] = []
    real = tree.CTokenizer

    class Recording:
        def tokenize(self, text, *args):
            read.append(text)
            return real().tokenize(text, *args)

    monkeypatch.setattr(tree, "CTokenizer", Recording)
    return read
