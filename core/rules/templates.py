"""Rule `templates`."""

from __future__ import annotations

import enum
import re
from functools import lru_cache

import mwparserfromhell
from mwparserfromhell.nodes import Argument, Template

from ..blocks import template_spans
from ..node_geometry import ParamSpan, template_params
from ..template_data import (
    CONVERT_RANGE_WORDS,
    IPAC_LABELS,
    MEDIA_FILE,
    MONTHS,
    MUSIC_SYMBOLS,
    TICKER_NAMES,
    normalize_name,
    rendering_for,
)
from .base import MarkupRule, dataclass_options, option


class TemplatePolicy(enum.Enum):
    """What becomes of a template."""

    DROP = "drop"
    RENDER = "render"  # built-in rendering (or its parameters, if it has none)
    PARAMS = "params"  # the text of all its parameters
    RAW = "raw"  # the wikitext, untouched


@dataclass_options
class TemplatesOptions:
    default: TemplatePolicy = option(TemplatePolicy.DROP, "policy of templates without one of their own")
    renderings: bool = option(True, "render common inline templates (convert, lang, nowrap…) as text")
    policies: tuple[tuple[str, TemplatePolicy], ...] = option(
        (), "policy per template name", mapping=TemplatePolicy, key=normalize_name
    )


_last_resolver: tuple = (None, None)  # the last options and their resolver


def _resolver(options: TemplatesOptions):
    """The policy resolver of ``options``: the last one's again, else :func:`_make_resolver`'s."""
    # Options are frozen, and one run's blocks share one object: an identity
    # test spares hashing them (a Python-level dataclass and enum hash) per block.
    global _last_resolver
    last_options, resolve = _last_resolver  # one tuple: a pair that matches, whatever other threads do
    if last_options is options:
        return resolve
    resolve = _make_resolver(options)
    _last_resolver = (options, resolve)
    return resolve


@lru_cache(maxsize=256)
def _make_resolver(options: TemplatesOptions):
    explicit = dict(options.policies)

    # Keyed by the name as written: a page spells the same few names again and again.
    @lru_cache(maxsize=4096)
    def resolve(written: str) -> tuple[TemplatePolicy, str | None]:
        name = normalize_name(written)
        rendering = rendering_for(name)
        policy = explicit.get(name)
        if policy is None:
            policy = TemplatePolicy.RENDER if options.renderings and rendering else options.default
        return policy, rendering

    return resolve


def policy_for(options: TemplatesOptions, name: str) -> tuple[TemplatePolicy, str | None]:
    """The policy of template ``name`` (any spelling) and its built-in rendering, if any."""
    return _resolver(options)(name)


