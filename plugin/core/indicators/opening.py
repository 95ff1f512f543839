"""Access that knows opening hours: which places are open in a time window ("Saturday morning",
"after 18:00 on a weekday", "at some time in the week"), and the share of the population near a
place open then.

Hours are the OSM ``opening_hours`` syntax: the mediation schema's ``horaires`` is written in it,
and the France Services reader turns the ANCT day columns (``h_lundi`` … ``h_samedi``) into it.
They are evaluated by **opening-hours-py** (the OSM specification, maintained, Rust core), an
optional dependency: without it :func:`library` raises a :class:`MissingDependency` that says how
to install it. No opening-hours parsing is done here.

A window is itself an ``opening_hours`` expression (``"Sa 09:00-12:00"``), evaluated on one real
week (public holidays of that week apply, ``PH off`` included). A place is *open in the window*
when it is open for at least ``min_minutes`` in a row inside it. A place whose hours are missing,
cannot be read, or say "unknown" then is counted apart (``unknown``), never as closed; the
shares are given twice: counting only places known to be open, and counting places of unknown
hours as open too (an upper bound).
"""
from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

from ..errors import MissingDependency, ParameterError

LIBRARY = "opening-hours-py"
INSTALL_HINT = ("install the Python package opening-hours-py (QGIS's Python: python -m pip install "
                "opening-hours-py; on Windows from the OSGeo4W Shell), then restart QGIS")

# Preset windows: id -> OSM opening_hours expression of the window (None: no window, any time).
WINDOWS = {
    "any": None,
    "week": "Mo-Su 00:00-24:00",
    "saturday_morning": "Sa 09:00-12:00",
    "weekday_evening": "Mo-Fr 18:00-22:00",
}
WINDOW_ORDER = ("any", "saturday_morning", "weekday_evening", "week")
WINDOW_LABELS = {
    "any": {"en": "any time (hours not taken into account)", "fr": "à toute heure (horaires non pris en compte)"},
    "week": {"en": "open at some time in the week", "fr": "ouvert au moins une fois dans la semaine"},
    "saturday_morning": {"en": "open on Saturday morning (9:00–12:00)",
                         "fr": "ouvert le samedi matin (9\u00a0h – 12\u00a0h)"},
    "weekday_evening": {"en": "open after 18:00 on a weekday (Mon–Fri)",
                        "fr": "ouvert après 18\u00a0h en semaine (du lundi au vendredi)"},
}
DEFAULT_MIN_MINUTES = 60
COUNTRY = "FR"                      # public-holiday calendar of the evaluated week
STATUSES = ("open", "closed", "unknown")


def library():
    """The ``opening_hours`` module of opening-hours-py, or a MissingDependency in words."""
    try:
        import opening_hours
    except ImportError as exc:
        raise MissingDependency(
            "opening hours cannot be evaluated: the library opening-hours-py is not installed",
            hint=INSTALL_HINT) from exc
    return opening_hours


def library_version() -> str:
    try:
        from importlib.metadata import version
        return f"{LIBRARY} {version(LIBRARY)}"
    except Exception:  # noqa: BLE001 - a version we cannot read is not an error
        return LIBRARY


def available() -> bool:
    try:
        library()
    except MissingDependency:
        return False
    return True


# --------------------------------------------------------------------------------------------
# the window and the week

def window_expression(open_at: str | None) -> tuple[str, str | None]:
    """(preset id or "custom", OSM expression or None) of the OPEN_AT parameter: a preset id, or
    an opening_hours expression of its own ("Tu,Th 17:00-20:00")."""
    key = (open_at or "").strip()
    if not key or key.lower() == "any":
        return "any", None
    if key.lower() in WINDOWS:
        return key.lower(), WINDOWS[key.lower()]
    oh = library()
    try:
        oh.OpeningHours(key)
    except Exception as exc:  # ParserError (not a SyntaxError subclass in every version)
        raise ParameterError(f"the time window {key!r} is neither a preset ({', '.join(WINDOW_ORDER)}) "
                             f"nor an OpenStreetMap opening_hours expression: {str(exc).splitlines()[0]}",
                             hint='e.g. saturday_morning, weekday_evening, week, or "Tu,Th 17:00-20:00"') from None
    return "custom", key


