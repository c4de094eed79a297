"""What every cleaning rule is: id, title, description, default, typed options, hooks.

Markup rules act on parse-tree nodes (see :mod:`wikinorm.core.markup`); text rules
act on the text the markup rules leave. Both report edits, never bare strings.
A rule that acts across blocks (footnote numbering, paragraph breaks) does so in
:meth:`Rule.shape_document`, from plain per-block data it recorded itself; the
document code runs the hook without knowing which rule it is.

Rules never import the document or pipeline modules: what they need from the
engine (normalizing a fragment, say) comes through their context.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import TYPE_CHECKING, Any, Callable, ClassVar, NamedTuple, Sequence

from ..edits import apply_edits

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Config
    from ..edits import Edit, EditMap
    from ..markup import WalkContext


@dataclasses.dataclass(frozen=True)
class NoOptions:
    """A rule without options."""


class OptionKind(enum.Enum):
    """How an option's value is written and edited."""

    CHOICE = "choice"  # one member of an enum
    FLAG = "flag"  # on or off
    MAPPING = "mapping"  # a name → choice table (one template's policy, say)


@dataclasses.dataclass(frozen=True)
class OptionSpec:
    """One typed option of a rule, as front ends and presets see it."""

    name: str
    kind: OptionKind
    default: Any
    help: str
    #: The enum whose members are the choices (CHOICE, and MAPPING's values).
    enum: type[enum.Enum] | None = None
    #: Normalizes a MAPPING entry's name (e.g. template names).
    key: Callable[[str], str] | None = None

    @property
    def label(self) -> str:
        """The option's name as a window shows it (``empty_sections`` is "empty sections")."""
        return self.name.replace("_", " ")

    @property
    def choices(self) -> tuple[str, ...]:
        """The allowed values as written in presets and on the command line."""
        return tuple(m.value for m in self.enum) if self.enum is not None else ()

    def describe(self) -> dict:
        """JSON-able form (``wikinorm rules --json``)."""
        entry: dict = {"name": self.name, "default": _plain(self.default), "help": self.help}
        if self.kind is OptionKind.MAPPING:
            entry["type"] = "mapping"
            entry["default"] = {k: _plain(v) for k, v in self.default}
            entry["choices"] = list(self.choices)
        elif self.kind is OptionKind.CHOICE:
            entry["choices"] = list(self.choices)
        else:
            entry["type"] = "bool"
        return entry


