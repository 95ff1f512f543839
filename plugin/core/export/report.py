"""The diagnosis report: one territory page and one sheet per commune, in HTML and in PDF.

Each page has a map, the key figures against the territory, charts, the typology class, a
plain-language reading generated from the numbers (French or English), method notes and the
sources with vintages and licences. Masked (confidential) indicators stay masked: the report
prints "masked" and never a value, and territory averages leave masked communes out.

The PDF is laid out with matplotlib (PdfPages, Agg): no browser or extra renderer needed, the same
on Debian 12 and on current releases. The HTML is rendered by Jinja2 with autoescaping and embeds
its images (one file to send).
"""
from __future__ import annotations

import base64
import re
import datetime as _dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..progress import ensure
from .atomic import atomic_path, check_output_path, write_text_atomic
from .classes import display_series, masked_flags
from .fields import field_info, format_value, is_missing, label_with_unit
from .wording import (CATEGORY_COLOURS, category_label, check_lang, colon, default_title, fr_typography,
                      headline_categories, is_synthetic, source_lines, t, uses_osm)

RESOURCES = Path(__file__).resolve().parents[3] / "resources" / "report"
# Fields a sheet shows (those the table has), in order.
SHEET_FIELDS = ("population", "n_addresses", "share_within", "share_within_5km", "dist_median_m", "dist_p90_m",
                "time_median_min", "fsca_norm", "share_ftth", "share_thd30", "ftth_share", "thd30_share",
                "share_good_mobile", "ifn_global", "ifn_global_class", "ifn5_score", "typology")
COMPARE_FIELDS = ("share_within", "share_within_5km", "share_ftth", "share_thd30", "ftth_share", "thd30_share",
                  "share_good_mobile")
SUM_FIELDS = ("population", "n_addresses", "premises")
NO_TERRITORY = ("ifn_global_class", "ifn5_class", "typology", "typology_code")

WORDS = {
    "territory_report": {"en": "Territory report", "fr": "Rapport du territoire"},
    "commune_sheet": {"en": "Commune sheet", "fr": "Fiche communale"},
    "key_figures": {"en": "Key figures", "fr": "Chiffres clés"},
    "reading": {"en": "Reading", "fr": "Lecture"},
    "method": {"en": "Method notes", "fr": "Notes de méthode"},
    "typology": {"en": "Typology", "fr": "Typologie"},
    "indicator": {"en": "Indicator", "fr": "Indicateur"},
    "map_of": {"en": "Map", "fr": "Carte"},
    "comparison": {"en": "Commune and territory", "fr": "Commune et territoire"},
    "distribution": {"en": "Distribution over the communes", "fr": "Répartition des communes"},
    "typology_counts": {"en": "Communes by typology class", "fr": "Communes par classe de typologie"},
    "contents": {"en": "Commune sheets", "fr": "Fiches communales"},
    "page": {"en": "page", "fr": "page"},
    "sources_more": {"en": "and {n} more (see the territory report)", "fr": "et {n} autres (voir le rapport du territoire)"},
}


def w(key: str, lang: str, **kw) -> str:
    text = WORDS[key].get(lang) or WORDS[key]["en"]
    return text.format(**kw) if kw else text


# -- numbers ------------------------------------------------------------------------------------

def _num(row, f):
    v = row.get(f) if hasattr(row, "get") else None
    try:
        v = float(v)
    except (TypeError, ValueError):
        return np.nan
    return v


def sheet_fields(communes) -> list[str]:
    """The fields the sheets show: those the table has with at least one value."""
    fields = [f for f in SHEET_FIELDS if f in communes.columns and communes[f].notna().any()]
    if "share_within" in fields and "share_within_5km" in fields:
        a = pd.to_numeric(communes["share_within"], errors="coerce").to_numpy(float)
        b = pd.to_numeric(communes["share_within_5km"], errors="coerce").to_numpy(float)
        if np.allclose(a, b, equal_nan=True):   # same threshold: say it once
            fields.remove("share_within_5km")
    return fields


def territory_figures(communes, metadata: dict | None = None) -> dict[str, float]:
    """Territory value of each field: sums for counts; otherwise the mean of the communes with a
    value, weighted by addresses (address-based fields) or population; the diagnosis's own
    all-address figure for the share within the threshold when the metadata has it."""
    out: dict[str, float] = {}
    n_addr = pd.to_numeric(communes.get("n_addresses"), errors="coerce") if "n_addresses" in communes else None
    pop = pd.to_numeric(communes.get("population"), errors="coerce") if "population" in communes else None
    for f in communes.columns:
        if f in NO_TERRITORY or f == getattr(communes, "_geometry_column_name", "geometry"):
            continue
        s = communes[f]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            continue
        v = pd.to_numeric(s, errors="coerce").to_numpy(float)
        if f in SUM_FIELDS:
            out[f] = float(np.nansum(v))
            continue
        info = field_info(f)
        weights = n_addr if (info.confidential and n_addr is not None) else pop
        wts = weights.to_numpy(float) if weights is not None else np.ones_like(v)
        ok = np.isfinite(v) & np.isfinite(wts) & (wts > 0)
        out[f] = float((v[ok] * wts[ok]).sum() / wts[ok].sum()) if ok.any() else float("nan")
    summary = (metadata or {}).get("territory") or {}
    thresholds = ((metadata or {}).get("parameters") or {}).get("thresholds_km") or []
    for key, value in summary.items():
        if key.startswith("address_share_within_") and value is not None:
            col = key.replace("address_", "")
            if col in out:
                out[col] = float(value)
            if thresholds and col == f"share_within_{_km(thresholds[0])}km" and "share_within" in out:
                out["share_within"] = float(value)
    return out


