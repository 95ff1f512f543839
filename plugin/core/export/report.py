"""The diagnosis report: one territory page and one sheet per commune, in HTML and in PDF.

Each page has a map, the key figures against the territory, charts, the typology class, a
plain-language reading generated from what was computed (French or English), method notes, a
glossary and the sources with vintages and licences. Masked (confidential) indicators stay masked:
the report prints "masked" and never a value. A figure the report cannot give ("—") has a footnote
that says why.

The PDF is laid out with matplotlib (PdfPages, Agg): no browser or extra renderer needed, the same
on Debian 12 and on current releases. The HTML is rendered by Jinja2 with autoescaping and embeds
its images (one file to send).
"""
from __future__ import annotations

import base64
import datetime as _dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..indicators.catalog import describe
from ..presentation.demand import demand_of, demand_sentence, network_sentence, outside_graph, without_unused_counts
from ..crs import department_of
from ..presentation.classification import MASKED as MASKED_COLOUR
from ..presentation.classification import NO_DATA as NO_DATA_COLOUR
from ..presentation.departements import departement_name, departements_of
from ..presentation.glossary import glossary
from ..presentation.indicators import HIGHER_BETTER, LOWER_BETTER, field_info, label_with_unit, share_subject
from ..presentation.language import check_lang, colon, fr_typography
from ..presentation.numbers import MISSING, format_value, is_missing
from ..presentation.sources import is_synthetic, odbl_notice, source_lines, uses_osm
from ..presentation.titles import default_title, headline_categories
from ..presentation.vocabulary import Category, TypologyClass
from ..presentation.vocabulary import word as t
from ..progress import ensure
from .atomic import atomic_path, check_output_path, write_text_atomic
from .classes import display_series, flags, masked_flags
from .notes import method_notes, threshold_text

RESOURCES = Path(__file__).resolve().parents[3] / "resources" / "report"
# Fields a sheet shows (those the table has), in order.
SHEET_FIELDS = ("population", "n_addresses", "share_within", "share_within_5km", "dist_median_m", "dist_p90_m",
                "time_median_min", "fsca_norm", "share_ftth", "share_thd30", "ftth_share", "thd30_share",
                "share_good_mobile", "ifn_global", "ifn_global_class", "ifn5_score", "typology")
COMPARE_FIELDS = ("share_within", "share_within_5km", "share_ftth", "share_thd30", "ftth_share", "thd30_share",
                  "share_good_mobile")
SUM_FIELDS = ("population", "n_addresses", "premises")
NO_TERRITORY = ("ifn_global_class", "ifn5_class", "typology", "typology_code")
NETWORK_FIELDS = ("time_mean_min", "time_median_min", "time_p90_min", "netdist_mean_m", "netdist_median_m",
                  "netdist_p90_m")
MARKS = "¹²³⁴⁵⁶⁷⁸⁹"

WORDS = {
    "territory_report": {"en": "Territory report", "fr": "Rapport du territoire"},
    "commune_sheet": {"en": "Commune sheet", "fr": "Fiche communale"},
    "iris_sheet": {"en": "IRIS sheet", "fr": "Fiche IRIS"},
    "iris_of": {"en": "An IRIS of {commune}: its own figures, against the territory's.",
                "fr": "Un IRIS de {commune} : ses propres chiffres, face à ceux du territoire."},
    "iris_in_qpv": {"en": "It lies in a priority neighbourhood of the city policy (QPV {codes}).",
                    "fr": "Il est en quartier prioritaire de la politique de la ville (QPV {codes})."},
    "iris_fragility": {"en": "Digital fragility score: {score} (100 = like the reference territory; higher is more "
                             "fragile), from {n} of the index's eleven variables.",
                       "fr": "Score de fragilité numérique : {score} (100 = comme le territoire de référence ; plus "
                             "il est élevé, plus l'IRIS est fragile), calculé sur {n} des onze variables de "
                             "l'indice."},
    "iris_no_people": {"en": "No one lives in this IRIS (activity or miscellaneous zone): it has no score.",
                       "fr": "Personne n'habite cet IRIS (zone d'activité ou divers) : il n'a pas de score."},
    "reading": {"en": "Reading", "fr": "Lecture"},
    "map_of": {"en": "Map", "fr": "Carte"},
    "comparison": {"en": "Commune and territory", "fr": "Commune et territoire"},
    "distribution": {"en": "Distribution over the communes", "fr": "Répartition des communes"},
    "typology_counts": {"en": "Communes by typology class", "fr": "Communes par classe de typologie"},
    "contents": {"en": "Commune sheets", "fr": "Fiches communales"},
    "page": {"en": "page", "fr": "page"},
    "sources_more": {"en": "and {n} more (see the territory report)", "fr": "et {n} autres (voir le rapport du territoire)"},
    "outside_graph": {"en": "off the road network", "fr": "hors réseau routier"},
    "national_report": {"en": "Report by département", "fr": "Rapport par département"},
    "departement": {"en": "Département", "fr": "Département"},
    "departements": {"en": "Départements", "fr": "Départements"},
    "whole_run": {"en": "Whole diagnosis", "fr": "Ensemble du diagnostic"},
    "toc": {"en": "Contents", "fr": "Sommaire"},
    "commune_table": {"en": "Communes", "fr": "Communes"},
    "continued": {"en": "continued", "fr": "suite"},
    "code": {"en": "Code", "fr": "Code"},
    "name": {"en": "Name", "fr": "Nom"},
    "page_word": {"en": "Page", "fr": "Page"},
    "population_word": {"en": "Population", "fr": "Population"},
    "classes_counts": {"en": "Communes by class", "fr": "Communes par classe"},
    "masked_note": {"en": "“masked”: the value is hidden (statistical confidentiality).",
                    "fr": "« masqué » : valeur cachée (secret statistique)."},
    "order_worst_first": {"en": "Communes from the worst placed to the best placed on “{label}”; those without a "
                                "value last.",
                          "fr": "Communes de la moins bien placée à la mieux placée selon « {label} » ; celles sans "
                                "valeur à la fin."},
    "order_by_name": {"en": "Communes in alphabetical order.", "fr": "Communes par ordre alphabétique."},
    "national_sections": {"en": "The diagnosis covers {n} départements: each has its section below (key figures "
                                "against the whole diagnosis, map, classes, table of its communes).",
                          "fr": "Le diagnostic couvre {n} départements : chacun a sa section ci-après (chiffres "
                                "clés face à l'ensemble du diagnostic, carte, classes, tableau de ses communes)."},
}
# a run over several départements keeps a sheet per commune up to this many communes (beyond,
# each département's table of communes stands for them; CODES still asks for sheets)
SHEETS_MAX = 300
TABLE_FIELDS = ("population", "share_within", "share_within_5km", "dist_median_m", "time_median_min", "share_ftth",
                "ftth_share", "ifn_global")
TABLE_ROWS = 76         # rows of a commune table on a PDF page
TOC_ROWS = 48           # départements on a page of the table of contents


def w(key: str, lang: str, **kw) -> str:
    """A word of the report (its own headings), else one the outputs share (presentation core)."""
    if key not in WORDS:
        return t(key, lang, **kw)
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


