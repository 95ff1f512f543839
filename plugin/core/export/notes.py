"""How the figures were made, in sentences a council member can read (no parameter dump): shared
by the report, the web map, the atlas and the export's metadata. Every sentence is generated from
what the run recorded — the demand points, the thresholds, the typology rule, the road network."""
from __future__ import annotations

import re

from ..presentation.demand import demand_of, demand_sentence, network_sentence
from ..presentation.indicators import field_info, share_subject, threshold_km
from ..presentation.language import fr_typography, lang_of
from ..presentation.numbers import format_value, km_text, plain_number
from ..presentation.sources import is_synthetic, uses_osm
from ..presentation.vocabulary import Category, FragilityMethod, TravelMode, word

# What the shares count, in a sentence ("of its addresses", "de sa population").
_OF_ITS = {"addresses": {"en": "of its addresses", "fr": "de ses adresses"},
           "population": {"en": "of its population", "fr": "de sa population"},
           "communes": {"en": "of its communes", "fr": "de ses communes"},
           "": {"en": "of it", "fr": "de ses points de demande"}}
_OF_THE = {"addresses": {"en": "the addresses", "fr": "des adresses"},
           "population": {"en": "the population", "fr": "de la population"},
           "communes": {"en": "the communes", "fr": "des communes"},
           "": {"en": "the demand points", "fr": "des points de demande"}}
_FROM_EACH = {"addresses": {"en": "from each address", "fr": "de chaque adresse"},
              "grid": {"en": "from each 200 m grid cell", "fr": "de chaque carreau de 200 m"},
              "iris": {"en": "from each IRIS", "fr": "de chaque IRIS"},
              "commune": {"en": "from one point of each commune", "fr": "d’un point de chaque commune"},
              "": {"en": "from each demand point", "fr": "de chaque point de demande"}}


def of_its(metadata, communes, lang: str) -> str:
    return _OF_ITS[share_subject(metadata, communes)][lang_of(lang)]


def threshold_text(metadata, lang: str, communes=None) -> str:
    """The first distance threshold as a sentence writes it ("5 km"); "the threshold distance"
    when neither the run nor the table (``communes``: a table or its column names) says."""
    columns = getattr(communes, "columns", communes if isinstance(communes, (list, tuple)) else ())
    km = threshold_km(metadata, columns)
    if km is not None:
        return km_text(km, lang)
    return {"en": "the threshold distance", "fr": "la distance seuil"}[lang_of(lang)]


def threshold_value(value, info, lang: str) -> str:
    """A typology threshold with its unit: "80 %", "2 km", "100 (base 100: 100 = reference territory)"."""
    lang = lang_of(lang)
    if info.unit == "m":
        return km_text(float(value) / 1000, lang) if float(value) >= 1000 else format_value(value, "m", lang)
    if info.unit in ("share", "min", "km²"):
        return format_value(float(value), info.unit, lang)
    text = plain_number(value, lang)
    unit = info.unit_text.strip()
    if unit.lower() == "base 100":
        return text + {"en": " (base 100: 100 = reference territory)",
                       "fr": " (base 100 : 100 = territoire de référence)"}[lang]
    return f"{text} ({unit})" if unit else text


