"""One plain line per technical term, for the glossary of the report and the web map.

An output lists the terms its texts use (:func:`terms_used`), each explained once in the output's
language (:func:`glossary`).
"""
from __future__ import annotations

import re

from .language import fr_typography, lang_of

# term id -> (words that reveal it in a text, English line, French line)
TERMS = {
    "decile": (r"d[ée]cile|percentile",
               "90th percentile (9th decile): the value below which 90 % of the cases lie — one in ten is beyond it.",
               "9e décile : la valeur sous laquelle se trouvent 90 % des cas — un sur dix est au-delà."),
    "median": (r"m[ée]dian",
               "Median: the middle value — half of the cases are below it, half above.",
               "Médiane : la valeur du milieu — la moitié des cas est en dessous, l’autre moitié au-dessus."),
    "crow_flies": (r"crow flies|vol d[’']oiseau|straight[- ]line",
                   "As the crow flies: the straight-line distance, shorter than any road.",
                   "À vol d’oiseau : la distance en ligne droite, plus courte que tout trajet par la route."),
    "fsca": (r"2SFCA|E2SFCA",
             "2SFCA (two-step floating catchment area): each place's capacity is shared among the people within "
             "reach of it, then each commune adds up the shares of the places it can reach; a place crowded by "
             "many inhabitants counts for less.",
             "2SFCA (aire de chalandise flottante à deux étapes) : la capacité de chaque lieu est partagée entre "
             "les habitants qui l’ont à portée, puis chaque commune additionne les parts des lieux qu’elle atteint ; "
             "un lieu très sollicité compte moins."),
    "confidentiality": (r"secret statistique|confidentiality|masqu|masked",
                        "Statistical confidentiality: a figure computed on too few addresses or households could "
                        "single out people; it is masked and never printed.",
                        "Secret statistique : un chiffre calculé sur trop peu d’adresses ou de ménages pourrait "
                        "désigner des personnes ; il est masqué et jamais imprimé."),
    "base100": (r"base 100",
                "Base 100: 100 is the reference territory; 120 means 20 % more fragile than it.",
                "Base 100 : 100 est le territoire de référence ; 120 signifie 20 % plus fragile que lui."),
    "ftth": (r"FttH|fibre",
             "FttH (fibre to the home): the optical fibre reaches the dwelling or the office.",
             "FttH (fibre jusqu’à l’abonné) : la fibre optique arrive jusqu’au logement ou au local."),
    "thd": (r"THD|Mbit/s|Gbit/s|haut débit|broadband",
            "Very high speed (THD): at least 30 Mbit/s; good broadband: at least 8 Mbit/s.",
            "Très haut débit (THD) : au moins 30 Mbit/s ; bon haut débit : au moins 8 Mbit/s."),
    "iris": (r"\bIRIS\b",
             "IRIS: INSEE's neighbourhoods of about 2,000 inhabitants; a small commune is one IRIS.",
             "IRIS : quartiers de l’INSEE d’environ 2\u202f000 habitants ; une petite commune forme un seul IRIS."),
    "grid": (r"carreau|carreaux|grid cell",
             "200 m grid cells: INSEE's squares of 200 m × 200 m with their population (Filosofi).",
             "Carreaux de 200 m : carrés de 200 m × 200 m de l’INSEE avec leur population (Filosofi)."),
    "typology": (r"typolog|prioritaire|priority",
                 "Typology: crosses distance to help and digital fragility to show where to act first.",
                 "Typologie : croise l’éloignement de l’aide et la fragilité numérique pour montrer où agir "
                 "d’abord."),
    "odbl": (r"ODbL|OpenStreetMap",
             "ODbL: the licence of OpenStreetMap; what you share from these data must stay under it.",
             "ODbL : la licence d’OpenStreetMap ; ce que vous partagez de ces données doit rester sous cette "
             "licence."),
    "france_services": (r"France Services",
                        "France Services: public counters where staff help with the procedures of several "
                        "administrations.",
                        "France Services : guichets publics où des agents aident aux démarches de plusieurs "
                        "administrations."),
    "mediation": (r"m[ée]diation num[ée]rique|digital mediation",
                  "Digital mediation place: a place where someone helps people use digital tools.",
                  "Lieu de médiation numérique : un lieu où quelqu’un aide à se servir des outils numériques."),
}
ORDER = tuple(TERMS)


def terms_used(texts) -> list[str]:
    """The term ids whose words appear in ``texts`` (in the glossary's order)."""
    blob = "\n".join(str(t) for t in texts)
    return [k for k in ORDER if re.search(TERMS[k][0], blob, re.IGNORECASE)]


def line(term: str, lang: str = "en") -> str:
    _rx, en, fr = TERMS[term]
    return fr_typography(fr, lang) if lang_of(lang) == "fr" else en


def glossary(texts, lang: str = "en", always=()) -> list[str]:
    """The glossary lines of the terms ``texts`` use (plus ``always``), each once."""
    ids = list(dict.fromkeys([*always, *terms_used(texts)]))
    return [line(k, lang) for k in ORDER if k in ids]
