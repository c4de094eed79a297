"""wikinorm's headless engine: rules, pipeline, alignment, presets. Never imports Qt."""

from .config import Config, ConfigError
from .document import Alignment, BlockCache, Change, Document, EditOutcome, Result, Step, run
from .registry import RULES, RULE_IDS, get_rule

__all__ = [
    "Alignment",
    "BlockCache",
    "Change",
    "Config",
    "ConfigError",
    "Document",
    "EditOutcome",
    "RULES",
    "RULE_IDS",
    "Result",
    "Step",
    "get_rule",
    "run",
]
