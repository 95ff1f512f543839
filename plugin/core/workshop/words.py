"""TerriDiag's own sentences of the workshop outputs (sheet, bundle, mapping-party checklist) in
the output's language: a table ``{key: {"fr": …, "en": …}}``, the data filled in, French
typography (no-break spaces, typographic apostrophes in TerriDiag's words, never in the data)."""
from __future__ import annotations

from ..presentation.language import apostrophes, fr_typography, lang_of


def say(table: dict, key: str, lang: str, **data) -> str:
    entry = table[key]
    template = entry.get(lang_of(lang)) or entry["en"]
    if lang_of(lang) == "fr":
        template = apostrophes(template)
    return fr_typography(template.format(**data), lang)
