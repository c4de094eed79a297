"""Rule `templates`."""

from __future__ import annotations

from mwparserfromhell.nodes import Argument, Template

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

    def handle(self, node, start, source, options, ctx):
        ctx.remove(self.id, start, start + len(source))
