"""The offline workshop bundle: one folder a trainer puts on a USB stick — the web map, the
workshop sheets (one page per commune, HTML and PDF), the mapping-party checklist and its .osm
proposals, and a start page. Every page is self-contained (scripts, styles and pictures inlined):
it opens from the stick with no network and no QGIS.

The folder is written beside its destination and renamed into place when complete, so a failure
never leaves half a bundle.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from ..errors import ParameterError
from ..presentation.language import lang_of
from .words import say
from .sheet_render import map_png, render_pdf, sheet_html, _CSS

_T = {
    "title": {"fr": "Atelier numérique — {territory}", "en": "Digital workshop — {territory}"},
    "intro": {"fr": "Ce dossier s'ouvre sans internet et sans logiciel de carte : double-cliquez sur une page.",
              "en": "This folder opens without internet and without map software: double-click a page."},
    "map": {"fr": "La carte du territoire", "en": "The map of the territory"},
    "map_note": {"fr": "les communes et les lieux d'aide ; cliquez sur un lieu pour ses horaires.",
                 "en": "the communes and the places that help; click a place for its opening hours."},
    "sheets": {"fr": "Les fiches atelier, une page par commune", "en": "The workshop sheets, one page per commune"},
    "sheets_pdf": {"fr": "Toutes les fiches à imprimer (PDF)", "en": "All the sheets to print (PDF)"},
    "checklist": {"fr": "La liste de la cartopartie", "en": "The mapping-party checklist"},
    "checklist_note": {"fr": "les lieux à ajouter ou à compléter dans OpenStreetMap, et le fichier à ouvrir dans "
                             "JOSM.", "en": "the places to add or complete in OpenStreetMap, and the file to open "
                                            "in JOSM."},
    "made": {"fr": "Dossier produit le {date} avec TerriDiag.", "en": "Folder made on {date} with TerriDiag."},
    "no_leaflet": {"fr": "Attention : la carte a besoin d'internet (la bibliothèque Leaflet n'a pas été trouvée "
                         "sur l'ordinateur qui l'a produite).",
                   "en": "Warning: the map needs the internet (the Leaflet library was not found on the computer "
                         "that made it)."},
}


def t(key: str, lang: str, **kw) -> str:
    return say(_T, key, lang, **kw)


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "commune"


def _page(title: str, body: str, lang: str) -> str:
    return (f"<!DOCTYPE html><html lang=\"{lang_of(lang)}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>")


def write_bundle(folder, sheets, communes, services=None, metadata=None, *, indicator: str = "share_within",
                 lang: str = "fr", pack=None, territory: str = "", date: str = "", leaflet=None,
                 feedback=None) -> dict:
    """Write the bundle into ``folder`` (new, or empty); returns {"folder", "index", "map", "sheets",
    "sheets_pdf", "checklist", "josm", "leaflet_inlined"}. ``pack``: a mapping-party
    ``osm_pack.pack.PackResult`` (optional)."""
    from ..export.leaflet_assets import find_leaflet
    from ..export.webmap import write_web_map
    from ..osm_pack.checklist import write_checklist
    from ..osm_pack.josm import write_osm_file
    from ..progress import ensure

    fb = ensure(feedback)
    lang = lang_of(lang)
    target = Path(folder)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ParameterError("the bundle folder must be new or empty", path=str(target),
                             hint="choose a new folder name (it will be created)")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise ParameterError("the folder that should hold the bundle does not exist", path=str(parent),
                             hint="create it or choose another place")
    if not sheets:
        raise ParameterError("no workshop sheet to put in the bundle", hint="check the communes and places")
    leaflet = leaflet or find_leaflet()
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=str(parent)))
    try:
        (work / "fiches").mkdir()
        fb.set_progress(5)
        write_web_map(work / "carte.html", communes, services, metadata, indicator, lang=lang, leaflet=leaflet)
        fb.check()
        fb.set_progress(30)
        links = []
        for k, s in enumerate(sheets):
            name = f"fiches/{s.code}-{slug(s.commune)}.html"
            (work / name).write_text(_page(s.title, sheet_html(s, communes, map_png(s, communes)), lang),
                                     encoding="utf-8")
            links.append((s, name))
            if k % 10 == 0:
                fb.check()
                fb.set_progress(30 + 40 * k / len(sheets))
        render_pdf(work / "fiches.pdf", sheets, communes)
        fb.set_progress(85)
        has_pack = pack is not None
        if has_pack:
            (work / "cartopartie").mkdir()
            write_osm_file(work / "cartopartie" / "propositions.osm", pack)
            write_checklist(pack, work / "cartopartie" / "liste.html", work / "cartopartie" / "liste.pdf",
                            lang=lang, josm_name="propositions.osm")
        esc = html.escape
        title = t("title", lang, territory=territory or (metadata or {}).get("title", "") or "")
        body = [f"<section class=\"sheet\"><h1>{esc(title.rstrip(' —'))}</h1><p class=\"sub\">{esc(t('intro', lang))}</p>",
                f"<h2><a href=\"carte.html\">{esc(t('map', lang))}</a></h2><p>{esc(t('map_note', lang))}</p>"]
        if not leaflet.offline:
            body.append(f"<p><b>{esc(t('no_leaflet', lang))}</b></p>")
        body.append(f"<h2>{esc(t('sheets', lang))}</h2><p><a href=\"fiches.pdf\">{esc(t('sheets_pdf', lang))}</a></p>"
                    "<ul style=\"columns: 3 14em; padding-left: 1.2em\">")
        # communes in alphabetical order, accents aside (Éloie with the E), in columns
        ordered = sorted(links, key=lambda item: (slug(item[0].commune), item[0].code))
        body += [f"<li><a href=\"{esc(name)}\">{esc(s.commune)}</a> <span class=\"muted\">({esc(s.code)})</span></li>"
                 for s, name in ordered]
        body.append("</ul>")
        if has_pack:
            body.append(f"<h2><a href=\"cartopartie/liste.html\">{esc(t('checklist', lang))}</a></h2>"
                        f"<p>{esc(t('checklist_note', lang))} <a href=\"cartopartie/propositions.osm\">propositions.osm</a></p>")
        body.append(f"<p class=\"small\">{esc(t('made', lang, date=date or sheets[0].date))}</p></section>")
        (work / "index.html").write_text(_page(title, "\n".join(body), lang), encoding="utf-8")
        if target.exists():
            target.rmdir()
        os.replace(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    fb.set_progress(100)
    return {"folder": target, "index": target / "index.html", "map": target / "carte.html",
            "sheets": [target / name for _s, name in links], "sheets_pdf": target / "fiches.pdf",
            "checklist": target / "cartopartie" / "liste.html" if has_pack else None,
            "josm": target / "cartopartie" / "propositions.osm" if has_pack else None,
            "leaflet_inlined": bool(leaflet.offline)}