def _km(k) -> str:
    k = float(k)
    return str(int(k)) if k.is_integer() else ("%g" % k).replace(".", "_")


def _threshold_text(metadata, lang) -> str:
    labels = (metadata or {}).get("thresholds_label")
    if labels:
        return str(labels[0])
    thresholds = ((metadata or {}).get("parameters") or {}).get("thresholds_km")
    if thresholds:
        return format_value(float(thresholds[0]) * 1000, "m", lang)
    return "5 km"


# -- plain-language reading ---------------------------------------------------------------------

def _pct(v, lang):
    return format_value(v, "share", lang)


def commune_reading(row, territory: dict, metadata: dict | None, lang: str = "fr") -> list[str]:
    """Sentences that say what the numbers mean for one commune."""
    nom = str(row.get("nom") or row.get("code_insee") or "")
    thr = _threshold_text(metadata, lang)
    out = []
    masked = bool(row.get("masked")) if not is_missing(row.get("masked")) else False
    if masked:
        reason = str(row.get("mask_reason") or "")
        out.append({
            "en": f"The indicators computed from addresses are masked for {nom}"
                  + (f" ({reason})" if reason else "") + ": statistical confidentiality.",
            "fr": f"Les indicateurs calculés à partir des adresses sont masqués pour {nom}"
                  + (f" ({reason})" if reason else "") + " : secret statistique.",
        }[lang])
    share = _num(row, "share_within")
    if np.isfinite(share):
        tv = territory.get("share_within", np.nan)
        if np.isfinite(tv):
            diff = share - tv
            cmp = ({"en": "below the territory", "fr": "en dessous du territoire"} if diff < -0.05 else
                   {"en": "above the territory", "fr": "au-dessus du territoire"} if diff > 0.05 else
                   {"en": "close to the territory", "fr": "proche du territoire"})[lang]
            tail = {"en": f" (territory: {_pct(tv, lang)}, {cmp}).", "fr": f" (territoire : {_pct(tv, lang)}, {cmp})."}[lang]
        else:
            tail = "."
        out.append({"en": f"In {nom}, {_pct(share, lang)} of the addresses are less than {thr} from a place "
                          f"that helps with digital life" + tail,
                    "fr": f"À {nom}, {_pct(share, lang)} des adresses sont à moins de {thr} d'un lieu "
                          f"d'aide au numérique" + tail}[lang])
    med, p90 = _num(row, "dist_median_m"), _num(row, "dist_p90_m")
    if np.isfinite(med) and np.isfinite(p90):
        out.append({"en": f"Half of the addresses are less than {format_value(med, 'm', lang)} from the nearest "
                          f"place; one in ten is more than {format_value(p90, 'm', lang)} away.",
                    "fr": f"La moitié des adresses sont à moins de {format_value(med, 'm', lang)} du lieu le plus "
                          f"proche ; une sur dix en est à plus de {format_value(p90, 'm', lang)}."}[lang])
    ftth_col = "share_ftth" if "share_ftth" in row else "ftth_share"
    ftth = _num(row, ftth_col)
    if np.isfinite(ftth):
        tv = territory.get(ftth_col, np.nan)
        tail = {"en": f" (territory: {_pct(tv, lang)}).", "fr": f" (territoire : {_pct(tv, lang)})."}[lang] \
            if np.isfinite(tv) else "."
        out.append({"en": f"{_pct(ftth, lang)} of the premises can get fibre to the home" + tail,
                    "fr": f"{_pct(ftth, lang)} des locaux sont éligibles à la fibre" + tail}[lang])
    ifn = _num(row, "ifn_global")
    if np.isfinite(ifn):
        more = ifn > 100
        out.append({"en": f"Digital fragility score: {format_value(ifn, 'index', lang)} (100 = reference territory): "
                          + ("more fragile than the reference." if more else "not more fragile than the reference."),
                    "fr": f"Score de fragilité numérique : {format_value(ifn, 'index', lang)} (100 = territoire de "
                          "référence) : " + ("plus fragile que la référence." if more else
                                             "pas plus fragile que la référence.")}[lang])
    typ = row.get("_typology_label") or (
        row.get("typology_fr") if lang == "fr" and "typology_fr" in row else row.get("typology"))
    if not is_missing(typ) and str(typ):
        out.append({"en": f"Typology: {typ}.", "fr": f"Typologie : {typ}."}[lang])
    return [fr_typography(s, lang) for s in out]


def _names(frame, limit=6) -> str:
    names = frame["nom"].astype(str).tolist() if "nom" in frame else frame["code_insee"].astype(str).tolist()
    text = ", ".join(names[:limit])
    return text + (f" (+{len(names) - limit})" if len(names) > limit else "")


