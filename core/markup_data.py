"""Markup facts: tag classes, namespace aliases, interlanguage prefixes, magic words.

Kept as plain data so the rules stay small and a new wiki or tag needs no code.
"""

from __future__ import annotations

# Tags whose content is not running prose: dropped whole by the `html` rule.
NON_PROSE_TAGS = frozenset(
    {
        "math", "chem", "ce", "gallery", "timeline", "graph", "mapframe", "maplink",
        "imagemap", "hiero", "score", "syntaxhighlight", "source", "pre", "templatedata",
        "templatestyles", "inputbox", "categorytree", "includeonly", "charinsert",
        "indicator", "section", "dynamicpagelist", "pagelist", "pages", "talkpage",
        "langconvert", "phonos", "rss", "style", "script", "noscript",
    }
)

# Tags whose content is shown literally, without wikitext processing.
LITERAL_TAGS = frozenset({"nowiki"})

# Tags whose content is not wikitext: nothing inside them opens a construct.
# The block splitter skips over them whole. (A tuple: order is kept in regexes.)
UNPARSED_TAGS = (
    "nowiki", "pre", "math", "chem", "ce", "syntaxhighlight", "source", "timeline", "score", "graph",
    "templatedata", "hiero", "imagemap", "mapframe", "maplink", "inputbox", "templatestyles", "charinsert",
)

# Paired tags with wikitext inside that often span lines: a block never ends inside one.
MULTILINE_TAGS = (
    "ref", "references", "gallery", "poem", "blockquote", "table", "noinclude", "includeonly", "onlyinclude",
)

# Tags owned by the `references` rule.
REFERENCE_TAGS = frozenset({"ref"})
REFERENCE_LIST_TAGS = frozenset({"references", "referencelist"})

# Wiki-markup tags owned by the `tables` rule (html <table> too).
TABLE_TAGS = frozenset({"table", "tr", "td", "th", "caption", "tbody", "thead", "tfoot"})
# The table tags that hold a cell's text (one line each in the `tables` rule's lines mode).
TABLE_CELL_TAGS = frozenset({"td", "th", "caption"})

# Tags MediaWiki strips before parsing a page for view: their content is read as
# if the tags were not there (so "<noinclude>==Notes==" is a heading).
TRANSPARENT_TAGS = frozenset({"noinclude", "onlyinclude"})

# List markers (`*`, `#`, `;`, `:`) parse as these tags with wiki markup.
LIST_TAGS = frozenset({"li", "dt", "dd"})

# Line-breaking HTML tags: `<br>` becomes a space.
BREAK_TAGS = frozenset({"br", "wbr"})

# Block-level tags: removing them between two words must leave a space,
# whereas inline tags (`<span>`, `<sup>`) are unwrapped without one.
BLOCK_TAGS = frozenset(
    {
        "div", "p", "blockquote", "center", "ul", "ol", "li", "dl", "dt", "dd", "hr",
        "table", "tr", "td", "th", "caption", "poem", "h1", "h2", "h3", "h4", "h5", "h6",
        "br", "wbr", "references", "ref", "figure", "figcaption", "section",
    }
)

# Behaviour switches ("magic words") that render nothing.
MAGIC_WORDS = frozenset(
    {
        "NOTOC", "FORCETOC", "TOC", "NOEDITSECTION", "NEWSECTIONLINK", "NONEWSECTIONLINK",
        "NOGALLERY", "HIDDENCAT", "EXPECTUNUSEDCATEGORY", "NOCONTENTCONVERT", "NOCC",
        "NOTITLECONVERT", "NOTC", "START", "END", "INDEX", "NOINDEX", "STATICREDIRECT",
        "NOGLOBAL", "DISAMBIG", "EXPECTUNUSEDTEMPLATE", "ARCHIVEDTALK", "NOTALK",
    }
)

# Namespace aliases, lower-cased, per wiki language. English names work on every wiki.
FILE_NAMESPACES = {
    "en": ("file", "image", "media"),
    "simple": ("file", "image", "media"),
    "de": ("datei", "bild", "medium"),
    "af": ("lêer", "beeld", "media"),
    "nn": ("fil", "bilete", "filpeikar"),
    "fr": ("fichier", "image", "média"),
    "es": ("archivo", "imagen", "medio"),
    "it": ("file", "immagine"),
    "nl": ("bestand", "afbeelding"),
    "pt": ("ficheiro", "arquivo", "imagem", "multimédia"),
    "ru": ("файл", "изображение", "медиа"),
    "ja": ("ファイル", "画像", "メディア"),
    "zh": ("file", "image", "文件", "檔案", "档案", "文件", "图像", "圖像", "媒体", "媒體"),
    "fa": ("پرونده", "تصویر", "رسانه"),
}

