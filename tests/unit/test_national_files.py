"""National files load whole (issue 17): the France Services list and the national mediation
places keep their overseas rows — in EPSG:4326 by default, or one table per territory in its legal
CRS — and a CRS that cannot hold them says what works. Counts come from the csv/json modules,
positions from pyproj."""
from __future__ import annotations

import csv
import json
from collections import Counter

import pytest
from pyproj import Transformer

from terridiag.plugin.core import crs
from terridiag.plugin.core.sources import services as S
from terridiag.plugin.core.sources.points import by_territory

FS = "national/france_services_liste-fs-20240801.csv"
MED = "national/lieux_mediation_numerique_cnfs_2022-07.json"


def _fs_rows(shared_data):
    with open(shared_data / FS, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _territory(dep: str) -> str:
    return dep if dep.startswith("97") else "metropole"


def test_france_services_national_file_is_kept_whole(shared_data):
    rows = _fs_rows(shared_data)
    expected = Counter(_territory(r["insee_dep"]) for r in rows)
    assert sum(expected.values()) == 2845 and sum(v for k, v in expected.items() if k != "metropole") == 119
    data, report = S.read_services(shared_data / FS)
    assert report.rows_read == report.rows_kept == len(data) == 2845 and report.rows_rejected == 0
    assert data.attrs["crs"] == 4326 and report.crs == "EPSG:4326"
    assert data.attrs["territories"] == dict(expected)
    # lon/lat are the file's own numbers
    by_id = {r["id_fs"]: r for r in rows}
    for _, place in data.sample(50, random_state=1).iterrows():
        src = by_id[place["id"]]
        assert place["x"] == pytest.approx(float(src["longitude"]), abs=1e-9)
        assert place["y"] == pytest.approx(float(src["latitude"]), abs=1e-9)
    assert any("several French territories" in w and "Guadeloupe 31" in w for w in report.warnings)


def test_forcing_wgs84_keeps_every_territory(shared_data):
    """The advice of the old message ('force its CRS' with EPSG:4326) now works."""
    data, report = S.read_france_services(shared_data / FS, epsg=4326)
    assert report.rows_kept == 2845 and data.attrs["crs"] == 4326


def test_france_services_one_table_per_territory_in_its_legal_crs(shared_data):
    rows = _fs_rows(shared_data)
    data, _ = S.read_services(shared_data / FS)
    parts = by_territory(data)
    assert {k: len(v) for k, v in parts.items()} == dict(Counter(_territory(r["insee_dep"]) for r in rows))
    by_id = {r["id_fs"]: r for r in rows}
    for key, part in parts.items():
        epsg = crs.BY_KEY[key].epsg
        assert part.attrs["crs"] == epsg
        assert set(part["code_insee"].map(crs.territory_key)) == {key}
        to_legal = Transformer.from_crs(4326, epsg, always_xy=True)
        for _, place in part.head(5).iterrows():
            src = by_id[place["id"]]
            x, y = to_legal.transform(float(src["longitude"]), float(src["latitude"]))
            assert (place["x"], place["y"]) == pytest.approx((x, y), abs=1e-3)
    assert parts["976"].attrs["crs"] == 4471 and parts["974"].attrs["crs"] == 2975


def test_mediation_national_json_is_kept_whole(shared_data):
    places = json.loads((shared_data / MED).read_text("utf-8"))
    overseas = Counter(str(p["code_postal"])[:3] for p in places if str(p["code_postal"]).startswith("97"))
    assert sum(overseas.values()) == 65
    data, report = S.read_services(shared_data / MED)
    assert report.rows_kept == 2733 and report.rows_rejected == 0
    assert {k: v for k, v in data.attrs["territories"].items() if k != "metropole"} == dict(overseas)
    parts = by_territory(data)
    assert parts["973"].attrs["crs"] == 2972 and len(parts["973"]) == overseas["973"]


def test_a_crs_that_cannot_hold_the_file_says_what_works_with_real_lines(shared_data):
    data, report = S.read_services(shared_data / MED, epsg=2975)      # La Réunion's CRS
    places = json.loads((shared_data / MED).read_text("utf-8"))
    assert report.rows_kept == sum(1 for p in places if str(p["code_postal"]).startswith("974")) == 24
    starts = [i + 1 for i, line in enumerate((shared_data / MED).read_text("utf-8").split("\n")) if line == "  {"]
    first = next(k for k, p in enumerate(places) if not str(p["code_postal"]).startswith("974"))
    rej = report.rejected[0]
    assert rej.line == starts[first] and rej.value.startswith(f"record {first + 1} ")
    assert "outside the territory of EPSG:2975" in rej.reason and "EPSG:4326" in rej.reason
    assert "one layer per territory" in rej.reason
    assert any("France métropolitaine 2,668" in w for w in report.warnings)


def test_single_territory_file_stays_in_its_legal_crs(shared_data):
    data, report = S.read_services(shared_data / "territoire_90/france_services_90_20240801.csv")
    assert data.attrs["crs"] == 2154 and data.attrs["territories"] == {"metropole": 4}
    assert not any("several French territories" in w for w in report.warnings)
