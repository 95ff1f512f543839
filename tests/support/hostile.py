"""Hostile text for the output tests (issue 16): names and addresses that try to run script,
break out of attributes, reverse the text, draw emoji, or run for 10,000 characters.

``hostile_sample()`` gives the hand-made diagnosis of tests/unit/export_samples.py with these
strings as commune names, place names, addresses, the title and a source name.
"""
from __future__ import annotations

import sys
from pathlib import Path

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
QUOTES = "L'Hôpital-\"du\"-Bourg & <Cie> `x` ${alert(1)}"
RTL = "\u202eexe.GNP\u202c مكتبة عامة \u200f(RTL)"
EMOJI = "📚 Médiathèque 🎉 👩‍💻 🇫🇷"
LONG = "Saint-" + "".join(f"Longnom{i:04d}-" for i in range(900)) + "sur-Mer"     # 10,000+ characters
PAYLOADS = {"script": SCRIPT, "img": IMG, "quotes": QUOTES, "rtl": RTL, "emoji": EMOJI, "long": LONG}
# what a run of a payload's script would leave: these must never appear in a rendered page
ALERT_TRAP = ("<script>window.__alerts=0;window.alert=function(){window.__alerts++;"
              "document.documentElement.setAttribute('data-alert',String(window.__alerts));};</script>")


def hostile_sample():
    """(communes, services, metadata) with every payload in the places people read."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
    import export_samples as S

    communes = S.communes()
    names = list(communes["nom"])
    for k, text in zip((0, 2, 4, 5, 7, 8), PAYLOADS.values()):
        names[k] = text
    communes["nom"] = names
    services = S.services()
    services["name"] = [SCRIPT, IMG, QUOTES, RTL, EMOJI, LONG, "Mairie <b>gras</b>"]
    services["address"] = [IMG, SCRIPT, LONG[:300], RTL, EMOJI, QUOTES, ""]
    meta = S.metadata()
    meta["title"] = "Diagnostic " + SCRIPT + " " + EMOJI
    meta["sources"][0]["source"] = "Communes " + IMG
    meta["sources"][0]["producer"] = QUOTES
    return communes, services, meta
