"""The title of an output and the place categories it shows first."""
from __future__ import annotations

from typing import Any

from .sources import is_synthetic
from .vocabulary import DIGITAL_HELP, word


def territory_name(metadata: dict[str, Any] | None, communes=None, lang: str = "en") -> str:
    """The territory's name: the metadata's ``territory_name``, else the one EPCI all communes
    belong to, else "demo territory" for synthetic data; "" when unknown."""
    meta = metadata or {}
    name = str(meta.get("territory_name") or "").strip()
    if name:
        return name
    if communes is not None and "epci_nom" in getattr(communes, "columns", ()):
        names = {str(v).strip() for v in communes["epci_nom"].dropna()} - {""}
        if len(names) == 1:
            return names.pop()
    return word("demo_territory", lang) if is_synthetic(meta) else ""


def default_title(metadata: dict[str, Any] | None, communes=None, lang: str = "en") -> str:
    """The output's title: the metadata's ``title``, else "Digital diagnosis — <territory>"."""
    title = str((metadata or {}).get("title") or "").strip()
    if title:
        return title
    name = territory_name(metadata, communes, lang)
    return f"{word('diagnosis', lang)} — {name}" if name else word("diagnosis", lang)


def headline_categories(metadata: dict[str, Any] | None, present) -> set[str]:
    """The place categories shown first, among ``present``: the diagnosis's headline categories
    (``parameters.category``; France Services and mediation places by default), or all of
    ``present`` when the places have none of those."""
    wanted = ((metadata or {}).get("parameters") or {}).get("category") or [c.value for c in DIGITAL_HELP]
    if isinstance(wanted, str):
        wanted = [wanted]
    present = {str(c) for c in present}
    return ({str(c) for c in wanted} & present) or present