class Templates(MarkupRule):
    """Drop templates `{{…}}` (nested, multi-line, infoboxes, citations) and `{{{arguments}}}`,
    but render common inline ones, so no hole is left in the prose.

    Each template name can have its own policy: drop, render, params (the text of
    its parameters) or raw (kept as written).

    >>> from wikinorm.core import example
    >>> example("templates", "{{Infobox|name={{lang|fr|x}}\\n}}Paris is big.{{cn}}")
    'Paris is big.'
    >>> example("templates", "It is {{convert|5|-|10|km|mi}} long; {{lang|fr|bonjour}}; {{as of|2010}}.")
    'It is 5–10 km long; bonjour; As of 2010.'
    >>> example("templates", "{{cite web|title=Atlas|year=2001}}", policies={"cite web": "params"})
    'Atlas 2001'

    Pronunciations keep the pronunciation only (no audio file), parser functions
    and ticker symbols render:

    >>> example("templates", "France ({{IPAc-en|en-us-France.ogg|ˈ|f|r|æ|n|s}}, {{IPA-fr|fʁɑ̃s|}})")
    'France (/ˈfræns/, fʁɑ̃s)'
    >>> example("templates", "{{formatnum:3003}} shares of {{NYSE|KRA}}; {{#if:{{{1|}}}|a|fallback}}")
    '3,003 shares of NYSE: KRA; fallback'
    """

    id = "templates"
    title = "Templates"
    description = "Drop {{…}} templates, render common inline ones; a policy per template name."
    Options = TemplatesOptions
    node_types = (Template, Argument)
    # Claiming dropped templates before the parse spares building their
    # parameters, most of a citation-heavy paragraph's parse time.
    claims_spans = True

    def claim_spans(self, text, options):
        # One "{" is far cheaper to rule out than "{{" (most blocks have neither).
        if "{" not in text or "{{" not in text:
            return []
        resolve = _resolver(options)
        drop = TemplatePolicy.DROP
        find = text.find
        claims = []
        for start, end in template_spans(text):
            if text[start + 2] == "{":  # an argument, {{{…}}}
                claims.append((start, end, ""))
                continue
            # The name runs to the first "|" or "}" (two finds: no regex match object per template).
            bar = find("|", start + 2, end)
            stop = end if bar < 0 else bar
            brace = find("}", start + 2, stop)
            if resolve(text[start + 2 : stop if brace < 0 else brace])[0] is drop:
                claims.append((start, end, ""))
        return claims

    def handle(self, node, start, source, options, ctx):
        end = start + len(source)
        if type(node) is Argument:
            ctx.remove(self.id, start, end)
            return
        policy, rendering = policy_for(options, str(node.name))
        if policy is TemplatePolicy.RAW:
            return
        if policy is TemplatePolicy.DROP:
            ctx.remove(self.id, start, end)
            return
        params = template_params(node, start)
        if policy is TemplatePolicy.PARAMS or rendering is None:
            self._keep(params, start, end, ctx)
            return
        kind, _, arg = rendering.partition(" ")
        if kind == "keep":
            self._keep(_pick(params, arg), start, end, ctx)
        elif kind == "text":
            ctx.replace(self.id, start, end, _format(arg, params))
        elif kind == "function":
            self._text(_function(str(node.name), params), start, end, ctx)
        elif kind == "ticker":
            self._text(_ticker(normalize_name(str(node.name)), params), start, end, ctx)
        else:
            self._text(_RENDERERS[kind](params), start, end, ctx)

    def _text(self, text, start, end, ctx):
        """The template becomes ``text``; an empty rendering is a removal, as a dropped template is."""
        if text:
            ctx.replace(self.id, start, end, text)
        else:
            ctx.remove(self.id, start, end)

    def _keep(self, kept, start, end, ctx):
        """Keep the values of ``kept`` parameters (cleaned by the other rules), drop the rest."""
        # A media file (a pronunciation's audio clip) is never text.
        kept = [entry for entry in kept if entry[0].value.strip() and not MEDIA_FILE.match(_plain(entry[0]))]
        if not kept:
            ctx.remove(self.id, start, end)
            return
        cursor = start
        for i, (param, value_start, value_end) in enumerate(kept):
            if i == 0:
                ctx.remove(self.id, cursor, value_start)
            else:
                ctx.replace(self.id, cursor, value_start, " ")
            ctx.walk(param.value, value_start)
            cursor = value_end
        ctx.remove(self.id, cursor, end)


def _positional(params: list[ParamSpan]) -> dict[int, ParamSpan]:
    numbered: dict[int, ParamSpan] = {}
    index = 0
    for entry in params:
        param = entry[0]
        if not param.showkey:
            index += 1
            numbered[index] = entry
        else:
            key = str(param.name).strip()
            if key.isdigit():
                numbered[int(key)] = entry
    return numbered


def _named(params: list[ParamSpan]) -> dict[str, str]:
    return {str(p.name).strip().lower(): _plain(p) for p, _, _ in params if p.showkey}


def _pick(params: list[ParamSpan], spec: str) -> list[ParamSpan]:
    numbered = _positional(params)
    if spec == "last":
        return [numbered[max(numbered)]] if numbered else []
    if spec == "all":
        return [numbered[i] for i in sorted(numbered)]
    picked = [numbered[int(i)] for i in spec.split() if int(i) in numbered]
    return sorted(picked, key=lambda entry: entry[1])