def sheet_fields(communes, metadata: dict | None = None) -> list[str]:
    """The fields the sheets show: those the table has with at least one value (no address count
    when the run used no address)."""
    fields = [f for f in SHEET_FIELDS if f in communes.columns and communes[f].notna().any()]
    fields = without_unused_counts(fields, metadata, communes)
    if "share_within" in fields and "share_within_5km" in fields:
        a = pd.to_numeric(communes["share_within"], errors="coerce").to_numpy(float)
        b = pd.to_numeric(communes["share_within_5km"], errors="coerce").to_numpy(float)
        if np.allclose(a, b, equal_nan=True):   # same threshold: say it once
            fields.remove("share_within_5km")
    return fields


def _km(k) -> str:
    k = float(k)
    return str(int(k)) if k.is_integer() else ("%g" % k).replace(".", "_")


def territory_figures(communes, metadata: dict | None = None) -> dict[str, float]:
    """Territory value of each field: sums for counts; the diagnosis's own figure over the whole
    territory for the shares within a distance (``meta["territory"]``: of the addresses, or of the
    population when the demand was not addresses); otherwise the mean of the communes with a value,
    weighted by their addresses (address-based fields, when the demand was addresses) or their
    population."""
    meta = metadata or {}
    out: dict[str, float] = {}
    by_addresses = share_subject(meta, communes) == "addresses"
    n_addr = pd.to_numeric(communes["n_addresses"], errors="coerce") if "n_addresses" in communes else None
    pop = pd.to_numeric(communes["population"], errors="coerce") if "population" in communes else None
    for f in communes.columns:
        if f in NO_TERRITORY or f == getattr(communes, "_geometry_column_name", "geometry"):
            continue
        s = communes[f]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            continue
        v = pd.to_numeric(s, errors="coerce").to_numpy(float)
        if f in SUM_FIELDS:
            out[f] = float(np.nansum(v)) if np.isfinite(v).any() else float("nan")
            continue
        info = field_info(f)
        weights = n_addr if (by_addresses and info.confidential and n_addr is not None) else pop
        wts = weights.to_numpy(float) if weights is not None else np.ones_like(v)
        ok = np.isfinite(v) & np.isfinite(wts) & (wts > 0)
        if not ok.any() and np.isfinite(v).any():     # no weight anywhere: the plain mean
            ok, wts = np.isfinite(v), np.ones_like(v)
        out[f] = float((v[ok] * wts[ok]).sum() / wts[ok].sum()) if ok.any() else float("nan")
    summary = meta.get("territory") or {}
    thresholds = (meta.get("parameters") or {}).get("thresholds_km") or []
    # the diagnosis's own figures over the whole territory (shares, distances, times, 2SFCA) win:
    # the territory figures are the diagnosis's, masked communes' people included
    for key, value in summary.items():
        if key in out and isinstance(value, (int, float)) and value is not None:
            out[key] = float(value)
    if thresholds and f"share_within_{_km(thresholds[0])}km" in summary and "share_within" in out:
        value = summary[f"share_within_{_km(thresholds[0])}km"]
        if isinstance(value, (int, float)):
            out["share_within"] = float(value)
            return out
    kind = "address" if by_addresses else "population"
    for key, value in summary.items():
        if value is None or not key.endswith("km"):
            continue
        if key.startswith("population_share_within_") and f"pop_{key[len('population_'):]}" in out:
            out[f"pop_{key[len('population_'):]}"] = float(value)
        if not key.startswith(f"{kind}_share_within_"):
            continue
        col = key[len(kind) + 1:]
        if col in out:
            out[col] = float(value)
        if thresholds and col == f"share_within_{_km(thresholds[0])}km" and "share_within" in out:
            out["share_within"] = float(value)
    return out


def territory_ranges(values: dict, masked=None, metadata: dict | None = None) -> dict[str, tuple]:
    """Each field's territory figure and its range over the communes, for a table that shows them:
    ``{field: (figure or None, min, max)}`` for the fields of ``values`` (field -> one value per commune,
    None where there is none) with at least one value. A masked commune's values of confidential fields
    are left out (``masked``: one flag per commune, in the same order). The figure is
    :func:`territory_figures`'s, so a panel and the report give the territory the same number."""
    frame = pd.DataFrame({f: pd.to_numeric(pd.Series(list(v), dtype=object), errors="coerce")
                          for f, v in values.items()})
    if masked is not None and len(frame):
        hide = np.asarray(list(masked), dtype=bool)
        for f in frame.columns:
            entry = describe(f)           # a field of the catalogue said confidential (not a field unknown)
            if entry is not None and entry.confidential:
                frame.loc[hide, f] = np.nan
    figures = territory_figures(frame, metadata)
    out = {}
    for f in frame.columns:
        if not frame[f].notna().any():
            continue
        value = figures.get(f)
        value = float(value) if value is not None and np.isfinite(value) else None
        out[f] = (value, float(frame[f].min()), float(frame[f].max()))
    return out


def missing_reason(f: str, communes, metadata: dict | None, lang: str) -> str:
    """Why the territory has no figure for ``f`` (the footnote of a "—")."""
    v = pd.to_numeric(communes[f], errors="coerce") if f in communes else pd.Series(dtype=float)
    masked = masked_flags(communes)
    if len(v) and not v.notna().any() and masked.any() and masked.all():
        return {"en": "masked in every commune (statistical confidentiality)",
                "fr": "masqué dans toutes les communes (secret statistique)"}[lang]
    if f in NETWORK_FIELDS and outside_graph(metadata).get("communes"):
        return {"en": "no commune has a travel time: they are outside the road network",
                "fr": "aucune commune n’a de temps de trajet : elles sont hors du réseau routier"}[lang]
    if len(v) and not v.notna().any():
        return {"en": "the input data give this figure for no commune",
                "fr": "les données d’entrée ne donnent ce chiffre pour aucune commune"}[lang]
    return {"en": "no population or address count to weigh the communes' values",
            "fr": "pas de population ni de nombre d’adresses pour pondérer les valeurs des communes"}[lang]


def partial_network_reason(known, lang: str) -> str:
    """The footnote of a travel time that only part of the territory has ("" when all of it has
    one)."""
    try:
        known = float(known)
    except (TypeError, ValueError):
        return ""
    if not np.isfinite(known) or known >= 0.995:
        return ""
    share = format_value(known, "share", lang)
    return {"en": f"computed on the {share} of the population that has a travel time: the rest is off the road "
                  "network",
            "fr": f"calculé sur les {share} de la population qui ont un temps de trajet : le reste est hors du "
                  "réseau routier"}[lang]


# -- plain-language reading ---------------------------------------------------------------------

def _pct(v, lang):
    return format_value(v, "share", lang)


_SHARE_OF = {"addresses": {"en": "of the addresses are", "fr": "des adresses sont"},
             "population": {"en": "of the population is", "fr": "de la population est"},
             "communes": {"en": "of the communes are", "fr": "des communes sont"}}