def territory_reading(communes, territory: dict, metadata: dict | None, lang: str = "fr") -> list[str]:
    thr = _threshold_text(metadata, lang)
    n = len(communes)
    out = []
    pop = territory.get("population")
    pop_text = format_value(pop, "count", lang) if pop is not None and np.isfinite(pop) else "?"
    out.append({"en": f"The territory has {n} communes and {pop_text} inhabitants.",
                "fr": f"Le territoire compte {n} communes et {pop_text} habitants."}[lang])
    share = territory.get("share_within", np.nan)
    if np.isfinite(share):
        out.append({"en": f"{_pct(share, lang)} of its addresses are less than {thr} from a place that helps with "
                          "digital life.",
                    "fr": f"{_pct(share, lang)} de ses adresses sont à moins de {thr} d'un lieu d'aide au "
                          "numérique."}[lang])
    if "share_within" in communes:
        v = pd.to_numeric(communes["share_within"], errors="coerce")
        low = communes[(v < 0.8).to_numpy()]
        if len(low):
            low = low.assign(_v=v[v < 0.8]).sort_values("_v")
            out.append({"en": f"{len(low)} communes have less than 80 % of their addresses within {thr}: "
                              f"{_names(low)}.",
                        "fr": f"{len(low)} communes ont moins de 80 % de leurs adresses à moins de {thr} : "
                              f"{_names(low)}."}[lang])
    if "typology" in communes:
        prio = communes[communes["typology"].astype(str).to_numpy() == "priority"]
        if len(prio):
            out.append({"en": f"{len(prio)} communes are a priority (far from help and digitally fragile): "
                              f"{_names(prio)}.",
                        "fr": f"{len(prio)} communes sont prioritaires (éloignées et fragiles) : {_names(prio)}."}[lang])
    k = int(masked_flags(communes).sum())
    if k:
        out.append({"en": f"{k} communes have their address-based indicators masked (too few addresses).",
                    "fr": f"{k} communes ont leurs indicateurs issus des adresses masqués (trop peu d'adresses)."}[lang])
    return [fr_typography(s, lang) for s in out]


def _number(v: float, lang: str) -> str:
    """A threshold as written in a sentence: 5.5 -> "5,5" in French, 100.0 -> "100"."""
    text = f"{float(v):g}"
    return text.replace(".", ",") if lang == "fr" else text


def _km_text(m: float, lang: str) -> str:
    return format_value(float(m), "m", lang).replace(",0\u00a0km", "\u00a0km").replace(".0\u00a0km", "\u00a0km")


def _threshold_value(value, info, lang) -> str:
    """A typology threshold with its unit: "80 %", "2 km", "100 (base 100, 100 = reference territory)"."""
    if info.unit in ("share", "m", "min", "km²"):
        return format_value(float(value), info.unit, lang) if info.unit != "m" else _km_text(value, lang)
    text = _number(value, lang)
    unit = info.unit_text.strip()
    if unit.lower() == "base 100":
        return text + {"en": " (base 100: 100 = reference territory)",
                       "fr": " (base 100 : 100 = territoire de référence)"}[lang]
    return f"{text} ({unit})" if unit else text


def _typology_note(typ: dict, meta: dict, lang: str) -> str | None:
    """The typology rule in a sentence: which indicator decides "far", which decides "fragile",
    the thresholds with their units."""
    a_field, f_field = typ.get("access_field"), typ.get("fragility_field")
    a_thr, f_thr = typ.get("access_threshold"), typ.get("fragility_threshold")
    if not a_field or not f_field or a_thr is None or f_thr is None:
        return None
    try:
        a_thr, f_thr = float(a_thr), float(f_thr)
    except (TypeError, ValueError):
        return None
    worse = str(typ.get("access_direction") or "higher_is_better") == "higher_is_worse"
    a_info, f_info = field_info(str(a_field), lang), field_info(str(f_field), lang)
    a_val = _threshold_value(a_thr, a_info, lang)
    m = re.fullmatch(r"share_within(?:_(\d+(?:_\d+)?)km)?", str(a_field))
    if m and not worse:
        dist = (m.group(1).replace("_", ",") + " km") if m.group(1) else _threshold_text(meta, lang)
        far = {"en": f"fewer than {a_val} of its addresses are less than {dist} from a place that helps with "
                     "digital life",
               "fr": f"moins de {a_val} de ses adresses sont à moins de {dist} d'un lieu d'aide au numérique"}[lang]
    else:
        far = {"en": f"its {a_info.label.lower()} is {'above' if worse else 'below'} {a_val}",
               "fr": f"l'indicateur « {a_info.label} » est {'supérieur' if worse else 'inférieur'} à {a_val}"}[lang]
    f_val = _threshold_value(f_thr, f_info, lang)
    if str(f_field) == "ifn_global":
        fragile = {"en": f"its digital fragility score is above {f_val}",
                   "fr": f"son score de fragilité numérique dépasse {f_val}"}[lang]
    else:
        fragile = {"en": f"its {f_info.label.lower()} is above {f_val}",
                   "fr": f"l'indicateur « {f_info.label} » dépasse {f_val}"}[lang]
    return {"en": f"Typology: a commune is “far from services” when {far}, and “digitally fragile” when {fragile}. "
                  "Far and fragile, it is a “priority”; neither far nor fragile, it is “served”.",
            "fr": f"Typologie : une commune est « éloignée des services » quand {far}, et « fragile "
                  f"numériquement » quand {fragile}. Éloignée et fragile, elle est « prioritaire » ; ni éloignée ni "
                  "fragile, elle est « desservie »."}[lang]


