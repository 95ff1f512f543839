"""The presentation core: one vocabulary, one number format, one classification, one set of licence
texts — each checked against values worked out by hand."""
from __future__ import annotations

import numpy as np
import pytest

from terridiag.plugin.core.errors import ParameterError
from terridiag.plugin.core.presentation import classification as C
from terridiag.plugin.core.presentation.demand import demand_of, demand_sentence, network_sentence
from terridiag.plugin.core.presentation.glossary import glossary, terms_used
from terridiag.plugin.core.presentation.indicators import field_info, label, share_subject, threshold_km
from terridiag.plugin.core.presentation.language import LANGUAGES, check_lang, fr_typography, language_index
from terridiag.plugin.core.presentation.numbers import format_value, km_text, number
from terridiag.plugin.core.presentation.sources import (Licence, attribution, known_text, licences, source_lines,
                                                        uses_osm)
from terridiag.plugin.core.presentation.vocabulary import (DIAGNOSIS_METHODS, INDEX_METHODS, Category,
                                                           FragilityMethod, TypologyClass, word)

NB, NNB = "\u00a0", "\u202f"


# -- vocabulary ---------------------------------------------------------------------------------

def test_members_are_their_ids_and_carry_both_languages():
    assert Category.LIBRARY == "library" and f"{Category.LIBRARY}" == "library"
    assert Category("mediation") is Category.MEDIATION
    assert Category.LIBRARY.label("fr") == "Bibliothèque" and Category.LIBRARY.label("en") == "Library"
    assert Category.label_of("maison_sante", "fr") == "maison_sante"          # unknown id: itself, no error
    assert Category.colour_of("maison_sante") == Category.OTHER.colour
    assert Category.TOWNHALL.of_one("fr") == "d’une mairie" and Category.TOWNHALL.of_one("en") == "of a town hall"
    # the typology words, French typography applied where they are made
    assert TypologyClass.PRIORITY.label("fr") == f"Prioritaire{NB}: éloigné et fragile"
    assert [m.code for m in TypologyClass] == [4, 3, 2, 1, 0]
    assert TypologyClass.of_code(3) is TypologyClass.FAR
    from terridiag.plugin.core.indicators.typology import CLASSES
    assert CLASSES[3] == ("far", "Far from services", "Éloigné des services")   # read from the vocabulary


def test_one_numbering_of_the_methods_and_languages():
    assert [m.parameter for m in DIAGNOSIS_METHODS] == ["auto", "mednum2019", "ifn5", None]
    assert [m.value for m in INDEX_METHODS] == ["mednum2019", "ifn5", "custom"]
    assert FragilityMethod.MEDNUM2019.description("fr").startswith("l’indice de fragilité numérique de La MedNum")
    assert [x.value for x in LANGUAGES] == ["fr", "en"] and [x.label for x in LANGUAGES] == ["français", "English"]
    assert language_index("fr_FR") == 0 and language_index("de") == 1
    with pytest.raises(ParameterError, match="unknown language"):
        check_lang("de")


def test_french_typography():
    assert fr_typography("Typologie : Desservi ; 83 %", "fr") == f"Typologie{NB}: Desservi{NB}; 83{NB}%"
    assert fr_typography("« oui »", "fr") == f"«{NB}oui{NB}»"
    assert fr_typography("https://x.fr : a", "fr") == f"https://x.fr{NB}: a"       # a URL's colon is not touched
    assert fr_typography("a : b", "en") == "a : b"
    assert word("masked", "fr") == "masqué (secret statistique)"


