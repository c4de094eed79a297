"""Where the shared reference pair and corpus live; the one home for those paths.

Tests and benchmarks read real wikitext from ``../shared`` next to the repository (the
corpus is never copied into the repo). ``WIKINORM_SHARED`` overrides the location. Nothing
here imports pytest at module level, so benchmarks can use it without the test extra.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("WIKINORM_SHARED", REPO.parent / "shared"))
REFERENCE_DIR = SHARED / "reference"
REFERENCE_RAW = REFERENCE_DIR / "001_9c22797a4d9804e8.txt"
REFERENCE_NORMALIZED = REFERENCE_DIR / "000_0ea0d19d67010806.txt"
CORPUS = SHARED / "corpus"
ARTICLES = CORPUS / "articles"
EDGE = CORPUS / "edge"
DUMPS = CORPUS / "dumps"


def missing(path: Path) -> str:
    """The message a test skips with, or a benchmark exits with, when ``path`` is absent."""
    return f"shared data not found at {path} (tests and benchmarks read ../shared next to the repo)"


def articles() -> list[Path]:
    """Every shared corpus article, sorted by name (empty if the corpus is absent)."""
    return sorted(ARTICLES.glob("*.wiki")) if ARTICLES.is_dir() else []


def edge_pages() -> list[Path]:
    """Every shared edge-case page, sorted by name (empty if absent)."""
    return sorted(EDGE.glob("*.wiki")) if EDGE.is_dir() else []


def largest_article() -> Path | None:
    """The biggest shared article in bytes, or None when the corpus is absent."""
    paths = articles()
    return max(paths, key=lambda p: p.stat().st_size) if paths else None


def read(path: Path) -> str:
    """The UTF-8 text of ``path``."""
    return path.read_text(encoding="utf-8")


def require(path: Path) -> Path:
    """``path`` if it exists, else skip the calling test saying what is missing."""
    if not path.exists():
        import pytest

        pytest.skip(missing(path))
    return path


def corpus_params(paths: list[Path]) -> list:
    """pytest params for ``paths``, or one skipped param naming the absent corpus."""
    import pytest

    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=missing(CORPUS)))]
    return [pytest.param(p, id=p.stem[:40]) for p in paths]
