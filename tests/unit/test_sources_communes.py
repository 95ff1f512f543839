"""Commune boundaries, populations, EPCI and COG harmonisation on the real files of ../shared/data."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from terridiag.plugin.core.errors import InputDataError, InputFormatError, ParameterError
from terridiag.plugin.core.provenance import Provenance, ReadReport
from terridiag.plugin.core.schema import COMMUNE_COLUMNS
from terridiag.plugin.core.sources import cog as cogmod
from terridiag.plugin.core.sources import communes as C

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from datafiles import digest  # noqa: E402

GEO90 = "territoire_90/communes_90_admin-express-2018_simplifie.geojson"
DEP90 = "territoire_90/departement_90_admin-express-2018_simplifie.geojson"
TERR90 = "territoire_90/communes_90_cog_population_epci.csv"
POP90 = "territoire_90/population_legale_90_moissonneur-bal-2018.csv"
EPCI90 = "territoire_90/epci_90.json"
GEOSIC = "sicoval_31/communes_sicoval_admin-express-2018_simplifie.geojson"
DEC = "national/decoupage-administratif-6.0.0_communes.json"


def csv_dict(path, key, value):
    with open(path, encoding="utf-8", newline="") as fh:
        return {r[key]: r[value] for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def cog(shared_data):
    return cogmod.read_cog(shared_data / DEC)


def test_france_geojson_90(shared_data):
    path = shared_data / GEO90
    before = digest(path)
    data, report = C.read_communes(path)
    assert digest(path) == before
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (102, 102, 0)
    assert report.format == "france_geojson" and report.crs == "EPSG:2154"
    assert data.crs.to_epsg() == 2154 and data.attrs["crs"] == 2154
    assert list(data.columns) == list(COMMUNE_COLUMNS) + ["geometry"]
    assert data["code_insee"].str.fullmatch(r"90\d{3}").all()
    assert set(data["code_dep"]) == {"90"}
    assert data["population"].isna().all()
    assert data.loc[data["code_insee"] == "90010", "nom"].tolist() == ["Belfort"]
    # the communes tile the département (the simplified outlines overlap or leave gaps a little)
    import geopandas as gpd
    dep = gpd.read_file(shared_data / DEP90).to_crs(2154)
    assert data.area.sum() / dep.area.sum() == pytest.approx(1.0, abs=0.01)
    assert 600e6 < data.area.sum() < 620e6          # Territoire de Belfort: 609 km²


def test_cog_map(cog):
    assert cog["90073"] == "90068"
    assert cog.names["90068"] == "Meroux-Moval"
    assert cog.populations["90068"] == 1440
    assert cog["01120"] == "01262"              # commune associée -> its chef-lieu
    assert "01015" not in cog                   # a delegated commune with the code of its new commune
    assert "13201" not in cog and "90068" not in cog
    assert len(cog.names) == 34969 and cog.vintage == "6.0.0"
    assert all(new in cog.names for new in cog.values())


def test_cog_arrondissements(shared_data):
    cog = cogmod.read_cog(shared_data / DEC, arrondissements=True)
    assert cog["13201"] == "13055" and cog["75101"] == "75056" and cog["69381"] == "69123"


def test_harmonise_90_moval(shared_data, cog):
    data, report = C.read_communes(shared_data / GEO90, cog=cog)
    assert len(data) == 101 and report.rows_kept == 101
    assert report.remapped == {"90073": "90068"}
    assert "1 codes remapped" in report.summary()
    expected = set(csv_dict(shared_data / TERR90, "code_insee", "nom"))
    assert set(data["code_insee"]) == expected          # exactly the 101 communes of COG 2026
    raw = C.read_communes(shared_data / GEO90).data
    merged = data[data["code_insee"] == "90068"]
    assert merged["nom"].tolist() == ["Meroux-Moval"]
    parts = raw[raw["code_insee"].isin(["90068", "90073"])]
    assert merged.area.iloc[0] == pytest.approx(parts.area.sum(), rel=1e-6)
    assert data.crs.to_epsg() == 2154


def test_harmonise_sums_populations(shared_data, cog):
    communes = C.read_communes(shared_data / GEO90).data
    pops = C.read_populations(shared_data / POP90)
    assert (pops.report.rows_read, pops.report.rows_kept) == (102, 102)
    with_pop = C.attach_populations(communes, pops.data)
    raw = {k: float(v) for k, v in csv_dict(shared_data / POP90, "code_insee", "population_municipale").items()}
    assert with_pop["population"].sum() == sum(raw.values())
    out = cogmod.harmonise(with_pop, cog)
    assert len(out) == 101 and len(with_pop) == 102             # the input is not modified
    assert out.loc[out["code_insee"] == "90068", "population"].item() == raw["90068"] + raw["90073"]
    assert out["population"].sum() == sum(raw.values())


def test_harmonise_points_only_recodes(cog):
    import pandas as pd
    pts = pd.DataFrame({"code_insee": ["90073", "90010", "90073"], "x": [1.0, 2.0, 3.0], "y": [0.0] * 3})
    report = ReadReport(path="p", format="t", provenance=Provenance(source="s"))
    out = cogmod.harmonise(pts, cog, report=report)
    assert out["code_insee"].tolist() == ["90068", "90010", "90068"] and len(out) == 3
    assert report.remapped == {"90073": "90068"}
    cat = pts.astype({"code_insee": "category"})
    assert cogmod.harmonise(cat, cog)["code_insee"].astype(str).tolist() == ["90068", "90010", "90068"]


def test_territory_population_and_epci(shared_data):
    data, report = C.read_populations(shared_data / TERR90)
    assert report.format == "territory_csv" and report.rows_kept == 101
    raw = csv_dict(shared_data / TERR90, "code_insee", "population")
    assert data["population"].sum() == sum(float(v) for v in raw.values())
    assert data.loc[data["code_insee"] == "90068", "population"].item() == 1440
    assert data["epci_siren"].value_counts().to_dict() == {"200069052": 52, "249000241": 27, "200069060": 22}


def test_epci_90(shared_data, cog):
    epci, report = C.read_epci(shared_data / EPCI90)
    assert report.rows_kept == 101
    assert epci.groupby("epci_nom").size().to_dict() == {
        "CA Grand Belfort": 52, "CC des Vosges du Sud": 22, "CC du Sud Territoire": 27}
    communes = C.read_communes(shared_data / GEO90, cog=cog).data
    rep = C.read_communes(shared_data / GEO90).report
    out = C.attach_epci(communes, epci, report=rep)
    assert out["epci_siren"].eq("").sum() == 0 and not rep.warnings
    assert out.loc[out["code_insee"] == "90010", "epci_nom"].item() == "CA Grand Belfort"
    # without harmonising, Moval (90073) is in no current EPCI: reported
    raw = C.read_communes(shared_data / GEO90)
    C.attach_epci(raw.data, epci, report=raw.report)
    assert raw.report.warnings == ["no EPCI for 1 communes: 90073"]


def test_sicoval(shared_data):
    data, report = C.read_communes(shared_data / GEOSIC)
    assert len(data) == 36 and report.crs == "EPSG:2154"
    epci = C.read_epci(shared_data / "sicoval_31/epci_sicoval.json").data
    pops = C.read_populations(shared_data / "sicoval_31/communes_sicoval_cog_population_epci.csv").data
    out = C.attach_populations(C.attach_epci(data, epci), pops)
    assert set(out["epci_siren"]) == {"243100633"} and set(out["epci_nom"]) == {"CA du Sicoval"}
    assert out["population"].notna().all()
    assert out["population"].sum() == pops["population"].sum()


def test_national_populations_json(shared_data):
    data, report = C.read_populations(shared_data / DEC)
    assert report.format == "decoupage_json" and report.rows_read == 34969
    assert report.rows_kept + report.rows_rejected == 34969
    assert data.loc[data["code_insee"] == "90068", "population"].item() == 1440
    assert data["code_insee"].is_unique


def test_guadeloupe_legal_crs(shared_data):
    data, report = C.read_communes(shared_data / "boundaries/communes-971-guadeloupe.geojson")
    assert len(data) == 32 and report.crs == "EPSG:5490" and data.crs.to_epsg() == 5490


# ------------------------------------------------------------------- other field vocabularies

def _renamed(shared_data, tmp_path, name, rename, extra=None, driver="GPKG"):
    import geopandas as gpd
    src = gpd.read_file(shared_data / GEO90)
    pops = csv_dict(shared_data / POP90, "code_insee", "population_municipale")
    src["pop"] = src["code"].map(lambda c: int(pops[c]))
    src["dep"] = "90"
    src["epci"] = "200069052"
    src = src.rename(columns=rename)[list(rename.values()) + ["geometry"]]
    for k, v in (extra or {}).items():
        src[k] = v
    path = tmp_path / name
    src.to_file(path, driver=driver)
    return path, sum(int(v) for v in pops.values())


@pytest.mark.parametrize("fmt,rename,driver,name", [
    ("admin_express_v3", {"code": "INSEE_COM", "nom": "NOM", "pop": "POPULATION", "dep": "INSEE_DEP",
                          "epci": "SIREN_EPCI"}, "GPKG", "COMMUNE.gpkg"),
    ("admin_express_ed4", {"code": "code_insee", "nom": "nom_officiel", "pop": "population",
                           "dep": "code_insee_du_departement", "epci": "codes_siren_des_epci"},
     "GPKG", "commune_ed4.gpkg"),
    ("geo_api", {"code": "code", "nom": "nom", "pop": "population", "dep": "codeDepartement",
                 "epci": "codeEpci"}, "GeoJSON", "communes.geojson"),
])
def test_other_vocabularies(shared_data, tmp_path, fmt, rename, driver, name):
    path, total = _renamed(shared_data, tmp_path, name, rename, driver=driver)
    data, report = C.read_communes(path)
    assert report.format == fmt and len(data) == 102
    assert data["population"].sum() == total
    assert set(data["code_dep"]) == {"90"} and set(data["epci_siren"]) == {"200069052"}
    assert data.loc[data["code_insee"] == "90010", "nom"].item() == "Belfort"


def test_ed4_several_epci_sirens(shared_data, tmp_path):
    path, _ = _renamed(shared_data, tmp_path, "c.gpkg", {"code": "code_insee", "nom": "nom_officiel"},
                       extra={"codes_siren_des_epci": "200069052/200000000"})
    data = C.read_communes(path).data
    assert set(data["epci_siren"]) == {"200069052"}


# ------------------------------------------------------------------- bad files

def test_another_dataset(shared_data):
    # the département outline has france-geojson fields, but "90" is not a commune code
    with pytest.raises(InputDataError, match="none of the 1 features.*no valid commune code") as exc:
        C.read_communes(shared_data / DEP90)
    assert "departement_90" in str(exc.value)
    with pytest.raises(InputFormatError, match="not a commune boundary file"):
        C.read_communes(shared_data / "samples/lieux_mediation_numerique_hauts-de-france_2022_portrea.geojson")
    with pytest.raises(InputFormatError, match="not a decoupage-administratif epci.json"):
        C.read_epci(shared_data / DEC)
    with pytest.raises(InputFormatError, match="no population column"):
        C.read_populations(shared_data / "territoire_90/arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv")


def test_truncated_and_empty(shared_data, tmp_path):
    raw = (shared_data / GEO90).read_bytes()
    cut = tmp_path / "cut.geojson"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(InputFormatError, match="cannot read it as a vector layer") as exc:
        C.read_communes(cut)
    assert "cut.geojson" in str(exc.value)
    empty = tmp_path / "empty.geojson"
    empty.write_bytes(b"")
    with pytest.raises(InputDataError, match="empty"):
        C.read_communes(empty)
    with pytest.raises(InputDataError, match="empty"):
        C.read_populations(empty)
    cut_json = tmp_path / "epci.json"
    cut_json.write_bytes((shared_data / EPCI90).read_bytes()[:3000])
    with pytest.raises(InputFormatError, match="invalid JSON"):
        C.read_epci(cut_json)


def test_outside_france(shared_data, tmp_path):
    gj = json.loads((shared_data / GEO90).read_text(encoding="utf-8"))
    for f in gj["features"]:
        f["geometry"]["coordinates"] = [[[x + 100.0, y] for x, y in ring]
                                        for ring in f["geometry"]["coordinates"]]
    path = tmp_path / "moved.geojson"
    path.write_text(json.dumps(gj), encoding="utf-8")
    with pytest.raises(InputDataError, match="none of the 102 features.*outside the territory"):
        C.read_communes(path)


def test_missing_column_and_bad_rows(shared_data, tmp_path):
    gj = json.loads((shared_data / GEO90).read_text(encoding="utf-8"))
    for f in gj["features"]:
        f["properties"] = {"codex": f["properties"]["code"], "nom": f["properties"]["nom"]}
    path = tmp_path / "nocode.geojson"
    path.write_text(json.dumps(gj), encoding="utf-8")
    with pytest.raises(InputFormatError, match="no INSEE code field"):
        C.read_communes(path)
    with pytest.raises(InputFormatError, match="missing field INSEE_COM"):
        C.read_communes(shared_data / GEO90, format="admin_express_v3")
    with pytest.raises(ParameterError):
        C.read_communes(shared_data / GEO90, format="cadastre")
    # bad rows in a good population file: rejected with their line, the rest loads
    lines = (shared_data / POP90).read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[2], "n/a", 1)
    lines[5] = "," + lines[5].split(",", 1)[1]
    bad = tmp_path / "pop.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data, report = C.read_populations(bad)
    assert report.rows_kept == 100
    assert sorted((r.line, r.reason.split()[0]) for r in report.rejected) == [(4, "'population_municipale'"),
                                                                               (6, "no")]


def test_wrong_separator_and_encoding(shared_data, tmp_path):
    text = (shared_data / POP90).read_text(encoding="utf-8")
    colon = tmp_path / "colon.csv"
    colon.write_text(text.replace(",", ":"), encoding="utf-8")
    with pytest.raises(InputFormatError, match="no header with any of the expected columns"):
        C.read_populations(colon)
    broken = tmp_path / "broken.csv"
    broken.write_bytes(text.encode("utf-8")[:500] + b"\x81\x8d" + text.encode("utf-8")[500:])
    with pytest.raises(InputFormatError, match="neither UTF-8 nor Windows-1252"):
        C.read_populations(broken)


def test_input_files_unchanged(shared_data, cog):
    paths = [shared_data / p for p in (GEO90, TERR90, POP90, EPCI90)]
    before = [digest(p) for p in paths]
    C.read_communes(paths[0], cog=cog)
    C.read_populations(paths[1])
    C.read_populations(paths[2])
    C.read_epci(paths[3])
    assert [digest(p) for p in paths] == before
