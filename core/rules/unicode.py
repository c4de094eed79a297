"""Rule `unicode`."""

from __future__ import annotations

import enum
import re
import unicodedata

from ..edits import Edit
from .base import TextRule, option, dataclass_options


class Form(enum.Enum):
    """Unicode normalization form."""

    NFC = "NFC"
    NFKC = "NFKC"


@dataclass_options
class UnicodeOptions:
    form: Form = option(Form.NFC, "NFC composes; NFKC also folds compatibility forms (ﬁ → fi)")


# A non-ASCII run with the character before it, which a combining mark may join.
_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


class Unicode(TextRule):
    """Normalize Unicode to NFC or NFKC.

    >>> from wikinorm.core import example
    >>> example("unicode", "cafe\\u0301 \\ufb01ne") == "caf\\u00e9 \\ufb01ne"
    True
    >>> example("unicode", "\\ufb01ne", form=Form.NFKC)
    'fine'
    """

    id = "unicode"
    title = "Unicode form"
    description = "Normalize Unicode (NFC, or NFKC to fold compatibility characters)."
    Options = UnicodeOptions

    def edits(self, text, options):
        if text.isascii():  # most blocks of most wikis: before reading the option (an enum's value is a property call)
            return []
        form = options.form.value
        if unicodedata.is_normalized(form, text):
            return []
        found = []
        for match in _RUN.finditer(text):
            chunk = match.group()
            normal = unicodedata.normalize(form, chunk)
            if normal != chunk:
                found.append(Edit(match.start(), match.end(), normal, self.id))
        return found
