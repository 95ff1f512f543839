"""Languages of the outputs and French typography."""
from __future__ import annotations

import re
from enum import Enum

from ..errors import ParameterError

NBSP = "\u00a0"        # before ":" ";" "?" "!" "%" "»" in French, between a number and its unit
NNBSP = "\u202f"       # thousands separator in French: 1 234


class Language(str, Enum):
    """The languages TerriDiag writes its outputs in (the id is the two-letter code)."""

    FR = "fr"
    EN = "en"

    @property
    def label(self) -> str:
        """The language's own name, as a language menu shows it."""
        return {"fr": "français", "en": "English"}[self.value]


# The order of the LANGUAGE enum of the output algorithms (index 0 = French) and of the dock.
LANGUAGES = (Language.FR, Language.EN)


def check_lang(lang) -> str:
    """``lang`` as a language code TerriDiag writes ("fr", "en"); a clear error otherwise."""
    code = str(getattr(lang, "value", lang) or "")
    if code not in {x.value for x in Language}:
        raise ParameterError(f"unknown language '{lang}'", hint="use 'fr' or 'en'")
    return code


def lang_of(locale: str | None) -> str:
    """The output language for a locale ("fr_FR" -> "fr"); English for any other language."""
    return "fr" if str(locale or "")[:2].lower() == "fr" else "en"


def language_index(lang: str) -> int:
    """Position of ``lang`` in :data:`LANGUAGES` (the Processing LANGUAGE enum value)."""
    return [x.value for x in LANGUAGES].index(lang_of(lang))


def pick(texts: dict, lang: str) -> str:
    """``texts[lang]``, English when there is no text in that language."""
    return texts.get(lang_of(lang)) or texts["en"]


# A no-break space before ":" ";" "?" "!" "%" "»" and after "«" (a space before those signs, never
# the colon of a web address).
_FR_SPACES = re.compile(r"(?<=«) | (?=[:;?!%»](?:\s|$|[.,)]))")


def fr_typography(text: str, lang: str = "fr") -> str:
    """``text`` with French no-break spaces when ``lang`` is French (other languages unchanged):
    "Typologie : Desservi" -> "Typologie\u00a0: Desservi". Apostrophes are left as they are: the
    text may hold names from the data ("L'Isle-Adam")."""
    return _FR_SPACES.sub(NBSP, str(text)) if lang_of(lang) == "fr" else str(text)


def apostrophes(text: str) -> str:
    """Typographic apostrophes for TerriDiag's own French texts: "d'un lieu" -> "d’un lieu"."""
    return re.sub(r"(?<=\w)'(?=\w)", "’", str(text))


def colon(lang: str) -> str:
    """The label/value separator: "\u00a0: " in French, ": " in English."""
    return f"{NBSP}: " if lang_of(lang) == "fr" else ": "