def window_label(open_at: str | None, lang: str = "en") -> str:
    preset, expr = (open_at, WINDOWS.get(open_at)) if open_at in WINDOWS else ("custom", open_at)
    if preset in WINDOW_LABELS:
        return WINDOW_LABELS[preset]["fr" if (lang or "en")[:2] == "fr" else "en"]
    return (f"ouvert dans le créneau « {expr} »" if (lang or "en")[:2] == "fr"
            else f"open in the window '{expr}'")


def _monday(day: _dt.date) -> _dt.date:
    return day - _dt.timedelta(days=day.weekday())


def holidays_in_week(monday: _dt.date) -> list[str]:
    """The public holidays (ISO dates) of the week starting on ``monday``, from the library's
    French calendar."""
    oh = library()
    start = _dt.datetime.combine(monday, _dt.time())
    out = []
    for a, _b, state, _c in oh.OpeningHours("PH", country=COUNTRY).intervals(start, start + _dt.timedelta(days=7)):
        if state == oh.State.OPEN:
            out.append(a.date().isoformat())
    return out


def reference_week(week=None, today: _dt.date | None = None) -> _dt.date:
    """The Monday of the evaluated week: the week of ``week`` (a date or ISO text) when given,
    else the first week from this one with no public holiday (an ordinary week)."""
    if week not in (None, ""):
        if isinstance(week, str):
            try:
                week = _dt.date.fromisoformat(week.strip()[:10])
            except ValueError:
                raise ParameterError(f"the week {week!r} is not a date", hint="write it as 2024-09-02") from None
        if isinstance(week, _dt.datetime):
            week = week.date()
        return _monday(week)
    monday = _monday(today or _dt.date.today())
    for _ in range(8):
        if not holidays_in_week(monday):
            return monday
        monday += _dt.timedelta(days=7)
    return monday


# --------------------------------------------------------------------------------------------
# evaluation

def _minutes(t: _dt.datetime, start: _dt.datetime) -> float:
    return (t - start).total_seconds() / 60.0


def _spans(oh_module, expr_obj, start, end, state) -> np.ndarray:
    """[[from, to], …] minutes since ``start`` where the expression is in ``state``; touching
    spans joined (the library splits where only the comment changes)."""
    out: list[list[float]] = []
    for a, b, st, _comment in expr_obj.intervals(start, end):
        if st != state:
            continue
        a_m, b_m = _minutes(max(a, start), start), _minutes(min(b, end), start)
        if out and abs(out[-1][1] - a_m) < 1e-9:
            out[-1][1] = b_m
        elif b_m > a_m:
            out.append([a_m, b_m])
    return np.asarray(out, dtype=float).reshape(-1, 2)


def _longest_overlap(spans: np.ndarray, window: np.ndarray) -> float:
    """The longest stretch (minutes) of ``spans`` inside one span of ``window``."""
    if not len(spans) or not len(window):
        return 0.0
    lo = np.maximum(spans[:, None, 0], window[None, :, 0])
    hi = np.minimum(spans[:, None, 1], window[None, :, 1])
    return float(np.clip(hi - lo, 0.0, None).max())


def _comment(expr_obj, start, end) -> str:
    seen = []
    for _a, _b, st, comment in expr_obj.intervals(start, end):
        if comment and comment not in seen:
            seen.append(comment)
    return "; ".join(seen)


def _parse_failure(text: str, exc: Exception) -> str:
    """Where the library stopped reading, in words ("unreadable opening hours from character 37:
    'Tu 12:30'")."""
    import re
    m = re.search(r"-->\s*\d+:(\d+)", str(exc))
    if not m:
        return "unreadable opening hours"
    at = int(m.group(1))
    return f"unreadable opening hours from character {at}: {text[max(0, at - 9):at + 12]!r}"