def typology_note(typ: dict, meta: dict, lang: str, communes=None) -> str | None:
    """The typology rule in a sentence: which indicator decides "far", which decides "fragile",
    the thresholds with their units."""
    lang = lang_of(lang)
    a_field, f_field = typ.get("access_field"), typ.get("fragility_field")
    a_thr, f_thr = typ.get("access_threshold"), typ.get("fragility_threshold")
    if not a_field or not f_field or a_thr is None or f_thr is None:
        return None
    try:
        a_thr, f_thr = float(a_thr), float(f_thr)
    except (TypeError, ValueError):
        return None
    worse = str(typ.get("access_direction") or "higher_is_better") == "higher_is_worse"
    a_info = field_info(str(a_field), lang, meta, communes=communes)
    f_info = field_info(str(f_field), lang, meta, communes=communes)
    a_val = threshold_value(a_thr, a_info, lang)
    m = re.fullmatch(r"share_within(?:_(\d+(?:_\d+)?)km)?", str(a_field))
    if m and not worse:
        dist = km_text(float(m.group(1).replace("_", ".")), lang) if m.group(1) else threshold_text(meta, lang, communes)
        its = of_its(meta, communes, lang)
        plural = share_subject(meta, communes) != "population"
        far = {"en": f"fewer than {a_val} {its} {'are' if plural else 'is'} less than {dist} from a place that helps "
                     "with digital life",
               "fr": f"moins de {a_val} {its} {'sont' if plural else 'est'} à moins de {dist} d’un lieu d’aide au "
                     "numérique"}[lang]
    else:
        far = {"en": f"its {a_info.label.lower()} is {'above' if worse else 'below'} {a_val}",
               "fr": f"l’indicateur « {a_info.label} » est {'supérieur' if worse else 'inférieur'} à {a_val}"}[lang]
    f_val = threshold_value(f_thr, f_info, lang)
    if str(f_field) == "ifn_global":
        fragile = {"en": f"its digital fragility score is above {f_val}",
                   "fr": f"son score de fragilité numérique dépasse {f_val}"}[lang]
    else:
        fragile = {"en": f"its {f_info.label.lower()} is above {f_val}",
                   "fr": f"l’indicateur « {f_info.label} » dépasse {f_val}"}[lang]
    return {"en": f"Typology: a commune is “far from services” when {far}, and “digitally fragile” when {fragile}. "
                  "Far and fragile, it is a “priority”; neither far nor fragile, it is “served”.",
            "fr": f"Typologie : une commune est « éloignée des services » quand {far}, et « fragile "
                  f"numériquement » quand {fragile}. Éloignée et fragile, elle est « prioritaire » ; ni éloignée ni "
                  "fragile, elle est « desservie »."}[lang]


def fsca_note(fsca: dict, lang: str) -> str | None:
    lang = lang_of(lang)
    steps = []
    for step in fsca.get("steps") or []:
        try:
            cost, weight = float(step[0]), float(step[1])
        except (TypeError, ValueError, IndexError):
            return None
        steps.append({"en": f"{format_value(weight, 'share', lang)} up to {km_text(cost / 1000, lang)}",
                      "fr": f"{format_value(weight, 'share', lang)} jusqu’à {km_text(cost / 1000, lang)}"}[lang])
    if not steps:
        return None
    return {"en": "Accessibility (2SFCA): each place's offer is shared among the inhabitants who have it within "
                  "reach, with a weight that falls with distance (" + ", ".join(steps) + "); relative accessibility "
                  "compares a commune with the territory's mean (1 = mean).",
            "fr": "Accessibilité (2SFCA) : l’offre de chaque lieu est partagée entre les habitants qui l’ont à "
                  "portée, avec un poids qui baisse avec la distance (" + ", ".join(steps) + ") ; l’accessibilité "
                  "relative compare une commune à la moyenne du territoire (1 = moyenne)."}[lang]


