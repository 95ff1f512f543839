"""Every reader against empty, binary, huge-line and truncated inputs (issue 16): each one either
refuses with a user-facing error naming the file, or (a truncated file) reads what is whole. None
raises anything else, and none reads a one-line file beyond its head."""
from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from terridiag.plugin.core.errors import TerriDiagError
from terridiag.plugin.core.indicators.fragility import read_reference_csv
from terridiag.plugin.core.sources import addresses as A
from terridiag.plugin.core.sources import cog as G
from terridiag.plugin.core.sources import communes as C
from terridiag.plugin.core.sources import connectivity as K
from terridiag.plugin.core.sources import services as S

T90 = "territoire_90"
BAL = "samples/bal_54084_mont-bonvillers_csv-bal.csv"
BPE = ("TYPEQU;DEPCOM;LAMBERT_X;LAMBERT_Y;AN\n"
       + "".join(f"A206;90010;{991000 + i};{6729000 + i};2023\n" for i in range(40)))
REFERENCE = "variable,value\npoverty_rate,0.14\nmedian_income,21000\nage_65_plus_share,0.2\n"


def _osm_services(p):
    from terridiag.plugin.core.sources.osm import read_osm_services
    return read_osm_services(p)


def _osm_roads(p):
    from terridiag.plugin.core.sources.roads import read_osm_roads
    return read_osm_roads(p)


# reader id -> (call, sample: a shared-data path or (suffix, text) for a generated one, suffix)
READERS = {
    "addresses_auto": (A.read_addresses, BAL, ".csv"),
    "bal": (A.read_bal, BAL, ".csv"),
    "ban": (A.read_ban, BAL, ".csv"),
    "address_table": (lambda p: A.read_address_table(p, {"code_insee": "commune_insee", "lon": "long",
                                                         "lat": "lat"}), BAL, ".csv"),
    "communes": (C.read_communes, f"{T90}/communes_90_admin-express-2018_simplifie.geojson", ".geojson"),
    "populations_csv": (C.read_populations, f"{T90}/population_legale_90_moissonneur-bal-2018.csv", ".csv"),
    "populations_territory": (C.read_populations, f"{T90}/communes_90_cog_population_epci.csv", ".csv"),
    "epci": (C.read_epci, f"{T90}/epci_90.json", ".json"),
    "cog": (G.read_cog, "national/decoupage-administratif-6.0.0_communes.json", ".json"),
    "france_services": (S.read_france_services, f"{T90}/france_services_90_20240801.csv", ".csv"),
    "mediation_csv": (S.read_mediation, f"{T90}/lieux_mediation_numerique_cnfs_90_2022-07.csv", ".csv"),
    "mediation_json": (S.read_mediation, f"{T90}/lieux_mediation_numerique_cnfs_90_2022-07.json", ".json"),
    "mediation_geojson": (S.read_mediation, "samples/lieux_mediation_numerique_hauts-de-france_2022_portrea.geojson",
                          ".geojson"),
    "bpe": (S.read_bpe, ("bpe.csv", BPE), ".csv"),
    "service_table": (lambda p: S.read_service_table(p, {"name": "lib_fs", "lon": "longitude", "lat": "latitude"}),
                      f"{T90}/france_services_90_20240801.csv", ".csv"),
    "services_auto": (S.read_services, f"{T90}/france_services_90_20240801.csv", ".csv"),
    "arcep_commune": (K.read_arcep_commune, f"{T90}/arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv",
                      ".csv"),
    "ftth_infos": (K.read_ftth_infos, f"{T90}/arcep_observatoire_ftth_infos_communes_90_2018T1.csv", ".csv"),
    "ftth_deployment": (K.read_ftth_deployment, f"{T90}/arcep_observatoire_ftth_deploiement_90_2017T3-2018T1.csv",
                        ".csv"),
    "mobile_sites": (K.read_mobile_sites, f"{T90}/sites_mobiles_2G_3G_4G_90_2018-01.csv", ".csv"),
    "connectivity_auto": (K.read_connectivity, f"{T90}/arcep_maconnexioninternet_commune_debit_90_2022-12-31.csv",
                          ".csv"),
    "mobile_coverage": (K.read_mobile_coverage, None, ".gpkg"),
    "osm_services": (_osm_services, f"{T90}/osm_sud_territoire_de_belfort_2011_josm.osm", ".osm"),
    "osm_roads": (_osm_roads, f"{T90}/osm_sud_territoire_de_belfort_2011_josm.osm", ".osm"),
    "fragility_reference": (read_reference_csv, ("reference.csv", REFERENCE), ".csv"),
}
KINDS = ("empty", "binary", "huge_line", "truncated", "truncated_gzip")


def _sample(shared_data, tmp_path, sample) -> Path | None:
    if sample is None:
        return None
    if isinstance(sample, tuple):
        path = tmp_path / sample[0]
        path.write_text(sample[1], encoding="utf-8")
        return path
    return shared_data / sample


def _hostile(kind: str, sample: Path | None, suffix: str, tmp_path: Path) -> Path | None:
    path = tmp_path / f"hostile_{kind}{suffix}"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        rng = np.random.default_rng(16)
        path.write_bytes(rng.integers(0, 256, 20000, dtype=np.uint8).tobytes())
    elif kind == "huge_line":            # 5 MB without a line break
        path.write_bytes(b"a;" * 2_500_000)
    else:
        if sample is None or suffix == ".gpkg":
            return None
        raw = sample.read_bytes()
        cut = raw[: int(len(raw) * 0.6)]
        if kind == "truncated_gzip":
            if suffix not in (".csv", ".json"):
                return None
            packed = gzip.compress(raw)
            path = tmp_path / f"hostile_{kind}{suffix}.gz"
            path.write_bytes(packed[: len(packed) * 6 // 10])
        else:
            path.write_bytes(cut)
    return path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("reader", sorted(READERS))
def test_reader_against_hostile_input(shared_data, tmp_path, reader, kind):
    call, sample, suffix = READERS[reader]
    sample_path = _sample(shared_data, tmp_path, sample)
    path = _hostile(kind, sample_path, suffix, tmp_path)
    if path is None:
        pytest.skip(f"no {kind} variant for a {suffix} reader")
    try:
        result = call(path)
    except TerriDiagError as exc:
        text = str(exc)
        assert path.name in text, text            # names the file
        assert exc.hint or "line" in text, text   # says what to do, or where
        assert len(text) < 1000, text[:300]       # never echoes megabytes of the file
        return
    # only a truncated file may be read, and then only what it holds
    assert kind.startswith("truncated"), f"{reader} accepted a {kind} file"
    data, report = result if isinstance(result, tuple) else (result, None)
    if report is not None and hasattr(report, "rows_read"):
        full_data, full_report = call(sample_path)
        assert report.rows_kept <= full_report.rows_kept
        assert report.rows_kept + report.rows_rejected == report.rows_read