# -- numbers ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, lang, expected", [
    (0.834, "share", "fr", f"83{NB}%"), (0.834, "fraction", "en", f"83{NB}%"), (0.05, "share", "fr", f"5,0{NB}%"),
    (0.0, "share", "fr", f"0{NB}%"), (1.0, "share", "en", f"100{NB}%"),
    (1234.0, "m", "fr", f"1,2{NB}km"), (1234.0, "m", "en", f"1.2{NB}km"), (835.4, "m", "fr", f"835{NB}m"),
    (12.5, "min", "fr", f"12{NB}min"), (3.25, "min", "fr", f"3,2{NB}min"),
    (140255, "count", "fr", f"140{NNB}255"), (140255, "inhabitants", "en", "140,255"),
    (104.56, "base 100", "fr", "104,6"), (3.0, "1-5", "fr", "3"), (None, "share", "fr", "—"),
    (float("nan"), "m", "en", "—"), ("far", "", "fr", "far"),
])
def test_one_number_format(value, unit, lang, expected):
    assert format_value(value, unit, lang) == expected


def test_numbers_and_thresholds_in_sentences():
    assert number(1234567.891, 1, "fr") == f"1{NNB}234{NNB}567,9" and number(1234.5, 0, "en") == "1,234"
    assert km_text(5, "fr") == f"5{NB}km" and km_text(2.5, "fr") == f"2,5{NB}km" and km_text(2.5, "en") == f"2.5{NB}km"
    assert format_value(0.5, "share", "fr", with_unit=False) == "50"


# -- labels that state their threshold ------------------------------------------------------------

def test_labels_state_their_threshold_and_what_they_count():
    meta_addr = {"parameters": {"thresholds_km": [5]},
                 "demand": {"source": "addresses", "units": 10, "addresses": 10, "weighting": "none"}}
    meta_iris = {"parameters": {"thresholds_km": [2.5]},
                 "demand": {"source": "iris", "units": 123, "addresses": 0, "weighting": "population"}}
    assert label("share_within", "fr", meta_addr) == f"Part des adresses à moins de 5{NB}km"
    assert label("share_within", "fr", meta_iris) == f"Part de la population à moins de 2,5{NB}km"
    assert label("share_within", "en", meta_iris) == f"Share of the population within 2.5{NB}km"
    assert label("share_within_5km", "fr", meta_addr) == f"Part des adresses à moins de 5{NB}km"
    assert label("share_within_library", "fr", meta_addr) == f"Part des adresses à moins de 5{NB}km d’une bibliothèque"
    # the threshold from the table's columns when the run does not say; nothing invented otherwise
    assert label("share_within", "fr", None, ["share_within", "share_within_10km"]) == f"Part à moins de 10{NB}km"
    assert label("share_within", "fr") == "Part à moins du seuil"
    assert threshold_km({"parameters": {"thresholds_km": ["3"]}}) == 3.0 and threshold_km(None, ["x"]) is None
    # no raw code as a label
    assert label("dist_france_services_m", "fr") == "Distance moyenne au lieu le plus proche (France Services)"
    info = field_info("fsca_per_10k", "fr")
    assert info.unit_text == "places pour 10 000 habitants" and info.direction == "higher_better"


def test_share_subject_is_derived_never_assumed():
    import pandas as pd
    communes = pd.DataFrame({"n_addresses": [0, 0], "demand_source": ["centroid", "centroid"],
                             "population": [100.0, 50.0]})
    assert share_subject({}, communes) == "population"
    assert share_subject({}, communes.assign(n_addresses=[40, 0], demand_source=["addresses", "centroid"])) == \
        "addresses"
    assert share_subject({}) == ""                                        # nothing says: no subject
    assert share_subject({"territory": {"address_share_within_5km": None}}) == "population"


# -- one classification -------------------------------------------------------------------------