def classify_hours(hours, open_at: str | None, week=None, min_minutes: float = DEFAULT_MIN_MINUTES,
                   today: _dt.date | None = None) -> tuple[pd.DataFrame, dict]:
    """Status of each opening_hours text in the window.

    Returns a frame (same order as ``hours``) with ``hours_status`` (open / closed / unknown),
    ``open_minutes`` (longest stretch open inside the window, NaN when unknown), ``hours_reason``
    (why a status is unknown) and ``hours_comment`` (the comments of the expression, e.g. "sur
    rendez-vous"), and the window's record (preset, expression, week, minimum).
    """
    if not np.isfinite(min_minutes) or min_minutes <= 0:
        raise ParameterError("the minimum opening time must be a positive number of minutes", hint="e.g. 60")
    oh = library()
    preset, expr = window_expression(open_at)
    monday = reference_week(week, today)
    start = _dt.datetime.combine(monday, _dt.time())
    end = start + _dt.timedelta(days=7)
    window = (_spans(oh, oh.OpeningHours(expr, country=COUNTRY), start, end, oh.State.OPEN)
              if expr else np.array([[0.0, 7 * 1440.0]]))
    texts = pd.Series(hours, dtype=object).fillna("").astype(str).str.strip().reset_index(drop=True)
    uniq, inverse = np.unique(texts.to_numpy(dtype=object).astype(str), return_inverse=True)
    status = np.empty(len(uniq), dtype=object)
    minutes = np.full(len(uniq), np.nan)
    reason = np.full(len(uniq), "", dtype=object)
    comment = np.full(len(uniq), "", dtype=object)
    for k, text in enumerate(uniq):          # one evaluation per distinct text, not per place
        if not text:
            status[k], reason[k] = "unknown", "no opening hours"
            continue
        try:
            parsed = oh.OpeningHours(text, country=COUNTRY)
        except Exception as exc:  # noqa: BLE001 - the library's ParserError
            status[k], reason[k] = "unknown", _parse_failure(text, exc)
            continue
        comment[k] = _comment(parsed, start, end)
        opened = _longest_overlap(_spans(oh, parsed, start, end, oh.State.OPEN), window)
        minutes[k] = opened
        if opened >= min_minutes:
            status[k] = "open"
        elif _longest_overlap(_spans(oh, parsed, start, end, oh.State.UNKNOWN), window) > 0:
            status[k], reason[k] = "unknown", "the hours say unknown in the window"
            minutes[k] = np.nan
        else:
            status[k] = "closed"
    frame = pd.DataFrame({"hours_status": status[inverse], "open_minutes": minutes[inverse],
                          "hours_reason": reason[inverse], "hours_comment": comment[inverse]})
    record = {"open_at": preset, "window": expr, "week_start": monday.isoformat(),
              "week_end": (monday + _dt.timedelta(days=6)).isoformat(),
              "public_holidays": holidays_in_week(monday), "min_minutes": float(min_minutes),
              "library": library_version(),
              "label": {"en": window_label(preset if preset != "custom" else expr, "en"),
                        "fr": window_label(preset if preset != "custom" else expr, "fr")}}
    return frame, record


def open_places(services: pd.DataFrame, open_at: str | None, week=None,
                min_minutes: float = DEFAULT_MIN_MINUTES, today: _dt.date | None = None) -> tuple[pd.DataFrame, dict]:
    """The service table with ``hours_status``, ``open_minutes``, ``hours_reason`` and
    ``hours_comment``, and the record of the window with the counts of places by status and the
    places of unknown hours (name, category, reason)."""
    hours = services["opening_hours"] if "opening_hours" in services.columns else pd.Series([""] * len(services))
    status, record = classify_hours(hours.to_numpy(dtype=object), open_at, week, min_minutes, today)
    out = services.copy()
    for c in status.columns:
        out[c] = status[c].to_numpy()
    record["places"] = {s: int((status["hours_status"] == s).sum()) for s in STATUSES}
    unknown = out[out["hours_status"] == "unknown"]
    record["unknown_places"] = [
        {"name": str(r.get("name", "")), "category": str(r.get("category", "")), "reason": str(r["hours_reason"])}
        for _, r in unknown.head(200).iterrows()]
    if "category" in out.columns:
        by = out.groupby(out["category"].astype(str))["hours_status"].value_counts().unstack(fill_value=0)
        record["places_by_category"] = {c: {s: int(by.loc[c].get(s, 0)) for s in STATUSES} for c in by.index}
    return out, record


