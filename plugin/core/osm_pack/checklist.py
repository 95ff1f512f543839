"""The printable checklist of a mapping party: the official places to add to OpenStreetMap, the
OSM places to complete, the places not checked (outside the extract), the matching thresholds,
sources and licences — as HTML (prints on A4) and as PDF (matplotlib, no browser needed).

Both are laid out from one list of sections (:func:`sections`), words from the presentation core.
"""
from __future__ import annotations

import datetime as _dt
import html

from ..export.atomic import atomic_path, check_output_path
from ..presentation.language import lang_of
from ..presentation.numbers import format_value
from ..presentation.sources import Licence, odbl_notice
from ..presentation.vocabulary import Category
from ..workshop.words import say
from .pack import PackResult

BOX = "\u2610"

_T = {
    "title": {"en": "Mapping party — places to check on the ground",
              "fr": "Cartopartie — lieux à vérifier sur le terrain"},
    "intro": {"en": "Official places compared with the OpenStreetMap extract {extract} (data of {vintage}). "
                    "Tick each line once checked on the spot.",
              "fr": "Lieux officiels comparés à l’extrait OpenStreetMap {extract} (données de {vintage}). "
                    "Cochez chaque ligne une fois vérifiée sur place."},
    "unknown_date": {"en": "unknown date", "fr": "date inconnue"},
    "rule": {"en": "An official place counts as present in OpenStreetMap when an OSM place less than {d}\u00a0m away "
                   "has a similar name (similarity at least {s}, from 0 to 1), or when an OSM place of the same kind "
                   "(town hall, library, post office, public-service counter) is less than {k}\u00a0m away.",
             "fr": "Un lieu officiel compte comme présent dans OpenStreetMap quand un lieu OSM à moins de {d}\u00a0m "
                   "porte un nom proche (ressemblance d’au moins {s}, de 0 à 1), ou quand un lieu OSM du même type "
                   "(mairie, bibliothèque, bureau de poste, guichet de service public) est à moins de {k}\u00a0m."},
    "missing": {"en": "Official places missing from OpenStreetMap ({n}) — to add",
                "fr": "Lieux officiels absents d’OpenStreetMap ({n}) — à ajouter"},
    "missing_none": {"en": "No official place is missing inside the extract.",
                     "fr": "Aucun lieu officiel ne manque dans l’emprise de l’extrait."},
    "nearest": {"en": "nearest OSM place: {what}, {d}", "fr": "lieu OSM le plus proche : {what}, à {d}"},
    "no_nearest": {"en": "no OSM public-service place nearby", "fr": "aucun lieu de service public OSM à proximité"},
    "josm": {"en": "Each one is proposed as a new point in the file {file}, to open in JOSM: check it on the spot "
                   "before sending anything to OpenStreetMap (the file asks JOSM to warn before any upload).",
             "fr": "Chacun est proposé comme un nouveau point dans le fichier {file}, à ouvrir dans JOSM : vérifiez-le "
                   "sur place avant tout envoi à OpenStreetMap (le fichier demande à JOSM d’avertir avant tout envoi)."},
    "complete": {"en": "OpenStreetMap places to complete ({n})", "fr": "Lieux OpenStreetMap à compléter ({n})"},
    "complete_none": {"en": "Every OSM public-service place of the extract has a name, opening hours, a website "
                            "and wheelchair information.",
                      "fr": "Tous les lieux de service public OSM de l’extrait ont un nom, des horaires, un site web et "
                            "une information d’accès en fauteuil roulant."},
    "lacks": {"en": "lacks: {tags}", "fr": "manque : {tags}"},
    "stands_for": {"en": "official place: {name}", "fr": "lieu officiel : {name}"},
    "outside": {"en": "Official places outside the extract ({n}) — not checked",
                "fr": "Lieux officiels hors de l’extrait ({n}) — non vérifiés"},
    "outside_note": {"en": "The OSM extract does not cover them: whether OpenStreetMap has them is unknown here.",
                     "fr": "L’extrait OSM ne les couvre pas : on ne sait pas ici s’ils sont dans OpenStreetMap."},
    "present": {"en": "Official places already in OpenStreetMap ({n})",
                "fr": "Lieux officiels déjà dans OpenStreetMap ({n})"},
    "matched_by": {"en": "{osm} at {d} ({rule})", "fr": "{osm} à {d} ({rule})"},
    "rule_name": {"en": "similar name, {s}", "fr": "nom proche, {s}"},
    "rule_kind": {"en": "same kind", "fr": "même type"},
    "sources": {"en": "Sources and licences", "fr": "Sources et licences"},
    "made": {"en": "Made with TerriDiag on {date}. Nothing was sent to OpenStreetMap.",
             "fr": "Produit avec TerriDiag le {date}. Rien n’a été envoyé à OpenStreetMap."},
    "official_sources": {"en": "Official places: {names} — {licence}: reuse allowed with the "
                               "source stated (keep the source tag).",
                         "fr": "Lieux officiels : {names} — {licence} : réutilisation libre en "
                               "citant la source (gardez l’étiquette source)."},
    "no_place": {"en": "The extract has no public-service place (town hall, library, post office, community centre, "
                       "social facility, government office, public internet access).",
                 "fr": "L’extrait n’a aucun lieu de service public (mairie, bibliothèque, bureau de poste, centre "
                       "social ou culturel, service social, administration, accès public à internet)."},
}
TAG_WORDS = {"name": {"en": "name", "fr": "nom"}, "opening_hours": {"en": "opening hours", "fr": "horaires"},
             "website": {"en": "website", "fr": "site web"},
             "wheelchair": {"en": "wheelchair access", "fr": "accès en fauteuil roulant"}}
