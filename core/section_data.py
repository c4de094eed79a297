"""Section facts: the titles of boilerplate sections, per wiki (data for the `headings` rule).

A boilerplate section holds lists of sources and links (See also, References,
Notes, Footnotes, Further reading, External links, Bibliography, Sources), not
running prose. Its names are given for every wiki the links rule knows
(:data:`~wikinorm.core.markup_data.FILE_NAMESPACES`), as the wikis' manuals of
style and their articles spell them. Titles are compared after
:func:`section_key`.
"""

from __future__ import annotations

import re
import unicodedata

BOILERPLATE_SECTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "See also", "References", "Notes", "Footnotes", "Further reading", "External links",
        "External link", "Bibliography", "Sources", "Citations", "Works cited", "Notes and references",
        "References and notes", "Reference",
    ),
    "simple": ("Related pages", "Other websites", "References", "Notes", "Sources", "Further reading"),
    "de": (
        "Siehe auch", "Einzelnachweise", "Anmerkungen", "Weblinks", "Literatur", "Quellen", "Belege",
        "Fußnoten", "Quellenangaben", "Weiterführende Literatur",
    ),
    "af": ("Sien ook", "Verwysings", "Eksterne skakels", "Notas", "Bronne", "Verdere leesstof", "Bibliografie"),
    "nn": (
        "Sjå òg", "Sjå også", "Kjelder", "Referansar", "Eksterne lenkjer", "Litteratur", "Fotnotar",
        "Notar", "Bakgrunnsstoff",
    ),
    "fr": (
        "Voir aussi", "Références", "Notes et références", "Liens externes", "Bibliographie", "Notes",
        "Sources", "Articles connexes", "Lien externe",
    ),
    "es": (
        "Véase también", "Referencias", "Notas", "Enlaces externos", "Bibliografía", "Fuentes",
        "Notas y referencias", "Lecturas adicionales",
    ),
    "it": ("Voci correlate", "Note", "Bibliografia", "Collegamenti esterni", "Altri progetti", "Fonti"),
    "nl": (
        "Zie ook", "Referenties", "Externe links", "Externe link", "Bronnen", "Noten", "Literatuur",
        "Voetnoten", "Bronvermelding",
    ),
    "pt": (
        "Ver também", "Referências", "Ligações externas", "Bibliografia", "Notas", "Fontes",
        "Notas e referências", "Leitura adicional",
    ),
    "ru": ("См. также", "Примечания", "Литература", "Ссылки", "Источники"),
    "ja": ("関連項目", "脚注", "参考文献", "外部リンク", "出典", "注釈"),
    "zh": (
        "参见", "參見", "参考文献", "參考文獻", "外部链接", "外部連結", "注释", "註釋", "参考资料",
        "參考資料", "延伸阅读", "延伸閱讀",
    ),
    "fa": ("جستارهای وابسته", "منابع", "پیوند به بیرون", "پانویس", "یادداشت‌ها", "کتاب‌شناسی"),
}

_SPACES = re.compile(r"\s+")


def section_key(title: str) -> str:
    """A section title as compared: NFC, case-folded, spaces collapsed, no trailing ``:`` or ``.``."""
    title = unicodedata.normalize("NFC", title).casefold()
    return _SPACES.sub(" ", title).strip().rstrip(":.").strip()


#: Every boilerplate title, as :func:`section_key` gives it.
BOILERPLATE_KEYS: frozenset[str] = frozenset(
    section_key(title) for titles in BOILERPLATE_SECTIONS.values() for title in titles
)