def coverage_open_at(addresses, services: pd.DataFrame, open_at: str | None, thresholds_km=(5,),
                     category=None, *, communes=None, demand=None, week=None,
                     min_minutes: float = DEFAULT_MIN_MINUTES, population=None, roads=None,
                     mode: str = "drive", bands_min=(15, 30), max_snap_m: float | None = 1000.0,
                     today: _dt.date | None = None) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """Per commune, the share of the demand (population-weighted when known) within each
    threshold of a place open in the window: ``open_share_within_{k}km`` (places known to be
    open) and ``open_or_unknown_share_within_{k}km`` (places of unknown hours counted as open),
    with ``open_pop_within_{k}km`` (inhabitants) when there is a population; with ``roads`` (a
    road graph) also ``open_share_within_{b}min`` and ``open_or_unknown_share_within_{b}min``
    along the network (:func:`network.network_coverage_by_commune`, same demand).

    Returns (table, record, services with their status). The record has the territory's shares
    (``territory``) and the counts of places; a window where no place is open gives shares of 0,
    not an error (that is the answer).
    """
    from .coverage import _select_services, coverage_by_commune, fmt_km, make_demand

    svc = _select_services(services, category)
    svc, record = open_places(svc, open_at, week, min_minutes, today)
    dem = make_demand(addresses, communes, population, demand=demand)
    thresholds_km = [float(t) for t in (thresholds_km if np.ndim(thresholds_km) else [thresholds_km])]
    bands = [float(b) for b in (bands_min if np.ndim(bands_min) else [bands_min])]
    groups, labels, _source = dem.grouped()
    table = pd.DataFrame({"code_insee": labels.astype(str)})
    has_demand = np.bincount(groups, minlength=len(labels)) > 0
    weighted = dem.meta.get("weighting") == "population"
    record["territory"] = {}
    terr = record["territory"]
    for name, keep in (("open", svc["hours_status"] == "open"),
                       ("open_or_unknown", svc["hours_status"] != "closed")):
        chosen = svc[keep.to_numpy()]
        fields = [(f"share_within_{fmt_km(t)}km", True) for t in thresholds_km]
        if weighted:
            fields += [(f"pop_within_{fmt_km(t)}km", False) for t in thresholds_km]
        if roads is not None:
            fields += [(f"share_within_{fmt_km(b)}min", True) for b in bands]
        if chosen.empty:           # no place open then: nobody is near one
            for f, is_share in fields:
                table[f"{name}_{f}"] = np.where(has_demand, 0.0, np.nan)
                if is_share:
                    terr[f"{name}_{f}"] = 0.0
            continue
        cov = coverage_by_commune(addresses, chosen, thresholds_km=thresholds_km, demand=dem, communes=communes)
        whole = dict(cov.attrs.get("coverage", {}).get("territory", {}))
        frames = [cov.set_index("code_insee")]
        if roads is not None:
            from .network import network_coverage_by_commune
            net, nmeta = network_coverage_by_commune(addresses, chosen, roads, mode=mode, bands=bands,
                                                     communes=communes, demand=dem, max_snap_m=max_snap_m)
            whole.update(nmeta.get("territory", {}))
            frames.append(net.set_index("code_insee"))
        for f, is_share in fields:
            src = next(fr for fr in frames if f in fr.columns)
            table[f"{name}_{f}"] = src[f].reindex(table["code_insee"]).to_numpy(float)
            if is_share:
                terr[f"{name}_{f}"] = whole.get(f)
    record["thresholds_km"] = thresholds_km
    record["bands_min"] = bands if roads is not None else []
    record["weighting"] = dem.meta.get("weighting")
    return table, record, svc