KIND_WORDS = {"public_service": {"en": "public-service counter", "fr": "guichet de service public"},
              "community_centre": {"en": "community centre", "fr": "centre social ou culturel"},
              "social_facility": {"en": "social facility", "fr": "service social"},
              "government": {"en": "government office", "fr": "administration"},
              "internet_access": {"en": "public internet access", "fr": "accès public à internet"}}
SOURCE_NAMES = {"france_services": "France services (ANCT)", "mediation": "lieux de médiation numérique (ANCT / La MedNum)",
                "bpe": "Base permanente des équipements (INSEE)"}


def t(key: str, lang: str, **kw) -> str:
    return say(_T, key, lang, **kw)


def kind_label(kind: str, lang: str) -> str:
    if kind in KIND_WORDS:
        return KIND_WORDS[kind][lang_of(lang)]
    return Category.label_of(kind, lang)


def _dist(m, lang) -> str:
    return format_value(m, "m", lang)


def sections(result: PackResult, lang: str = "fr", josm_name: str = "propositions.osm") -> list[dict]:
    """[{"title", "notes": [...], "rows": [(main, detail), ...], "boxes": bool}] in reading order."""
    lang = lang_of(lang)
    meta, off = result.meta, result.official
    th = meta["thresholds"]
    sim = f"{th['min_similarity']:g}".replace(".", "," if lang == "fr" else ".")
    out = [{"title": t("title", lang), "notes": [
        t("intro", lang, extract=meta["extract"]["path"].split("/")[-1],
          vintage=meta["extract"]["vintage"] or t("unknown_date", lang)),
        t("rule", lang, d=f"{th['max_distance_m']:g}", s=sim, k=f"{th['same_kind_m']:g}")], "rows": [], "boxes": False}]
    missing = result.missing.sort_values(["category", "name"])
    rows = []
    for _, r in missing.iterrows():
        main = f"{r['name']} — {Category.label_of(r['category'], lang)}"
        near = (t("nearest", lang, what=r["nearest_osm"], d=_dist(r["nearest_osm_m"], lang))
                if r.get("nearest_osm") else t("no_nearest", lang))
        detail = "; ".join(x for x in (str(r.get("address", "") or ""), near) if x)
        rows.append((main, detail))
    out.append({"title": t("missing", lang, n=len(rows)), "rows": rows, "boxes": True,
                "notes": [t("josm", lang, file=josm_name)] if rows else [t("missing_none", lang)]})
    todo = result.to_complete.sort_values(["kind", "name"])
    rows = []
    for _, r in todo.iterrows():
        lacks = ", ".join(TAG_WORDS[x][lang] for x in str(r["missing_tags"]).split("|") if x)
        main = f"{r['name'] or '(' + TAG_WORDS['name'][lang] + ' ?)'} — {kind_label(r['kind'], lang)} ({r['osm_ref']})"
        detail = t("lacks", lang, tags=lacks)
        if r.get("official_name"):
            detail += "; " + t("stands_for", lang, name=r["official_name"])
        rows.append((main, detail))
    notes = [] if rows else [t("complete_none", lang) if len(result.osm) else t("no_place", lang)]
    out.append({"title": t("complete", lang, n=len(rows)), "rows": rows, "boxes": True, "notes": notes})
    present = off[off["status"] == "in_osm"].sort_values(["category", "name"])
    rows = []
    for _, r in present.iterrows():
        rule = (t("rule_name", lang, s=f"{r['name_similarity']:.2f}".replace(".", "," if lang == "fr" else "."))
                if r["match_rule"] == "name" else t("rule_kind", lang))
        rows.append((f"{r['name']} — {Category.label_of(r['category'], lang)}",
                     t("matched_by", lang, osm=f"{r['osm_ref']} {r['osm_name']}".strip(),
                       d=_dist(r["match_distance_m"], lang), rule=rule)))
    if rows:
        out.append({"title": t("present", lang, n=len(rows)), "rows": rows, "boxes": False, "notes": []})
    outside = off[off["status"] == "outside_extract"].sort_values(["category", "name"])
    rows = [(f"{r['name']} — {Category.label_of(r['category'], lang)}", str(r.get("address", "") or ""))
            for _, r in outside.iterrows()]
    if rows:
        out.append({"title": t("outside", lang, n=len(rows)), "rows": rows, "boxes": False,
                    "notes": [t("outside_note", lang)]})
    srcs = sorted({str(s) for s in off.get("source", [])} if len(off) else set())
    names = ", ".join(SOURCE_NAMES.get(s, s) for s in srcs) or "—"
    out.append({"title": t("sources", lang), "rows": [], "boxes": False, "notes": [
        t("official_sources", lang, names=names, licence=Licence.OUVERTE.label(lang)), odbl_notice(lang),
        t("made", lang, date=meta.get("created") or _dt.date.today().isoformat())]})
    return out