_APOSTROPHES = re.compile(r"'{2,}")


def _plain(param) -> str:
    """A parameter's text without markup (entities decoded, bold/italic markers gone)."""
    text = param.value.strip_code().strip()
    if "''" in text:
        text = _APOSTROPHES.sub(_apostrophes_left, text)
    return text


def _apostrophes_left(match: re.Match) -> str:
    count = len(match.group())
    return "'" if count == 4 else "'" * (count - 5) if count > 5 else ""


def _args(params: list[ParamSpan]) -> list[str]:
    numbered = _positional(params)
    return [_plain(numbered[i][0]) if i in numbered else "" for i in range(1, max(numbered, default=0) + 1)]


_FIELD = re.compile(r"\{(\d+)\}")


def _format(pattern: str, params: list[ParamSpan]) -> str:
    args = _args(params)
    return _FIELD.sub(lambda m: args[int(m.group(1)) - 1] if int(m.group(1)) <= len(args) else "", pattern)


_UNITS = {
    "km2": "km²", "m2": "m²", "cm2": "cm²", "sqmi": "sq mi", "sqft": "sq ft", "ft2": "sq ft",
    "km3": "km³", "m3": "m³", "c": "°C", "f": "°F", "k": "K", "mi2": "sq mi",
}
_NUMBER = re.compile(r"^[-+−]?[\d.,]+(?:e\d+)?$|^[-+−]?[\d.,]*\d/\d+$")


def _convert(params: list[ParamSpan]) -> str:
    args = [a for a in _args(params) if a]
    if not args:
        return ""
    text = args[0]
    rest = args[1:]
    while len(rest) >= 2 and rest[0].lower() in CONVERT_RANGE_WORDS and _NUMBER.match(rest[1]):
        text += CONVERT_RANGE_WORDS[rest[0].lower()] + rest[1]
        rest = rest[2:]
    if rest:
        text += " " + _UNITS.get(rest[0].lower(), rest[0])
    return text


def _date(params: list[ParamSpan]) -> str:
    args = [a for a in _args(params) if a.isdigit()][:3]
    named = _named(params)
    if not args:
        return ""
    year = args[0]
    if len(args) == 1 or not (1 <= int(args[1]) <= 12):
        return year
    month = MONTHS[int(args[1]) - 1]
    if len(args) == 2:
        return f"{month} {year}"
    day = str(int(args[2]))
    if named.get("df", "").lower() in ("y", "yes", "1", "true"):
        return f"{day} {month} {year}"
    return f"{month} {day}, {year}"


def _ipac(params: list[ParamSpan]) -> str:
    """``/ˈfræns/``: the positional parameters run together, after a label (``US:``) if any.

    Named parameters (``audio=``) and a media file given as a parameter are not
    pronunciation.
    """
    args = [a for a in _args(params) if a and not MEDIA_FILE.match(a)]
    label = IPAC_LABELS.get(args[0].lower()) if args else None
    if label:
        args = args[1:]
    ipa = "/" + "".join(args) + "/" if args else ""
    return f"{label} {ipa}".strip() if label else ipa


def _respell(params: list[ParamSpan]) -> str:
    """``{{respell|AL|gə-ri-dhəm}}`` → ``AL-gə-ri-dhəm`` (an apostrophe joins without a hyphen)."""
    text = ""
    for arg in _args(params):
        if not arg:
            continue
        text += arg if not text or arg in ("'", "’") else "-" + arg
    return text


_HEMISPHERES = ("N", "S", "E", "W")


