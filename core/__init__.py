"""wikinorm's headless engine: rules, pipeline, alignment, presets. Never imports Qt."""

from .alignment import Alignment, Change
from .config import Config
from .block_cache import BlockCache
from .changes import EditOutcome, diff_range
from .document import Document, Opening, run
from .errors import ConfigError, UnknownRuleError
from .examples import DocExample, doc_examples, example
from .guard import FallbackBlock, FallbackReason, fallback_summary
from .registry import RULES, RULE_IDS, get_rule
from .result import RAW_STAGE, EditExample, Result, RuleReport, Step

__all__ = [
    "Alignment",
    "BlockCache",
    "Change",
    "Config",
    "ConfigError",
    "DocExample",
    "Document",
    "EditExample",
    "EditOutcome",
    "FallbackBlock",
    "FallbackReason",
    "Opening",
    "RAW_STAGE",
    "RULES",
    "RULE_IDS",
    "Result",
    "RuleReport",
    "Step",
    "UnknownRuleError",
    "diff_range",
    "doc_examples",
    "example",
    "fallback_summary",
    "get_rule",
    "run",
]