_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 15pt; margin: 0 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }
p.note { margin: 1mm 0; } ul { list-style: none; padding-left: 0; margin: 0; }
li { padding: 1.5mm 0; border-bottom: 1px dotted #bbb; break-inside: avoid; }
.box { font-size: 13pt; margin-right: 2mm; } .detail { color: #444; font-size: 9.5pt; margin-left: 7mm; display: block; }
"""


def render_html(result: PackResult, lang: str = "fr", josm_name: str = "propositions.osm") -> str:
    esc = html.escape
    parts = [f"<!DOCTYPE html><html lang=\"{lang_of(lang)}\"><head><meta charset=\"utf-8\">"
             f"<title>{esc(t('title', lang))}</title><style>{_CSS}</style></head><body>"]
    for k, sec in enumerate(sections(result, lang, josm_name)):
        parts.append(f"<h1>{esc(sec['title'])}</h1>" if k == 0 else f"<h2>{esc(sec['title'])}</h2>")
        parts += [f"<p class=\"note\">{esc(n)}</p>" for n in sec["notes"]]
        if sec["rows"]:
            parts.append("<ul>")
            for main, detail in sec["rows"]:
                box = f"<span class=\"box\">{BOX}</span>" if sec["boxes"] else ""
                parts.append(f"<li>{box}{esc(main)}<span class=\"detail\">{esc(detail)}</span></li>")
            parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render_pdf(path, result: PackResult, lang: str = "fr", josm_name: str = "propositions.osm") -> None:
    """A4 pages of wrapped lines (matplotlib's PDF backend)."""
    import textwrap

    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    lines: list[tuple[str, str, float]] = []      # (style, text, height in points)
    for k, sec in enumerate(sections(result, lang, josm_name)):
        lines.append(("h1" if k == 0 else "h2", sec["title"], 22 if k == 0 else 20))
        for n in sec["notes"]:
            lines += [("note", w, 12.5) for w in textwrap.wrap(n, 100)] + [("gap", "", 4)]
        for main, detail in sec["rows"]:
            first = textwrap.wrap(main, 90) or [""]
            lines.append(("box" if sec["boxes"] else "item", first[0], 13.5))
            lines += [("cont", w, 12.5) for w in first[1:]]
            lines += [("detail", w, 11.5) for w in textwrap.wrap(detail, 100)] + [("gap", "", 3)]
    style = {"h1": dict(size=14, weight="bold"), "h2": dict(size=11.5, weight="bold"), "note": dict(size=8.5),
             "box": dict(size=9.5), "item": dict(size=9.5), "cont": dict(size=9.5),
             "detail": dict(size=8, color="#444444"), "gap": dict(size=1)}
    width, height, margin = 595.0, 842.0, 40.0
    # TrueType fonts (42), not Type 3: the text of the PDF can be searched and copied
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(str(path)) as pdf:
        fig, y = None, 0.0
        for kind, text, h in lines:
            if fig is None or y - h < margin:
                if fig is not None:
                    pdf.savefig(fig)
                fig = Figure(figsize=(width / 72, height / 72))
                y = height - margin
            y -= h
            x = margin + (14 if kind in ("cont", "detail", "box", "item") else 0)
            if kind == "box":
                fig.text(margin / width, y / height, BOX, fontsize=11, family="DejaVu Sans")
            if text:
                fig.text(x / width, y / height, text, family="DejaVu Sans", **style[kind])
        if fig is not None:
            pdf.savefig(fig)
        info = pdf.infodict()
        info["Title"] = t("title", lang)
        info["Creator"] = "TerriDiag"


def write_checklist(result: PackResult, html_path=None, pdf_path=None, lang: str = "fr",
                    josm_name: str = "propositions.osm") -> dict:
    out = {}
    if html_path:
        p = check_output_path(html_path, (".html", ".htm"))
        with atomic_path(p) as tmp:
            tmp.write_text(render_html(result, lang, josm_name), encoding="utf-8")
        out["html"] = p
    if pdf_path:
        p = check_output_path(pdf_path, (".pdf",))
        with atomic_path(p) as tmp:
            render_pdf(tmp, result, lang, josm_name)
        out["pdf"] = p
    return out