def commune_reading(row, territory: dict, metadata: dict | None, lang: str = "fr", communes=None) -> list[str]:
    """Sentences that say what the numbers mean for one commune, as they were computed (one point
    per commune, IRIS, grid cells or addresses)."""
    nom = str(row.get("nom") or row.get("code_insee") or "")
    thr = threshold_text(metadata, lang, communes if communes is not None else list(row))
    source = demand_of(metadata, communes).get("source", "")
    # a run that does not say: a commune with addresses counted them
    subject = share_subject(metadata, communes) or ("addresses" if _num(row, "n_addresses") > 0 else "population")
    source = source or ("addresses" if subject == "addresses" else "")
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
    point = str(row.get("demand_source") or "") in ("centroid", "commune") or (
        source == "commune" and "demand_source" not in row)
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
        if point:
            inside = share >= 0.5
            out.append({"en": f"{nom} is represented by one point, "
                              + (f"less than {thr} from" if inside else f"more than {thr} away from")
                              + " a place that helps with digital life: "
                              + ("the commune is counted " if subject == "communes" else "its whole population is counted ")
                              + ("within" if inside else "beyond") + f" {thr}" + tail,
                        "fr": f"{nom} est représentée par un point, "
                              + (f"à moins de {thr}" if inside else f"à plus de {thr}")
                              + " d’un lieu d’aide au numérique : "
                              + ("la commune est comptée " if subject == "communes" else "toute sa population est comptée ")
                              + (f"à moins de {thr}" if inside else f"au-delà de {thr}") + tail}[lang])
        else:
            out.append({"en": f"In {nom}, {_pct(share, lang)} {_SHARE_OF[subject]['en']} less than {thr} from a "
                              "place that helps with digital life" + tail,
                        "fr": f"À {nom}, {_pct(share, lang)} {_SHARE_OF[subject]['fr']} à moins de {thr} d’un lieu "
                              "d’aide au numérique" + tail}[lang])
    med, p90 = _num(row, "dist_median_m"), _num(row, "dist_p90_m")
    if point and np.isfinite(med):
        out.append({"en": f"That point is {format_value(med, 'm', lang)} from the nearest place (as the crow flies).",
                    "fr": f"Ce point est à {format_value(med, 'm', lang)} du lieu le plus proche (à vol "
                          "d’oiseau)."}[lang])
    elif np.isfinite(med) and np.isfinite(p90):
        source = str(row.get("demand_source") or "") or source      # this commune's own demand points
        units = {"addresses": ("addresses", "adresses", "une"), "grid": ("grid cells", "carreaux", "un"),
                 "iris": ("IRIS", "IRIS", "un")}.get(source, ("demand points", "points de demande", "un"))
        if subject == "population":       # quantiles weighted by the population the points carry
            units = ("inhabitants", "habitants", "un")
        out.append({"en": f"Half of the {units[0]} are less than {format_value(med, 'm', lang)} from the nearest "
                          f"place; one in ten is more than {format_value(p90, 'm', lang)} away.",
                    "fr": f"La moitié des {units[1]} sont à moins de {format_value(med, 'm', lang)} du lieu le plus "
                          f"proche ; {units[2]} sur dix en est à plus de {format_value(p90, 'm', lang)}."}[lang])
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


def territory_reading(communes, territory: dict, metadata: dict | None, lang: str = "fr",
                      section: bool = False) -> list[str]:
    """``section``: the reading of one département of a run over several (what the whole run
    rests on, demand and road network, is said once, on its first page)."""
    thr = threshold_text(metadata, lang, communes)
    subject = share_subject(metadata, communes) or "population"
    n = len(communes)
    out = []
    pop = territory.get("population")
    pop_text = format_value(pop, "count", lang) if pop is not None and np.isfinite(pop) else "?"
    where = {"en": "The département has" if section else "The territory has",
             "fr": "Le département compte" if section else "Le territoire compte"}[lang]
    here = {"en": " in this diagnosis" if section else "", "fr": " dans ce diagnostic" if section else ""}[lang]
    if pop_text == "?":             # no population was given: say so, never "? inhabitants"
        out.append({"en": f"{where} {n} communes{here}; their population is not known (none was given).",
                    "fr": f"{where} {n} communes{here} ; leur population n’est pas connue (aucune n’a été "
                          "fournie)."}[lang])
    else:
        out.append({"en": f"{where} {n} communes{here} and {pop_text} inhabitants.",
                    "fr": f"{where} {n} communes{here} et {pop_text} habitants."}[lang])
    demand = demand_sentence(metadata, lang, communes) if not section else ""
    if demand:
        out.append(demand)
    share = territory.get("share_within", np.nan)
    if np.isfinite(share):
        of = {"addresses": {"en": "of its addresses are", "fr": "de ses adresses sont"},
              "population": {"en": "of its population is", "fr": "de sa population est"},
              "communes": {"en": "of its communes are", "fr": "de ses communes sont"}}[subject]
        out.append({"en": f"{_pct(share, lang)} {of['en']} less than {thr} from a place that helps with "
                          "digital life.",
                    "fr": f"{_pct(share, lang)} {of['fr']} à moins de {thr} d’un lieu d’aide au "
                          "numérique."}[lang])
    if "share_within" in communes and subject == "communes":
        v = pd.to_numeric(communes["share_within"], errors="coerce")
        far = communes[(v < 0.5).to_numpy()]
        if len(far):
            one = len(far) == 1
            out.append({"en": f"{len(far)} commune{'' if one else 's'} {'is' if one else 'are'} more than {thr} from "
                              f"such a place: {_names(far)}.",
                        "fr": f"{len(far)} commune{'' if one else 's'} {'est' if one else 'sont'} à plus de {thr} "
                              f"d’un tel lieu : {_names(far)}."}[lang])
    elif "share_within" in communes:
        v = pd.to_numeric(communes["share_within"], errors="coerce")
        low = communes[(v < 0.8).to_numpy()]
        if len(low):
            low = low.assign(_v=v[v < 0.8]).sort_values("_v")
            one = len(low) == 1
            its = {"addresses": ("of its addresses" if one else "of their addresses",
                                 "de ses adresses" if one else "de leurs adresses"),
                   "population": ("of its population" if one else "of their population",
                                  "de sa population" if one else "de leur population")}[subject]
            out.append({"en": f"{len(low)} commune{'' if one else 's'} {'has' if one else 'have'} less than 80 % "
                              f"{its[0]} within {thr}: {_names(low)}.",
                        "fr": f"{len(low)} commune{'' if one else 's'} {'a' if one else 'ont'} moins de 80 % {its[1]} "
                              f"à moins de {thr} : {_names(low)}."}[lang])
    if "typology" in communes:
        prio = communes[communes["typology"].astype(str).to_numpy() == "priority"]
        if len(prio):
            one = len(prio) == 1
            out.append({"en": f"{len(prio)} commune{'' if one else 's'} {'is' if one else 'are'} a priority (far from "
                              f"help and digitally fragile): {_names(prio)}.",
                        "fr": f"{len(prio)} commune{'' if one else 's'} {'est prioritaire' if one else 'sont prioritaires'} "
                              f"({'éloignée et fragile' if one else 'éloignées et fragiles'}) : {_names(prio)}."}[lang])
    k = int(masked_flags(communes).sum())
    if k:
        one = k == 1
        out.append({"en": f"{k} commune{'' if one else 's'} {'has its' if one else 'have their'} address-based "
                          "indicators masked (too few addresses).",
                    "fr": f"{k} commune{'' if one else 's'} {'a ses' if one else 'ont leurs'} indicateurs issus des "
                          "adresses masqués (trop peu d’adresses)."}[lang])
    names = (dict(zip(communes["code_insee"].astype(str), communes["nom"].astype(str)))
             if {"code_insee", "nom"} <= set(communes.columns) else None)
    network = network_sentence(metadata, lang, names) if not section else ""
    if network:
        out.append(network)
    return [fr_typography(s, lang) for s in out]


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
    typology_id: str = ""
    unit: str = "commune"                         # "iris": a sheet of an IRIS (its own map and words)