FRAGILITY_METHODS = {
    "mednum2019": {"en": "the MedNum 2019 digital fragility index (four axes, eleven INSEE variables, base 100)",
                   "fr": "l'indice de fragilité numérique de La MedNum, méthode 2019 (quatre axes, onze variables "
                         "de l'INSEE, base 100)"},
    "ifn5": {"en": "the five-indicator IFN score (each indicator scored 1 to 10 by deciles)",
             "fr": "le score IFN à cinq indicateurs (chaque indicateur noté de 1 à 10 par déciles)"},
    "custom": {"en": "a custom composite score (indicators and weights chosen by the user)",
               "fr": "un score composite personnalisé (indicateurs et pondérations choisis par l'utilisateur)"},
}
MODES = {"drive": {"en": "by car", "fr": "en voiture"}, "walk": {"en": "on foot", "fr": "à pied"},
         "bike": {"en": "by bike", "fr": "à vélo"}, "cycle": {"en": "by bike", "fr": "à vélo"}}


def _fsca_note(fsca: dict, lang: str) -> str | None:
    steps = []
    for step in fsca.get("steps") or []:
        try:
            cost, weight = float(step[0]), float(step[1])
        except (TypeError, ValueError, IndexError):
            return None
        steps.append({"en": f"{format_value(weight, 'share', lang)} up to {_km_text(cost, lang)}",
                      "fr": f"{format_value(weight, 'share', lang)} jusqu'à {_km_text(cost, lang)}"}[lang])
    if not steps:
        return None
    return {"en": "Accessibility (2SFCA): each place's offer is shared among the inhabitants who have it within "
                  "reach, with a weight that falls with distance (" + ", ".join(steps) + "); relative accessibility "
                  "compares a commune with the territory's mean (1 = mean).",
            "fr": "Accessibilité (2SFCA) : l'offre de chaque lieu est partagée entre les habitants qui l'ont à "
                  "portée, avec un poids qui baisse avec la distance (" + ", ".join(steps) + ") ; l'accessibilité "
                  "relative compare une commune à la moyenne du territoire (1 = moyenne)."}[lang]


def method_notes(metadata: dict | None, lang: str = "fr") -> list[str]:
    """How the figures were made, in sentences a council member can read (no parameter dump)."""
    meta = metadata or {}
    params = meta.get("parameters") or {}
    steps = meta.get("steps") or {}
    notes = []
    labels = [str(x) for x in (meta.get("thresholds_label") or [])] or [
        _km_text(float(x) * 1000, lang) for x in (params.get("thresholds_km") or [])]
    cats = params.get("category") or []
    cats = [cats] if isinstance(cats, str) else list(cats)
    names = [category_label(str(c), lang) for c in cats]
    names = [n if n.startswith("France") else n[:1].lower() + n[1:] for n in names]   # in a sentence
    cat_text = f" ({', '.join(names)})" if names else ""
    text = {"en": f"Distances are measured as the crow flies, from each address to the nearest place{cat_text}",
            "fr": f"Les distances sont mesurées à vol d'oiseau, de chaque adresse au lieu le plus proche{cat_text}"}[lang]
    if labels:
        text += {"en": f"; the share within the threshold is the share of the addresses less than {labels[0]} away",
                 "fr": f" ; la part à moins du seuil est la part des adresses à moins de {labels[0]}"}[lang]
        if len(labels) > 1:
            text += {"en": " (other thresholds: ", "fr": " (autres seuils : "}[lang] + ", ".join(labels[1:]) + ")"
    notes.append(text + ".")
    typ = steps.get("typology")
    if isinstance(typ, dict) and typ:
        note = _typology_note(typ, meta, lang)
        if note:
            notes.append(note)
    if "network" in steps:
        net = steps.get("network") or {}
        mode = MODES.get(str(net.get("mode") or params.get("network_mode") or ""), {}).get(lang, "")
        roads = " (OpenStreetMap)" if uses_osm(meta) else ""    # synthetic roads are not OSM
        notes.append({"en": f"Travel times are computed {mode + ' ' if mode else ''}along the road network{roads}.",
                      "fr": f"Les temps de trajet sont calculés {mode + ' ' if mode else ''}sur le réseau "
                            f"routier{roads}."}[lang])
    fsca = steps.get("fsca")
    fsca_note = _fsca_note(fsca, lang) if isinstance(fsca, dict) else None
    if fsca_note:
        notes.append(fsca_note)
    conf = steps.get("confidentiality") or {}
    threshold = conf.get("threshold", params.get("confidentiality_threshold"))
    if threshold is not None:
        notes.append({"en": f"Confidentiality: indicators computed on fewer than {threshold} addresses are masked "
                            "and never printed.",
                      "fr": f"Secret statistique : les indicateurs calculés sur moins de {threshold} adresses sont "
                            "masqués et jamais imprimés."}[lang])
    method = params.get("fragility_method")
    if method:
        name = FRAGILITY_METHODS.get(str(method), {}).get(lang) or str(method)
        notes.append({"en": f"Digital fragility: {name}; the data dictionary describes each variable.",
                      "fr": f"Fragilité numérique : {name} ; le dictionnaire des données décrit chaque "
                            "variable."}[lang])
    notes.append({"en": "Territory values: totals for counts; other values are averages of the communes with a "
                        "value, weighted by their addresses (or population); masked communes are left out.",
                  "fr": "Valeurs du territoire : totaux pour les effectifs ; autres valeurs : moyennes des communes "
                        "renseignées, pondérées par leurs adresses (ou leur population) ; communes masquées "
                        "exclues."}[lang])
    if is_synthetic(meta):
        notes.append(t("synthetic_banner", lang))
    return [fr_typography(n, lang) for n in notes]


