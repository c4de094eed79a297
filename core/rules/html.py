"""Rule `html`."""

from __future__ import annotations

import enum
import re

from ..math_data import SUBSCRIPTS, SUPERSCRIPTS, TEX_ACCENTS, TEX_SYMBOLS, TEX_UNWRAP
from ..node_geometry import tag_parts
from ..tree import parse
from ..markup_data import (
    BLOCK_TAGS,
    BREAK_TAGS,
    KNOWN_TAGS,
    LITERAL_TAGS,
    MAGIC_WORDS,
    MATH_TAGS,
    NON_PROSE_TAGS,
    TRANSPARENT_TAGS,
)
from .base import MarkupRule, dataclass_options, option


class MathMode(enum.Enum):
    """What becomes of ``<math>`` (and ``<chem>``, ``<ce>``) formulas."""

    #: Inline formulas as plain text (``\\alpha`` → α, ``x^2`` → x²) when simple,
    #: else their TeX; display formulas (own line, ``display="block"``) as "[math]".
    READABLE = "readable"
    DROP = "drop"
    PLACEHOLDER = "placeholder"  # the word "[math]" in its place
    TEX = "tex"  # the TeX source, as written


@dataclass_options
class HtmlOptions:
    math: MathMode = option(
        MathMode.READABLE,
        "inline formulas as text (display ones as [math]), drop them, a [math] placeholder, or the TeX",
    )


MATH_PLACEHOLDER = "[math]"

_MAGIC = re.compile(r"__([A-Z]+)__")
# A tag the parser left as text (unpaired): `<div class="x">`, `</center>`, `<br>`.
_STRAY_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")


class Html(MarkupRule):
    """Unwrap HTML tags, turn `<br>` into a space, drop non-prose tags and magic words.

    `<math>`, `<gallery>`, `<timeline>` and the like go with their content;
    `<nowiki>` content is kept literally.

    >>> from wikinorm.core import example
    >>> example("html", "E<sup>2</sup> is<br/>big <math>x^2</math>.<nowiki>''raw''</nowiki>__TOC__")
    "E2 is big x².''raw''"

    Formulas: by default an inline one reads as text when it is simple, as its
    TeX otherwise, and one on a line of its own is a placeholder -- a reader of
    running text needs the symbols a sentence names ("where A is the albedo"),
    while a displayed equation is not part of the sentence and its TeX is noise
    in prose:

    >>> example("html", "where <math>A</math> is the albedo and <math>\\\\alpha_1 \\\\leq \\\\frac{1}{2}</math>")
    'where A is the albedo and α₁ ≤ 1/2'
    >>> example("html", "so <math>\\\\sqrt[3]{x}</math> and\\n:<math>E = mc^2.</math>")
    'so \\\\sqrt[3]{x} and\\n:[math]'
    >>> example("html", "so<math>x^2</math> holds", math=MathMode.DROP)
    'so holds'
    >>> example("html", "so <math>x^2</math> holds", math=MathMode.PLACEHOLDER)
    'so [math] holds'
    >>> example("html", "so <math>x^2</math> holds", math=MathMode.TEX)
    'so x^2 holds'

    Tags the parser could not pair are removed all the same:

    >>> example("html", '<div class="box">Text\\n</center>')
    'Text\\n'
    """

    id = "html"
    title = "HTML tags"
    description = "Unwrap HTML tags, <br> to space, drop <math>/<gallery>/… and __MAGIC__ words."
    Options = HtmlOptions
    tags = frozenset({"*"})
    reads_text = True
    text_triggers = ("__", "<")  # what handle_text looks for: magic words, stray tags

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        name = str(node.tag).strip().lower()
        block = name in BLOCK_TAGS
        if name in MATH_TAGS and options.math is not MathMode.DROP and not node.self_closing:
            if options.math is MathMode.READABLE:
                self._readable_math(node, start, end, ctx)
            elif options.math is MathMode.PLACEHOLDER or node.contents is None:
                ctx.replace(self.id, start, end, MATH_PLACEHOLDER)
            else:
                opening, closing = tag_parts(node, source)
                ctx.remove(self.id, start, start + opening)
                ctx.remove(self.id, end - closing, end)
            return
        if name in BREAK_TAGS:
            ctx.replace(self.id, start, end, " ")
            return
        if node.invalid or name in NON_PROSE_TAGS or node.self_closing or node.contents is None:
            ctx.remove(self.id, start, end, glue=block or name in NON_PROSE_TAGS)
            return
        opening, closing = tag_parts(node, source)
        ctx.remove(self.id, start, start + opening, glue=block)
        if name in TRANSPARENT_TAGS and (start == 0 or ctx.text[start - 1] == "\n"):
            # The content starts a line once the tag is gone: parse it as such.
            ctx.walk(parse(str(node.contents)), start + opening)
        elif name not in LITERAL_TAGS:
            ctx.walk(node.contents, start + opening)
        ctx.remove(self.id, end - closing, end, glue=block)

    def _readable_math(self, node, start, end, ctx):
        """A display formula as the placeholder, an inline one as text or its TeX."""
        tex = str(node.contents or "").strip()
        if not tex:
            ctx.remove(self.id, start, end)
            return
        if _is_display(node, start, end, ctx.text):
            ctx.replace(self.id, start, end, MATH_PLACEHOLDER)
            return
        text = tex_text(tex)
        if text is None:
            # The TeX as written, unless its braces or brackets would read as wiki markup.
            text = MATH_PLACEHOLDER if _MARKUP_LIKE.search(tex) else _SPACES.sub(" ", tex)
        ctx.replace(self.id, start, end, text)

    def handle_text(self, text, start, options, ctx):
        if "__" in text:
            for match in _MAGIC.finditer(text):
                if match.group(1) in MAGIC_WORDS:
                    ctx.remove(self.id, start + match.start(), start + match.end())
        if "<" in text:
            for match in _STRAY_TAG.finditer(text):
                name = match.group(1).lower()
                if name in KNOWN_TAGS:
                    if name in BREAK_TAGS:
                        ctx.replace(self.id, start + match.start(), start + match.end(), " ")
                    else:
                        ctx.remove(self.id, start + match.start(), start + match.end(), glue=name in BLOCK_TAGS)