@dataclass
class Section:
    """One département of a run over several: its figures against the whole run's, its communes
    by class, its reading and its table of communes (sorted), then its sheets when the report has
    them."""
    code: str
    name: str
    n_communes: int
    rows: list                  # (label, département value, whole-run value)
    reading: list
    classes: list               # (colour, label, count, hatched): communes per class of the map indicator
    typology: list              # (colour, label, count)
    columns: list               # headers of the table of communes
    table: list                 # its rows (texts), in ``order_note``'s order
    order_note: str
    positions: Any = None       # rows of the communes table that are this département's
    sheets: list = field(default_factory=list)
    population: str = ""        # the département's figures the table of contents gives
    value: str = ""


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
    demand: list = field(default_factory=list)             # what the figures rest on (sentences)
    glossary: list = field(default_factory=list)           # one line per technical term used
    footnotes: list = field(default_factory=list)          # why a territory figure is "—"
    metadata: dict = field(default_factory=dict)
    sections: list = field(default_factory=list)           # one per département (runs over several)
    indicator_label: str = ""


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


def commune_missing(f: str, info, masked: bool, outside: bool, lang: str) -> str:
    """What a commune's empty figure says: masked, outside the road network, or no data."""
    if masked and info.confidential:
        return t("masked", lang)
    if outside and f in NETWORK_FIELDS:
        return w("outside_graph", lang)
    return t("no_data", lang)


def iris_split(iris):
    """The IRIS of the communes split into IRIS (a commune that is one IRIS has its commune sheet),
    coded by their IRIS code for the maps (``code_insee`` := ``code_iris``)."""
    if iris is None or len(iris) == 0 or "code_iris" not in iris.columns:
        return None
    codes = iris["code_iris"].astype(str)
    split = iris[~codes.str.endswith("0000")]
    if not len(split):
        return None
    return split.assign(commune=split["code_insee"].astype(str) if "code_insee" in split else codes.str[:5],
                        code_insee=split["code_iris"].astype(str)).reset_index(drop=True)


def _iris_sheets(split, fields, labels, tval, lang: str, indicator: str, wanted) -> list:
    """One sheet per IRIS of the split communes (of ``wanted`` communes when given): the figures the
    commune sheets show that the IRIS table has, against the territory's."""
    masked = masked_flags(split)
    in_qpv = flags(split, "qpv")
    shown_fields = [f for f in fields if f in split.columns and split[f].notna().any()]
    shown = {f: display_series(split, f, lang).tolist() for f in shown_fields}
    infos = {f: field_info(f, lang, None, communes=split) for f in shown_fields}
    out = []
    for i, row in enumerate(split.drop(columns=[split.geometry.name]).to_dict("records")):
        commune = str(row.get("commune", ""))
        if wanted is not None and commune not in wanted:
            continue
        rows = [(labels[f], format_value(shown[f][i], infos[f].unit, lang,
                                         missing=commune_missing(f, infos[f], bool(masked[i]), False, lang)), tval(f))
                for f in shown_fields]
        reading = [fr_typography(w("iris_of", lang, commune=str(row.get("nom_commune") or commune)), lang)]
        if in_qpv[i]:
            reading.append(fr_typography(w("iris_in_qpv", lang, codes=str(row.get("qpv_codes") or "")), lang))
        score = _num(row, "ifn_global")
        if np.isfinite(score):
            reading.append(fr_typography(w("iris_fragility", lang, score=format_value(score, "base 100", lang),
                                           n=int(row.get("ifn_n_variables") or 0)), lang))
        elif str(row.get("ifn_missing", "")) == "no population":
            reading.append(fr_typography(w("iris_no_people", lang), lang))
        out.append(Sheet(code=str(row["code_insee"]), nom=str(row.get("nom") or row["code_insee"]), rows=rows,
                         reading=reading, typology="", masked=bool(masked[i]), fields=list(shown_fields),
                         value=_num(row, indicator), unit="iris"))
    return out


def build_report(communes, services=None, metadata=None, indicator: str = "share_within", *,
                 lang: str = "fr", codes=None, iris=None) -> Report:
    """Everything the report says, as data (the HTML and PDF writers only lay it out)."""
    from .. import display

    lang = check_lang(lang)
    communes, services, metadata = display.for_display(communes, services, metadata)   # names as text
    _validate(communes, indicator)
    meta = dict(metadata or {})
    territory = territory_figures(communes, meta)
    fields = sheet_fields(communes, meta)
    infos = {f: field_info(f, lang, meta, communes=communes) for f in fields}
    masked = masked_flags(communes)
    compare = [f for f in COMPARE_FIELDS if f in fields]
    footnotes: list[str] = []
    marks: dict[str, str] = {}      # field -> footnote mark
    by_reason: dict[str, str] = {}  # reason -> footnote mark (one footnote per reason)

    def note(reason: str) -> str:
        if reason not in by_reason:
            by_reason[reason] = MARKS[len(footnotes) % len(MARKS)]
            footnotes.append(fr_typography(f"{by_reason[reason]} {reason[:1].upper()}{reason[1:]}.", lang))
        return by_reason[reason]

    known = (meta.get("territory") or {}).get("network_known_share")
    partial = partial_network_reason(known, lang)

    def tval(f):
        if f in NO_TERRITORY:
            return ""
        value = territory.get(f)
        if value is not None and np.isfinite(value):
            text = format_value(value, infos[f].unit, lang)
            if f in NETWORK_FIELDS and partial:      # a travel time of a part of the territory says so
                text += f" {note(partial)}"
            return text
        if f not in marks:
            marks[f] = note(missing_reason(f, communes, meta, lang))
        return f"{MISSING} {marks[f]}"

    labels = {f: label_with_unit(infos[f]) for f in fields}     # every figure says its unit
    territory_rows = [(labels[f], tval(f)) for f in fields if f not in NO_TERRITORY]
    wanted = None if codes is None else {str(c) for c in codes}
    sheets = []
    records = communes.drop(columns=[communes.geometry.name]).to_dict("records")
    shown = {f: display_series(communes, f, lang).tolist() for f in fields}
    typ = display_series(communes, "typology", lang).tolist() if "typology" in communes else None
    outside_codes = {str(c) for c in outside_graph(meta).get("communes") or []}
    deps = departements_of(communes["code_insee"]) if "code_insee" in communes else []
    national = len(set(deps)) > 1
    with_sheets = not national or wanted is not None or len(communes) <= SHEETS_MAX
    for i, row in enumerate(records):
        code = str(row.get("code_insee", ""))
        if (wanted is not None and code not in wanted) or not with_sheets:
            continue
        rows = []
        for f in fields:
            missing = commune_missing(f, infos[f], bool(masked[i]), code in outside_codes, lang)
            rows.append((labels[f], format_value(shown[f][i], infos[f].unit, lang, missing=missing), tval(f)))
        typology = "" if typ is None or is_missing(typ[i]) else str(typ[i])
        sheets.append(Sheet(code=code, nom=str(row.get("nom", code)), rows=rows,
                            reading=commune_reading({**row, "_typology_label": typology}, territory, meta, lang,
                                                    communes),
                            typology=typology, typology_id=str(row.get("typology") or ""),
                            masked=bool(masked[i]), compare={f: row.get(f) for f in compare}, fields=list(fields),
                            value=_num(row, indicator)))
    if wanted is not None and not sheets:
        raise ParameterError("none of the requested communes is in the table",
                             hint="give INSEE codes of communes of the territory")
    split = iris_split(iris)
    if split is not None:
        # each split commune's IRIS sheets come right after its commune sheet
        by_commune: dict[str, list] = {}
        for sh in _iris_sheets(split, fields, labels, tval, lang, indicator, wanted):
            by_commune.setdefault(sh.code[:5], []).append(sh)
        sheets = [x for sh in sheets for x in [sh, *by_commune.get(sh.code, [])]]
    notes = method_notes(meta, lang, communes, demand=False, network=False)     # both in the reading
    reading = territory_reading(communes, territory, meta, lang)
    demand = [s for s in (demand_sentence(meta, lang, communes),) if s]
    sections = []
    if national:
        reading.append(fr_typography(w("national_sections", lang, n=len(set(deps))), lang))
        sections = _sections(communes, deps, meta, lang, indicator, fields, infos, labels, tval, masked, shown, typ,
                             outside_codes, sheets)
    words = [*labels.values(), *reading, *notes, *(s.typology for s in sheets)]
    return Report(
        lang=lang, title=default_title(meta, communes, lang),
        date=str(meta.get("date") or str(meta.get("created") or "")[:10] or _dt.date.today().isoformat()),
        indicator=indicator, synthetic=is_synthetic(meta), territory_rows=territory_rows,
        territory_reading=reading, notes=notes, sources=source_lines(meta, lang),
        odbl=odbl_notice(lang) if uses_osm(meta) else "", sheets=sheets, territory=territory,
        compare_fields=compare, place_categories=sorted(headline_categories(meta, _categories(services))),
        demand=demand, glossary=glossary(words, lang, always=("confidentiality",) if masked.any() else ()),
        footnotes=footnotes, metadata=meta, sections=sections,
        indicator_label=label_with_unit(field_info(indicator, lang, meta, communes=communes)))