def test_a_commune_at_100_percent_is_never_in_the_worst_class():
    # territoire_90 without addresses: each commune is one point, so 0 % or 100 %
    values = np.array([0.0, 1.0, 1.0, 0.0, 1.0, np.nan])
    cl = C.classify(values, "share", "higher_better", "fr")
    assert cl.labels == [f"0{NB}%", f"100{NB}%"]                          # never one class "0 – 100 %"
    colours = cl.colour_of(values)
    assert colours[1] == C.RAMP[0] and colours[0] == C.RAMP[-1]           # 100 % lightest, 0 % darkest
    assert colours[-1] == C.NO_DATA
    # all at 100 %: one class, the lightest of the share scale
    one = C.classify([1.0, 1.0], "share", "higher_better", "fr")
    assert one.labels == [f"100{NB}%"] and one.colours == [C.RAMP[0]]
    # a spread of shares: the limits that mean something (80 % is the typology's threshold)
    spread = C.classify([0.55, 0.64, 0.81, 0.92, 0.95, 0.99, 0.88], "share", "higher_better", "fr")
    assert spread.breaks == [0.55, 0.7, 0.8, 0.9, 0.99]
    assert spread.class_of([0.7, 0.700001, 0.99]).tolist() == [0, 1, 3]  # closed above
    assert spread.colours[-1] == C.RAMP[0] and spread.colours[0] == C.RAMP[-1]


def test_classes_of_distances_and_counts():
    d = C.classify([900, 1300, 1800, 2100, 2600, 4200, 5200], "m", "lower_better", "fr")
    assert d.labels[0] == f"900{NB}m – 1,4{NB}km" and d.colours[-1] == C.RAMP[-1]   # far = dark
    assert len(d) == 5 and d.breaks[0] == 900 and d.breaks[-1] == 5200
    # a neutral indicator gets no alarm colours
    n = C.classify(list(range(1, 11)), "count", "", "fr")
    assert set(n.colours) <= set(C.RAMP_NEUTRAL)
    # quantiles collapsing on a repeated value still give several classes
    skew = C.classify([1.0] * 50 + [0.2, 0.3, 0.5, 0.6], "index", "lower_better", "en")
    assert len(skew) >= 2 and skew.class_of([1.0])[0] == len(skew) - 1
    assert C.classify([], "share", "higher_better").breaks == []


# -- licences and sources -----------------------------------------------------------------------

OSM = {"source": "OpenStreetMap", "producer": "OpenStreetMap contributors", "vintage": "2011-09-11",
       "licence": Licence.ODBL.en, "url": "/data/x.osm", "synthetic": False}
FS = {"source": "France Services — liste des structures", "producer": "ANCT", "vintage": "2024-08-01",
      "licence": Licence.OUVERTE.en, "url": "https://www.data.gouv.fr/x", "synthetic": False}
GEOJSON = {"source": "france-geojson (IGN ADMIN EXPRESS COG, simplified)", "producer": "Grégoire David, from IGN",
           "licence": Licence.OUVERTE.en, "synthetic": False}


def test_sources_in_french_without_english_fragments():
    lines = source_lines({"sources": [FS, GEOJSON, OSM, dict(FS)]}, "fr", odbl=True)
    assert len(lines) == 4                                                  # each source once, then the notice
    assert lines[0] == "France Services — liste des structures — ANCT — millésime 2024-08-01 — Licence Ouverte 2.0 (Etalab)"
    assert "simplified" not in lines[1] and "from IGN" not in lines[1] and "d’après l’IGN" in lines[1]
    assert lines[2].endswith("ODbL 1.0 (© contributeurs OpenStreetMap)")
    assert lines[3].startswith("Contient des données © contributeurs OpenStreetMap")
    assert source_lines({"sources": [FS]}, "fr", odbl=True) == source_lines({"sources": [FS]}, "fr")
    assert uses_osm({"sources": [OSM]}) and not uses_osm({"sources": [dict(OSM, synthetic=True)]})
    assert known_text(Licence.SYNTHETIC.en, "fr").startswith("données synthétiques")


def test_licences_are_read_from_the_sources_never_guessed():
    text = licences({"sources": [FS, OSM, GEOJSON]}, "fr")
    assert text == [f"Licence Ouverte 2.0 (Etalab){NB}: France Services — liste des structures, "
                    "france-geojson (IGN ADMIN EXPRESS COG, simplifié)",
                    f"ODbL 1.0 (© contributeurs OpenStreetMap){NB}: OpenStreetMap"]
    assert attribution({"sources": [FS, OSM]}, "fr") == "ANCT — © contributeurs OpenStreetMap (ODbL)"


