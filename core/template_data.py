"""How common inline templates render as text (data for the `templates` rule).

Chosen from the shared corpus's inventory of templates that sit inside running
prose (convert, lang, nihongo, as of, nowrap…), so that dropping the rest does
not leave holes like "At , Alabama" or "is  long".

A rendering is one of:

- ``"keep 1"``, ``"keep 2"``, ``"keep 1 2"``, ``"keep last"``, ``"keep all"``: the
  text of those positional parameters (the markup inside them is cleaned by the
  other rules; a media file name is never text);
- ``"text …"``: fixed text where ``{1}``, ``{2}``… stand for parameters' plain text;
- a renderer's name (``"convert"``, ``"date"``, ``"ipac"``, ``"frac"``, ``"join"``,
  ``"nihongo"``, ``"val"``, ``"respell"``, ``"coord"``, ``"music"``, ``"ticker"``)
  implemented by the rule;
- ``"function"``: a parser function (``{{formatnum:3003}}``, ``{{lc:…}}``,
  ``{{#if:…|…|…}}``) whose first argument is in its name, after the colon
  (:data:`FUNCTION_PREFIXES`).

Names are compared after :func:`normalize_name`.
"""

from __future__ import annotations

import re

RENDERINGS: dict[str, str] = {
    # Keep a parameter's text.
    "lang": "keep 2",
    "nowrap": "keep 1",
    "nobr": "keep 1",
    "nobreak": "keep 1",
    "transl": "keep last",
    "transliteration": "keep last",
    "sic": "keep last",
    "vanchor": "keep 1",
    "small": "keep 1",
    "smaller": "keep 1",
    "big": "keep 1",
    "larger": "keep 1",
    "sc": "keep 1",
    "smallcaps": "keep 1",
    "small caps": "keep 1",
    "em": "keep 1",
    "strong": "keep 1",
    "var": "keep 1",
    "mvar": "keep 1",
    "math": "keep 1",
    "abbr": "keep 1",
    "not a typo": "keep 1",
    "proper name": "keep 1",
    "ill": "keep 1",
    "interlanguage link": "keep 1",
    "ipa": "keep 1",
    "ipa audio": "keep 1",
    "nihongo2": "keep 1",
    "nihongo3": "keep 1",
    "flag": "keep 1",
    "flagcountry": "keep 1",
    "quote": "keep 1",
    "cquote": "keep 1",
    "blockquote": "keep 1",
    "center": "keep 1",
    "visible anchor": "keep 1",
    "rtl-lang": "keep 2",
    "linktext": "keep all",
    "vr": "keep 1",
    "script": "keep 2",
    "audio": "keep 2",
    "railgauge": "keep 1",
    "ship": "keep 1 2",
    # Fixed text.
    "as of": "text As of {1}",
    "circa": "text c. {1}",
    "c.": "text c. {1}",
    "nbsp": "text \u00a0",
    "thinsp": "text \u2009",
    "spaces": "text  ",
    "'s": "text 's",
    "'": "text '",
    "' \"": "text '\"",
    "\" '": "text \"'",
    "-\"": "text -\"",
    "snd": "text  – ",
    "spnd": "text  – ",
    "spaced ndash": "text  – ",
    "spaced en dash": "text  – ",
    "ndash": "text –",
    "mdash": "text —",
    "mdashb": "text —",
    "dash": "text –",
    "okina": "text ʻ",
    "angbr": "text ⟨{1}⟩",
    "e": "text ×10^{1}",
    "us$": "text US${1}",
    "usd": "text US${1}",
    "pi": "text π",
    "degree": "text °",
    "eqm": "text ⇌",
    "extinct": "text †",
    "dot": "text  · ",
    "hms": "text HMS {1}",
    "uss": "text USS {1}",
    "nuclide2": "text {1}-{2}",
    # Renderers.
    "convert": "convert",
    "cvt": "convert",
    "birth date": "date",
    "birth date and age": "date",
    "death date": "date",
    "death date and age": "date",
    "start date": "date",
    "end date": "date",
    "dts": "date",
    "ipac-en": "ipac",
    "frac": "frac",
    "sfrac": "frac",
    "chem": "join",
    "nihongo": "nihongo",
    "val": "val",
    "respell": "respell",
    "coord": "coord",
    "music": "music",
} | {name: "ticker" for name in (
    # Stock exchange ticker templates: {{NYSE|KRA}} reads "NYSE: KRA".
    "nyse", "nasdaq", "lse", "tsx", "asx", "euronext", "fwb", "sehk", "tyo", "sgx", "bse", "nse",
    "nyse american", "nyse arca", "amex", "otc pink", "six", "krx", "jse", "bmv", "bovespa", "hkex",
)}

