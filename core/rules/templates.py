"""Rule `templates`."""

from __future__ import annotations

import enum
import re
from functools import lru_cache

from mwparserfromhell.nodes import Argument, Template

from ..blocks import template_spans
from ..node_geometry import ParamSpan, template_params
from ..template_data import CONVERT_RANGE_WORDS, MONTHS, normalize_name, rendering_for
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


@lru_cache(maxsize=256)
def _resolver(options: TemplatesOptions):
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


_NAME_END = re.compile(r"[|}]")


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
        if "{{" not in text:
            return []
        resolve = _resolver(options)
        claims = []
        for start, end in template_spans(text):
            name_end = _NAME_END.search(text, start + 2, end)
            name = text[start + 2 : name_end.start() if name_end else end]
            if text.startswith("{{{", start) or resolve(name)[0] is TemplatePolicy.DROP:
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
        else:
            ctx.replace(self.id, start, end, _RENDERERS[kind](params))

    def _keep(self, kept, start, end, ctx):
        """Keep the values of ``kept`` parameters (cleaned by the other rules), drop the rest."""
        kept = [entry for entry in kept if entry[0].value.strip()]
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
    return "/" + "".join(a for a in _args(params) if a) + "/"


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
}