_SPACES = re.compile(r"\s+")
_PREFIX_SIGNS = frozenset("¬∀∃∂∇")
_BIG_OPERATORS = frozenset("ΣΠ∫∮")
_MARKUP_LIKE = re.compile(r"\{\s*\{|\}\s*\}|\[\s*\[|\]\s*\]")
_LINE_BEFORE = re.compile(r"[ \t:*#]*\Z")  # indent or list markers only
_LINE_AFTER = re.compile(r"[ \t.,;]*(?:\n|\Z)")


def _is_display(node, start: int, end: int, text: str) -> bool:
    """Whether a formula is displayed: ``display="block"``, or alone on its line (indent and end punctuation aside)."""
    if node.has("display") and str(node.get("display").value).strip().lower() == "block":
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_LINE_BEFORE.match(text, line_start, start) and _LINE_AFTER.match(text, end))


class _NotSimple(Exception):
    """The formula uses TeX that has no plain-text reading here."""


def tex_text(tex: str) -> str | None:
    """A simple TeX formula as plain text (``\\alpha_1 \\leq \\frac{1}{2}`` → ``α₁ ≤ 1/2``), else None.

    >>> tex_text("x^2 + y_{i} = \\\\bar{x}")
    'x² + yᵢ = x̄'
    >>> tex_text("\\\\begin{matrix} a & b \\\\end{matrix}") is None
    True
    """
    try:
        text, pos = _tex_group(tex, 0, top=True)
    except (_NotSimple, IndexError):
        return None
    text = _SPACES.sub(" ", text).strip()
    return text or None


def _tex_group(tex: str, pos: int, top: bool = False) -> tuple[str, int]:
    """Text of ``tex`` from ``pos`` to the ``}`` closing this group (or the end, at the top)."""
    out: list[str] = []
    n = len(tex)
    while pos < n:
        c = tex[pos]
        if c == "}":
            if top:
                raise _NotSimple
            return "".join(out), pos + 1
        if c == "{":
            inner, pos = _tex_group(tex, pos + 1)
            out.append(inner)
        elif c == "\\":
            text, pos = _tex_command(tex, pos + 1)
            if text in _PREFIX_SIGNS:
                while pos < n and tex[pos] == " ":
                    pos += 1  # `\\neg P` reads ¬P
            elif text[:1] in _BIG_OPERATORS and out and out[-1][-1:].isalnum():
                text = " " + text  # `\\frac{1}{n}\\sum x` reads 1/n Σ x
            out.append(text)
        elif c in "^_":
            arg, pos = _tex_argument(tex, pos + 1)
            out.append(_script(arg, SUPERSCRIPTS if c == "^" else SUBSCRIPTS, c))
        elif c == "~":  # a tie: a space that does not break
            out.append(" ")
            pos += 1
        elif c in "&$%#":
            raise _NotSimple  # alignment, nested maths, comments, ties
        else:
            out.append(c)
            pos += 1
    if not top:
        raise _NotSimple  # an unclosed group
    return "".join(out), pos


def _tex_argument(tex: str, pos: int) -> tuple[str, int]:
    """A command's argument: a ``{group}``, a command, or one character (spaces before it skipped)."""
    while pos < len(tex) and tex[pos] == " ":
        pos += 1
    if tex[pos] == "{":
        return _tex_group(tex, pos + 1)
    if tex[pos] == "\\":
        return _tex_command(tex, pos + 1)
    if tex[pos] == "}":
        raise _NotSimple
    return tex[pos], pos + 1


_COMMAND = re.compile(r"[A-Za-z]+|.", re.DOTALL)


def _tex_command(tex: str, pos: int) -> tuple[str, int]:
    """The text of the command whose name starts at ``pos`` (after the backslash)."""
    name = _COMMAND.match(tex, pos).group()
    pos += len(name)
    if name in TEX_SYMBOLS:
        return TEX_SYMBOLS[name], pos
    if name in TEX_UNWRAP:
        return _tex_argument(tex, pos)
    if name in TEX_ACCENTS:
        arg, pos = _tex_argument(tex, pos)
        if len(arg) != 1:
            raise _NotSimple
        return arg + TEX_ACCENTS[name], pos
    if name in ("frac", "tfrac", "dfrac"):
        top, pos = _tex_argument(tex, pos)
        bottom, pos = _tex_argument(tex, pos)
        return f"{_operand(top)}/{_operand(bottom)}", pos
    if name == "sqrt":
        if tex.startswith("[", pos):
            raise _NotSimple  # a root of another degree
        arg, pos = _tex_argument(tex, pos)
        arg = arg.strip()
        return "√" + (arg if len(arg) == 1 else f"({arg})"), pos
    raise _NotSimple


def _operand(text: str) -> str:
    """``text`` bracketed if it is more than one term (``(n-1)`` in ``1/(n-1)``)."""
    text = text.strip()
    return text if text.isalnum() or len(text) == 1 else f"({text})"


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """A superscript or subscript in Unicode when every character has a form, else ``^x`` / ``^(xy)``."""
    text = text.strip()
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return mark + (text if len(text) <= 1 or text.isalnum() else f"({text})")
