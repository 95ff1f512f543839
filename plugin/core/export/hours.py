"""OpenStreetMap-style opening hours ("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00") written for
people in the output's language ("lun.–ven. 9h–12h, 14h–17h" / "Mon–Fri 09:00–12:00, 14:00–17:00").

Only the common subset is read: rules separated by ``;``, each with optional weekdays (``Mo``,
``Mo-Fr``, ``Mo,We``, ``PH``) and time ranges or ``off``/``closed``, and ``24/7``. A later rule
replaces an earlier one on the days it names, as in OSM. Anything else (months, week numbers,
comments, ``||`` fallbacks, "sur rendez-vous"…) is returned unchanged: the text is never guessed
at. The result is plain text; the outputs escape it like every other text from the data.
"""
from __future__ import annotations

import re

DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
DAY_NAMES = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "fr": ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."),
}
_TIME = r"(?:[01]?\d|2[0-4]):[0-5]\d"
_RANGE = re.compile(rf"^({_TIME})\s*-\s*({_TIME})$")
_DAY_ITEM = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:\s*-\s*(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_RULE = re.compile(r"^((?:(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:\s*-\s*(?:Mo|Tu|We|Th|Fr|Sa|Su))?\s*,\s*)*"
                   r"(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:\s*-\s*(?:Mo|Tu|We|Th|Fr|Sa|Su))?)?\s*(.*)$")
OFF = "off"


def _time(text: str, lang: str) -> str:
    h, m = text.split(":")
    if lang == "fr":
        return f"{int(h)}h{m}" if m != "00" else f"{int(h)}h"
    return f"{int(h):02d}:{m}"


def _times(text: str, lang: str) -> str | None:
    """ "09:00-12:00,14:00-17:00" in ``lang``; None when it is not a list of time ranges."""
    text = text.strip()
    if text.lower() in ("off", "closed"):
        return OFF
    out = []
    for part in text.split(","):
        m = _RANGE.match(part.strip())
        if not m:
            return None
        # word joiners round the dash: a narrow popup wraps between ranges, not inside one
        out.append(f"{_time(m.group(1), lang)}\u2060\u2013\u2060{_time(m.group(2), lang)}")
    return ", ".join(out) if out else None


def _days(text: str) -> list[int | str] | None:
    """Weekday indexes (0 = Monday) and "PH" named by a selector such as "Mo-Fr,Su,PH"."""
    out: list[int | str] = []
    for item in text.split(","):
        item = item.strip()
        if item == "PH":
            out.append("PH")
            continue
        m = _DAY_ITEM.match(item)
        if not m:
            return None
        a = DAYS.index(m.group(1))
        b = DAYS.index(m.group(2)) if m.group(2) else a
        k = a
        while True:              # wraps round the week: Sa-Mo is Sat, Sun, Mon
            out.append(k)
            if k == b:
                break
            k = (k + 1) % 7
    return out


def parse(text: str) -> dict | None:
    """{day index or "PH": times text ("09:00-12:00" as written, or "off")} — or None when the
    text is not in the subset this module reads."""
    text = (text or "").strip().rstrip(";").strip()
    if not text:
        return None
    if text == "24/7":
        return {"24/7": True}
    schedule: dict = {}
    for rule in text.split(";"):
        rule = rule.strip()
        if not rule:
            continue
        m = _RULE.match(rule)
        if not m or not m.group(2).strip():
            return None
        days = _days(m.group(1)) if m.group(1) else list(range(7))
        if days is None or _times(m.group(2), "en") is None:
            return None
        for d in days:
            schedule[d] = m.group(2).strip()
    return schedule or None


def humanize(text, lang: str = "en") -> str:
    """The opening hours in ``lang``, consecutive days with the same hours grouped; unreadable
    text comes back as it was."""
    from ..presentation.language import colon
    from ..presentation.vocabulary import word as t

    raw = "" if text is None else str(text)
    schedule = parse(raw)
    if schedule is None:
        return raw
    if "24/7" in schedule:
        return t("always_open", lang)
    names = DAY_NAMES.get(lang, DAY_NAMES["en"])

    def hours(spec):
        v = _times(spec, lang)
        return t("closed", lang) if v == OFF else v

    runs: list[tuple[int, int, str]] = []     # consecutive days with the same hours
    for d in range(7):
        if d not in schedule:
            continue
        h = hours(schedule[d])
        if runs and runs[-1][1] == d - 1 and runs[-1][2] == h:
            runs[-1] = (runs[-1][0], d, h)
        else:
            runs.append((d, d, h))
    by_hours: dict[str, list[str]] = {}     # runs with the same hours on one line, in day order
    for a, b, h in runs:
        days = [names[a]] if a == b else ([names[a], names[b]] if b == a + 1 else [f"{names[a]}\u2013{names[b]}"])
        by_hours.setdefault(h, []).extend(days)
    lines = [f"{', '.join(days)} {h}" for h, days in by_hours.items()]
    if "PH" in schedule:
        lines.append(f"{t('public_holidays', lang)}{colon(lang)}{hours(schedule['PH'])}")
    return "\n".join(lines)