# What the exchange in a ticker template is called ({{name|symbol}}); else its name upper-cased.
TICKER_NAMES = {"euronext": "Euronext", "nyse american": "NYSE American", "nyse arca": "NYSE Arca",
                "otc pink": "OTC Pink", "bovespa": "Bovespa"}

# {{IPAc-en|us|ˈ|f|r|…}}: a leading label parameter and what it shows.
IPAC_LABELS = {
    "lang": "English pronunciation:", "pron": "pronunciation:", "local": "locally", "also": "also",
    "uk": "UK:", "us": "US:", "ca": "Canada:", "au": "Australia:", "nz": "New Zealand:", "ie": "Ireland:",
}

# {{music|flat}}: musical symbols by name.
MUSIC_SYMBOLS = {"flat": "♭", "b": "♭", "sharp": "♯", "#": "♯", "natural": "♮", "doubleflat": "𝄫",
                 "doublesharp": "𝄪", "treble": "𝄞", "bass": "𝄢"}

# Parser functions rendered as text, by the name before the colon; the rest
# (#switch, #expr, #tag, #invoke…) are dropped like any template.
FUNCTION_PREFIXES = ("formatnum", "lc", "uc", "lcfirst", "ucfirst", "#if", "#ifeq")

# A media file name (an audio clip in a pronunciation template): never text.
MEDIA_FILE = re.compile(r"^[^\s|/]+\.(?:ogg|oga|ogv|mp3|wav|flac|opus|webm|mid|midi|jpe?g|png|gif|svg|tiff?)$",
                        re.IGNORECASE)

# Families by name prefix: {{lang-fr|…}}, {{IPA-de|…}}, {{IPAc-ar|…}}.
PREFIX_RENDERINGS: tuple[tuple[str, str], ...] = (
    ("lang-", "keep 1"),
    ("ipa-", "keep 1"),
    ("ipac-", "ipac"),
)

# {{convert|5|-|10|km}}: words between two numbers of a range.
CONVERT_RANGE_WORDS = {
    "-": "–", "–": "–", "to": " to ", "and": " and ", "or": " or ", "by": " by ", "x": " × ",
    "×": " × ", "+": " + ", "to(-)": " to ", "&": " & ", "and(-)": " and ",
}

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

_PREFIXES = re.compile(r"^(?:template|msg|subst|safesubst)\s*:\s*", re.IGNORECASE)
_SPACES = re.compile(r"[\s_]+")


def normalize_name(name: str) -> str:
    """A template name as compared: no `Template:` prefix, spaces for underscores, lower-case."""
    name = _PREFIXES.sub("", name.strip())
    return _SPACES.sub(" ", name).strip().lower()


def rendering_for(name: str) -> str | None:
    """The built-in rendering of normalized template ``name``, if any."""
    found = RENDERINGS.get(name)
    if found is not None:
        return found
    if ":" in name and name.partition(":")[0].strip() in FUNCTION_PREFIXES:
        return "function"
    for prefix, rendering in PREFIX_RENDERINGS:
        if name.startswith(prefix):
            return rendering
    return None
