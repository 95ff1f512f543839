"""The workshop sheet ("fiche atelier"): one A4 page per commune for people, not specialists.

For a commune: the nearest places that help with digital life (France Services and mediation
places, or the kinds asked), each with its address, opening hours in words, services, distance
from the centre of the commune as the crow flies and, when a road network is given, the driving
time; three figures in plain words; the date, sources and licences. :mod:`.sheet_pdf` and
:mod:`.sheet_html` lay it out; :mod:`.plain` checks its words.

The figures rest on the same demand as the diagnosis (:mod:`core.indicators.demand`: addresses,
else IRIS or 200 m grid cells with a population, else one point per commune) and say which: with
one point per commune no share of inhabitants can be given, and the sheet says where the centre
of the commune stands instead.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..presentation.language import lang_of
from ..presentation.numbers import format_value, km_text
from ..presentation.vocabulary import DIGITAL_HELP, Category
from .words import say

DEFAULT_N_PLACES = 4
DEFAULT_OPEN_AT = "saturday_morning"

FS_SERVICES = {"fr": "Aide aux démarches administratives (impôts, retraite, santé, emploi, papiers…)",
               "en": "Help with paperwork and public services (tax, pension, health, jobs…)"}


@dataclass
class Place:
    rank: int
    name: str
    category: str
    address: str
    hours: str              # in words
    services: str
    distance_m: float
    time_min: float | None  # driving time; None: not computed, NaN: the roads cannot tell
    x: float
    y: float
    open_status: str = ""   # open / closed / unknown in the window of figure 3 ("" when not evaluated)


@dataclass
class Sheet:
    code: str
    commune: str
    lang: str
    figures: list[str]
    places: list[Place]
    centre: tuple[float, float]
    notes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    explained: dict = field(default_factory=dict)
    date: str = ""
    title: str = ""
    subtitle: str = ""
    labels: dict = field(default_factory=dict)

    def texts(self) -> list[str]:
        """Every text of the page that TerriDiag wrote (not the data): what the plain-words check reads."""
        out = [self.title, self.subtitle, *self.labels.values(), *self.figures, *self.notes,
               t("made", self.lang, date=self.date)]
        out += [f"{term} {text}" for term, text in self.explained.items()]
        for p in self.places:
            out += [category_label(p, self.lang), place_line(p, self.lang)]
            if not p.hours:
                out.append(t("hours_unknown_short", self.lang))
        return out

    def data_values(self) -> list[str]:
        """What the producers wrote (names, addresses, hours, services) and the citations: left
        out of the plain-words check."""
        out = [self.commune, *self.sources]
        for p in self.places:
            out += [p.name, p.address, p.hours, p.services]
        return [v for v in out if v]


_T = {
    "title": {"fr": "Fiche atelier — {commune}", "en": "Workshop sheet — {commune}"},
    "subtitle": {"fr": "Où trouver de l'aide pour le numérique près de chez vous",
                 "en": "Where to find help with digital life near you"},
    "share": {"fr": "{frac} vivent à moins de {km} d'un lieu d'aide au numérique.",
              "en": "{frac} live less than {km} from a place that helps with digital life."},
    "share_none": {"fr": "Aucun habitant ne vit à moins de {km} d'un lieu d'aide au numérique.",
                   "en": "No inhabitant lives less than {km} from a place that helps with digital life."},
    "share_masked": {"fr": "La part des habitants proches d'un lieu d'aide n'est pas donnée : la commune compte "
                           "trop peu d'adresses pour la publier sans risquer de désigner des personnes.",
                     "en": "The share of inhabitants near a place that helps is not given: the commune has too few "
                           "addresses to publish it without the risk of pointing at people."},
    "share_point_in": {"fr": "Le centre de la commune{pop} est à moins de {km} d'un lieu d'aide au "
                             "numérique. On ne sait pas où vivent les habitants dans la commune.",
                       "en": "The centre of the commune{pop} is less than {km} from a place that "
                             "helps with digital life. Where the inhabitants live inside the commune is not known."},
    "share_point_out": {"fr": "Le centre de la commune{pop} est à plus de {km} d'un lieu d'aide au "
                              "numérique. On ne sait pas où vivent les habitants dans la commune.",
                        "en": "The centre of the commune{pop} is more than {km} from a place that "
                              "helps with digital life. Where the inhabitants live inside the commune is not known."},
    "nearest": {"fr": "Le lieu d'aide le plus proche du centre de la commune est à {d} à vol d'oiseau{time}.",
                "en": "The nearest place that helps is {d} from the centre of the commune as the crow flies{time}."},
    "time": {"fr": ", environ {t} en voiture", "en": ", about {t} by car"},
    "open": {"fr": "{k} des {n} lieux d'aide les plus proches {verb} ouverts le samedi matin.",
             "en": "{k} of the {n} nearest places that help {verb} open on Saturday morning."},
    "open_none": {"fr": "Aucun des {n} lieux d'aide les plus proches n'est ouvert le samedi matin.",
                  "en": "None of the {n} nearest places that help is open on Saturday morning."},
    "open_unknown": {"fr": "Les horaires de {u} de ces lieux sont inconnus.",
                     "en": "The opening hours of {u} of these places are not known."},
    "count": {"fr": "{k} lieux d'aide au numérique sont à moins de {km} du centre de la commune.",
              "en": "{k} places that help with digital life are less than {km} from the centre of the commune."},
    "no_time": {"fr": "Temps en voiture : non calculé (aucune carte des routes n'a été chargée).",
                "en": "Driving times: not computed (no road map was loaded)."},
    "time_unknown": {"fr": "« temps inconnu » : la carte des routes chargée ne va pas jusque-là.",
                     "en": "\"time not known\": the road map loaded does not reach that far."},
    "hours_missing": {"fr": "Horaires inconnus : demandez au lieu avant de vous déplacer.",
                      "en": "Opening hours not known: ask the place before you go."},
    "made": {"fr": "Fiche produite le {date} avec TerriDiag.", "en": "Sheet made on {date} with TerriDiag."},
    "places_title": {"fr": "Les lieux d'aide les plus proches", "en": "The nearest places that help"},
    "figures_title": {"fr": "En chiffres", "en": "In figures"},
    "words_title": {"fr": "Mots utiles", "en": "Useful words"},
    "sources_title": {"fr": "Sources et licences", "en": "Sources and licences"},
    "map_title": {"fr": "Carte : la commune, son centre (étoile) et les lieux d'aide (numéros)",
                  "en": "Map: the commune, its centre (star) and the places that help (numbers)"},
    "distance": {"fr": "{d} à vol d'oiseau", "en": "{d} as the crow flies"},
    "by_car": {"fr": "{t} en voiture", "en": "{t} by car"},
    "time_unknown_short": {"fr": "temps inconnu", "en": "time not known"},
    "hours_unknown_short": {"fr": "horaires inconnus", "en": "opening hours not known"},
    "no_place": {"fr": "Aucun lieu d'aide au numérique n'a été trouvé dans les données chargées.",
                 "en": "No place that helps with digital life was found in the data loaded."},
}
EXPLAINED_EN = {
    "as the crow flies": "the straight-line distance, shorter than the trip by road.",
    "France Services": "public counters that help with paperwork (tax, pension, health, jobs…).",
    "place that helps with digital life": "France Services or digital mediation place: people there help you "
                                          "use a computer, a smartphone or the internet.",
    "Licence Ouverte, ODbL": "open licences: the data may be reused if its source is given.",
}


def t(key: str, lang: str, **kw) -> str:
    return say(_T, key, lang, **kw)


def fraction_words(share: float, lang: str = "fr") -> str:
    """0.76 -> "3 habitants sur 4"; 1 -> "Tous les habitants"; 0 -> "Aucun habitant"."""
    fr = lang_of(lang) == "fr"
    if share >= 0.995:
        return "Tous les habitants" if fr else "All the inhabitants"
    best = None
    for den in (2, 3, 4, 5, 10):
        num = int(round(share * den))
        if 0 < num < den:
            err = abs(share - num / den)
            if best is None or err < best[0] - 0.02:
                best = (err, num, den)
    if best is None:                   # nearly all, or nearly none
        if share > 0.5:
            return "Presque tous les habitants" if fr else "Nearly all the inhabitants"
        return "Très peu d'habitants" if fr else "Very few inhabitants"
    _err, num, den = best
    if fr:
        return f"{num} habitant{'s' if num > 1 else ''} sur {den}"
    return f"{num} inhabitant{'s' if num > 1 else ''} in {den}"


def _hours_words(text: str, lang: str) -> str:
    from ..export.hours import humanize
    text = str(text or "").strip()
    # word joiners keep a range on one line in a narrow popup; the sheet wraps itself
    return humanize(text, lang).replace("\n", "; ").replace("\u2060", "") if text else ""


def _services_words(row, lang: str) -> str:
    s = str(row.get("services", "") or "").strip()
    if s:
        return ", ".join(x.strip() for x in s.split("|") if x.strip())
    if str(row.get("category", "")) == "france_services":
        return FS_SERVICES[lang_of(lang)]
    return ""


def help_categories(services: pd.DataFrame, categories=None) -> list[str]:
    if categories:
        return [str(c) for c in categories]
    present = set(services["category"].astype(str)) if "category" in services.columns else set()
    chosen = [str(c) for c in DIGITAL_HELP if str(c) in present]
    return chosen or sorted(present)


def _travel_minutes(roads, cx, cy, sx, sy) -> np.ndarray:
    """Driving minutes from each centre to each place (NaN where the road graph cannot tell)."""
    from ..indicators.network import graph_costs
    out = np.full((len(cx), len(sx)), np.nan)
    for j in range(len(sx)):          # one shortest-path pass per place listed
        r = graph_costs(roads, cx, cy, sx[j:j + 1], sy[j:j + 1], "drive", "time")
        c = r["cost"] / 60.0
        out[:, j] = np.where(np.isfinite(c), c, np.nan)
    return out


def build_sheets(communes, services: pd.DataFrame, *, codes=None, addresses=None, population_units=None,
                 population_field: str | None = None, roads=None, distance_km: float = 5.0,
                 n_places: int = DEFAULT_N_PLACES, categories=None, open_at: str | None = DEFAULT_OPEN_AT,
                 week=None, lang: str = "fr", sources: list[str] | None = None, shares_field: str | None = None,
                 today: _dt.date | None = None) -> list[Sheet]:
    """One :class:`Sheet` per commune of ``codes`` (all when empty), communes and places in the
    same metric CRS. ``sources``: the citation lines (``presentation.sources.source_lines``).
    ``shares_field``: when the communes carry it and ``demand_source`` (the diagnosis layer), the
    first figure reads the diagnosis's share (its demand, its masking) instead of computing one."""
    from ..indicators.coverage import coverage_by_commune
    from ..indicators.demand import build_demand

    lang = lang_of(lang)
    if not (np.isfinite(distance_km) and distance_km > 0):
        raise ParameterError("the distance must be a positive number of kilometres", hint="e.g. 5")
    if n_places < 1:
        raise ParameterError("list at least one place", hint="e.g. 4")
    if communes is None or not len(communes) or "code_insee" not in communes.columns:
        raise InputDataError("no commune polygon with a code_insee", hint="load the communes first")
    communes = communes.reset_index(drop=True)
    communes["code_insee"] = communes["code_insee"].astype(str)
    wanted = [str(c).strip() for c in (codes or []) if str(c).strip()]
    unknown = sorted(set(wanted) - set(communes["code_insee"]))
    if unknown:
        raise ParameterError(f"no commune with the code {', '.join(unknown)} in the communes layer",
                             hint="pick a commune of the layer (its INSEE code)")
    cats = help_categories(services, categories)
    helpers = services[services["category"].astype(str).isin(cats)].reset_index(drop=True)
    helpers = helpers[np.isfinite(helpers["x"].to_numpy(float)) & np.isfinite(helpers["y"].to_numpy(float))]
    helpers = helpers.reset_index(drop=True)
    if helpers.empty:
        raise InputDataError(f"no place of the kinds {cats} with coordinates", hint="load France Services or "
                             "mediation places, or choose other kinds of places")
    if shares_field and {shares_field, "demand_source"} <= set(communes.columns):
        cov = pd.DataFrame({"share_within": pd.to_numeric(communes[shares_field], errors="coerce").to_numpy(float),
                            "demand_source": communes["demand_source"].astype(str).to_numpy()},
                           index=communes["code_insee"].to_numpy())
    else:   # shares by commune on the diagnosis's demand rules
        demand = build_demand(communes, addresses, population_units, population_field)
        cov = coverage_by_commune(addresses, helpers, thresholds_km=(distance_km,), communes=communes,
                                  demand=demand).set_index("code_insee")
    chosen = communes[communes["code_insee"].isin(wanted)] if wanted else communes
    pts = chosen.geometry.representative_point()
    cx, cy = pts.x.to_numpy(float), pts.y.to_numpy(float)
    from scipy.spatial import cKDTree
    k = min(n_places, len(helpers))
    hx, hy = helpers["x"].to_numpy(float), helpers["y"].to_numpy(float)
    d, idx = cKDTree(np.column_stack([hx, hy])).query(np.column_stack([cx, cy]), k=k)
    d, idx = d.reshape(len(cx), k), idx.reshape(len(cx), k)
    times = None
    if roads is not None:
        listed = np.unique(idx)
        tm = _travel_minutes(roads, cx, cy, hx[listed], hy[listed])
        col = {p: j for j, p in enumerate(listed)}
        times = np.take_along_axis(tm, np.vectorize(col.get)(idx), axis=1)
    status = None
    if open_at:
        from ..indicators.opening import available, open_places
        if available():
            status = open_places(helpers, open_at, week=week, today=today)[0]["hours_status"].to_numpy(object)
    within = cKDTree(np.column_stack([hx, hy])).query_ball_point(np.column_stack([cx, cy]), r=distance_km * 1000)
    date = (today or _dt.date.today()).isoformat()
    explained = EXPLAINED_FR_SHEET if lang == "fr" else EXPLAINED_EN
    km = km_text(distance_km, lang)
    sheets = []
    for i, (_, com) in enumerate(chosen.iterrows()):
        code = str(com["code_insee"])
        name = str(com.get("nom", "") or code)
        places = []
        for r in range(k):
            row = helpers.iloc[idx[i, r]]
            tmin = None if times is None else float(times[i, r])
            places.append(Place(r + 1, str(row.get("name", "")), str(row.get("category", "")),
                                str(row.get("address", "") or ""), _hours_words(row.get("opening_hours", ""), lang),
                                _services_words(row, lang), float(d[i, r]), tmin, float(hx[idx[i, r]]),
                                float(hy[idx[i, r]]), "" if status is None else str(status[idx[i, r]])))
        figures, notes = _figures(cov.loc[code] if code in cov.index else None, com, places, distance_km, km, lang,
                                  len(within[i]), status is not None, roads is not None)
        sheets.append(Sheet(code, name, lang, figures, places, (float(cx[i]), float(cy[i])), notes,
                            list(sources or []), explained, date, t("title", lang, commune=name),
                            t("subtitle", lang), {key: t(key, lang) for key in (
                                "places_title", "figures_title", "words_title", "sources_title", "map_title")}))
    return sheets


