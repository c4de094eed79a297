"""The ordered rule registry: the only place that sets the order of the pipeline.

The GUI's toggles, the CLI's `rules` listing, presets and the README's rule
table are all generated from :data:`RULES`.
"""

from __future__ import annotations

from .errors import UnknownRuleError
from .rules.base import MarkupRule, Rule
from .rules.comments import Comments
from .rules.entities import Entities
from .rules.formatting import Formatting
from .rules.headings import Headings
from .rules.html import Html
from .rules.links import Links
from .rules.lists import Lists
from .rules.lowercase import Lowercase
from .rules.mojibake import Mojibake
from .rules.quotes import Quotes
from .rules.references import References
from .rules.tables import Tables
from .rules.tidy import Tidy
from .rules.templates import Templates
from .rules.tokenize import Tokenize
from .rules.unescape import Unescape
from .rules.unicode import Unicode
from .rules.whitespace import Whitespace

RULES: tuple[Rule, ...] = (
    Unescape(),
    Comments(),
    References(),
    Templates(),
    Links(),
    Formatting(),
    Headings(),
    Tables(),
    Lists(),
    Html(),
    # After every rule that removes: it reads where their removals are.
    Tidy(),
    Entities(),
    Mojibake(),
    Unicode(),
    Whitespace(),
    Tokenize(),
    Quotes(),
    Lowercase(),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
RULE_IDS: tuple[str, ...] = tuple(RULES_BY_ID)
#: Each rule's place in the pipeline.
POSITION: dict[str, int] = {rule_id: i for i, rule_id in enumerate(RULE_IDS)}
MARKUP_RULES: tuple[MarkupRule, ...] = tuple(r for r in RULES if isinstance(r, MarkupRule))
# Every markup rule comes before every text rule: the markup phase is one parse.
assert RULES[: len(MARKUP_RULES)] == MARKUP_RULES, "markup rules must precede text rules"


def get_rule(rule_id: str) -> Rule:
    """The rule with id ``rule_id``; :class:`UnknownRuleError` naming the known ids otherwise."""
    try:
        return RULES_BY_ID[rule_id]
    except KeyError:
        raise UnknownRuleError(f"unknown rule id {rule_id!r} (known: {', '.join(RULE_IDS)})") from None


def position(rule_id: str) -> int:
    """Rule ``rule_id``'s place in the pipeline; :class:`UnknownRuleError` if there is none."""
    try:
        return POSITION[rule_id]
    except KeyError:
        get_rule(rule_id)
        raise
