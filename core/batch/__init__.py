"""Batch normalization of whole dumps, on one machine or a Ray cluster (headless).

- :mod:`.job`: the plan (inputs → work units → shards) and the loop that runs it;
- :mod:`.shard`: the shard function every engine runs;
- :mod:`.writers`: JSON lines (plain, gzip, zstd) and Parquet;
- :mod:`.manifest`: the manifest and errors file in the output folder;
- :mod:`.engines`: where shards run (``local`` process pool, ``ray``);
- :mod:`.library`: pages and a picklable normalizer for other pipelines.
"""

from .engines import ENGINES, make_engine
from .job import Job, JobError, JobSpec, Progress, ShardFailure, plan, run
from .library import Normalizer, iter_pages
from .manifest import Manifest, load_manifest
from .shard import PageError, ShardStats, ShardTask, run_shard
from .writers import Compression, MissingExtra, OutputFormat, OutputSpec, Record, read_records

__all__ = [
    "Compression",
    "ENGINES",
    "Job",
    "JobError",
    "JobSpec",
    "Manifest",
    "MissingExtra",
    "Normalizer",
    "OutputFormat",
    "OutputSpec",
    "PageError",
    "Progress",
    "Record",
    "ShardFailure",
    "ShardStats",
    "ShardTask",
    "iter_pages",
    "load_manifest",
    "make_engine",
    "plan",
    "read_records",
    "run",
    "run_shard",
]
