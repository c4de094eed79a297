"""Template inventory: which templates a text uses, how often, and what the config does to each."""

from __future__ import annotations

import re
from typing import NamedTuple

from . import blocks
from .config import Config
from .guard import assess
from .rules.templates import TemplatePolicy, policy_for
from .template_data import normalize_name
from .tree import parse

# A template in a block the guard keeps from the parser: `{{`, a name (no character
# a title may not hold), then `|` or `}}`. Each match stops before the next `{`, so
# the scan is linear; nested templates are found too.
_NAME = re.compile(r"\{\{(?!\{)([^{}|\[\]<>#\n]+?)\s*(?=\||\}\})")


class TemplateUse(NamedTuple):
    """One template name: how it is written, how often it occurs, its policy and rendering."""

    name: str
    key: str
    count: int
    policy: TemplatePolicy
    rendering: str | None


def template_inventory(text: str, config: Config | None = None) -> list[TemplateUse]:
    """Every template in ``text`` (nested ones too), most used first.

    ``policy`` is what ``config``'s templates rule would do with it (reported
    even while the rule is off, so the user can set policies first). Blocks the
    engine's guard keeps from the parser are read by a linear scan of names.
    """
    options = (config or Config.default()).options_for("templates")
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for block in blocks.block_texts(text, blocks.split(text)):
        if "{{" not in block:
            continue
        if assess(block) is not None:
            # The parser would not finish on this block (see core/guard.py): names only.
            names = [m.group(1) for m in _NAME.finditer(block)]
        else:
            try:
                names = [str(t.name) for t in parse(block).filter_templates(recursive=True)]
            except Exception:  # the parser's own failure: count what we can elsewhere
                continue
        for name in names:
            written = name.strip()
            key = normalize_name(written)
            if not key:
                continue
            counts[key] = counts.get(key, 0) + 1
            spelling.setdefault(key, written)
    uses = []
    for key, count in counts.items():
        policy, rendering = policy_for(options, key)
        uses.append(TemplateUse(spelling[key], key, count, policy, rendering))
    uses.sort(key=lambda u: (-u.count, u.key))
    return uses
