"""One entry per output field: labels (en/fr), unit, description (en/fr), formula, direction, source.

The GUI, the web map and the report use it for legends and help; ``Field.description_for(lang)``
(and ``label_for``, ``unit_for``, ``formula_for``, ``source_for``) give the text in the user's
language, English when there is no translation. Fields whose name carries a parameter
(``share_within_5km``, ``dist_library_m``…) are described by patterns, see :func:`describe`.
``confidential`` marks fields computed from addresses: they are masked for communes with too few
addresses (see ``confidentiality``).
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass

WORSE, BETTER, NEUTRAL = "higher_is_worse", "higher_is_better", "neutral"


@dataclass(frozen=True)
class Field:
    id: str
    label_en: str
    label_fr: str
    unit: str
    description: str
    formula: str
    direction: str
    source: str
    confidential: bool = False
    group: str = ""
    description_fr: str = ""
    formula_fr: str = ""      # only where the formula has words; else the formula is the same

    # unit/source in French: shared by many entries, so looked up rather than repeated
    @property
    def unit_fr(self) -> str:
        return _UNITS_FR.get(self.unit, self.unit)

    @property
    def source_fr(self) -> str:
        return _SOURCES_FR.get(self.source, self.source)

    def _pick(self, lang, en: str, fr: str) -> str:
        if (lang or "en")[:2] == "fr" and fr:
            return fr.replace("'", "’")      # French typography: d’une, l’accès
        return en

    def description_for(self, lang: str | None) -> str:
        """The description in ``lang`` ("fr" or "en"); English for any other language."""
        return self._pick(lang, self.description, self.description_fr)

    text = description_for

    def label_for(self, lang: str | None) -> str:
        return self._pick(lang, self.label_en, self.label_fr)

    def unit_for(self, lang: str | None) -> str:
        """The unit as written for people (words translated; symbols such as m, %, km² kept)."""
        return self._pick(lang, self.unit, self.unit_fr)

    def formula_for(self, lang: str | None) -> str:
        return self._pick(lang, self.formula, self.formula_fr)

    def source_for(self, lang: str | None) -> str:
        return self._pick(lang, self.source, self.source_fr)

    def to_dict(self) -> dict:
        return asdict(self)


# where the inhabitants are placed (addresses, IRIS, grid cells or the commune: meta["demand"]) and
# the places measured to
_ADDR = "demand points (addresses, IRIS, grid cells or communes) and service places"
_ARCEP = "ARCEP Ma connexion internet, per commune"
_MOB = "ARCEP mobile sites / coverage maps"
_MEDNUM = "MedNum 2019 fragility index (INSEE variables)"

_FIELDS = [
    Field("code_insee", "INSEE code", "Code INSEE", "", "Commune INSEE code (COG)", "", NEUTRAL, "COG", group="id",
          description_fr="Code INSEE de la commune (Code officiel géographique)"),
    Field("nom", "Name", "Nom", "", "Commune name", "", NEUTRAL, "COG", group="id",
          description_fr="Nom de la commune"),
    Field("population", "Population", "Population", "inhabitants", "Legal population of the commune",
          "", NEUTRAL, "INSEE populations légales", group="id",
          description_fr="Population légale de la commune"),
    Field("n_addresses", "Addresses", "Adresses", "count", "Number of addresses used as demand points",
          "count of addresses with this code_insee", NEUTRAL, _ADDR, group="coverage",
          description_fr="Nombre d'adresses utilisées comme points de demande",
          formula_fr="nombre d'adresses ayant ce code_insee"),
    Field("demand_source", "Demand points", "Points de demande", "",
          "Where the commune's inhabitants are placed: 'addresses' (its addresses), 'grid' (the 200 m "
          "grid cells with a population), 'iris' (its IRIS with their population) or 'commune' (one point "
          "inside the commune carrying its whole population, when nothing finer is known)",
          "", NEUTRAL, _ADDR, group="coverage",
          description_fr="Où sont placés les habitants de la commune : « addresses » (ses adresses), « grid » "
                         "(les carreaux de 200 m habités), « iris » (ses IRIS avec leur population) ou "
                         "« commune » (un point dans la commune portant toute sa population, faute de mieux)"),
    Field("demand_units", "Demand points used", "Points de demande utilisés", "count",
          "Number of demand points of the commune (addresses, grid cells, IRIS, or 1 for the commune "
          "itself): with one point, the commune is wholly within a distance or wholly beyond it",
          "", NEUTRAL, _ADDR, group="coverage",
          description_fr="Nombre de points de demande de la commune (adresses, carreaux, IRIS, ou 1 pour la "
                         "commune elle-même) : avec un seul point, la commune est entièrement en deçà d'une "
                         "distance ou entièrement au-delà"),
    Field("dist_mean_m", "Mean distance to nearest service", "Distance moyenne au service le plus proche", "m",
          "Mean straight-line distance from where the commune's inhabitants live (its demand points: addresses, "
          "IRIS, grid cells or the commune itself), weighted by population, to the nearest place of the headline "
          "categories (France Services and mediation places by default)",
          "sum_i w_i min_j ||a_i - s_j|| / sum_i w_i", WORSE, _ADDR, True, "coverage",
          description_fr="Distance moyenne à vol d'oiseau, pondérée par la population, entre les lieux de vie des "
                         "habitants de la commune (ses points de demande : adresses, IRIS, carreaux ou la commune "
                         "elle-même) et le lieu le plus proche des catégories des indicateurs principaux (par "
                         "défaut, France Services et lieux de médiation numérique)"),
    Field("dist_median_m", "Median distance to nearest service", "Distance médiane au service le plus proche", "m",
          "Median straight-line distance of the population to the nearest service",
          "median_i min_j ||a_i - s_j|| (weighted by population, linear interpolation)",
          WORSE, _ADDR, True, "coverage",
          description_fr="Distance médiane à vol d'oiseau de la population jusqu'au service le plus proche",
          formula_fr="median_i min_j ||a_i - s_j|| (pondérée par la population, interpolation linéaire)"),
    Field("dist_p90_m", "90th percentile distance", "Distance au 9e décile", "m",
          "90 % of the population is at most this far from a service",
          "quantile 0.9 (weighted by population, linear interpolation)",
          WORSE, _ADDR, True, "coverage",
          description_fr="90 % de la population est au plus à cette distance d'un service",
          formula_fr="quantile 0,9 (pondéré par la population, interpolation linéaire)"),
    Field("share_within", "Share within threshold", "Part à moins du seuil", "fraction",
          "Share of the population within the (first) distance threshold of a place of the headline categories "
          "(France Services and mediation places by default; 5 km target)",
          "sum(w_i, d_i <= threshold) / sum(w_i)", BETTER, _ADDR, True, "coverage",
          description_fr="Part de la population située à moins du (premier) seuil de distance d'un lieu des "
                         "catégories des indicateurs principaux (par défaut, France Services et lieux de "
                         "médiation numérique ; objectif : 5 km)",
          formula_fr="somme(w_i, d_i <= seuil) / somme(w_i)"),
    Field("n_unreachable", "Demand points with no road path", "Points de demande sans chemin routier", "count",
          "Demand points with no path on the road network to any service (a road cut off at the edge of the "
          "extract): they get no travel time", "", NEUTRAL, "OSM road graph", True, "network",
          description_fr="Points de demande sans aucun chemin par le réseau routier vers un service (une route "
                         "coupée au bord de l'extrait) : ils n'ont pas de temps de trajet"),
    Field("n_outside_graph", "Demand points off the road network", "Points de demande hors du réseau routier",
          "count", "Demand points farther than the set distance (1 km by default) from the road network "
          "(outside the OSM extract): they get no travel time", "", NEUTRAL, "OSM road graph", True, "network",
          description_fr="Points de demande à plus de la distance fixée (1 km par défaut) du réseau routier "
                         "(hors de l'extrait OSM) : ils n'ont pas de temps de trajet"),
    Field("network_known_share", "Share with a travel time", "Part avec un temps de trajet", "fraction",
          "Share of the commune's population (or demand points) that has a travel time: the rest is off the "
          "road network, or a place off the network could be nearer", "", NEUTRAL, "OSM road graph", False,
          "network",
          description_fr="Part de la population de la commune (ou des points de demande) qui a un temps de "
                         "trajet : le reste est hors du réseau routier, ou un lieu hors du réseau pourrait "
                         "être plus proche"),
    Field("time_mean_min", "Mean travel time", "Temps de trajet moyen", "min",
          "Mean network travel time to the nearest service, weighted by population, over the demand that has one "
          "(within 1 km of a road by default)",
          "snap walk + shortest path (Dijkstra) + snap walk", WORSE, "OSM road graph", True, "network",
          description_fr="Temps de trajet moyen par le réseau routier jusqu'au service le plus proche, pondéré par "
                         "la population, sur la demande qui en a un (à moins de 1 km d'une route par défaut)",
          formula_fr="marche jusqu'à la route + plus court chemin (Dijkstra) + marche jusqu'au service"),
    Field("time_median_min", "Median travel time", "Temps de trajet médian", "min",
          "Median network travel time to the nearest service", "", WORSE, "OSM road graph", True, "network",
          description_fr="Temps de trajet médian par le réseau routier jusqu'au service le plus proche"),
    Field("time_p90_min", "90th percentile travel time", "Temps de trajet au 9e décile", "min",
          "90 % of the population with a travel time is at most this time from a service", "", WORSE,
          "OSM road graph", True, "network",
          description_fr="90 % de la population qui a un temps de trajet est au plus à ce temps d'un service"),
    Field("netdist_mean_m", "Mean network distance", "Distance réseau moyenne", "m",
          "Mean road distance to the nearest service", "", WORSE, "OSM road graph", True, "network",
          description_fr="Distance moyenne par la route jusqu'au service le plus proche"),
    Field("netdist_median_m", "Median network distance", "Distance réseau médiane", "m",
          "Median road distance to the nearest service", "", WORSE, "OSM road graph", True, "network",
          description_fr="Distance médiane par la route jusqu'au service le plus proche"),
    Field("netdist_p90_m", "90th percentile network distance", "Distance réseau au 9e décile", "m",
          "90th percentile of the road distance to the nearest service", "", WORSE, "OSM road graph", True, "network",
          description_fr="9e décile de la distance par la route jusqu'au service le plus proche"),
    Field("fsca", "Accessibility (2SFCA)", "Accessibilité (2SFCA)", "places per inhabitant",
          "Population-weighted mean of the 2SFCA/E2SFCA accessibility of the commune's demand points",
          "A_i = sum_j w(d_ij) S_j / sum_k w(d_kj) P_k", BETTER, _ADDR, True, "fsca",
          description_fr="Moyenne, pondérée par la population, de l'accessibilité 2SFCA/E2SFCA (aire de "
                         "chalandise flottante à deux étapes) des points de demande de la commune"),
    Field("fsca_per_10k", "Accessibility per 10,000 inhabitants", "Accessibilité pour 10 000 habitants",
          "places per 10,000 inhabitants", "2SFCA accessibility × 10,000", "10000 × fsca", BETTER, _ADDR, True, "fsca",
          description_fr="Accessibilité 2SFCA multipliée par 10 000 (places pour 10 000 habitants)"),
    Field("fsca_norm", "Accessibility (relative)", "Accessibilité relative", "ratio to territory mean",
          "2SFCA accessibility divided by its population-weighted territory mean (1 = average)",
          "fsca / (sum P_i A_i / sum P_i)", BETTER, _ADDR, True, "fsca",
          description_fr="Accessibilité 2SFCA divisée par sa moyenne sur le territoire pondérée par la "
                         "population (1 = dans la moyenne)"),
    Field("share_ftth", "Premises eligible to FttH", "Locaux éligibles à la fibre (FttH)", "fraction",
          "Share of premises eligible to fibre to the home", "elig_ftth / premises", BETTER, _ARCEP, group="connectivity",
          description_fr="Part des locaux éligibles à la fibre optique jusqu'à l'abonné (FttH)",
          formula_fr="elig_ftth / locaux"),
    Field("share_thd30", "Premises ≥ 30 Mbit/s", "Locaux ≥ 30 Mbit/s", "fraction",
          "Share of premises eligible to at least 30 Mbit/s (wired)", "elig_thd30 / premises", BETTER, _ARCEP, group="connectivity",
          description_fr="Part des locaux éligibles à au moins 30 Mbit/s (filaire)",
          formula_fr="elig_thd30 / locaux"),
    Field("share_thd100", "Premises ≥ 100 Mbit/s", "Locaux ≥ 100 Mbit/s", "fraction",
          "Share of premises eligible to at least 100 Mbit/s", "elig_thd100 / premises", BETTER, _ARCEP, group="connectivity",
          description_fr="Part des locaux éligibles à au moins 100 Mbit/s",
          formula_fr="elig_thd100 / locaux"),
    Field("share_thd1g", "Premises ≥ 1 Gbit/s", "Locaux ≥ 1 Gbit/s", "fraction",
          "Share of premises eligible to at least 1 Gbit/s", "elig_thd1g / premises", BETTER, _ARCEP, group="connectivity",
          description_fr="Part des locaux éligibles à au moins 1 Gbit/s",
          formula_fr="elig_thd1g / locaux"),
    Field("share_no_bhd", "Premises without good broadband", "Locaux sans bon haut débit", "fraction",
          "Share of premises not eligible to 8 Mbit/s (good broadband)", "(premises - elig_bhd8) / premises",
          WORSE, _ARCEP, group="connectivity",
          description_fr="Part des locaux non éligibles à 8 Mbit/s (bon haut débit)",
          formula_fr="(locaux - elig_bhd8) / locaux"),
    Field("premises", "Premises", "Locaux", "count", "Number of premises (ARCEP 'nbr')", "", NEUTRAL, _ARCEP,
          group="connectivity",
          description_fr="Nombre de locaux (champ « nbr » de l'ARCEP)"),
    Field("area_km2", "Area", "Superficie", "km²", "Area of the commune polygon", "polygon area / 1e6",
          NEUTRAL, "commune boundaries", group="id",
          description_fr="Superficie du polygone de la commune",
          formula_fr="aire du polygone / 1e6"),
    Field("share_good_mobile", "Addresses in good mobile coverage", "Adresses en bonne couverture mobile", "fraction",
          "Share of addresses inside a 'good' (BC) or 'very good' (TBC) coverage polygon of at least one operator",
          "count(address in TBC ∪ BC) / n_addresses", BETTER, _MOB, True, "mobile",
          description_fr="Part des adresses situées dans une zone de « bonne » (BC) ou de « très bonne » "
                         "couverture (TBC) d'au moins un opérateur",
          formula_fr="nombre(adresses dans TBC ∪ BC) / n_addresses"),
    Field("pop_share_good_mobile", "Population in good mobile coverage", "Population en bonne couverture mobile",
          "fraction", "Share of population (spread over addresses) in good or very good coverage",
          "sum(w_i in TBC ∪ BC) / sum(w_i)", BETTER, _MOB, True, "mobile",
          description_fr="Part de la population (répartie sur les adresses) en bonne ou très bonne couverture",
          formula_fr="somme(w_i dans TBC ∪ BC) / somme(w_i)"),
    Field("ifn_interfaces", "Access to digital interfaces", "Accès aux interfaces numériques", "base 100",
          "MedNum 2019 axis: THD and mobile coverage, poverty rate, median income", "sum(points) / 4",
          WORSE, _MEDNUM, group="fragility",
          description_fr="Axe MedNum 2019 : couverture THD et mobile, taux de pauvreté, revenu médian",
          formula_fr="somme(points) / 4"),
    Field("ifn_information", "Access to information", "Accès à l'information", "base 100",
          "MedNum 2019 axis: single-parent families, one-person households, public services per inhabitant",
          "sum(points) / 3", WORSE, _MEDNUM, group="fragility",
          description_fr="Axe MedNum 2019 : familles monoparentales, ménages d'une personne, services publics "
                         "par habitant",
          formula_fr="somme(points) / 3"),
    Field("ifn_access", "Global access", "Global accès", "base 100",
          "MedNum 2019: interfaces + information", "(interfaces + information points) / 7", WORSE, _MEDNUM,
          group="fragility",
          description_fr="Indice MedNum 2019 d'accès : interfaces numériques + information",
          formula_fr="(points interfaces + information) / 7"),
    Field("ifn_admin", "Administrative skills", "Compétences administratives", "base 100",
          "MedNum 2019 axis: unemployment rate, share aged 15-29", "sum(points) / 2", WORSE, _MEDNUM, group="fragility",
          description_fr="Axe MedNum 2019 : taux de chômage, part des 15-29 ans",
          formula_fr="somme(points) / 2"),
    Field("ifn_digital", "Digital / school skills", "Compétences numériques / scolaires", "base 100",
          "MedNum 2019 axis: share aged 65+, share with no or low diploma", "sum(points) / 2", WORSE, _MEDNUM,
          group="fragility",
          description_fr="Axe MedNum 2019 : part des 65 ans et plus, part des personnes peu ou pas diplômées",
          formula_fr="somme(points) / 2"),
    Field("ifn_skills", "Global skills", "Global compétences", "base 100",
          "MedNum 2019: administrative + digital skills", "(admin + digital points) / 4", WORSE, _MEDNUM,
          group="fragility",
          description_fr="Indice MedNum 2019 de compétences : administratives + numériques",
          formula_fr="(points administratives + numériques) / 4"),
    Field("ifn_global", "Digital fragility score", "Score global de fragilité numérique", "base 100",
          "MedNum 2019 global score, 100 = like the reference territory, higher = more fragile",
          "all points / 11", WORSE, _MEDNUM, group="fragility",
          description_fr="Score global MedNum 2019 : 100 = comme le territoire de référence ; plus il est "
                         "élevé, plus la commune est fragile",
          formula_fr="tous les points / 11"),
    Field("ifn_global_class", "Fragility class", "Classe de fragilité", "1-5",
          "Five equal intervals between the territory's min and max ifn_global (0 = not computable)",
          "floor(5 (s - min) / (max - min)) + 1", WORSE, _MEDNUM, group="fragility",
          description_fr="Cinq intervalles égaux entre le minimum et le maximum de ifn_global sur le "
                         "territoire (0 = non calculable)"),
    Field("ifn_n_variables", "Fragility variables used", "Variables de fragilité utilisées", "count",
          "How many of the eleven MedNum variables entered the unit's scores (the others are missing or "
          "secret: the scores are the mean of the variables present)", "", NEUTRAL, _MEDNUM, group="fragility",
          description_fr="Nombre des onze variables MedNum entrées dans les scores (les autres sont absentes ou "
                         "couvertes par le secret statistique : les scores sont la moyenne des variables "
                         "présentes)"),
    Field("ifn_missing", "Fragility variables missing", "Variables de fragilité manquantes", "",
          "The MedNum variables left out of the unit's scores (absent from the data, or secret for the unit)",
          "", NEUTRAL, _MEDNUM, group="fragility",
          description_fr="Les variables MedNum laissées hors des scores (absentes des données ou couvertes par "
                         "le secret statistique pour cette unité)"),
    Field("ifn_n_units", "IRIS in the commune", "IRIS de la commune", "count",
          "IRIS of the commune in the fragility input (1 for a commune not split into IRIS)", "", NEUTRAL,
          _MEDNUM, group="fragility",
          description_fr="IRIS de la commune dans les données de fragilité (1 pour une commune non découpée)"),
    Field("ifn_n_units_scored", "IRIS scored", "IRIS avec un score", "count",
          "IRIS of the commune with a fragility score (IRIS without inhabitants have none)", "", NEUTRAL,
          _MEDNUM, group="fragility",
          description_fr="IRIS de la commune ayant un score de fragilité (les IRIS sans habitants n'en ont pas)"),
    Field("ifn5_score", "IFN score (5 indicators)", "Score IFN (5 indicateurs)", "1-10",
          "Weighted mean of the decile scores of the five IFN indicators", "sum(w_k score_k) / sum(w_k)",
          WORSE, "IFN method, INSEE/ARCEP variables", group="fragility",
          description_fr="Moyenne pondérée des scores en déciles des cinq indicateurs IFN",
          formula_fr="somme(w_k score_k) / somme(w_k)"),
    Field("ifn5_class", "IFN class", "Classe IFN", "1-5", "ceil(ifn5_score / 2)", "ceil(score / 2)", WORSE,
          "IFN method", group="fragility",
          description_fr="Classe de 1 à 5 : le score IFN divisé par 2, arrondi à l'entier supérieur "
                         "(ceil(ifn5_score / 2))"),
    Field("composite_score", "Custom composite score", "Score composite personnalisé", "0-100 or z",
          "User-defined weighted composite (see metadata for indicators, directions, weights)",
          "sum(w x normalised) / sum(w)", WORSE, "user choice", group="fragility",
          description_fr="Score composite pondéré défini par l'utilisateur (indicateurs, sens et poids : voir "
                         "les métadonnées)",
          formula_fr="somme(w × valeur normalisée) / somme(w)"),
    Field("typology", "Typology", "Typologie", "",
          "Access × fragility class: priority (far and fragile), far, fragile, served, unknown",
          "thresholds in metadata", NEUTRAL, "TerriDiag", group="typology",
          description_fr="Croisement de l'accès et de la classe de fragilité : priority (loin et fragile), far "
                         "(loin), fragile, served (desservi), unknown (inconnu)",
          formula_fr="seuils dans les métadonnées"),
    Field("typology_fr", "Typology (French)", "Typologie", "", "French label of the typology", "", NEUTRAL,
          "TerriDiag", group="typology",
          description_fr="Libellé en français de la typologie"),
    Field("typology_code", "Typology code", "Code typologie", "0-4",
          "4 priority, 3 far, 2 fragile, 1 served, 0 unknown", "", WORSE, "TerriDiag", group="typology",
          description_fr="4 prioritaire, 3 loin, 2 fragile, 1 desservi, 0 inconnu"),
    Field("masked", "Masked (confidentiality)", "Masqué (secret statistique)", "bool",
          "True when address-based indicators are hidden because the commune has too few addresses",
          "n_addresses < threshold", NEUTRAL, "TerriDiag", group="confidentiality",
          description_fr="Vrai quand les indicateurs calculés à partir des adresses sont masqués parce que la "
                         "commune compte trop peu d'adresses",
          formula_fr="n_addresses < seuil"),
    Field("mask_reason", "Reason for masking", "Motif du masquage", "", "Why the indicators are hidden", "",
          NEUTRAL, "TerriDiag", group="confidentiality",
          description_fr="Pourquoi les indicateurs sont masqués"),
]

_INSEE = "INSEE (census, Filosofi) per commune"
_FIELDS += [
    # input variables of the fragility indices (rates as fractions), shown in tables and legends
    Field("thd_coverage", "THD coverage", "Couverture THD", "fraction",
          "Share of premises eligible to very-high-speed broadband (>= 30 Mbit/s)", "", BETTER, _ARCEP,
          group="variables",
          description_fr="Part des locaux éligibles au très haut débit (≥ 30 Mbit/s)"),
    Field("mobile_coverage", "Mobile coverage", "Couverture mobile", "fraction",
          "Share of the population or area covered by mobile (2G in the MedNum 2019 method)", "", BETTER, _MOB,
          group="variables",
          description_fr="Part de la population ou de la surface couverte par le mobile (la 2G dans la méthode "
                         "MedNum 2019)"),
    Field("poverty_rate", "Poverty rate", "Taux de pauvreté", "fraction",
          "Share of people below the poverty line (60 % of the median standard of living)", "", WORSE, _INSEE,
          group="variables",
          description_fr="Part des personnes sous le seuil de pauvreté (60 % du niveau de vie médian)"),
    Field("median_income", "Median disposable income", "Revenu disponible médian", "EUR per consumption unit",
          "Median disposable income per consumption unit", "", BETTER, _INSEE, group="variables",
          description_fr="Revenu disponible médian par unité de consommation (Filosofi)"),
    Field("single_parent_share", "Single-parent families", "Familles monoparentales", "fraction",
          "Share of single-parent families among families", "", WORSE, _INSEE, group="variables",
          description_fr="Part des familles monoparentales parmi les familles"),
    Field("one_person_household_share", "One-person households", "Ménages d'une personne", "fraction",
          "Share of one-person households", "", WORSE, _INSEE, group="variables",
          description_fr="Part des ménages d'une seule personne"),
    Field("public_services_per_capita", "Public services per inhabitant", "Services publics par habitant",
          "per inhabitant", "Public-service places per inhabitant", "", BETTER, "INSEE BPE", group="variables",
          description_fr="Nombre de lieux de services publics par habitant"),
    Field("unemployment_rate", "Unemployment rate (15-64)", "Taux de chômage (15-64 ans)", "fraction",
          "Unemployment rate of people aged 15-64", "", WORSE, _INSEE, group="variables",
          description_fr="Taux de chômage des personnes de 15 à 64 ans"),
    Field("age_15_29_share", "Aged 15-29", "Part des 15-29 ans", "fraction", "Share of people aged 15-29", "",
          WORSE, _INSEE, group="variables",
          description_fr="Part des personnes âgées de 15 à 29 ans"),
    Field("age_65_plus_share", "Aged 65 and over", "Part des 65 ans et plus", "fraction",
          "Share of people aged 65 and over", "", WORSE, _INSEE, group="variables",
          description_fr="Part des personnes âgées de 65 ans et plus"),
    Field("low_diploma_share", "No or low diploma", "Peu ou pas diplômés", "fraction",
          "Share of non-schooled people aged 15+ with no diploma or at most the brevet", "", WORSE, _INSEE,
          group="variables",
          description_fr="Part des personnes de 15 ans et plus non scolarisées sans diplôme ou avec au plus le "
                         "brevet"),
    Field("thd_non_coverage", "No THD", "Non-couverture THD", "fraction",
          "Share of premises not eligible to >= 30 Mbit/s", "1 - thd_coverage", WORSE, _ARCEP, group="variables",
          description_fr="Part des locaux non éligibles à 30 Mbit/s ou plus"),
    Field("mobile_4g_non_coverage", "No 4G", "Non-couverture 4G", "fraction",
          "Share of the population or area without 4G coverage", "", WORSE, _MOB, group="variables",
          description_fr="Part de la population ou de la surface sans couverture 4G"),
    Field("pop_good_mobile", "Inhabitants in good mobile coverage", "Habitants en bonne couverture mobile",
          "inhabitants", "Population (spread over addresses) in good or very good coverage",
          "population x share_good_mobile", BETTER, _MOB, True, "mobile",
          description_fr="Population (répartie sur les adresses) en bonne ou très bonne couverture"),
    Field("demand", "Demand", "Demande", "inhabitants", "Population carried by a demand point (2SFCA)", "",
          NEUTRAL, "INSEE populations légales", group="fsca",
          description_fr="Population portée par un point de demande (2SFCA)"),
    Field("code_dep", "Département", "Département", "", "Département code", "", NEUTRAL, "COG", group="id",
          description_fr="Code du département"),
    Field("epci_siren", "EPCI SIREN", "SIREN de l'EPCI", "", "SIREN of the intercommunality", "", NEUTRAL, "DGCL",
          group="id",
          description_fr="Numéro SIREN de l'intercommunalité"),
    Field("epci_nom", "EPCI", "EPCI", "", "Name of the intercommunality", "", NEUTRAL, "DGCL", group="id",
          description_fr="Nom de l'intercommunalité"),
]

def _cat(k: str, lang: str) -> str:
    """A place category's name inside a sentence (the vocabulary's; an unknown one keeps its id)."""
    from ..presentation.vocabulary import Category
    cat = Category.get(k)
    return cat.in_sentence(lang) if cat is not None else k


def _cat_fr(k: str) -> str:
    return f"« {_cat(k, 'fr')} »"


_OPEN = {"open": ("a place open in the time window", "un lieu ouvert dans le créneau choisi"),
         "open_or_unknown": ("a place open in the time window or whose hours are unknown",
                             "un lieu ouvert dans le créneau choisi ou dont les horaires sont inconnus")}


def _open_field(kind: str, k: str, unit: str) -> Field:
    """open_share_within_{k}km / _min and open_or_unknown_…: shares near places open in a window."""
    en, fr = _OPEN[kind]
    dist_en, dist_fr = ((f"{k} km (straight line)", f"{k} km (à vol d'oiseau)") if unit == "km"
                        else (f"{k} minutes on the road network", f"{k} minutes par le réseau routier"))
    upper_en = " (upper bound: places of unknown hours counted as open)" if kind != "open" else ""
    upper_fr = " (borne haute : lieux aux horaires inconnus comptés ouverts)" if kind != "open" else ""
    return Field(
        f"{kind}_share_within_{k}{unit}", f"Share within {k} {unit} of an open place{upper_en}",
        f"Part à moins de {k} {unit} d'un lieu ouvert{upper_fr}", "fraction",
        f"Share of the population within {dist_en} of {en}", f"sum(w_i, d_i <= {k} {unit}, place open) / sum(w_i)",
        BETTER, _ADDR, True, "opening",
        description_fr=f"Part de la population à moins de {dist_fr} d'{fr}",
        formula_fr=f"somme(w_i, d_i <= {k} {unit}, lieu ouvert) / somme(w_i)")


# Patterns for fields named after a parameter. The first group is the parameter.
_PATTERNS = [
    (re.compile(r"^(open|open_or_unknown)_share_within_(\w+?)(km|min)$"),
     lambda m: _open_field(m.group(1), m.group(2), m.group(3))),
    (re.compile(r"^(open|open_or_unknown)_pop_within_(\w+)km$"), lambda m: Field(
        m.group(0), f"Inhabitants within {m.group(2)} km of an open place",
        f"Habitants à moins de {m.group(2)} km d'un lieu ouvert", "inhabitants",
        f"Inhabitants within {m.group(2)} km of {_OPEN[m.group(1)][0]}", "", BETTER, _ADDR, True, "opening",
        description_fr=f"Habitants à moins de {m.group(2)} km d'{_OPEN[m.group(1)][1]}")),
    (re.compile(r"^share_within_(\w+)km$"), lambda k: Field(
        f"share_within_{k}km", f"Share within {k} km", f"Part à moins de {k} km", "fraction",
        f"Share of the population within {k} km (straight line) of a service", f"sum(w_i, d_i <= {k} km) / sum(w_i)",
        BETTER, _ADDR, True, "coverage",
        description_fr=f"Part de la population à moins de {k} km (à vol d'oiseau) d'un service",
        formula_fr=f"somme(w_i, d_i <= {k} km) / somme(w_i)")),
    (re.compile(r"^pop_share_within_(\w+)km$"), lambda k: Field(
        f"pop_share_within_{k}km", f"Population share within {k} km", f"Part de la population à moins de {k} km",
        "fraction", f"Share of the population (placed by the demand points) within {k} km of a service",
        f"sum(w_i, d_i <= {k} km) / sum(w_i)", BETTER, _ADDR, True, "coverage",
        description_fr=f"Part de la population (placée par les points de demande) à moins de {k} km d'un service",
        formula_fr=f"somme(w_i, d_i <= {k} km) / somme(w_i)")),
    (re.compile(r"^pop_within_(\w+)km$"), lambda k: Field(
        f"pop_within_{k}km", f"Inhabitants within {k} km", f"Habitants à moins de {k} km", "inhabitants",
        f"Inhabitants (the commune's population, placed by its demand points) within {k} km of a service",
        f"sum(w_i, d_i <= {k} km)", BETTER, _ADDR, True, "coverage",
        description_fr=f"Habitants (population de la commune, placée par ses points de demande) à moins de {k} km "
                       f"d'un service",
        formula_fr=f"somme(w_i, d_i <= {k} km)")),
    (re.compile(r"^share_within_(\w+)min$"), lambda k: Field(
        f"share_within_{k}min", f"Share within {k} min", f"Part à moins de {k} min", "fraction",
        f"Share of the population with a travel time that is within {k} minutes of a service on the road network",
        f"sum(w_i, t_i <= {k} min) / sum(w_i, t_i known)",
        BETTER, "OSM road graph", True, "network",
        description_fr=f"Part de la population ayant un temps de trajet qui est à moins de {k} minutes d'un service "
                       f"par le réseau routier",
        formula_fr=f"somme(w_i, t_i <= {k} min) / somme(w_i, t_i connu)")),
    (re.compile(r"^share_within_(\w+)m$"), lambda k: Field(
        f"share_within_{k}m", f"Share within {k} m (network)", f"Part à moins de {k} m (réseau)", "fraction",
        f"Share of the population within {k} m of a service along the road network",
        f"sum(w_i, d_i <= {k} m) / sum(w_i, d_i known)",
        BETTER, "OSM road graph", True, "network",
        description_fr=f"Part de la population à moins de {k} m d'un service en suivant le réseau routier",
        formula_fr=f"somme(w_i, d_i <= {k} m) / somme(w_i, d_i connu)")),
    (re.compile(r"^dist_(\w+)_m$"), lambda k: Field(
        f"dist_{k}_m", f"Mean distance to the nearest place ({_cat(k, 'en')})",
        f"Distance moyenne au lieu le plus proche ({_cat(k, 'fr')})", "m",
        f"Mean straight-line distance, weighted by population, from the demand points to the nearest service of "
        f"category {_cat(k, 'en')}",
        "sum_i w_i min_j ||a_i - s_j|| / sum_i w_i", WORSE, _ADDR, True, "coverage",
        description_fr=f"Distance moyenne à vol d'oiseau, pondérée par la population, entre les points de demande "
                       f"et le lieu le plus proche de la catégorie {_cat_fr(k)}")),
    (re.compile(r"^share_within_(\w+)$"), lambda k: Field(
        f"share_within_{k}", f"Share within the threshold ({_cat(k, 'en')})",
        f"Part à moins du seuil ({_cat(k, 'fr')})", "fraction",
        f"Share of the population within the first threshold of a service of category {_cat(k, 'en')}",
        "sum(w_i, d_i <= t) / sum(w_i)",
        BETTER, _ADDR, True, "coverage",
        description_fr=f"Part de la population à moins du premier seuil de distance d'un lieu de la catégorie "
                       f"{_cat_fr(k)}",
        formula_fr="somme(w_i, d_i <= t) / somme(w_i)")),
    (re.compile(r"^sites_(\dg)_per_km2$"), lambda g: Field(
        f"sites_{g}_per_km2", f"{g.upper()} sites per km²", f"Sites {g.upper()} par km²", "sites/km²",
        f"Mobile sites (one per operator and location) with {g.upper()} per km² of the commune",
        "count(sites in commune) / area_km2", BETTER, _MOB, group="mobile",
        description_fr=f"Sites mobiles {g.upper()} (un par opérateur et par emplacement) par km² de la commune",
        formula_fr="nombre(sites dans la commune) / area_km2")),
    (re.compile(r"^sites_(\dg)_per_1000$"), lambda g: Field(
        f"sites_{g}_per_1000", f"{g.upper()} sites per 1,000 inhabitants", f"Sites {g.upper()} pour 1 000 habitants",
        "sites/1,000 inh.", f"Mobile sites with {g.upper()} per 1,000 inhabitants",
        "1000 × count / population", BETTER, _MOB, group="mobile",
        description_fr=f"Sites mobiles {g.upper()} pour 1 000 habitants",
        formula_fr="1000 × nombre / population")),
    (re.compile(r"^n_sites_(\dg)$"), lambda g: Field(
        f"n_sites_{g}", f"{g.upper()} sites", f"Sites {g.upper()}", "count",
        f"Mobile sites with {g.upper()} in the commune (one per operator and location)", "", BETTER, _MOB,
        group="mobile",
        description_fr=f"Sites mobiles {g.upper()} dans la commune (un par opérateur et par emplacement)")),
    (re.compile(r"^ifn5_(\w+)$"), lambda v: Field(
        f"ifn5_{v}", f"IFN decile score: {v}", f"Score décile IFN : {v}", "1-10",
        f"Decile score (1 low risk … 10 high) of {v} over the reference territory",
        "1 + number of reference deciles below the value", WORSE, "IFN method", group="fragility",
        description_fr=f"Score en décile (1 risque faible … 10 risque élevé) de {v} par rapport au territoire "
                       f"de référence",
        formula_fr="1 + nombre de déciles de référence inférieurs à la valeur")),
]

# Units written as words (symbols such as m, %, km, km², min are the same in French)
_UNITS_FR = {
    "inhabitants": "habitants",
    "count": "nombre",
    "fraction": "part (0-1)",
    "per inhabitant": "par habitant",
    "places per inhabitant": "places par habitant",
    "places per 10,000 inhabitants": "places pour 10 000 habitants",
    "ratio to territory mean": "rapport à la moyenne du territoire",
    "EUR per consumption unit": "€ par unité de consommation",
    "0-100 or z": "0-100 ou z",
    "bool": "vrai/faux",
    "sites/1,000 inh.": "sites/1 000 hab.",
}

_SOURCES_FR = {
    _ADDR: "points de demande (adresses, IRIS, carreaux ou communes) et lieux de service",
    _ARCEP: "ARCEP Ma connexion internet, par commune",
    _MOB: "ARCEP sites mobiles / cartes de couverture",
    _MEDNUM: "indice de fragilité numérique MedNum 2019 (variables INSEE)",
    _INSEE: "INSEE (recensement, Filosofi) par commune",
    "OSM road graph": "graphe routier OSM",
    "commune boundaries": "limites communales",
    "IFN method, INSEE/ARCEP variables": "méthode IFN, variables INSEE/ARCEP",
    "IFN method": "méthode IFN",
    "user choice": "choix de l'utilisateur",
}

CATALOG = {f.id: f for f in _FIELDS}


def describe(field_id: str) -> Field | None:
    """The catalogue entry of an output field (exact id or pattern), or None."""
    if field_id in CATALOG:
        return CATALOG[field_id]
    for rx, make in _PATTERNS:
        m = rx.match(field_id)
        if m:
            return make(m) if rx.groups > 1 else make(m.group(1))
    return None


def confidential_fields(columns) -> list[str]:
    """The columns computed from addresses (masked for small communes)."""
    out = []
    for c in columns:
        f = describe(c)
        if f is not None and f.confidential:
            out.append(c)
    return out


def as_records(columns=None) -> list[dict]:
    """Catalogue entries as dicts (for the given columns, or every fixed entry)."""
    ids = list(CATALOG) if columns is None else list(columns)
    return [describe(c).to_dict() for c in ids if describe(c) is not None]