def _order(values, names, direction: str) -> np.ndarray:
    """Positions worst first for ``direction`` (missing values last, ties by name); by name when
    the field has no direction."""
    names = np.asarray([str(n) for n in names], dtype=str)
    v = np.asarray(values, float)
    if direction == HIGHER_BETTER:
        key = v
    elif direction == LOWER_BETTER:
        key = -v
    else:
        return np.lexsort((names,))
    return np.lexsort((names, np.where(np.isfinite(key), key, np.inf)))


def _sections(communes, deps, meta, lang, indicator, fields, infos, labels, tval, masked, shown, typ,
              outside_codes, sheets) -> list:
    """One :class:`Section` per département, in code order (overseas last)."""
    from .classes import commune_colours

    deps = np.asarray(deps, dtype=object)
    # the département's own figures: from its communes (the run's whole-territory summary is the run's)
    local_meta = {k: v for k, v in meta.items() if k != "territory"}
    info = field_info(indicator, lang, meta, communes=communes)
    _colours, hidden, classes, _info = commune_colours(communes, indicator, lang, meta)
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(float)
    cls = classes.class_of(np.where(hidden, np.nan, values))
    table_fields = [indicator] + [f for f in TABLE_FIELDS if f in fields and f != indicator]
    table_fields = table_fields[:3 if typ is not None else 4]
    tinfos = {f: infos.get(f) or field_info(f, lang, meta, communes=communes) for f in table_fields}
    tshown = {f: shown[f] if f in shown else display_series(communes, f, lang).tolist() for f in table_fields}
    columns = [w("name", lang), w("code", lang), *(label_with_unit(tinfos[f]) for f in table_fields)]
    if typ is not None:
        columns.append(t("typology", lang))
    names = communes["nom"].astype(str).to_numpy() if "nom" in communes else communes["code_insee"].astype(str).to_numpy()
    codes = communes["code_insee"].astype(str).to_numpy()
    by_dep: dict[str, list] = {}
    for sh in sheets:
        by_dep.setdefault(department_of(sh.code), []).append(sh)
    note_text = fr_typography(w("order_worst_first", lang, label=info.label) if info.direction in
                              (HIGHER_BETTER, LOWER_BETTER) else w("order_by_name", lang), lang)
    typ_ids = communes["typology"].astype(str).to_numpy() if typ is not None else None
    out = []
    for code in sorted(set(deps.tolist()), key=lambda c: (len(c), c)):
        pos = np.flatnonzero(deps == code)
        sub = communes.iloc[pos]
        figs = territory_figures(sub, local_meta)
        rows = []
        for f in fields:
            if f in NO_TERRITORY:
                continue
            value = figs.get(f)
            rows.append((labels[f], format_value(value, infos[f].unit, lang) if value is not None and np.isfinite(value)
                         else MISSING, tval(f)))
        counts = [(c["colour"], c["label"], int((cls[pos] == k).sum()), False) for k, c in enumerate(classes.classes)]
        if hidden[pos].any():
            counts.append((MASKED_COLOUR, t("masked", lang), int(hidden[pos].sum()), True))
        empty = int(((cls[pos] < 0) & ~hidden[pos]).sum())
        if empty:
            counts.append((NO_DATA_COLOUR, t("no_data", lang), empty, False))
        typology = []
        if typ_ids is not None:
            ids = typ_ids[pos]
            for k in [c for c in TypologyClass.ids() if c in set(ids)] + sorted(set(ids) - set(TypologyClass.ids())):
                member = TypologyClass.get(k)
                first = pos[np.flatnonzero(ids == k)[0]]
                label = "" if is_missing(typ[first]) else str(typ[first])
                typology.append((member.colour if member else "#969696", label or t("no_data", lang),
                                 int((ids == k).sum())))
        order = pos[_order(values[pos], names[pos], info.direction)]
        table = []
        for i in order:
            row = [names[i], codes[i]]
            for f in table_fields:
                missing = commune_missing(f, tinfos[f], bool(masked[i]), codes[i] in outside_codes, lang)
                row.append(format_value(tshown[f][i], tinfos[f].unit, lang, missing=missing))
            if typ is not None:
                row.append("" if is_missing(typ[i]) else str(typ[i]))
            table.append(row)
        pop = figs.get("population")
        ind = figs.get(indicator)
        out.append(Section(
            code=code, name=departement_name(code), n_communes=len(pos), rows=rows,
            reading=territory_reading(sub, figs, meta, lang, section=True), classes=counts, typology=typology,
            columns=columns, table=table, order_note=note_text, positions=pos, sheets=by_dep.get(code, []),
            population=format_value(pop, "count", lang) if pop is not None and np.isfinite(pop) else MISSING,
            value=format_value(ind, info.unit, lang) if ind is not None and np.isfinite(ind) else MISSING))
    return out


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


