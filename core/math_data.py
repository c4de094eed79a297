"""TeX facts for reading simple `<math>` formulas as plain text (data for the `html` rule).

Only what inline formulas in articles use most: Greek letters, operators and
relations, arrows, accents, font and spacing commands, and the characters that
have Unicode superscript and subscript forms. A formula that uses anything
else is kept as its TeX.
"""

from __future__ import annotations

_GREEK = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
    "upsilon phi chi psi omega"
).split()
_GREEK_LOWER = "αβγδεζηθικλμνξοπρστυφχψω"
_GREEK_UPPER = "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ"

#: ``\name`` → text, for commands without arguments.
TEX_SYMBOLS: dict[str, str] = {
    **dict(zip(_GREEK, _GREEK_LOWER)),
    **{name.capitalize(): letter for name, letter in zip(_GREEK, _GREEK_UPPER)},
    "varepsilon": "ε", "vartheta": "ϑ", "varphi": "φ", "varpi": "ϖ", "varrho": "ϱ", "varsigma": "ς",
    "times": "×", "cdot": "⋅", "div": "÷", "pm": "±", "mp": "∓", "ast": "∗", "star": "⋆", "circ": "∘",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "equiv": "≡",
    "sim": "∼", "thicksim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪", "gg": "≫",
    "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π", "int": "∫", "oint": "∮",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
    "Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⇒", "iff": "⇔",
    "mapsto": "↦", "uparrow": "↑", "downarrow": "↓",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
    "cup": "∪", "cap": "∩", "setminus": "∖", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬", "land": "∧", "wedge": "∧", "lor": "∨",
    "vee": "∨", "oplus": "⊕", "otimes": "⊗", "perp": "⊥", "parallel": "∥", "mid": "∣", "angle": "∠",
    "ldots": "…", "dots": "…", "dotsc": "…", "dotsb": "…", "cdots": "⋯", "vdots": "⋮",
    "prime": "′", "degree": "°", "hbar": "ħ", "ell": "ℓ", "aleph": "ℵ", "Re": "ℜ", "Im": "ℑ",
    "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "lbrace": "{", "rbrace": "}", "vert": "|", "Vert": "‖",
    "sin": "sin", "cos": "cos", "tan": "tan", "log": "log", "ln": "ln", "exp": "exp", "lim": "lim",
    "max": "max", "min": "min", "det": "det", "gcd": "gcd", "mod": "mod", "bmod": "mod",
    # Spacing and sizing: a space or nothing.
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " ", "left": "", "right": "",
    "big": "", "Big": "", "bigg": "", "Bigg": "", "textstyle": "", "displaystyle": "", "scriptstyle": "",
    "rm": "", "it": "", "bf": "", "limits": "", "nolimits": "",
    # Escaped characters.
    "%": "%", "$": "$", "#": "#", "&": "&", "_": "_", "{": "{", "}": "}",
}

#: ``\name{x}`` that shows ``x`` as it is (fonts, text).
TEX_UNWRAP = frozenset(
    "text textrm textit textbf mathrm mathit mathbf mathsf mathtt mathcal mathbb operatorname mbox "
    "hbox boldsymbol emph".split()
)

#: ``\name{x}`` that puts a combining mark over ``x``.
TEX_ACCENTS = {
    "bar": "\u0304", "overline": "\u0305", "hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303",
    "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308", "acute": "\u0301",
    "grave": "\u0300", "check": "\u030c", "breve": "\u0306",
}

SUPERSCRIPTS = dict(zip("0123456789+-−=()niaehklmoprstuvwxy", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵃᵉʰᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸ"))
SUBSCRIPTS = dict(zip("0123456789+-−=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