CATEGORY_NAMESPACES = {
    "en": ("category",),
    "simple": ("category",),
    "de": ("kategorie",),
    "af": ("kategorie",),
    "nn": ("kategori",),
    "fr": ("catégorie",),
    "es": ("categoría",),
    "it": ("categoria",),
    "nl": ("categorie",),
    "pt": ("categoria",),
    "ru": ("категория",),
    "ja": ("カテゴリ",),
    "zh": ("category", "分类", "分類"),
    "fa": ("رده",),
}

# Wikipedia language codes: `[[xx:Title]]` with one of these prefixes is an
# interlanguage link, shown in the sidebar rather than the text.
LANGUAGE_CODES = frozenset(
    """
    aa ab ace ady af ak als alt am ami an ang anp ar arc ary arz as ast atj av avk awa
    ay az azb ba ban bar bat-smg bcl be be-tarask be-x-old bg bh bi bjn blk bm bn bo
    bpy br bs bug bxr ca cbk-zam cdo ce ceb ch cho chr chy ckb co cr crh cs csb cu cv cy
    da dag de din diq dsb dty dv dz ee el eml en eo es et eu ext fa fat ff fi fiu-vro fj
    fo fr frp frr fur fy ga gag gan gcr gd gl glk gn gom gor got gpe gu guc gur guw gv
    ha hak haw he hi hif ho hr hsb ht hu hy hyw hz ia id ie ig ii ik ilo inh io is it iu
    ja jam jbo jv ka kaa kab kbd kbp kcg kg ki kj kk kl km kn ko koi kr krc ks ksh ku kv
    kw ky la lad lb lbe lez lfn lg li lij lld lmo ln lo lrc lt ltg lv mad mai map-bms
    mdf mg mh mhr mi min mk ml mn mni mnw mo mr mrj ms mt mus mwl my myv mzn na nah nap
    nds nds-nl ne new ng nia nl nn no nov nqo nrm nso nv ny oc olo om or os pa pag pam
    pap pcd pcm pdc pfl pi pih pl pms pnb pnt ps pt pwn qu rm rmy rn ro roa-rup roa-tara
    ru rue rw sa sah sat sc scn sco sd se sg sh shi shn si simple sk skr sl sm smn sn so
    sq sr srn ss st stq su sv sw szl szy ta tay tcy te tet tg th ti tk tl tly tn to tpi
    tr trv ts tt tum tw ty tyv udm ug uk ur uz ve vec vep vi vls vo wa war wo wuu xal xh
    xmf yi yo yue za zea zgh zh zh-classical zh-min-nan zh-yue zu
    """.split()
)

# Abbreviations whose final period the tokenizer keeps attached (lower-case, no period).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st jr sr vs etc e.g i.e cf al approx ca inc ltd corp vol
    vols pp fig figs gen col lt sgt capt rev hon gov sen rep jan feb mar apr jun jul aug
    sep sept oct nov dec mt ft est dept univ assn bros
    """.split()
)

# Redirect keywords per wiki (MediaWiki accepts the English one everywhere).
REDIRECT_WORDS = (
    "redirect", "weiterleitung", "redirection", "redirección", "rinvia", "doorverwijzing",
    "redirecionamento", "перенаправление", "перенапр", "転送", "リダイレクト", "重定向",
    "تغییرمسیر", "تغییر_مسیر", "omdirigering", "aanstuur", "stuur deur",
)

# Formula tags, for the `html` rule's math option.
MATH_TAGS = frozenset({"math", "chem", "ce"})

# Tag names MediaWiki knows (HTML it allows, plus extension tags). A tag the
# parser could not pair (opened in one block, closed in another, or never) is
# still markup: the `html` rule removes it from the text.
KNOWN_TAGS = frozenset(
    """
    abbr b bdi bdo big blockquote br caption center cite code data dd del dfn div dl dt em
    font h1 h2 h3 h4 h5 h6 hr i ins kbd li link mark meta ol p pre q rb rp rt rtc ruby s samp
    small span strike strong sub sup table td th time tr tt u ul var wbr
    ref references gallery math nowiki poem timeline syntaxhighlight source score graph
    templatedata templatestyles imagemap hiero chem ce mapframe maplink inputbox categorytree
    section indicator includeonly noinclude onlyinclude charinsert
    """.split()
)

# Wikitext that arrives HTML-escaped (copied from XML source or some APIs): the
# characters its escaping replaced. Only these are undone, once, so an escaped
# entity (`&amp;nbsp;`) becomes an entity (`&nbsp;`) for the `entities` rule.
ESCAPES = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&#039;": "'", "&apos;": "'"}