def _iris_map_data(report: Report, iris):
    """The maps of the IRIS sheets: the IRIS of the split communes, coloured by the report's
    indicator when they have it (else their fragility score)."""
    from . import charts

    if not any(s.unit == "iris" for s in report.sheets):
        return None
    split = iris_split(iris)
    field = report.indicator if report.indicator in split.columns and split[report.indicator].notna().any() \
        else "ifn_global"
    return charts.MapData(split, field, report.lang, report.metadata)


def _colouring(report: Report, communes):
    """The map classes of the whole run (every département's map in the same classes)."""
    from .classes import commune_colours
    return commune_colours(communes, report.indicator, report.lang, report.metadata)


def _section_map(report: Report, section: Section, communes, services, colouring):
    """(the département's communes to draw, in its legal CRS and simplified to the map's scale;
    the places of its territory in that CRS)."""
    from .. import crs as crsmod
    from ..territories import epsg_of
    from .charts import MapData

    pos = section.positions
    sub = communes.iloc[pos]
    src = epsg_of(communes)
    dst = crsmod.legal_crs(section.code)
    if src is not None and src != dst:
        sub = sub.to_crs(dst)
    minx, miny, maxx, maxy = (float(v) for v in sub.total_bounds)
    tol = max(maxx - minx, maxy - miny) / 2500.0       # about a tenth of a millimetre on the page
    if src is not None and np.isfinite(tol) and tol > 0 and crsmod.is_projected(dst):
        sub = sub.set_geometry(sub.geometry.simplify(tol))
    colours, hidden, classes, info = colouring
    data = MapData(sub, report.indicator, report.lang, report.metadata,
                   colouring=(colours[pos], hidden[pos], classes, info))
    places = services
    if services is not None and len(services) and {"x", "y"} <= set(services.columns) and src is not None:
        x = pd.to_numeric(services["x"], errors="coerce").to_numpy(float)
        y = pd.to_numeric(services["y"], errors="coerce").to_numpy(float)
        lon, lat = crsmod.transform(x, y, src, crsmod.WGS84)
        keep = crsmod.territories_of_lonlat(lon, lat) == crsmod.territory_key(section.code)
        px, py = crsmod.transform(lon[keep], lat[keep], crsmod.WGS84, dst)
        places = services[keep].assign(x=px, y=py)
    return data, places


def _legend_counts(section: Section, handles, n_classes: int):
    """The map's legend with the number of the département's communes in each class."""
    from matplotlib.patches import Patch

    out = [Patch(facecolor=c, edgecolor="#555555", hatch="////" if h else None, label=f"{lab} ({n})")
           for c, lab, n, h in section.classes]
    return out + list(handles[n_classes:])