# -- the report's content -----------------------------------------------------------------------

@dataclass
class Sheet:
    code: str
    nom: str
    rows: list            # (label, commune value, territory value)
    reading: list
    typology: str
    masked: bool
    compare: dict = field(default_factory=dict)   # field -> value for the comparison chart
    fields: list = field(default_factory=list)    # field name of each row
    value: float = float("nan")                   # the map indicator


@dataclass
class Report:
    lang: str
    title: str
    date: str
    indicator: str
    synthetic: bool
    territory_rows: list
    territory_reading: list
    notes: list
    sources: list
    odbl: str
    sheets: list
    territory: dict
    compare_fields: list
    place_categories: list = field(default_factory=list)   # categories of places drawn on the maps


def _map_places(report: Report, services):
    """The places the report's maps show: the headline categories only (the web map has the others
    in its layer switcher; on paper one town hall per commune would hide the choropleth)."""
    if services is None or len(services) == 0 or "category" not in services:
        return services
    return services[services["category"].astype(str).isin(report.place_categories)]


def _validate(communes, indicator):
    if communes is None or len(communes) == 0:
        raise InputDataError("the communes table is empty", hint="run the diagnosis first")
    if not hasattr(communes, "geometry") or communes.crs is None:
        raise InputDataError("the communes need polygons with a CRS", hint="give the diagnosis's communes layer")
    if indicator not in communes.columns:
        raise ParameterError(f"the communes table has no indicator column '{indicator}'", column=indicator,
                             hint="choose one of: " + ", ".join(c for c in sheet_fields(communes)))


def build_report(communes, services=None, metadata=None, indicator: str = "share_within", *,
                 lang: str = "fr", codes=None) -> Report:
    """Everything the report says, as data (the HTML and PDF writers only lay it out)."""
    from .. import display

    check_lang(lang)
    communes, services, metadata = display.for_display(communes, services, metadata)   # names as text
    _validate(communes, indicator)
    meta = dict(metadata or {})
    territory = territory_figures(communes, meta)
    fields = sheet_fields(communes)
    infos = {f: field_info(f, lang) for f in fields}
    masked = masked_flags(communes)
    compare = [f for f in COMPARE_FIELDS if f in fields]

    def tval(f):
        if f in NO_TERRITORY or f not in territory:
            return "—"
        return format_value(territory[f], infos[f].unit, lang)

    labels = {f: label_with_unit(infos[f]) for f in fields}     # every figure says its unit
    territory_rows = [(labels[f], tval(f)) for f in fields if f not in NO_TERRITORY]
    wanted = None if codes is None else {str(c) for c in codes}
    sheets = []
    records = communes.drop(columns=[communes.geometry.name]).to_dict("records")
    shown = {f: display_series(communes, f, lang).tolist() for f in fields}
    typ = display_series(communes, "typology", lang).tolist() if "typology" in communes else None
    for i, row in enumerate(records):
        code = str(row.get("code_insee", ""))
        if wanted is not None and code not in wanted:
            continue
        rows = []
        for f in fields:
            missing = t("masked", lang) if masked[i] and infos[f].confidential else t("no_data", lang)
            rows.append((labels[f], format_value(shown[f][i], infos[f].unit, lang, missing=missing), tval(f)))
        typology = "" if typ is None or is_missing(typ[i]) else str(typ[i])
        sheets.append(Sheet(code=code, nom=str(row.get("nom", code)), rows=rows,
                            reading=commune_reading({**row, "_typology_label": typology}, territory, meta, lang),
                            typology=typology,
                            masked=bool(masked[i]), compare={f: row.get(f) for f in compare}, fields=list(fields),
                            value=_num(row, indicator)))
    if wanted is not None and not sheets:
        raise ParameterError("none of the requested communes is in the table",
                             hint="give INSEE codes of communes of the territory")
    return Report(
        lang=lang, title=default_title(meta, communes, lang),
        date=str(meta.get("date") or str(meta.get("created") or "")[:10] or _dt.date.today().isoformat()),
        indicator=indicator, synthetic=is_synthetic(meta), territory_rows=territory_rows,
        territory_reading=territory_reading(communes, territory, meta, lang), notes=method_notes(meta, lang),
        sources=source_lines(meta, lang),
        odbl=t("odbl_notice", lang) if uses_osm(meta) else "", sheets=sheets, territory=territory,
        compare_fields=compare, place_categories=sorted(headline_categories(meta, _categories(services))))


