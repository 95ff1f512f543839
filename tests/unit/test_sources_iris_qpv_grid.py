"""IRIS contours, QPV and the 200 m grid on the real polygons and counts of the Territoire de
Belfort: the IFN IRIS GeoJSON, the same polygons as IGN CONTOURS-IRIS (both editions), the QPV
attributes of the CNAF file, stand-in QPV polygons and a grid derived from the real counts
(tests/support/territory_files.py says what is real in each). Oracles: shapely areas and
point-in-polygon tests one by one, the csv module."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest

from terridiag.plugin.core.errors import InputFormatError
from terridiag.plugin.core.sources.census import read_fragility_inputs
from terridiag.plugin.core.sources.grid import read_grid
from terridiag.plugin.core.sources.iris import flag_qpv, join_census, read_iris
from terridiag.plugin.core.sources.qpv import attach_attributes, read_qpv, read_qpv_attributes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import territory_files as TF  # noqa: E402

IRIS90 = "territoire_90/iris_90_rp2016.geojson"
IFN90 = "territoire_90/iris_90_fragility_inputs_rp2016.csv"
QPV90 = "territoire_90/cnaf_demo_2020_qpv_90.csv"


def test_iris_geojson_and_ign_editions_agree(shared_data, tmp_path):
    a, ra = read_iris(shared_data / IRIS90)
    assert (len(a), ra.rows_rejected, ra.crs, ra.format) == (123, 0, "EPSG:2154", "iris_geojson")
    for edition in ("2022", "2023"):
        path = TF.write_ign_iris(shared_data, tmp_path / f"CONTOURS-IRIS_{edition}.gpkg", edition)
        b, rb = read_iris(path)
        assert rb.format == ("ign_2023" if edition == "2023" else "ign")
        assert rb.provenance.source == "IGN CONTOURS-IRIS" and rb.provenance.vintage == edition
        assert list(b["code_iris"]) == list(a["code_iris"])
        assert (b["typ_iris"] != "").all() and b.loc[b.code_iris == "900100503", "nom_iris"].item() == "Glacis du Château"
        np.testing.assert_allclose(b.geometry.area, a.geometry.area, rtol=1e-6)
    # cut to two communes
    two, _ = read_iris(shared_data / IRIS90, communes={"90010", "90009"})
    assert sorted(set(two["code_insee"])) == ["90009", "90010"] and len(two) == 22


def test_iris_multi_part_features_are_merged_and_bad_files_refused(shared_data, tmp_path):
    import geopandas as gpd
    g = gpd.read_file(shared_data / IRIS90)
    part = g[g.IRIS == "900010000"].copy()
    twice = gpd.GeoDataFrame(pd_concat([g, part]), crs=g.crs)
    p = tmp_path / "iris.geojson"
    twice.to_file(p, driver="GeoJSON")
    out, report = read_iris(p)
    assert len(out) == 123 and any("merged" in w for w in report.warnings)
    q = tmp_path / "x.geojson"
    g.rename(columns={"IRIS": "foo"}).drop(columns=["COM"]).to_file(q, driver="GeoJSON")
    with pytest.raises(InputFormatError, match="no IRIS code field"):
        read_iris(q)


def pd_concat(frames):
    import pandas as pd
    return pd.concat(frames, ignore_index=True)


def test_iris_layer_carries_census_population(shared_data):
    census, _ = read_fragility_inputs([shared_data / IFN90])
    iris, report = read_iris(shared_data / IRIS90)
    out = join_census(iris, census, report)
    with open(shared_data / IFN90, encoding="utf-8", newline="") as fh:
        pop = {r["IRIS"]: float(r["P16_POP"]) for r in csv.DictReader(fh)}
    assert out.set_index("code_iris")["population"].to_dict() == pytest.approx(pop)
    assert report.warnings == []                 # every IRIS has its census row and vice versa
    # the habitat file covers 23 IRIS only: the others are listed as without census row
    hab, _ = read_fragility_inputs([shared_data / "territoire_90/rp2016_iris_habitat_pop_menages_logement_90.csv"])
    _, r2 = read_iris(shared_data / IRIS90)
    partial = join_census(iris, hab, r2)
    assert partial["population"].notna().sum() == 23
    assert any("100 IRIS have no census row" in w for w in r2.warnings)


def test_qpv_attributes_of_90(shared_data):
    data, report = read_qpv_attributes(shared_data / QPV90)
    with open(shared_data / QPV90, encoding="utf-8", newline="") as fh:
        raw = list(csv.DictReader(fh, delimiter=";"))
    assert len(data) == 5 == report.rows_kept and list(data["code_qp"]) == [r["CODGEO"] for r in raw]
    assert data["population_qpv"].tolist() == [float(r["POP_MUN"]) for r in raw]
    # decimal commas read, blanks missing (not 0)
    assert data.loc[0, "TX_F"] == pytest.approx(48.4)
    assert np.isnan(data.loc[0, "TX_TOT_60ETPLUS"])
    assert data.loc[3, "LIB_COM"] == "Bavilliers, Belfort"


def test_qpv_polygons_flag_the_iris(shared_data, tmp_path):
    path = TF.write_qpv_geojson(shared_data, tmp_path / "qpv_2015.geojson")
    qpv, report = read_qpv(path)
    assert list(qpv["code_qp"]) == sorted(TF.QPV_STAND_INS) and report.crs == "EPSG:2154"
    attrs, _ = read_qpv_attributes(shared_data / QPV90)
    qpv = attach_attributes(qpv, attrs, report)
    assert qpv.set_index("code_qp").loc["QP090004", "population_qpv"] == 10048
    iris, _ = read_iris(shared_data / IRIS90)
    flagged = flag_qpv(iris, qpv)
    t = flagged.set_index("code_iris")
    assert set(t.index[t["qpv"]]) == set(TF.QPV_STAND_INS.values())
    # share = area(IRIS ∩ QPV) / area(IRIS), each computed with shapely
    for code, iris_code in TF.QPV_STAND_INS.items():
        geom_i = iris.set_index("code_iris").loc[iris_code, "geometry"]
        geom_q = qpv.set_index("code_qp").loc[code, "geometry"]
        assert t.loc[iris_code, "qpv_share"] == pytest.approx(geom_i.intersection(geom_q).area / geom_i.area,
                                                              rel=1e-9)
        assert t.loc[iris_code, "qpv_codes"] == code
        assert 0.3 < t.loc[iris_code, "qpv_share"] < 0.7
    assert (t.loc[~t["qpv"], "qpv_codes"] == "").all()
    # cut to the territory by the communes it lists or its code's département
    only, _ = read_qpv(path, communes={"90075", "90099"})
    assert list(only["code_qp"]) == sorted(TF.QPV_STAND_INS)     # the 2015 file names communes by name


def test_grid_cut_to_communes_with_population(shared_data, tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point
    path = TF.write_grid_gpkg(shared_data, tmp_path / "carreaux_200m_met.gpkg")
    communes = gpd.read_file(shared_data / "territoire_90/communes_90_admin-express-2018_simplifie.geojson")
    communes = communes.rename(columns={"code": "code_insee"}).to_crs(2154)
    two = communes[communes.code_insee.isin(["90010", "90065"])]
    cells, report = read_grid(path, communes=two)
    assert report.crs == "EPSG:2154" and "population" in cells.columns and report.provenance.producer == "INSEE"
    src = gpd.read_file(path).to_crs(2154)
    expected = {}
    for i, c in enumerate(src.geometry.centroid):
        for code, poly in zip(two.code_insee, two.geometry):
            if poly.contains(Point(c.x, c.y)):
                expected[src.idcar_200m[i]] = (code, src.ind[i])
    got = cells.set_index("id_carreau")
    assert set(got.index) == set(expected)
    for cid, (code, ind) in expected.items():
        assert got.loc[cid, "code_insee"] == code and got.loc[cid, "population"] == pytest.approx(ind)
    assert "households" in cells.columns
    assert any("outside the territory" in w for w in report.warnings)


def test_a_territory_without_qpv(shared_data, tmp_path):
    p = tmp_path / "qpv-empty.geojson"
    p.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    qpv, report = read_qpv(p, epsg=2154)
    assert len(qpv) == 0 and any("no QPV" in w for w in report.warnings)
    iris, _ = read_iris(shared_data / IRIS90)
    flagged = flag_qpv(iris, qpv)
    assert not flagged["qpv"].any() and (flagged["qpv_share"] == 0).all()
