"""The all-in-one diagnosis, typology, confidentiality masking and the field catalogue."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

gpd = pytest.importorskip("geopandas")
from shapely.geometry import box  # noqa: E402

from terridiag.plugin.core.errors import InputDataError, ParameterError  # noqa: E402
from terridiag.plugin.core.graph import RoadGraph  # noqa: E402
from terridiag.plugin.core.indicators import catalog  # noqa: E402
from terridiag.plugin.core.indicators.confidentiality import mask_small_counts  # noqa: E402
from terridiag.plugin.core.indicators.diagnosis import run_diagnosis  # noqa: E402
from terridiag.plugin.core.indicators.typology import typology  # noqa: E402
from terridiag.plugin.core.provenance import Provenance  # noqa: E402
from terridiag.plugin.core.schema import MEDNUM_VARIABLES  # noqa: E402


def test_typology_classes_and_thresholds():
    t = pd.DataFrame({"share_within": [0.5, 0.5, 0.95, 0.95, np.nan],
                      "ifn_global": [120.0, 90.0, 120.0, 90.0, 100.0]})
    out, meta = typology(t)
    assert list(out.typology) == ["priority", "far", "fragile", "served", "unknown"]
    assert list(out.typology_code) == [4, 3, 2, 1, 0]
    assert out.typology_fr[0].startswith("Prioritaire")
    assert meta["counts"]["priority"] == 1
    # editable thresholds: with access threshold 0.4 nobody is far
    out, _ = typology(t, access_threshold=0.4, fragility_threshold=95)
    assert list(out.typology) == ["fragile", "served", "fragile", "served", "unknown"]
    # higher_is_worse access field: far when the median distance > 5 km
    d = pd.DataFrame({"dist_median_m": [6000.0, 4000.0], "ifn_global": [101.0, 101.0]})
    out, _ = typology(d, access_field="dist_median_m", access_threshold=5000, access_direction="higher_is_worse")
    assert list(out.typology) == ["priority", "fragile"]
    with pytest.raises(InputDataError):
        typology(d)


def test_confidentiality_masks_and_flags():
    t = pd.DataFrame({"code_insee": ["a", "b", "c"], "n_addresses": [10, 11, 0],
                      "demand_source": ["addresses", "addresses", "centroid"],
                      "dist_mean_m": [100.0, 200.0, 300.0], "share_within": [1.0, 0.5, 1.0],
                      "share_within_5km": [1.0, 0.5, 1.0], "share_thd30": [0.9, 0.8, 0.7],
                      "ifn_global": [100.0, 100.0, 100.0]})
    out, meta = mask_small_counts(t)
    # a: 10 < 11 addresses -> address-based fields NaN, flagged with the reason
    assert np.isnan(out.dist_mean_m[0]) and np.isnan(out.share_within[0]) and np.isnan(out.share_within_5km[0])
    assert out.masked[0] and out.mask_reason[0] == "fewer than 11 addresses"
    # non-address fields stay (ARCEP and INSEE data are already published)
    assert out.share_thd30[0] == 0.9 and out.ifn_global[0] == 100
    # b: 11 addresses -> shown ; c: centroid demand (no address) -> not masked
    assert not out.masked[1] and out.dist_mean_m[1] == 200 and out.mask_reason[1] == ""
    assert not out.masked[2] and out.dist_mean_m[2] == 300
    assert meta["n_masked"] == 1 and "dist_mean_m" in meta["masked_fields"]
    assert t.dist_mean_m[0] == 100.0       # the input is not modified
    out, _ = mask_small_counts(t, threshold=5)
    assert not out.masked.any()


def test_catalog_describes_fields():
    f = catalog.describe("share_within_2_5km")
    assert f.unit == "fraction" and f.direction == catalog.BETTER and f.confidential
    assert catalog.describe("sites_4g_per_km2").label_fr == "Sites 4G par km²"
    assert catalog.describe("ifn_global").direction == catalog.WORSE
    assert catalog.describe("nonexistent_field") is None
    for f in catalog.CATALOG.values():
        assert f.label_en and f.label_fr and f.description and f.direction in (
            catalog.BETTER, catalog.WORSE, catalog.NEUTRAL), f.id


def _territory():
    communes = gpd.GeoDataFrame(
        {"code_insee": ["90001", "90002", "90003"], "nom": ["Un", "Deux", "Trois"],
         "population": [1200.0, 300.0, 40.0]},
        geometry=[box(0, 0, 5000, 5000), box(5000, 0, 10000, 5000), box(10000, 0, 15000, 5000)], crs=2154)
    rng = np.random.default_rng(0)
    # 90001: 60 addresses near (1000, 1000); 90002: 20 addresses near (8000, 2500); 90003: none
    a1 = pd.DataFrame({"code_insee": "90001", "x": rng.uniform(500, 1500, 60), "y": rng.uniform(500, 1500, 60)})
    a2 = pd.DataFrame({"code_insee": "90002", "x": rng.uniform(7500, 8500, 20), "y": rng.uniform(2000, 3000, 20)})
    addresses = pd.concat([a1, a2], ignore_index=True)
    services = pd.DataFrame({"category": ["france_services", "library"], "x": [1000.0, 9000.0],
                             "y": [1000.0, 4000.0], "capacity": [1.0, 1.0]})
    connectivity = pd.DataFrame({"code_insee": ["90001", "90002", "90003"], "premises": [600.0, 150.0, 20.0],
                                 "elig_thd30": [600.0, 100.0, 0.0], "elig_thd100": [500.0, 50.0, 0.0],
                                 "elig_thd1g": [500.0, 0.0, 0.0], "elig_bhd8": [600.0, 150.0, 10.0],
                                 "elig_ftth": [500.0, 0.0, 0.0]})
    rng2 = np.random.default_rng(1)
    pv = pd.DataFrame({v: rng2.uniform(0.1, 0.4, 3) for v in MEDNUM_VARIABLES})
    pv["median_income"] = [21000.0, 19000.0, 17000.0]
    pv["public_services_per_capita"] = [0.003, 0.002, 0.0]
    pv = pv.drop(columns=["thd_coverage"])           # derived from ARCEP share_thd30 by the diagnosis
    pv.insert(0, "code_insee", ["90001", "90002", "90003"])
    return communes, addresses, services, connectivity, pv


def test_run_diagnosis_all_indicators():
    communes, addresses, services, connectivity, pv = _territory()
    prov = [Provenance("demo addresses", vintage="2024", synthetic=True),
            Provenance("ARCEP", vintage="2022-12-31", licence="Licence Ouverte 2.0 (Etalab)")]
    out, meta = run_diagnosis(communes, addresses, services, connectivity=connectivity, population_vars=pv,
                              provenances=prov)
    assert isinstance(out, gpd.GeoDataFrame) and len(out) == 3 and out.crs.to_epsg() == 2154
    t = out.set_index("code_insee")
    # coverage: 90001's addresses lie within 708 m of the France services at (1000, 1000)
    assert t.loc["90001", "n_addresses"] == 60 and t.loc["90001", "share_within"] == 1.0
    assert t.loc["90001", "dist_p90_m"] < 708
    # 90003 has no address: its centre (12500, 2500) is sqrt(11500² + 1500²) = 11597.4 m from the
    # France services at (1000, 1000) — the headline measures digital help, not the library —
    # and sqrt(3500² + 1500²) = 3807.9 m from the library
    assert t.loc["90003", "demand_source"] == "commune"
    assert meta["parameters"]["category"] == ["france_services"]
    assert t.loc["90003", "dist_mean_m"] == pytest.approx(np.hypot(11500, 1500))
    assert t.loc["90003", "dist_library_m"] == pytest.approx(np.hypot(3500, 1500))
    # per-category distances exist
    assert "dist_library_m" in t.columns and "share_within_france_services" in t.columns
    # connectivity: 100/150 at >= 30 Mbit/s in 90002
    assert t.loc["90002", "share_thd30"] == pytest.approx(2 / 3)
    # thd_coverage derived from share_thd30, MedNum index computed
    assert t.loc["90002", "thd_coverage"] == pytest.approx(2 / 3)
    assert set(t.ifn_global_class) <= {1, 2, 3, 4, 5} and t.ifn_global.notna().all()
    assert meta["steps"]["fragility"]["derived_variables"]["thd_coverage"].startswith("share_thd30")
    # 2SFCA and typology
    assert t.fsca.notna().all() and "typology" in t.columns
    # confidentiality: nobody below 11 addresses here (90003 uses its centroid)
    assert not t.masked.any()
    assert meta["synthetic"] is True and meta["vintages"]["ARCEP"] == "2022-12-31"
    assert meta["parameters"]["fragility_method"] == "mednum2019"
    assert any(f["id"] == "share_within_5km" for f in meta["fields"])


def test_run_diagnosis_masks_small_commune_and_uses_roads():
    communes, addresses, services, connectivity, pv = _territory()
    small = addresses[addresses.code_insee == "90002"].iloc[:5]
    addresses = pd.concat([addresses[addresses.code_insee == "90001"], small], ignore_index=True)
    # road along y = 1000 from x = 0 to 10 km, nodes every 1 km, 50 km/h
    nx = np.arange(0, 11000, 1000.0)
    u = np.concatenate([np.arange(10), np.arange(1, 11)])
    v = np.concatenate([np.arange(1, 11), np.arange(10)])
    g = RoadGraph(nx, np.full(11, 1000.0), u, v, np.full(20, 1000.0),
                  np.array(["secondary"] * 20, dtype=object), np.full(20, 50.0))
    out, meta = run_diagnosis(communes, addresses, services, connectivity=connectivity, roads=g,
                              params={"confidentiality_threshold": 11, "fsca": False})
    t = out.set_index("code_insee")
    assert t.loc["90002", "masked"] and np.isnan(t.loc["90002", "dist_mean_m"])
    assert np.isnan(t.loc["90002", "time_mean_min"])           # network fields masked too
    assert t.loc["90002", "share_thd30"] == pytest.approx(2 / 3)  # ARCEP data stays
    assert t.loc["90001", "time_mean_min"] > 0 and t.loc["90001", "share_within_15min"] == 1.0
    assert meta["steps"]["network"]["mode"] == "drive"
    assert "fsca" not in t.columns


def test_run_diagnosis_errors():
    communes, addresses, services, _, _ = _territory()
    with pytest.raises(ParameterError, match="unknown diagnosis parameters"):
        run_diagnosis(communes, addresses, services, params={"bogus": 1})
    with pytest.raises(InputDataError):
        run_diagnosis(communes, addresses, services.iloc[0:0])
    # without addresses at all, representative points stand in everywhere
    out, _ = run_diagnosis(communes, None, services)
    assert (out.demand_source == "commune").all() and out.n_addresses.eq(0).all()


def test_diagnosis_on_demo_territory(tmp_path):
    """End to end on the synthetic demo territory through the real readers: what `make demo` runs."""
    from terridiag.plugin.core.demo.generator import generate
    from terridiag.plugin.core.sources.addresses import read_addresses
    from terridiag.plugin.core.sources.communes import read_communes
    from terridiag.plugin.core.sources.connectivity import read_connectivity
    from terridiag.plugin.core.sources.roads import read_osm_roads
    from terridiag.plugin.core.sources.services import read_services

    paths = generate(tmp_path / "demo")
    com, _ = read_communes(paths["communes"])
    addr, _ = read_addresses(paths["addresses"])
    svc = pd.concat([read_services(paths["france_services"]).data, read_services(paths["mediation_csv"]).data],
                    ignore_index=True)
    conn, _ = read_connectivity(paths["arcep_debit"])
    sites, _ = read_connectivity(paths["mobile_sites"])
    roads, _ = read_osm_roads(paths["roads_osm"])
    frag = pd.read_csv(paths["fragility"], dtype={"code_insee": str}).drop(columns=["nom", "population", "source"])
    out, meta = run_diagnosis(com, addr, svc, connectivity=conn, population_vars=frag, roads=roads,
                              mobile_sites=sites)
    assert len(out) == len(com)
    n = addr.groupby(addr["code_insee"].astype(str), observed=True).size()
    t = out.set_index("code_insee")
    assert (t["n_addresses"] == n.reindex(t.index).fillna(0)).all()
    small = t.index[(t["n_addresses"] < 11) & (t["demand_source"] == "addresses")]
    assert set(t.index[t.masked]) == set(small)
    for f in ("dist_mean_m", "share_within", "time_median_min", "fsca", "share_thd30", "sites_4g_per_km2",
              "ifn_global", "ifn_global_class", "typology"):
        assert f in t.columns and t[f].notna().any(), f
        assert catalog.describe(f) is not None, f
    shown = t[~t.masked]
    assert shown["share_within"].between(0, 1).all() and (shown["dist_p90_m"] >= shown["dist_median_m"]).all()
    assert meta["parameters"]["fragility_method"] == "mednum2019"
    # every output field is documented
    undocumented = [c for c in out.columns if c != "geometry" and catalog.describe(c) is None]
    assert undocumented == []


def test_synthetic_flag_from_sidecar_and_source_column(tmp_path):
    import json as _json
    from terridiag.plugin.core.indicators.diagnosis import sidecar_provenance
    (tmp_path / "provenance.json").write_text(_json.dumps({"synthetic": True, "title": "demo", "licence": "x"}),
                                              encoding="utf-8")
    f = tmp_path / "communes.geojson"
    p = sidecar_provenance(f)
    assert len(p) == 1 and p[0].synthetic and p[0].source == "demo" and p[0].url == str(f)
    assert sidecar_provenance(tmp_path / "sub" / "none.csv") == []
    communes, addresses, services, _, pv = _territory()
    _, meta = run_diagnosis(communes, addresses, services, provenances=p)
    assert meta["synthetic"] is True and meta["sources"][0]["source"] == "demo"
    _, meta = run_diagnosis(communes, addresses, services)
    assert meta["synthetic"] is False
    pv["source"] = "TerriDiag (Données synthétiques)"
    _, meta = run_diagnosis(communes, addresses, services, population_vars=pv)
    assert meta["synthetic"] is True