def _categories(services) -> set[str]:
    if services is None or len(services) == 0:
        return set()
    if "category" not in services:
        return {"other"}
    return set(services["category"].astype(str))


def _missing_texts(report, sheet) -> dict:
    """What an empty bar says: "masked" only for a confidential field of a masked commune."""
    return {f: t("masked", report.lang) if sheet.masked and field_info(f).confidential else t("no_data", report.lang)
            for f in report.compare_fields}


# -- HTML ---------------------------------------------------------------------------------------

def _png_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def render_html(report: Report, communes, services=None, feedback=None) -> str:
    import jinja2

    from . import charts

    fb = ensure(feedback)
    lang = report.lang
    services = _map_places(report, services)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(RESOURCES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    data = charts.MapData(communes, report.indicator, lang)
    territory_map = _png_uri(charts.figure_png(
        lambda ax: charts.draw_map(ax, data, services=services), size=(7.5, 5.0), rect=(0.01, 0.01, 0.62, 0.98)))
    typology_png = (_png_uri(charts.figure_png(lambda ax: charts.draw_typology(ax, communes, lang), size=(5, 2.6),
                                               rect=(0.38, 0.18, 0.57, 0.77)))
                    if "typology" in communes else None)
    dist_png = _png_uri(charts.figure_png(
        lambda ax: charts.draw_distribution(ax, communes, report.indicator, lang=lang), size=(5, 2.6),
        rect=(0.14, 0.2, 0.82, 0.75)))
    sheets = []
    for k, sheet in enumerate(report.sheets):
        fb.check()
        fb.set_progress(100.0 * k / max(1, len(report.sheets)))
        # the legend is drawn once in HTML (swatches), not in every sheet's picture
        map_png = _png_uri(charts.figure_png(lambda ax: charts.draw_map(
            ax, data, highlight=sheet.code, services=services, zoom=True, legend=False), size=(4.6, 3.6), dpi=90,
            rect=(0, 0, 1, 1)))
        h = 0.7 + 0.45 * len(report.compare_fields)
        cmp_png = (_png_uri(charts.figure_png(lambda ax: charts.draw_comparison(
            ax, sheet.compare, report.territory, report.compare_fields, lang, _missing_texts(report, sheet)),
            size=(6.0, h), dpi=90, rect=(0.3, 0.35 / h, 0.66, 1 - 0.45 / h))) if report.compare_fields else None)
        sheets.append({"sheet": sheet, "map": map_png, "compare": cmp_png})
    css = (RESOURCES / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        r=report, css=css, territory_map=territory_map, typology_png=typology_png, dist_png=dist_png,
        sheets=sheets, W={k: w(k, lang) for k in WORDS if "{" not in WORDS[k]["en"]},
        legend=[{"colour": c, "label": lab, "hatched": hatched} for c, lab, hatched in data.handles_spec],
        legend_title=data.title,
        places=[{"colour": CATEGORY_COLOURS.get(c, CATEGORY_COLOURS["other"]), "label": category_label(c, lang)}
                for c in charts.place_categories(report.place_categories)],
        banner=t("synthetic_banner", lang), sources_title=t("sources", lang),
        masked_word=t("masked", lang), commune_word=t("commune", lang), territory_word=t("territory", lang),
        colon=colon(lang))


# -- PDF ----------------------------------------------------------------------------------------

A4 = (8.27, 11.69)


def _text_block(fig, x, y, lines, width_chars, size, line_h, **kw) -> float:
    """Wrapped paragraphs from (x, y) downwards (figure coordinates); returns the next y.

    A paragraph whose widest line would pass the right margin (wide letters and digits, a long
    name) is wrapped again, narrower, until it fits."""
    renderer = fig.canvas.get_renderer()
    room = (0.95 - x) * fig.bbox.width
    for line in lines:
        chars = width_chars
        while True:
            parts = textwrap.wrap(str(line), chars) or [""]
            items = [fig.text(x, y - k * line_h, part, fontsize=size, va="top", **kw) for k, part in enumerate(parts)]
            if chars <= 20 or max(i.get_window_extent(renderer).width for i in items) <= room:
                break
            for item in items:
                item.remove()
            chars = int(chars * 0.9)
        y -= line_h * len(parts)
        y -= line_h * 0.35
    return y


def _page_header(fig, title, subtitle, report):
    if report.synthetic:
        fig.patches.append(_rect(fig, 0, 0.972, 1, 0.028, "#b30000"))
        fig.text(0.5, 0.986, textwrap.shorten(t("synthetic_banner", report.lang), 120), ha="center", va="center",
                 fontsize=7.5, color="white", weight="bold")
    _fit_text(fig, 0.05, 0.955, title, 16, 0.90, weight="bold", va="top")
    _fit_text(fig, 0.05, 0.928, subtitle, 9, 0.90, color="#444444", va="top")


def _fit_text(fig, x, y, text, size, width, min_size=10, **kw):
    """A one-line text kept within ``width`` (figure fraction): a smaller font, then cut with "…"
    (a very long commune name must not run off the page)."""
    item = fig.text(x, y, text, fontsize=size, **kw)
    renderer = fig.canvas.get_renderer()

    def too_wide():
        return item.get_window_extent(renderer).width > width * fig.bbox.width
    while too_wide() and item.get_fontsize() > min(min_size, size):
        item.set_fontsize(item.get_fontsize() - 1)
    cut = len(text)
    while too_wide() and cut > 8:
        cut = int(cut * 0.9)
        item.set_text(text[:cut].rstrip() + "…")
    return item


def _rect(fig, x, y, wdt, h, colour):
    from matplotlib.patches import Rectangle
    return Rectangle((x, y), wdt, h, transform=fig.transFigure, facecolor=colour, edgecolor="none", zorder=-1)


def _table(fig, x, y, rows, headers, col_x, size=8, line_h=0.016, label_chars=40):
    for cx, h in zip(col_x, headers):
        fig.text(x + cx, y, h, fontsize=size, weight="bold", va="top", ha="left" if cx == 0 else "right")
    y -= line_h * 1.2
    masked_words = (t("masked", "en"), t("masked", "fr"))
    for row in rows:
        # a long label wraps onto the next lines (values on its first line), never cut
        label_lines = textwrap.wrap(str(row[0]), label_chars) or [""]
        for cx, cell in zip(col_x, row):
            text = "\n".join(label_lines) if cx == 0 else str(cell)
            fig.text(x + cx, y, text, fontsize=size, va="top", ha="left" if cx == 0 else "right",
                     color="#7a0000" if cell in masked_words else "#111111",
                     style="italic" if cell in masked_words else "normal", linespacing=1.05)
        y -= line_h * (1 + 0.75 * (len(label_lines) - 1))
    return y


FOOTER_CHARS = 165     # characters per footer line at 5.8 pt across the page


def _footer(fig, report, page_no, lines_sources) -> float:
    """Sources at the foot of the page, wrapped (never cut); returns the y above which the body
    must stay."""
    line_h = 0.0095
    wrapped = [textwrap.wrap(s, FOOTER_CHARS) or [""] for s in lines_sources]
    top = 0.03 + line_h * (sum(len(w_) for w_ in wrapped) + 1.5)
    fig.text(0.05, top, t("sources", report.lang), fontsize=6.5, weight="bold", va="top")
    y = top - 0.012
    for parts in wrapped:
        for k, part in enumerate(parts):
            fig.text(0.05 + (0.01 if k else 0), y, part, fontsize=5.8, va="top", color="#333333")
            y -= line_h
    fig.text(0.95, 0.012, f"{report.title} — {w('page', report.lang)} {page_no}", fontsize=6, ha="right",
             color="#666666")
    return top + 0.01


def _sources_lines(report, limit=6):
    lines = list(report.sources[:limit])
    if len(report.sources) > limit:
        lines.append(w("sources_more", report.lang, n=len(report.sources) - limit))
    if report.odbl:
        lines.append(report.odbl)
    return lines


def _notes(fig, report, y, floor):
    """Method notes as far as the page allows (the territory page and the HTML have them all)."""
    lang = report.lang
    if y - 0.03 < floor:
        return
    fig.text(0.05, y - 0.004, w("method", lang), fontsize=8.5, weight="bold", va="top")
    y -= 0.02
    for note in report.notes:
        lines = textwrap.wrap(note, 150)
        if y - 0.0105 * len(lines) < floor:
            continue       # a shorter note further on may still fit
        y = _text_block(fig, 0.05, y, [note], 150, 6.5, 0.0105, color="#333333")


def _legend(fig, handles, title, x, y):
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, y), fontsize=7, frameon=False,
               title=title, title_fontsize=7.5, alignment="left")


