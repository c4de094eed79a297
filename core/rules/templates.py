"""Rule `templates`."""

from __future__ import annotations

from mwparserfromhell.nodes import Argument, Template

from ..blocks import template_spans
from .base import MarkupRule


class Templates(MarkupRule):
    """Drop templates `{{…}}` (nested, multi-line, infoboxes, citations) and `{{{arguments}}}`.

    >>> from wikinorm.core.rules.base import example
    >>> example("templates", "{{Infobox|name={{lang|fr|x}}\\n}}Paris is big.{{cn}}")
    'Paris is big.'
    """

    id = "templates"
    title = "Templates"
    description = "Drop {{…}} templates, including nested and multi-line ones."
    node_types = (Template, Argument)
    # Claiming templates before the parse spares building their parameters,
    # most of a citation-heavy paragraph's parse time.
    claims_spans = True

    def claim_spans(self, text, options):
        return template_spans(text) if "{{" in text else []

    def handle(self, node, start, source, options, ctx):
        ctx.remove(self.id, start, start + len(source))
