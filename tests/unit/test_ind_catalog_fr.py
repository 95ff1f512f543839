"""Every catalogue entry explains itself in French: description, pattern fields, units, sources."""
import re

import pytest

from terridiag.plugin.core.indicators import catalog
from terridiag.plugin.core.presentation.indicators import field_info
from terridiag.plugin.core.export.tables import data_dictionary

# one field per pattern of catalog._PATTERNS, with the parameter in its name
PATTERN_FIELDS = ["share_within_10km", "pop_share_within_5km", "pop_within_2_5km", "share_within_15min",
                  "share_within_800m", "dist_library_m", "share_within_france_services", "sites_4g_per_km2",
                  "sites_4g_per_1000", "n_sites_5g", "ifn5_poverty_rate", "open_or_unknown_share_within_15min",
                  "open_pop_within_5km"]

# words that only an English sentence uses; a French description must not contain them
ENGLISH_WORDS = re.compile(r"\b(the|of|and|within|share|addresses|with|per|nearest|when|people|mean|"
                           r"median|premises|population share)\b", re.I)


def _all_entries():
    return list(catalog.CATALOG.values()) + [catalog.describe(f) for f in PATTERN_FIELDS]


def test_every_pattern_is_exercised():
    made = {rx.pattern for rx, _ in catalog._PATTERNS for f in PATTERN_FIELDS
            if rx.match(f) and catalog.describe(f).id == f and f not in catalog.CATALOG}
    assert len(made) == len(catalog._PATTERNS)


@pytest.mark.parametrize("entry", _all_entries(), ids=lambda e: e.id)
def test_french_description_present_and_translated(entry):
    fr = entry.description_fr
    assert fr.strip(), f"{entry.id}: no French description"
    assert fr.strip() != entry.description.strip(), f"{entry.id}: French identical to English"
    # codes written in the text (addresses, centroid, priority…) are values, not English prose
    prose = re.sub(r"«[^»]*»|\b(priority|far|served|unknown)\b", "", fr)
    assert not ENGLISH_WORDS.search(prose), f"{entry.id}: English left in {fr!r}"
    fr = fr.replace("'", "\u2019")                 # shown with typographic apostrophes
    assert entry.description_for("fr") == fr and entry.text("fr") == fr
    assert "'" not in entry.label_for("fr")
    assert entry.description_for("en") == entry.description
    assert entry.description_for("de") == entry.description          # no German: English
    assert entry.description_for("fr_FR") == fr


def test_pattern_text_carries_the_parameter():
    f = catalog.describe("share_within_10km")
    assert f.description_fr == "Part de la population à moins de 10 km (à vol d'oiseau) d'un service"
    assert f.formula_for("fr") == "somme(w_i, d_i <= 10 km) / somme(w_i)"
    d = catalog.describe("dist_library_m")
    assert d.description_for("fr") == ("Distance moyenne à vol d’oiseau, pondérée par la population, entre les "
                                       "points de demande et le lieu le plus proche de la catégorie « bibliothèque »")
    # a category the catalogue does not name keeps its id
    assert catalog.describe("share_within_maison_sante").description_for("fr").endswith("catégorie « maison_sante »")
    assert d.label_for("fr") == "Distance moyenne au lieu le plus proche (bibliothèque)"   # never the raw id
    assert catalog.describe("sites_4g_per_1000").description_for("fr") == "Sites mobiles 4G pour 1 000 habitants"
    assert catalog.describe("share_within_15min").description_for("fr").startswith(
        "Part de la population ayant un temps de trajet qui est à moins de 15 minutes")


def test_units_and_sources_in_french():
    assert catalog.describe("population").unit_for("fr") == "habitants"
    assert catalog.describe("fsca_per_10k").unit_for("fr") == "places pour 10 000 habitants"
    assert catalog.describe("median_income").unit_for("fr") == "€ par unité de consommation"
    assert catalog.describe("sites_4g_per_1000").unit_for("fr") == "sites/1 000 hab."
    # symbols stay as they are
    assert [catalog.describe(f).unit_for("fr") for f in ("dist_mean_m", "area_km2", "time_mean_min")] == \
        ["m", "km²", "min"]
    assert catalog.describe("population").unit_for("en") == "inhabitants"
    assert catalog.describe("share_ftth").source_for("fr") == "ARCEP Ma connexion internet, par commune"
    assert catalog.describe("time_mean_min").source_for("fr") == "graphe routier OSM"
    # every source and unit written in English words has its French
    for e in _all_entries():
        for en, fr in ((e.source, e.source_fr), (e.unit, e.unit_fr)):
            if ENGLISH_WORDS.search(en) or re.search(r"\b(road|graph|boundaries|method|choice|inhabitants|"
                                                       r"count|fraction|ratio|bool)\b", en):
                assert fr != en, (e.id, en)


def test_records_carry_french():
    rec = {r["id"]: r for r in catalog.as_records(["share_within", "dist_library_m"])}
    assert rec["share_within"]["description_fr"].startswith("Part de la population située à moins du (premier) seuil")
    assert rec["dist_library_m"]["description_fr"].endswith("de la catégorie « bibliothèque »")


def test_outputs_use_the_french_text():
    info = field_info("share_within_10km", "fr")
    assert info.description == "Part de la population à moins de 10 km (à vol d’oiseau) d’un service"
    assert info.source == "points de demande (adresses, IRIS, carreaux ou communes) et lieux de service"
    assert field_info("share_within_10km", "en").description.startswith("Share of the population within 10 km")
    d = data_dictionary(["fsca", "population", "dist_library_m"], lang="fr")
    assert list(d["unité"]) == ["places par habitant", "habitants", "mètres"]
    assert d["description"][2].endswith("de la catégorie « bibliothèque »")
    assert d["source"][0] == "points de demande (adresses, IRIS, carreaux ou communes) et lieux de service"
