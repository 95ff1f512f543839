"""OSM opening hours written for people, in French and English (plugin/core/export/hours.py)."""
from __future__ import annotations

import pytest

from terridiag.plugin.core.export.hours import humanize, parse

WJ = "\u2060\u2013\u2060"   # en dash between word joiners: a time range never breaks
DASH = "\u2013"


@pytest.mark.parametrize("text, fr, en", [
    ("Mo 09:30-12:30,14:00-16:30; Tu 09:30-12:30,14:00-16:30; We 09:30-12:30,14:00-16:30; "
     "Th 09:30-12:30,14:00-16:30; Fr 09:30-12:30,14:00-16:30",
     f"lun.{DASH}ven. 9h30{WJ}12h30, 14h{WJ}16h30", f"Mon{DASH}Fri 09:30{WJ}12:30, 14:00{WJ}16:30"),
    ("Tu,Th 14:00-18:00", f"mar., jeu. 14h{WJ}18h", f"Tue, Thu 14:00{WJ}18:00"),
    ("Mo-Sa 09:00-12:00; We off; PH off",
     f"lun., mar., jeu.{DASH}sam. 9h{WJ}12h\nmer. fermé\njours fériés\u00a0: fermé",
     f"Mon, Tue, Thu{DASH}Sat 09:00{WJ}12:00\nWed closed\npublic holidays: closed"),
    ("Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00",
     f"lun.{DASH}ven. 9h{WJ}12h, 13h30{WJ}17h\nsam. 9h{WJ}12h",
     f"Mon{DASH}Fri 09:00{WJ}12:00, 13:30{WJ}17:00\nSat 09:00{WJ}12:00"),
    ("24/7", "ouvert 24 h/24, 7 j/7", "open 24/7"),
    ("10:00-18:00", f"lun.{DASH}dim. 10h{WJ}18h", f"Mon{DASH}Sun 10:00{WJ}18:00"),
])
def test_translated(text, fr, en):
    assert humanize(text, "fr") == fr
    assert humanize(text, "en") == en


@pytest.mark.parametrize("text", [
    "sur rendez-vous", 'Mo-Fr 09:00-17:00 || "sur rendez-vous"', "Jan-Mar Mo 10:00-12:00",
    "<script>alert(1)</script>", "Mo 25:00-26:00", "Mo-Fr", "", "Lu-Ve 9h-12h",
])
def test_unreadable_text_is_kept_as_it_is(text):
    assert parse(text) is None
    assert humanize(text, "fr") == text and humanize(text, "en") == text
    assert humanize(None, "fr") == ""