def render_html(report: Report, communes, services=None, feedback=None, iris=None) -> str:
    import jinja2

    from . import charts

    fb = ensure(feedback)
    lang = report.lang
    services = _map_places(report, services)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(RESOURCES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    iris_data = _iris_map_data(report, iris)
    if report.sections:
        # a run over several départements: no map of the whole (each section has its own, in its CRS)
        data, territory_map = None, None
    else:
        data = charts.MapData(communes, report.indicator, lang, report.metadata)
        territory_map = _png_uri(charts.figure_png(
            lambda ax: charts.draw_map(ax, data, services=services), size=(7.5, 5.0), rect=(0.01, 0.01, 0.62, 0.98)))
    typology_png = (_png_uri(charts.figure_png(lambda ax: charts.draw_typology(ax, communes, lang), size=(5, 2.6),
                                               rect=(0.38, 0.18, 0.57, 0.77)))
                    if "typology" in communes else None)
    dist_png = _png_uri(charts.figure_png(
        lambda ax: charts.draw_distribution(ax, communes, report.indicator, lang=lang, metadata=report.metadata),
        size=(5, 2.6),
        rect=(0.14, 0.2, 0.82, 0.75)))
    done = [0]
    total = max(1, len(report.sheets) + len(report.sections))

    def sheet_item(sheet, sheet_data, places):
        fb.check()
        done[0] += 1
        fb.set_progress(100.0 * done[0] / total)
        # the legend is drawn once in HTML (swatches), not in every sheet's picture
        sheet_data = iris_data if sheet.unit == "iris" and iris_data is not None else sheet_data
        map_png = _png_uri(charts.figure_png(lambda ax: charts.draw_map(
            ax, sheet_data, highlight=sheet.code, services=places, zoom=True, legend=False), size=(4.6, 3.6),
            dpi=90, rect=(0, 0, 1, 1)))
        h = 0.7 + 0.45 * len(report.compare_fields)
        cmp_png = (_png_uri(charts.figure_png(lambda ax: charts.draw_comparison(
            ax, sheet.compare, report.territory, report.compare_fields, lang, _missing_texts(report, sheet),
            report.metadata),
            size=(6.0, h), dpi=90, rect=(0.3, 0.35 / h, 0.66, 1 - 0.45 / h))) if report.compare_fields else None)
        return {"sheet": sheet, "map": map_png, "compare": cmp_png if sheet.unit != "iris" else None,
                "sub": w("iris_sheet" if sheet.unit == "iris" else "commune_sheet", lang),
                "unit_word": "IRIS" if sheet.unit == "iris" else t("commune", lang)}

    sheets, sections = [], []
    if report.sections:
        colouring = _colouring(report, communes)
        for section in report.sections:
            sdata, places = _section_map(report, section, communes, services, colouring)
            map_png = _png_uri(charts.figure_png(
                lambda ax: charts.draw_map(ax, sdata, services=places, legend=False), size=(5.0, 4.2), dpi=80,
                rect=(0.01, 0.01, 0.98, 0.98)))
            data = data or sdata            # the legend's classes: the same in every section
            sections.append({"s": section, "map": map_png,
                             "sheets": [sheet_item(sh, sdata, places) for sh in section.sheets]})
            done[0] += 1
    else:
        sheets = [sheet_item(sheet, data, services) for sheet in report.sheets]
    css = (RESOURCES / "report.css").read_text(encoding="utf-8")
    return env.get_template("report.html").render(
        r=report, css=css, territory_map=territory_map, typology_png=typology_png, dist_png=dist_png,
        sheets=sheets, sections=sections,
        W={k: w(k, lang) for k in (*WORDS, "key_figures", "typology", "glossary", "method")
           if "{" not in (WORDS.get(k) or {"en": ""})["en"]},
        legend=[{"colour": c, "label": lab, "hatched": hatched} for c, lab, hatched in data.handles_spec],
        legend_title=data.title,
        places=[{"colour": Category.colour_of(c), "label": Category.label_of(c, lang)}
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


def _fitted_block(fig, x, y, lines, floor, sizes=((8, 120, 0.0145), (7, 137, 0.0127), (6.5, 148, 0.0118),
                                                   (6, 160, 0.0109))) -> float:
    """Paragraphs from ``y`` down in the largest font (size, characters per line, line height) that
    keeps them above ``floor`` (the sources); the smallest one when none does."""
    for size, chars, line_h in sizes:
        n = sum(len(textwrap.wrap(str(line), chars) or [""]) for line in lines)
        if y - n * line_h * 1.0 - len(lines) * line_h * 0.35 >= floor or (size, chars, line_h) == sizes[-1]:
            return _text_block(fig, x, y, lines, chars, size, line_h)
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
    y = _table(fig, 0.63, 0.72, report.territory_rows, ("", t("territory", lang)), (0, 0.32), size=7.5,
               label_chars=40)
    _text_block(fig, 0.63, y - 0.004, report.footnotes, 62, 6.5, 0.011, color="#444444")
    if "typology" in communes:
        ax2 = fig.add_axes([0.22, 0.32, 0.27, 0.13])
        charts.draw_typology(ax2, communes, lang)
        ax2.set_title(w("typology_counts", lang), fontsize=8)
    ax3 = fig.add_axes([0.60, 0.32, 0.35, 0.13])
    charts.draw_distribution(ax3, communes, report.indicator, lang=lang, metadata=report.metadata)
    ax3.set_title(w("distribution", lang), fontsize=8)
    floor = _footer(fig, report, 1, _sources_lines(report, limit=10))
    fig.text(0.05, 0.265, w("reading", lang), fontsize=10, weight="bold", va="top")
    y = _fitted_block(fig, 0.05, 0.245, report.territory_reading, floor)
    _notes(fig, report, y, floor)
    return fig


def _commune_page(report, sheet, services, page_no, data):
    from . import charts

    lang = report.lang
    fig = charts.new_figure(A4)
    iris = sheet.unit == "iris"
    _page_header(fig, f"{sheet.nom} ({sheet.code})",
                 f"{w('iris_sheet' if iris else 'commune_sheet', lang)} — {report.title} — {report.date}", report)
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
    y = _table(fig, 0.565, y - 0.022, rows, ("", "IRIS" if iris else t("commune", lang), t("territory", lang)),
               (0, 0.28, 0.385), size=7, line_h=0.0145, label_chars=38)
    y0 = min(y, 0.53) - 0.05      # room between the last key figure and the chart's title
    if report.compare_fields and not iris:
        h = 0.03 + 0.024 * len(report.compare_fields)
        ax2 = fig.add_axes([0.30, y0 - h, 0.62, h])
        charts.draw_comparison(ax2, sheet.compare, report.territory, report.compare_fields, lang,
                               _missing_texts(report, sheet), report.metadata)
        ax2.set_title(w("comparison", lang), fontsize=8, loc="left")
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
    if report.glossary:
        fig.text(0.05, y - 0.01, w("glossary", lang), fontsize=11, weight="bold", va="top")
        y = _text_block(fig, 0.05, y - 0.035, report.glossary, 115, 8, 0.015)
    fig.text(0.05, y - 0.01, t("sources", lang), fontsize=11, weight="bold", va="top")
    y = _text_block(fig, 0.05, y - 0.035, report.sources + ([report.odbl] if report.odbl else []), 110, 8.5, 0.016)
    fig.text(0.95, 0.012, f"{report.title} — {w('page', lang)} {page_no}", fontsize=6, ha="right", color="#666666")
    return fig


def _cut(text, n: int) -> str:
    text = str(text)
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _columns(fig, y, headers, rows, specs, size=7.0, linespacing=1.3) -> None:
    """A table drawn one text per column (fast for long tables: a page of 70 rows is a few
    texts, not hundreds): ``specs`` (x, "left"/"right", characters kept) per column; headers
    wrapped over up to three lines above ``y``."""
    for (x, ha, _n), head in zip(specs, headers):
        # a value's header over its narrow column (wrapped, never into the next one)
        lines = textwrap.wrap(str(head), 15 if ha == "right" else 40)
        fig.text(x, y + 0.004, "\n".join(lines[:4]), fontsize=size - 0.5, weight="bold", va="bottom",
                 ha=ha, linespacing=1.1)
    fig.add_artist(_hline(fig, 0.05, 0.95, y + 0.001))
    for k, (x, ha, n) in enumerate(specs):
        fig.text(x, y - 0.003, "\n".join(_cut(row[k], n) for row in rows), fontsize=size, va="top", ha=ha,
                 linespacing=linespacing, color="#111111")


def _hline(fig, x0, x1, y):
    from matplotlib.lines import Line2D
    return Line2D([x0, x1], [y, y], transform=fig.transFigure, color="#999999", linewidth=0.6)


def _table_specs(columns, typology: bool) -> list:
    """Column positions of a table of communes (x, alignment, characters kept): name, code, the
    values right-aligned, then the typology's words when there are some."""
    if typology:
        values = [(0.50 + 0.10 * k, "right", 16) for k in range(len(columns) - 3)]
        return [(0.05, "left", 36), (0.30, "left", 6), *values, (0.72, "left", 36)]
    values = [(0.55 + 0.11 * k, "right", 18) for k in range(len(columns) - 2)]
    return [(0.05, "left", 44), (0.37, "left", 6), *values]


def _national_page(report, communes, page_no):
    """First page of a report over several départements: the whole run's figures and reading."""
    from . import charts

    lang = report.lang
    fig = charts.new_figure(A4)
    _page_header(fig, report.title, f"{w('national_report', lang)} — {report.date}", report)
    fig.text(0.05, 0.89, w("key_figures", lang), fontsize=10, weight="bold", va="top")
    y = _table(fig, 0.05, 0.87, report.territory_rows, ("", w("whole_run", lang)), (0, 0.60), size=7.5,
               label_chars=90)
    y = _text_block(fig, 0.05, y - 0.004, report.footnotes, 130, 6.5, 0.011, color="#444444")
    top = y - 0.03
    if "typology" in communes:
        ax2 = fig.add_axes([0.22, top - 0.15, 0.27, 0.13])
        charts.draw_typology(ax2, communes, lang)
        ax2.set_title(w("typology_counts", lang), fontsize=8)
    ax3 = fig.add_axes([0.60, top - 0.15, 0.35, 0.13])
    charts.draw_distribution(ax3, communes, report.indicator, lang=lang, metadata=report.metadata)
    ax3.set_title(w("distribution", lang), fontsize=8)
    floor = _footer(fig, report, page_no, _sources_lines(report, limit=10))
    fig.text(0.05, top - 0.20, w("reading", lang), fontsize=10, weight="bold", va="top")
    y = _fitted_block(fig, 0.05, top - 0.22, report.territory_reading, floor)
    _notes(fig, report, y, floor)
    return fig


def _page_number(fig, report, page_no):
    fig.text(0.95, 0.012, f"{report.title} — {w('page', report.lang)} {page_no}", fontsize=6, ha="right",
             color="#666666")


def _toc_pages(report, first_pages: list, page_no: int) -> list:
    """The table of contents: each département with its communes, population, indicator and the
    page its section starts on."""
    from . import charts

    lang = report.lang
    headers = [w("departement", lang), w("commune_table", lang), w("population_word", lang), report.indicator_label,
               w("page_word", lang)]
    specs = [(0.05, "left", 48), (0.60, "right", 8), (0.72, "right", 14), (0.85, "right", 14), (0.95, "right", 6)]
    rows = [[f"{s.name} ({s.code})", str(s.n_communes), s.population, s.value, str(p)]
            for s, p in zip(report.sections, first_pages)]
    figs = []
    for k in range(0, len(rows), TOC_ROWS):
        fig = charts.new_figure(A4)
        _page_header(fig, report.title, w("toc", lang) + (f" ({w('continued', lang)})" if k else ""), report)
        _columns(fig, 0.86, headers, rows[k:k + TOC_ROWS], specs, size=8, linespacing=1.45)
        _page_number(fig, report, page_no + len(figs))
        figs.append(fig)
    return figs


def _toc_page_count(report) -> int:
    return -(-len(report.sections) // TOC_ROWS)


def _section_page_count(section) -> int:
    return 1 + -(-len(section.table) // TABLE_ROWS) + len(section.sheets)


def _section_page(report, section, data, places, page_no):
    """A département's first page: map in its legal CRS with its communes per class, typology,
    key figures against the whole run, reading."""
    from . import charts

    lang = report.lang
    fig = charts.new_figure(A4)
    _page_header(fig, f"{section.name} ({section.code})", f"{w('departement', lang)} — {report.title} — {report.date}",
                 report)
    ax = fig.add_axes([0.03, 0.50, 0.58, 0.40])
    handles, title = charts.draw_map(ax, data, services=places, legend=False)
    handles = _legend_counts(section, handles, len(data.handles_spec))
    _legend(fig, handles, f"{title}\n{w('classes_counts', lang)}", 0.62, 0.91)
    y = 0.91 - 0.0175 * (len(handles) + 3) - 0.01
    if section.typology:
        fig.text(0.63, y, t("typology", lang), fontsize=8.5, weight="bold", va="top")
        _table(fig, 0.63, y - 0.02, [(lab, str(n)) for _c, lab, n in section.typology], ("", t("communes", lang)),
               (0, 0.30), size=7, line_h=0.0145, label_chars=40)
    fig.text(0.05, 0.48, w("key_figures", lang), fontsize=10, weight="bold", va="top")
    y = _table(fig, 0.05, 0.46, section.rows, ("", w("departement", lang), w("whole_run", lang)), (0, 0.66, 0.90),
               size=7.5, label_chars=95)
    floor = _footer(fig, report, page_no, _sources_lines(report, limit=4))
    fig.text(0.05, y - 0.01, w("reading", lang), fontsize=10, weight="bold", va="top")
    _fitted_block(fig, 0.05, y - 0.03, section.reading, floor)
    return fig


def _section_table_pages(report, section, page_no):
    """The département's communes, ``TABLE_ROWS`` a page, in the section's order."""
    from . import charts

    lang = report.lang
    specs = _table_specs(section.columns, bool(section.typology))
    masked, short = t("masked", lang), t("masked_short", lang)
    note = section.order_note
    if any(cell == masked for row in section.table for cell in row):     # a narrow column: the short word
        note += " " + fr_typography(w("masked_note", lang), lang)
    for k in range(0, len(section.table), TABLE_ROWS):
        fig = charts.new_figure(A4)
        title = f"{section.name} ({section.code}) — {w('commune_table', lang)}"
        _page_header(fig, title + (f" ({w('continued', lang)})" if k else ""), f"{report.title} — {report.date}",
                     report)
        fig.text(0.05, 0.907, "\n".join(textwrap.wrap(note, 135)[:2]), fontsize=7, color="#444444", va="top",
                 linespacing=1.2)
        rows = [[short if cell == masked else cell for cell in row] for row in section.table[k:k + TABLE_ROWS]]
        _columns(fig, 0.835, section.columns, rows, specs)
        _page_number(fig, report, page_no)
        page_no += 1
        yield fig


def _render_sections_pdf(pdf, report, communes, services, fb, iris_data) -> None:
    """A report over several départements: the whole run's page, the table of contents, then a
    section per département (its page, its table of communes, its sheets), then the method."""
    colouring = _colouring(report, communes)
    pdf.savefig(_national_page(report, communes, 1))
    page = 2 + _toc_page_count(report)
    first = []
    for section in report.sections:
        first.append(page)
        page += _section_page_count(section)
    for fig in _toc_pages(report, first, 2):
        pdf.savefig(fig)
    for k, (section, page) in enumerate(zip(report.sections, first)):
        fb.check()
        fb.set_progress(100.0 * (k + 1) / (len(report.sections) + 1))
        data, places = _section_map(report, section, communes, services, colouring)
        pdf.savefig(_section_page(report, section, data, places, page))
        page += 1
        for fig in _section_table_pages(report, section, page):
            pdf.savefig(fig)
            page += 1
        for sheet in section.sheets:
            fb.check()
            pdf.savefig(_commune_page(report, sheet, places, page,
                                      iris_data if sheet.unit == "iris" and iris_data is not None else data))
            page += 1
    pdf.savefig(_about_page(report, page))


def render_pdf(path: Path, report: Report, communes, services=None, feedback=None, iris=None) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    from .charts import MapData

    fb = ensure(feedback)
    services = _map_places(report, services)
    iris_data = _iris_map_data(report, iris)
    if report.sections:
        with PdfPages(str(path)) as pdf:
            info = pdf.infodict()
            info["Title"] = report.title
            info["Creator"] = "TerriDiag"
            info["Subject"] = "; ".join(report.sources)[:1000]
            _render_sections_pdf(pdf, report, communes, services, fb, iris_data)
        return
    data = MapData(communes, report.indicator, report.lang, report.metadata)
    with PdfPages(str(path)) as pdf:
        info = pdf.infodict()
        info["Title"] = report.title
        info["Creator"] = "TerriDiag"
        info["Subject"] = "; ".join(report.sources)[:1000]
        pdf.savefig(_territory_page(report, communes, services, data))
        for k, sheet in enumerate(report.sheets):
            fb.check()
            fb.set_progress(100.0 * (k + 1) / (len(report.sheets) + 1))
            pdf.savefig(_commune_page(report, sheet, services, k + 2,
                                      iris_data if sheet.unit == "iris" and iris_data is not None else data))
        pdf.savefig(_about_page(report, len(report.sheets) + 2))


def write_report(communes, services=None, metadata=None, indicator: str = "share_within", *,
                 html_path=None, pdf_path=None, lang: str = "fr", codes=None, feedback=None,
                 iris=None) -> dict[str, Path]:
    """Write the report as HTML and/or PDF (atomically); returns {"html": path, "pdf": path}.
    ``iris``: the diagnosis by IRIS: each commune split into IRIS is followed by a sheet per IRIS."""
    if html_path is None and pdf_path is None:
        raise ParameterError("no output file given", hint="give an .html and/or a .pdf path")
    from .. import display

    html_out = check_output_path(html_path, (".html", ".htm")) if html_path is not None else None
    pdf_out = check_output_path(pdf_path, (".pdf",)) if pdf_path is not None else None
    communes, services, metadata = display.for_display(communes, services, metadata)   # names as text
    if iris is not None:
        iris = display.for_display(iris, None, None)[0]
    report = build_report(communes, services, metadata, indicator, lang=lang, codes=codes, iris=iris)
    out: dict[str, Any] = {}
    if pdf_out is not None:
        with atomic_path(pdf_out) as tmp:
            render_pdf(tmp, report, communes, services, feedback, iris=iris)
        out["pdf"] = pdf_out
    if html_out is not None:
        out["html"] = write_text_atomic(html_out, render_html(report, communes, services, feedback, iris=iris))
    return out