def _coord(params: list[ParamSpan]) -> str:
    """``{{coord|13|19|N|169|9|W}}`` → ``13°19′N 169°9′W``; shown in the title only → nothing."""
    if "title" in _named(params).get("display", "inline") and "inline" not in _named(params).get("display", ""):
        return ""
    args = [a for a in _args(params) if a]
    parts, group = [], []
    for arg in args:
        if arg.upper() in _HEMISPHERES:
            marks = ("°", "′", "″")
            parts.append("".join(v + m for v, m in zip(group, marks)) + arg.upper())
            group = []
        elif ":" in arg or len(group) == 3:
            break  # `type:event` and the like: options, not coordinates
        else:
            group.append(arg)
    if parts:
        return " ".join(parts[:2])
    if len(group) == 2:  # signed decimal degrees
        return f"{group[0]}°, {group[1]}°"
    return ""


def _music(params: list[ParamSpan]) -> str:
    args = _args(params)
    return MUSIC_SYMBOLS.get(args[0].lower(), "") if args else ""


def _ticker(name: str, params: list[ParamSpan]) -> str:
    """``{{NYSE|KRA}}`` → ``NYSE: KRA``."""
    args = [a for a in _args(params) if a]
    return f"{TICKER_NAMES.get(name, name.upper())}: {args[0]}" if args else ""


_FUNCTION_ARGUMENT = re.compile(r"\{\{\{[^{}]*\}\}\}")


def _function(name: str, params: list[ParamSpan]) -> str:
    """A parser function's text: ``formatnum:3003`` → ``3,003``, ``uc:x`` → ``X``, ``#if`` → its branch.

    An unfilled template argument (``{{{1|}}}``) in an article is empty, so
    ``#if`` gives its fallback branch.
    """
    function, _, first = name.partition(":")
    function = function.strip().lower()
    first = mwparserfromhell.parse(_FUNCTION_ARGUMENT.sub("", first)).strip_code().strip()
    args = _args(params)
    if function == "formatnum":
        flags = {a.strip().upper() for a in args}
        if flags & {"R", "NOSEP"} or not _PLAIN_NUMBER.match(first):
            return first  # `|R` reads a formatted number back, `|NOSEP` keeps it bare
        whole, dot, fraction = first.partition(".")
        sign = "-" if whole.startswith("-") else ""
        return sign + f"{int(whole.lstrip('-') or 0):,}" + dot + fraction
    if function in ("lc", "uc"):
        return first.lower() if function == "lc" else first.upper()
    if function in ("lcfirst", "ucfirst"):
        head = first[:1].lower() if function == "lcfirst" else first[:1].upper()
        return head + first[1:]
    if function == "#if":
        branch = 0 if first else 1
        return args[branch] if branch < len(args) else ""
    if function == "#ifeq":
        if not args:
            return ""
        branch = 1 if first == args[0] else 2
        return args[branch] if branch < len(args) else ""
    return ""


_PLAIN_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")


def _frac(params: list[ParamSpan]) -> str:
    args = [a for a in _args(params) if a]
    if len(args) == 1:
        return f"1/{args[0]}"
    if len(args) == 2:
        return f"{args[0]}/{args[1]}"
    if len(args) >= 3:
        return f"{args[0]} {args[1]}/{args[2]}"
    return ""


def _join(params: list[ParamSpan]) -> str:
    return "".join(_args(params))


def _nihongo(params: list[ParamSpan]) -> str:
    args = _args(params) + ["", "", ""]
    english, native, romaji = args[0], args[1], args[2]
    extra = ", ".join(a for a in (native, romaji) if a)
    if english and extra:
        return f"{english} ({extra})"
    return english or extra


def _val(params: list[ParamSpan]) -> str:
    args = [a for a in _args(params) if a]
    named = _named(params)
    if not args:
        return ""
    text = args[0]
    if len(args) > 1:
        text += " ± " + args[1]
    if named.get("e"):
        text += "×10^" + named["e"]
    unit = named.get("u") or named.get("ul")
    return f"{text} {unit}" if unit else text


_RENDERERS = {
    "convert": _convert,
    "date": _date,
    "ipac": _ipac,
    "frac": _frac,
    "join": _join,
    "nihongo": _nihongo,
    "val": _val,
    "respell": _respell,
    "coord": _coord,
    "music": _music,
}
