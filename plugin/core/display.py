"""Text from the data as people see it in the outputs: names, addresses, titles, sources.

Whatever a file holds, what reaches a page is plain text (the web map puts it in text nodes, the
report's templates escape it, the dock escapes it, the atlas draws it as plain text) and it is
made harmless for layout here, once, where names enter an output:

- bidirectional *override* and *isolate* controls are removed: U+202E in
  "\\u202eexe.GNP" would show "PNG.exe" and reverse the text around it (right-to-left scripts
  themselves are kept and shown in their own direction);
- other control characters become spaces, runs of spaces one space;
- a text longer than its limit is cut with "…" (a 10,000-character "name" must not fill a page).

The data itself (exports, layers) keeps the text as it was read.
"""
from __future__ import annotations

import re

NAME_LIMIT = 80          # the longest commune name of France has 45 characters
ADDRESS_LIMIT = 160
TITLE_LIMIT = 120

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SPACES = re.compile(r"[ \t\r\n]+")


def text(value, limit: int = NAME_LIMIT) -> str:
    """``value`` as displayable text: no bidi overrides, no controls, at most ``limit`` characters."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    s = _BIDI.sub("", str(value))
    s = _SPACES.sub(" ", _CONTROLS.sub(" ", s)).strip()
    if len(s) > limit:
        s = s[: max(1, limit - 1)].rstrip() + "…"
    return s


def qgis_expression(field_expression: str, limit: int = NAME_LIMIT) -> str:
    """The same rule as a QGIS expression (atlas titles, map labels: QGIS draws them itself):
    bidi overrides removed, cut at ``limit`` characters with "…"."""
    clean = f"regexp_replace(coalesce(to_string({field_expression}), ''), '[\u202a-\u202e\u2066-\u2069]', '')"
    return f"CASE WHEN length({clean}) > {limit} THEN left({clean}, {limit - 1}) || '…' ELSE {clean} END"


def column(series, limit: int = NAME_LIMIT):
    """A text column for display (values that are no text are left alone)."""
    return series.map(lambda v: text(v, limit) if isinstance(v, str) else v)


_FRAME_LIMITS = {"nom": NAME_LIMIT, "name": NAME_LIMIT, "epci_nom": NAME_LIMIT, "nom_commune": NAME_LIMIT,
                 "address": ADDRESS_LIMIT, "adresse": ADDRESS_LIMIT, "nom_voie": ADDRESS_LIMIT}
_META_LIMITS = {"title": TITLE_LIMIT, "territory_name": TITLE_LIMIT, "subtitle": TITLE_LIMIT}
SOURCE_LIMIT = 300       # source lines wrap in footers: long official titles must stay whole
_SOURCE_LIMITS = {"source": SOURCE_LIMIT, "producer": SOURCE_LIMIT, "licence": SOURCE_LIMIT, "vintage": 40}


def frame(data):
    """A copy of a table with its name and address columns made displayable (None stays None)."""
    if data is None:
        return None
    cols = [c for c in _FRAME_LIMITS if c in data.columns]
    if not cols:
        return data
    out = data.copy()
    for c in cols:
        if out[c].dtype == object or str(out[c].dtype) in ("string", "str"):
            out[c] = column(out[c], _FRAME_LIMITS[c])
    out.attrs = dict(data.attrs)
    return out


def metadata(meta):
    """A copy of a run's metadata with its title and source texts made displayable."""
    if not isinstance(meta, dict):
        return meta
    out = dict(meta)
    for key, limit in _META_LIMITS.items():
        if isinstance(out.get(key), str):
            out[key] = text(out[key], limit)
    if isinstance(out.get("sources"), list):
        out["sources"] = [{k: (text(v, _SOURCE_LIMITS[k]) if k in _SOURCE_LIMITS and isinstance(v, str) else v)
                           for k, v in s.items()} if isinstance(s, dict) else s for s in out["sources"]]
    return out


def for_display(communes, services=None, meta=None):
    """``(communes, services, metadata)`` made displayable, for an output builder."""
    return frame(communes), frame(services), metadata(meta)
