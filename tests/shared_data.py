"""Where the shared reference pair and corpus live, and how tests skip without them."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
REFERENCE_DIR = SHARED / "reference"
REFERENCE_RAW = REFERENCE_DIR / "001_9c22797a4d9804e8.txt"
REFERENCE_NORMALIZED = REFERENCE_DIR / "000_0ea0d19d67010806.txt"
CORPUS = SHARED / "corpus"
ARTICLES = CORPUS / "articles"
EDGE = CORPUS / "edge"


def require(path: Path) -> Path:
    """``path`` if it exists, else skip the test saying what is missing."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (tests read ../shared next to the repo)")
    return path


def article_paths() -> list[Path]:
    """Every shared corpus article (empty if the corpus is absent)."""
    return sorted(ARTICLES.glob("*.wiki")) if ARTICLES.is_dir() else []


def edge_paths() -> list[Path]:
    """Every shared edge-case page (empty if absent)."""
    return sorted(EDGE.glob("*.wiki")) if EDGE.is_dir() else []


def corpus_params(paths: list[Path]) -> list:
    """pytest params for ``paths``, or one skipped param when the corpus is absent."""
    if not paths:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"shared corpus not found at {CORPUS}"))]
    return [pytest.param(p, id=p.stem[:40]) for p in paths]


def read(path: Path) -> str:
    """The UTF-8 text of ``path``."""
    return path.read_text(encoding="utf-8")