@dataclasses.dataclass(frozen=True)
class DocumentShape:
    """What a rule does across blocks when the blocks are joined into one text.

    ``leads`` (if given) is what precedes each block, instead of the raw newline;
    ``block_maps`` rewrite single blocks' texts (by index); ``tail`` follows the
    whole text; ``edits`` is how many edits all this counts as.
    """

    leads: tuple[str, ...] | None = None
    block_maps: dict[int, "EditMap"] = dataclasses.field(default_factory=dict)
    tail: str = ""
    edits: int = 0


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
    #: Whether :meth:`shape_document` acts across blocks.
    shapes_document: ClassVar[bool] = False
    #: Whether :meth:`shape_key` holds all that :meth:`shape_document` reads of a block.
    shape_keys: ClassVar[bool] = False

    def default_options(self) -> Any:
        """A fresh options object with every field at its default."""
        return self.Options()

    def option_specs(self) -> tuple[OptionSpec, ...]:
        """The typed options, in declaration order."""
        specs = []
        for field in dataclasses.fields(self.Options):
            default = field.default
            mapping = field.metadata.get("mapping")
            if mapping is not None:
                spec = OptionSpec(field.name, OptionKind.MAPPING, default, field.metadata["help"], mapping,
                                  field.metadata["key"])
            elif isinstance(default, enum.Enum):
                spec = OptionSpec(field.name, OptionKind.CHOICE, default, field.metadata["help"], type(default))
            elif isinstance(default, bool):
                spec = OptionSpec(field.name, OptionKind.FLAG, default, field.metadata["help"])
            else:  # pragma: no cover - a new kind of option needs a front end first
                raise TypeError(f"rule {self.id}: option {field.name} has no supported kind")
            specs.append(spec)
        return tuple(specs)

    def describe(self) -> dict:
        """A JSON-able description (CLI `rules --json`, docs)."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "default": self.default,
            "phase": self.phase,
            "options": [spec.describe() for spec in self.option_specs()],
        }

    def shape_document(
        self, texts: Sequence[str], notes: Sequence[Any], options: Any, config: "Config"
    ) -> DocumentShape | None:
        """Act across blocks (only if ``shapes_document``).

        ``texts`` are the blocks' texts at the stage being assembled, ``notes``
        what this rule recorded for each block (None where nothing), ``config``
        the whole config. Hooks see the blocks as the blocks and the block
        rewrites of earlier rules' hooks left them; leads and tails are each
        one rule's.
        """
        return None

    def shape_key(self, text: str, note: Any, options: Any) -> Any:
        """All that :meth:`shape_document` reads of one block's ``text`` and ``note`` (only if ``shape_keys``).

        An edit that keeps the number of blocks and every changed block's key
        keeps the shape, so the hook is not run again over a whole page.
        """
        raise NotImplementedError


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


class MarkupRule(Rule):
    """A rule that owns some parse-tree node types and/or tag names."""

    phase = "markup"
    node_types: ClassVar[tuple[type, ...]] = ()
    tags: ClassVar[frozenset[str]] = frozenset()
    #: Whether :meth:`handle_text` wants every top-level text run.
    reads_text: ClassVar[bool] = False
    #: Substrings one of which a text run must hold for :meth:`handle_text` to find
    #: anything in it (empty: no promise). A block without any is walked without
    #: calling it, and so is a run without any of the triggers its block holds:
    #: most blocks and runs hold none, and it would be called once per text run.
    text_triggers: ClassVar[tuple[str, ...]] = ()
    #: Whether :meth:`claim_spans` finds spans to remove before parsing.
    claims_spans: ClassVar[bool] = False
    #: What the parser sees in place of a claimed span's characters (None: a
    #: private-use filler, plain text). A newline lets what follows a claimed
    #: line prefix start a line (an indented table's ``{|``).
    claim_mask: ClassVar[str | None] = None
    #: Whether :meth:`rewrite_source` may give the parser another text to read.
    rewrites_source: ClassVar[bool] = False

    def handle(self, node: Any, start: int, source: str, options: Any, ctx: "WalkContext") -> None:
        """Emit edits for ``node`` found at ``start`` whose wikitext is ``source``."""
        raise NotImplementedError

    def handle_text(self, text: str, start: int, options: Any, ctx: "WalkContext") -> None:
        """Emit edits for a plain text run at ``start`` (only if ``reads_text``)."""

    def finish(self, options: Any, ctx: "WalkContext") -> None:
        """Emit edits that need the whole block seen first (only if ``reads_text``)."""

    def removes_whole(self, options: Any) -> frozenset[str]:
        """Names of tags (of :attr:`tags`) that :meth:`handle` removes whole under ``options``.

        Whatever such a tag holds, handling it is one removal of its span (with
        glue), so the parser need not build what is inside: the walker removes
        it on the rule's behalf. ``tests/test_rules.py`` checks the promise.
        """
        return frozenset()

    def rewrite_source(self, text: str, options: Any) -> "list[Edit]":
        """Sorted edits that give the text the parser reads instead of ``text`` ([]: read it as it is).

        Only called if ``rewrites_source``. These edits are a stage of their own,
        before the markup stage, whose edits are then on the rewritten text: the
        alignment with ``text`` goes through both.
        """
        return []

    def claim_spans(self, text: str, options: Any) -> list[tuple[int, int, str]]:
        """``(start, end, replacement)`` spans this rule settles without the parser.

        Only called if ``claims_spans``. They are masked before parsing, so the
        parser never builds their nodes; an empty replacement is a removal.
        """
        return []


#: The notes key under which markup rules record where kept text of a removed
#: container ended (a kept reference's text): offsets in the text the markup
#: phase read. The pipeline maps them to each text rule's text (see
#: :meth:`TextRule.edits_at_ends`); they are not a rule's document-level notes.
TEXT_ENDS = "text_ends"


class Deferred(NamedTuple):
    """A text rule's work on one text with its edits not yet made (see :meth:`TextRule.deferred`)."""

    #: How many edits the rule's :meth:`~TextRule.edits` finds.
    count: int
    #: The text with those edits applied.
    output: str
    #: Makes those edits (called at most once, when something reads them).
    make: Callable[[], "list[Edit]"]


#: What :meth:`TextRule.deferred` returns for a text it leaves as it is (its ``output`` is not read).
NO_EDITS = Deferred(0, "", list)


class TextRule(Rule):
    """A rule that rewrites the text left by the markup rules."""

    phase = "text"
    #: Whether :meth:`edits_at_ends` wants to know where kept texts ended (:data:`TEXT_ENDS`).
    reads_ends: ClassVar[bool] = False
    #: Whether :meth:`deferred` may know the output and count without the edits.
    defers: ClassVar[bool] = False

    def edits(self, text: str, options: Any) -> "list[Edit]":
        """Sorted, non-overlapping edits on ``text``."""
        raise NotImplementedError

    def edits_at_ends(self, text: str, options: Any, ends: Sequence[int]) -> "list[Edit]":
        """Like :meth:`edits`, knowing ``ends``: sorted offsets in ``text`` where a kept text ended.

        Only called if ``reads_ends`` and the block has such ends. The markup
        phase removed what closed those texts (``</ref>``), so only the offsets
        tell that, say, a sentence ended there.
        """
        return self.edits(text, options)

    def output(self, text: str, edits: "list[Edit]") -> str:
        """``text`` with ``edits`` (this rule's, found on it) applied; a rule may know it more cheaply."""
        return apply_edits(text, edits)

    def deferred(self, text: str, options: Any, ends: Sequence[int] | None) -> Deferred | None:
        """The count and output of this rule's edits on ``text``, the edits left for later (only if ``defers``).

        Most runs never read a text stage's edits (only alignment does), and a
        rule that changes many spots can often give its output in a few calls
        in C (lowercase: ``text.lower()``). ``ends`` are as for
        :meth:`edits_at_ends` (None: no ends known). :data:`NO_EDITS`: the text
        stays as it is. None: no quicker way here, the caller asks :meth:`edits`. ``tests/test_text_rule_output.py``
        checks that count, output and edits agree with :meth:`edits_at_ends`.
        """
        return None

    def note(self, text: str, options: Any) -> Any:
        """What to remember about a block's text before this rule edits it (None: nothing).

        :meth:`shape_document` gets it back, one per block.
        """
        return None


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


#: Options classes are frozen dataclasses: hashable (cache keys) and immutable.
dataclass_options = dataclasses.dataclass(frozen=True)