def _territory_page(report, communes, services, data):
    from . import charts

    lang = report.lang
    fig = charts.new_figure(A4)
    _page_header(fig, report.title, f"{w('territory_report', lang)} — {report.date}", report)
    ax = fig.add_axes([0.03, 0.50, 0.58, 0.40])
    handles, title = charts.draw_map(ax, data, services=services, legend=False)
    _legend(fig, handles, title, 0.62, 0.91)
    fig.text(0.63, 0.74, w("key_figures", lang), fontsize=10, weight="bold", va="top")
    _table(fig, 0.63, 0.72, report.territory_rows, ("", t("territory", lang)), (0, 0.32), size=7.5,
           label_chars=40)
    if "typology" in communes:
        ax2 = fig.add_axes([0.22, 0.32, 0.27, 0.13])
        charts.draw_typology(ax2, communes, lang)
        ax2.set_title(w("typology_counts", lang), fontsize=8)
    ax3 = fig.add_axes([0.60, 0.32, 0.35, 0.13])
    charts.draw_distribution(ax3, communes, report.indicator, lang=lang)
    ax3.set_title(w("distribution", lang), fontsize=8)
    floor = _footer(fig, report, 1, _sources_lines(report, limit=10))
    fig.text(0.05, 0.265, w("reading", lang), fontsize=10, weight="bold", va="top")
    y = _text_block(fig, 0.05, 0.245, report.territory_reading, 120, 8, 0.0145)
    _notes(fig, report, y, floor)
    return fig


