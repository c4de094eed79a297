"""wikinorm inside other pipelines: pages from any source, and a picklable batch normalizer.

:func:`iter_pages` streams :class:`~wikinorm.core.sources.Page` records from
any number of inputs. :class:`Normalizer` is a plain callable object holding
a preset as TOML text (data, not code), so it pickles to any worker: call it
with a batch of records, as Ray Data's ``map_batches``, datatrove-style
pipeline steps or NeMo Curator-style document stages hand them over: a dict
of columns (``{"text": [...], ...}``, NumPy arrays welcome), a list of dicts, a pandas
DataFrame or a pyarrow Table.
It returns the same shape with ``text`` normalized and an ``edits`` column
(edits per rule, as JSON text), plus ``categories`` when the preset collects them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..config import Config
from ..block_cache import BlockCache
from ..document import Document
from ..presets import Preset, load_preset
from ..sources import Page, SourceOptions, open_source
from .job import collects_categories

# Per process, like the batch workers: blocks repeat across a pipeline's batches.
_CACHE = BlockCache()
_CONFIGS: dict[str, Config] = {}


def iter_pages(*paths: str | Path, options: SourceOptions | None = None) -> Iterator[Page]:
    """Every page the options select from each input in turn (dumps, JSON lines, ``.wiki`` folders)."""
    for path in paths:
        yield from open_source(path, options)


class Normalizer:
    """Normalize batches of records with a preset; picklable, cheap to copy.

    >>> normalize = Normalizer("plain")
    >>> normalize({"title": ["A"], "text": ["'''Bold''' and [[link|text]]."]})["text"]
    ['Bold and text.']
    """

    def __init__(self, preset: str | Preset = "reference", text_column: str = "text"):
        self.preset_toml = (preset if isinstance(preset, Preset) else load_preset(preset)).to_toml()
        self.text_column = text_column

    @property
    def config(self) -> Config:
        """The preset's config, parsed once per process."""
        config = _CONFIGS.get(self.preset_toml)
        if config is None:
            config = _CONFIGS[self.preset_toml] = Preset.from_toml(self.preset_toml).config
        return config

    def normalize_text(self, text: str) -> tuple[str, dict[str, int], list[str] | None]:
        """One text's normalized form, edits per rule, and categories (None unless collected)."""
        config = self.config
        result = Document(str(text), config, _CACHE).result
        categories = None
        if collects_categories(config):
            categories = [str(c) for c in result.metadata.get("categories", [])]
        return result.text, dict(result.counts), categories

    def __call__(self, batch):
        """The batch with ``text`` normalized and ``edits`` (JSON) added; same shape as given.

        A dict of columns, a list of dicts, a pandas DataFrame or a pyarrow Table
        (Ray Data's ``batch_format`` "numpy", "pandas", "pyarrow").
        """
        if hasattr(batch, "to_pydict") and hasattr(batch, "column_names"):  # pyarrow.Table
            import pyarrow as pa

            return pa.Table.from_pydict(self(batch.to_pydict()))
        if hasattr(batch, "to_dict") and hasattr(batch, "columns"):  # pandas.DataFrame
            import pandas as pd

            return pd.DataFrame(self(batch.to_dict(orient="list")), index=batch.index)
        if isinstance(batch, Mapping):
            outcomes = [self.normalize_text(t) for t in batch[self.text_column]]
            out = dict(batch)
            out[self.text_column] = [o[0] for o in outcomes]
            out["edits"] = [json.dumps(o[1], sort_keys=True) for o in outcomes]
            if collects_categories(self.config):
                out["categories"] = [o[2] for o in outcomes]
            return out
        return list(self._records(batch))

    def _records(self, records: Iterable[Mapping]) -> Iterator[dict]:
        for record in records:
            text, edits, categories = self.normalize_text(record[self.text_column])
            out = {**record, self.text_column: text, "edits": json.dumps(edits, sort_keys=True)}
            if categories is not None:
                out["categories"] = categories
            yield out


__all__ = ["Normalizer", "iter_pages"]