def _figures(cov_row, com, places, distance_km, km, lang, n_within, hours_known, with_roads):
    notes = []
    source = str(cov_row["demand_source"]) if cov_row is not None else "commune"
    share = float(cov_row["share_within"]) if cov_row is not None else float("nan")
    pop = pd.to_numeric(pd.Series([com.get("population", np.nan)]), errors="coerce").iloc[0]
    pop_txt = ""                      # the population in brackets, when it is known
    if np.isfinite(pop):
        pop_txt = f" ({format_value(pop, 'count', lang)} {'habitants' if lang == 'fr' else 'inhabitants'})"
    if source == "commune":
        # one point per commune: it is wholly within the distance or wholly beyond it
        inside = share >= 0.5 if np.isfinite(share) else bool(places and places[0].distance_m <= distance_km * 1000)
        f1 = t("share_point_in" if inside else "share_point_out", lang, pop=pop_txt, km=km)
    elif not np.isfinite(share):      # masked by the diagnosis: too few addresses to print it
        f1 = t("share_masked", lang)
    elif share <= 0.005:
        f1 = t("share_none", lang, km=km)
    else:
        f1 = t("share", lang, frac=fraction_words(share, lang), km=km)
    first = places[0] if places else None
    if first is None:
        return [t("no_place", lang)], notes
    time = ""
    if first.time_min is not None and np.isfinite(first.time_min):
        time = t("time", lang, t=minutes_text(first.time_min, lang))
    f2 = t("nearest", lang, d=format_value(first.distance_m, "m", lang), time=time)
    if hours_known:
        n = len(places)
        k = sum(p.open_status == "open" for p in places)
        u = sum(p.open_status == "unknown" for p in places)
        if k == 0:
            f3 = t("open_none", lang, n=n)
        else:
            verb = ("est" if k == 1 else "sont") if lang == "fr" else ("is" if k == 1 else "are")
            f3 = t("open", lang, k=k, n=n, verb=verb)
        if u:
            f3 += " " + t("open_unknown", lang, u=u)
    else:
        f3 = t("count", lang, k=n_within, km=km)
    if not with_roads:
        notes.append(t("no_time", lang))
    elif any(p.time_min is not None and not np.isfinite(p.time_min) for p in places):
        notes.append(t("time_unknown", lang))
    if any(not p.hours for p in places):
        notes.append(t("hours_missing", lang))
    return [f1, f2, f3], notes


# the words explained on a French sheet (plain.EXPLAINED_FR, kept in one place)
from .plain import EXPLAINED_FR as EXPLAINED_FR_SHEET  # noqa: E402


def minutes_text(minutes: float, lang: str) -> str:
    """Whole minutes, at least 1: "4 min"."""
    return f"{max(1, int(round(minutes)))}\u00a0min"


def place_line(p: Place, lang: str) -> str:
    """Distance and time of a place, in words."""
    parts = [t("distance", lang, d=format_value(p.distance_m, "m", lang))]
    if p.time_min is not None:
        parts.append(t("by_car", lang, t=minutes_text(p.time_min, lang))
                     if np.isfinite(p.time_min) else t("time_unknown_short", lang))
    return ", ".join(parts)


def category_label(p: Place, lang: str) -> str:
    return Category.label_of(p.category, lang)
