"""What every cleaning rule is: id, title, description, default, typed options.

Markup rules act on parse-tree nodes (see :mod:`wikinorm.core.markup`); text rules
act on the text the markup rules leave. Both report edits, never bare strings.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    from ..edits import Edit
    from ..markup import WalkContext


@dataclasses.dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


class Rule:
    """Base of all rules. Subclasses set the class attributes and one behaviour.

    The class docstring must hold a before/after example that runs as a doctest.
    """

    id: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    default: ClassVar[bool] = True
    Options: ClassVar[type] = NoOptions
    phase: ClassVar[str]  # "markup" or "text"

    def default_options(self) -> Any:
        """A fresh options object with every field at its default."""
        return self.Options()

    def option_fields(self) -> list[dataclasses.Field]:
        """The typed option fields, in declaration order."""
        return list(dataclasses.fields(self.Options))

    def describe(self) -> dict:
        """A JSON-able description (CLI `rules --json`, docs, GUI)."""
        options = []
        for field in self.option_fields():
            default = field.default
            kind = field.type if isinstance(field.type, type) else type(default)
            entry = {"name": field.name, "default": _plain(default), "help": field.metadata.get("help", "")}
            if "mapping" in field.metadata:
                entry["type"] = "mapping"
                entry["default"] = {k: _plain(v) for k, v in default}
                entry["choices"] = [m.value for m in field.metadata["mapping"]]
            elif isinstance(default, enum.Enum):
                entry["choices"] = [m.value for m in type(default)]
            else:
                entry["type"] = getattr(kind, "__name__", str(kind))
            options.append(entry)
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "default": self.default,
            "phase": self.phase,
            "options": options,
        }


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


class MarkupRule(Rule):
    """A rule that owns some parse-tree node types and/or tag names."""

    phase = "markup"
    node_types: ClassVar[tuple[type, ...]] = ()
    tags: ClassVar[frozenset[str]] = frozenset()
    #: Whether :meth:`handle_text` wants every top-level text run.
    reads_text: ClassVar[bool] = False
    #: Whether :meth:`claim_spans` finds spans to remove before parsing.
    claims_spans: ClassVar[bool] = False

    def handle(self, node: Any, start: int, source: str, options: Any, ctx: "WalkContext") -> None:
        """Emit edits for ``node`` found at ``start`` whose wikitext is ``source``."""
        raise NotImplementedError

    def handle_text(self, text: str, start: int, options: Any, ctx: "WalkContext") -> None:
        """Emit edits for a plain text run at ``start`` (only if ``reads_text``)."""

    def finish(self, options: Any, ctx: "WalkContext") -> None:
        """Emit edits that need the whole block seen first (only if ``reads_text``)."""

    def claim_spans(self, text: str, options: Any) -> list[tuple[int, int, str]]:
        """``(start, end, replacement)`` spans this rule settles without the parser.

        Only called if ``claims_spans``. They are masked before parsing, so the
        parser never builds their nodes; an empty replacement is a removal.
        """
        return []


class TextRule(Rule):
    """A rule that rewrites the text left by the markup rules."""

    phase = "text"

    def edits(self, text: str, options: Any) -> "list[Edit]":
        """Sorted, non-overlapping edits on ``text``."""
        raise NotImplementedError


def option(default: Any, help: str = "", mapping: type | None = None, key: Any = None) -> Any:
    """A typed option field with a one-line help text.

    With ``mapping`` (an enum), the option maps names to that enum's members; it
    is stored as a sorted tuple of ``(name, member)`` pairs (hashable) and names
    pass through ``key`` (a normalizing function) first.
    """
    metadata = {"help": help}
    if mapping is not None:
        metadata["mapping"] = mapping
        metadata["key"] = key or (lambda name: name)
    return dataclasses.field(default=default, metadata=metadata)


def example(rule_id: str, text: str, **options: Any) -> str:
    """Run ``text`` through rule ``rule_id`` alone; used by the rules' doctests."""
    from ..config import Config
    from ..document import run

    config = Config.only(rule_id)
    for name, value in options.items():
        config = config.with_option(rule_id, name, value)
    return run(text, config).text


#: Options classes are frozen dataclasses: hashable (cache keys) and immutable.
dataclass_options = dataclasses.dataclass(frozen=True)