def method_notes(metadata: dict | None, lang: str = "fr", communes=None, *, demand: bool = True,
                 network: bool = True) -> list[str]:
    """How the figures were made: what they rest on (``demand``), distances, typology, travel times
    and what the road network leaves out (``network``), 2SFCA, confidentiality, fragility,
    territory values, synthetic data. An output that states the demand or the network sentence
    elsewhere (the report's reading, the web map's legend) leaves them out here."""
    lang = lang_of(lang)
    meta = metadata or {}
    params = meta.get("parameters") or {}
    steps = meta.get("steps") or {}
    notes = []
    sentence = demand_sentence(meta, lang, communes) if demand else ""
    if sentence:
        notes.append(sentence)
    kms = [float(x) for x in (params.get("thresholds_km") or []) if _is_number(x)]
    if not kms and threshold_km(meta, getattr(communes, "columns", ())) is not None:
        kms = [threshold_km(meta, getattr(communes, "columns", ()))]
    cats = params.get("category") or []
    cats = [cats] if isinstance(cats, str) else list(cats)
    names = [Category.get(c).in_sentence(lang) if Category.get(c) else str(c) for c in cats]
    cat_text = f" ({', '.join(names)})" if names else ""
    source = demand_of(meta, communes).get("source", "")
    origin = _FROM_EACH.get(source, _FROM_EACH[""])[lang]
    text = {"en": f"Distances are measured as the crow flies, {origin} to the nearest place{cat_text}",
            "fr": f"Les distances sont mesurées à vol d’oiseau, {origin} au lieu le plus proche{cat_text}"}[lang]
    if kms:
        its = _OF_THE[share_subject(meta, communes)][lang]
        text += {"en": f"; the share within {km_text(kms[0], lang)} is the share of {its} less than "
                       f"{km_text(kms[0], lang)} away",
                 "fr": f" ; la part à moins de {km_text(kms[0], lang)} est la part {its} située à moins de "
                       f"{km_text(kms[0], lang)}"}[lang]
        if len(kms) > 1:
            text += {"en": " (other thresholds: ", "fr": " (autres seuils : "}[lang] + \
                ", ".join(km_text(k, lang) for k in kms[1:]) + ")"
    notes.append(text + ".")
    typ = steps.get("typology")
    if isinstance(typ, dict) and typ:
        note = typology_note(typ, meta, lang, communes)
        if note:
            notes.append(note)
    if "network" in steps:
        net = steps.get("network") or {}
        mode = TravelMode.get(str(net.get("mode") or params.get("network_mode") or ""))
        phrase = mode.phrase(lang) + " " if mode else ""
        roads = " (OpenStreetMap)" if uses_osm(meta) else ""    # synthetic roads are not OSM
        notes.append({"en": f"Travel times are computed {phrase}along the road network{roads}.",
                      "fr": f"Les temps de trajet sont calculés {phrase}sur le réseau routier{roads}."}[lang])
        names_map = (dict(zip(communes["code_insee"].astype(str), communes["nom"].astype(str)))
                     if communes is not None and {"code_insee", "nom"} <= set(communes.columns) else None)
        outside = network_sentence(meta, lang, names_map) if network else ""
        if outside:
            notes.append(outside)
    fsca = steps.get("fsca")
    note = fsca_note(fsca, lang) if isinstance(fsca, dict) else None
    if note:
        notes.append(note)
    conf = steps.get("confidentiality") or {}
    threshold = conf.get("threshold", params.get("confidentiality_threshold"))
    if threshold is not None and (source in ("addresses", "") or conf.get("n_masked")):
        notes.append({"en": f"Confidentiality: indicators computed on fewer than {threshold} addresses are masked "
                            "and never printed.",
                      "fr": f"Secret statistique : les indicateurs calculés sur moins de {threshold} adresses sont "
                            "masqués et jamais imprimés."}[lang])
    method = FragilityMethod.get(params.get("fragility_method") or "")
    if method is not None and method.parameter not in (None, "auto"):
        notes.append({"en": f"Digital fragility: {method.description(lang)}; the data dictionary describes each "
                            "variable.",
                      "fr": f"Fragilité numérique : {method.description(lang)} ; le dictionnaire des données décrit "
                            "chaque variable."}[lang])
    weights = {"addresses": {"en": "their addresses (population for counts of people)",
                             "fr": "leurs adresses (leur population pour les effectifs de personnes)"},
               }.get(source, {"en": "their population", "fr": "leur population"})[lang]
    notes.append({"en": "Territory values: totals for counts; the shares within a distance are the diagnosis's, "
                        f"over the whole territory; other values are averages of the communes with a value, weighted "
                        f"by {weights}.",
                  "fr": "Valeurs du territoire : totaux pour les effectifs ; les parts à moins d’une distance sont "
                        "celles du diagnostic, sur tout le territoire ; autres valeurs : moyennes des communes "
                        f"renseignées, pondérées par {weights}."}[lang])
    if is_synthetic(meta):
        notes.append(word("synthetic_banner", lang))
    return [fr_typography(n, lang) for n in notes]


def _is_number(x) -> bool:
    try:
        float(x)
    except (TypeError, ValueError):
        return False
    return True