# -- demand and network sentences -------------------------------------------------------------

def test_the_demand_sentence_says_what_was_computed():
    iris = {"demand": {"source": "iris", "units": 123, "addresses": 0, "population": 140000.0,
                       "weighting": "population"}}
    assert demand_sentence(iris, "fr") == "Calculé sur 123 IRIS pondérés par leur population, faute d’adresses."
    grid = {"demand": {"source": "grid", "units": 1234, "weighting": "population"}}
    assert demand_sentence(grid, "en") == "Computed on 1,234 200 m grid cells weighted by their population, " \
                                          "for want of addresses."
    import pandas as pd
    communes = pd.DataFrame({"n_addresses": [0] * 101, "demand_source": ["centroid"] * 101,
                             "population": [1000.0] * 101})
    text = demand_sentence({"steps": {"coverage": {"weighting": "commune"}}}, "fr", communes)
    assert text.startswith("Calculé sur 101 communes, chacune représentée par un point qui porte toute sa population")
    assert "adresses" not in text.split("faute")[0]                         # no sentence about addresses used
    assert demand_of({}, communes)["source"] == "commune"
    addr = demand_sentence({}, "fr", communes.assign(n_addresses=[12] * 101, demand_source=["addresses"] * 101))
    assert addr.startswith(f"Calculé sur 1{NNB}212 adresses")
    assert demand_sentence({}, "fr") == ""


def test_the_network_sentence_names_what_is_outside_the_graph():
    meta = {"demand": {"source": "commune", "units": 101, "weighting": "population"},
            "steps": {"network": {"outside_graph": {"max_snap_m": 1000.0, "points": 84, "population": 98000.0,
                                                    "communes": ["90010", "90065"]}}}}
    text = network_sentence(meta, "fr", {"90010": "Belfort"})
    assert text == (f"Temps de trajet{NB}: 84 communes (98{NNB}000 habitants) sont à plus de 1{NB}km du réseau routier "
                    f"et n’ont pas de temps de trajet{NB}; 2 communes sont hors de l’extrait du réseau routier{NB}: "
                    "Belfort, 90065.")
    assert network_sentence({"steps": {}}, "fr") == ""


def test_glossary_lines_for_the_terms_used():
    lines = glossary(["Distance au 9e décile", "Accessibilité (2SFCA)", "masqué (secret statistique)"], "fr")
    assert [ln.split(NB)[0].split(" (")[0] for ln in lines] == ["9e décile", "2SFCA", "Secret statistique"]
    assert terms_used(["share within 5 km"]) == []


def test_the_qml_styles_carry_the_vocabulary_labels_and_colours():
    """resources/styles/*.qml (shapes per category, also stored in exported GeoPackages) name and
    colour each category as the vocabulary does: a layer opened from an export looks as in the dock."""
    import re
    from pathlib import Path

    styles = Path(__file__).resolve().parents[2] / "resources" / "styles"
    for name, vocab in (("services", Category), ("typology", TypologyClass)):
        qml = (styles / f"{name}.qml").read_text(encoding="utf-8")
        symbols = qml[qml.index("<symbols>"):]
        for value, sym, lab in re.findall(r'<category value="([^"]*)" render="true" symbol="(\d+)" label="([^"]*)"/>',
                                          qml):
            member = vocab(value or "other")
            assert lab == member.en, (name, value, lab)
            first = symbols[symbols.index(f'name="{sym}">'):]
            first = first[first.index("<layer "):first.index("</layer>")]
            colour = re.search(r'<prop v="(\d+),(\d+),(\d+),\d+" k="color"/>', first).groups()
            assert "#%02x%02x%02x" % tuple(int(c) for c in colour) == member.colour, (name, value)