def _commune_page(report, sheet, services, page_no, data):
    from . import charts

    lang = report.lang
    fig = charts.new_figure(A4)
    _page_header(fig, f"{sheet.nom} ({sheet.code})",
                 f"{w('commune_sheet', lang)} — {report.title} — {report.date}", report)
    ax = fig.add_axes([0.03, 0.55, 0.50, 0.36])
    handles, title = charts.draw_map(ax, data, highlight=sheet.code, services=services, zoom=True, legend=False)
    _legend(fig, handles, title, 0.555, 0.915)
    y = 0.915 - 0.018 * (len(handles) + 2)
    if sheet.typology:
        text = "\n".join(textwrap.wrap(w("typology", lang) + colon(lang) + sheet.typology, 44))
        fig.text(0.565, y, text, fontsize=8.5, va="top", weight="bold",
                 bbox={"facecolor": "#f0f0f0", "edgecolor": "#999999", "boxstyle": "round,pad=0.35"})
        y -= 0.04 + 0.014 * text.count("\n")
    fig.text(0.565, y, w("key_figures", lang), fontsize=10, weight="bold", va="top")
    rows = [r for r, f in zip(sheet.rows, sheet.fields) if f != "typology"]   # typology: the box above
    y = _table(fig, 0.565, y - 0.022, rows, ("", t("commune", lang), t("territory", lang)),
               (0, 0.28, 0.385), size=7, line_h=0.0145, label_chars=38)
    y0 = min(y, 0.53) - 0.05      # room between the last key figure and the chart's title
    if report.compare_fields:
        h = 0.03 + 0.024 * len(report.compare_fields)
        ax2 = fig.add_axes([0.30, y0 - h, 0.62, h])
        charts.draw_comparison(ax2, sheet.compare, report.territory, report.compare_fields, lang,
                               _missing_texts(report, sheet))
        ax2.set_title(w("comparison", lang), fontsize=8)
        y0 = y0 - h - 0.045
    floor = _footer(fig, report, page_no, _sources_lines(report))
    fig.text(0.05, y0, w("reading", lang), fontsize=10, weight="bold", va="top")
    y = _text_block(fig, 0.05, y0 - 0.02, sheet.reading, 115, 8.5, 0.015)
    _notes(fig, report, y, floor)
    return fig


def _about_page(report, page_no):
    """Last page: every method note, every source with vintage and licence."""
    from . import charts

    lang = report.lang
    fig = charts.new_figure(A4)
    _page_header(fig, report.title, f"{w('method', lang)} — {t('sources', lang)}", report)
    fig.text(0.05, 0.88, w("method", lang), fontsize=11, weight="bold", va="top")
    y = _text_block(fig, 0.05, 0.855, report.notes, 110, 8.5, 0.016)
    fig.text(0.05, y - 0.01, t("sources", lang), fontsize=11, weight="bold", va="top")
    y = _text_block(fig, 0.05, y - 0.035, report.sources + ([report.odbl] if report.odbl else []), 110, 8.5, 0.016)
    fig.text(0.95, 0.012, f"{report.title} — {w('page', lang)} {page_no}", fontsize=6, ha="right", color="#666666")
    return fig


def render_pdf(path: Path, report: Report, communes, services=None, feedback=None) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    from .charts import MapData

    fb = ensure(feedback)
    services = _map_places(report, services)
    data = MapData(communes, report.indicator, report.lang)
    with PdfPages(str(path)) as pdf:
        info = pdf.infodict()
        info["Title"] = report.title
        info["Creator"] = "TerriDiag"
        info["Subject"] = "; ".join(report.sources)[:1000]
        pdf.savefig(_territory_page(report, communes, services, data))
        for k, sheet in enumerate(report.sheets):
            fb.check()
            fb.set_progress(100.0 * (k + 1) / (len(report.sheets) + 1))
            pdf.savefig(_commune_page(report, sheet, services, k + 2, data))
        pdf.savefig(_about_page(report, len(report.sheets) + 2))


def write_report(communes, services=None, metadata=None, indicator: str = "share_within", *,
                 html_path=None, pdf_path=None, lang: str = "fr", codes=None, feedback=None) -> dict[str, Path]:
    """Write the report as HTML and/or PDF (atomically); returns {"html": path, "pdf": path}."""
    if html_path is None and pdf_path is None:
        raise ParameterError("no output file given", hint="give an .html and/or a .pdf path")
    from .. import display

    html_out = check_output_path(html_path, (".html", ".htm")) if html_path is not None else None
    pdf_out = check_output_path(pdf_path, (".pdf",)) if pdf_path is not None else None
    communes, services, metadata = display.for_display(communes, services, metadata)   # names as text
    report = build_report(communes, services, metadata, indicator, lang=lang, codes=codes)
    out: dict[str, Any] = {}
    if pdf_out is not None:
        with atomic_path(pdf_out) as tmp:
            render_pdf(tmp, report, communes, services, feedback)
        out["pdf"] = pdf_out
    if html_out is not None:
        out["html"] = write_text_atomic(html_out, render_html(report, communes, services, feedback))
    return out
