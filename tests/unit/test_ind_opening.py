"""Access that knows opening hours (core/indicators/opening.py), on the real France Services and
mediation files: statuses against an independent reading of the ANCT day columns with the csv
module, the coverage of the Territoire de Belfort against a brute-force distance computation."""
from __future__ import annotations

import csv
import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.errors import MissingDependency, ParameterError
from terridiag.plugin.core.indicators import opening

pytest.importorskip("opening_hours", reason="opening-hours-py is an optional dependency (scripts/setup.sh)")

FS_NATIONAL = "national/france_services_liste-fs-20240801.csv"
FS_90 = "territoire_90/france_services_90_20240801.csv"
MED_90 = "territoire_90/lieux_mediation_numerique_cnfs_90_2022-07.csv"
DAYS = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
WEEK = "2024-09-02"          # an ordinary week (no public holiday)


def _ranges(text: str) -> list[tuple[int, int]]:
    """'09:00 - 12:00 / 14:00 - 17:00' -> [(540, 720), (840, 1020)] minutes; the form's
    '00:00 - 00:00' placeholder is no range."""
    out = []
    for part in text.split("/"):
        part = part.strip()
        if not part:
            continue
        a, b = (p.strip() for p in part.split("-"))
        lo = int(a[:2]) * 60 + int(a[3:5])
        hi = int(b[:2]) * 60 + int(b[3:5])
        if lo == hi == 0:
            continue
        out.append((lo, hi))
    return out


def _oracle_fs(row: dict, days: list[int], lo: int, hi: int, need: int = 60) -> str:
    """open/closed/unknown of a France Services row for the window [lo, hi) on ``days``."""
    if not any(row[d].strip() for d in DAYS):
        return "unknown"
    best = 0
    for d in days:
        for a, b in _ranges(row[DAYS[d]]):
            best = max(best, min(b, hi) - max(a, lo))
    return "open" if best >= need else "closed"


def _read_fs(path):
    from terridiag.plugin.core.sources.services import read_france_services
    return read_france_services(path).data


def test_missing_library_is_said_in_words(monkeypatch):
    monkeypatch.setitem(sys.modules, "opening_hours", None)
    with pytest.raises(MissingDependency) as err:
        opening.classify_hours(["Mo-Fr 09:00-12:00"], "saturday_morning", week=WEEK)
    assert "opening-hours-py" in str(err.value) and "pip install" in str(err.value)
    assert not opening.available()


@pytest.mark.parametrize("open_at,days,lo,hi", [
    ("saturday_morning", [5], 9 * 60, 12 * 60),
    ("weekday_evening", [0, 1, 2, 3, 4], 18 * 60, 22 * 60),
    ("week", [0, 1, 2, 3, 4, 5], 0, 24 * 60),
])
def test_national_france_services_statuses_match_the_day_columns(shared_data, open_at, days, lo, hi):
    path = shared_data / FS_NATIONAL
    with open(path, encoding="utf-8", newline="") as fh:
        expected = {r["id_fs"]: _oracle_fs(r, days, lo, hi) for r in csv.DictReader(fh)}
    places, record = opening.open_places(_read_fs(path), open_at, week=WEEK)
    got = dict(zip(places["id"], places["hours_status"]))
    assert len(got) > 2700
    wrong = {k: (v, expected[k]) for k, v in got.items() if expected[k] != v}
    assert not wrong, list(wrong.items())[:5]
    assert record["places"] == {s: sum(1 for v in got.values() if v == s) for s in opening.STATUSES}
    assert record["places"]["unknown"] == sum(1 for v in got.values() if v == "unknown") > 0
    assert record["week_start"] == WEEK and record["public_holidays"] == []


def test_mediation_places_of_90_hand_checked(shared_data):
    from terridiag.plugin.core.sources.services import read_mediation
    med = read_mediation(shared_data / MED_90).data
    sat, rec = opening.open_places(med, "saturday_morning", week=WEEK)
    eve, _ = opening.open_places(med, "weekday_evening", week=WEEK)
    week, _ = opening.open_places(med, "week", week=WEEK)
    # only the Grandvillars médiathèque opens on Saturday (Sa 09:00-12:00,14:00-17:00) and after
    # 18:00 (Tu 14:00-20:00: two hours); every other place closes by 17:30
    assert sat.loc[sat["hours_status"] == "open", "name"].tolist() == ["COMMUNE DE GRANDVILLARS"]
    assert eve.loc[eve["hours_status"] == "open", "name"].tolist() == ["COMMUNE DE GRANDVILLARS"]
    assert float(eve.loc[eve["hours_status"] == "open", "open_minutes"].iloc[0]) == 120.0
    assert (week["hours_status"] == "open").all()
    assert rec["places"] == {"open": 1, "closed": 7, "unknown": 0}


def test_unknown_hours_are_counted_apart_with_a_reason():
    hours = ["", "Mo 09:30-12:00,14:00-17:00; Tu 12:30", "Mo-Fr 09:00-12:00; Sa unknown",
             'Sa 09:00-10:00 "sur rendez-vous"', "Sa 09:00-09:30"]
    frame, _ = opening.classify_hours(hours, "saturday_morning", week=WEEK)
    assert frame["hours_status"].tolist() == ["unknown", "unknown", "unknown", "open", "closed"]
    assert frame["hours_reason"][0] == "no opening hours"
    assert "character 37" in frame["hours_reason"][1] and "Tu 12:30" in frame["hours_reason"][1]
    assert frame["hours_reason"][2] == "the hours say unknown in the window"
    assert frame["hours_comment"][3] == "sur rendez-vous"
    assert frame["open_minutes"][4] == 30.0        # under the 60-minute minimum
    lenient, rec = opening.classify_hours(hours, "saturday_morning", week=WEEK, min_minutes=30)
    assert lenient["hours_status"][4] == "open" and rec["min_minutes"] == 30.0


def test_public_holidays_close_places_and_the_default_week_avoids_them():
    hours = ["Mo-Fr 09:00-12:00; PH off"]
    window = "Mo 09:00-12:00"
    assert opening.classify_hours(hours, window, week="2024-11-11")[0]["hours_status"][0] == "closed"
    assert opening.classify_hours(hours, window, week="2024-11-04")[0]["hours_status"][0] == "open"
    assert opening.holidays_in_week(dt.date(2024, 11, 11)) == ["2024-11-11"]
    # 11 November 2024 is a Monday; Christmas and New Year's Day fall in the next two weeks
    assert opening.reference_week(today=dt.date(2024, 11, 12)) == dt.date(2024, 11, 18)
    assert opening.reference_week(today=dt.date(2024, 12, 24)) == dt.date(2025, 1, 6)
    assert opening.reference_week("2024-09-05") == dt.date(2024, 9, 2)


def test_custom_and_bad_windows():
    frame, rec = opening.classify_hours(["Tu 14:00-20:00", "Tu 09:00-12:00"], "Tu,Th 17:00-20:00", week=WEEK)
    assert frame["hours_status"].tolist() == ["open", "closed"]
    assert rec["open_at"] == "custom" and rec["window"] == "Tu,Th 17:00-20:00"
    with pytest.raises(ParameterError, match="neither a preset"):
        opening.classify_hours(["Mo 09:00-12:00"], "samedi matin", week=WEEK)
    with pytest.raises(ParameterError, match="positive"):
        opening.classify_hours(["Mo 09:00-12:00"], "week", week=WEEK, min_minutes=float("nan"))


def _communes_90(shared_data):
    import geopandas as gpd
    g = gpd.read_file(shared_data / "territoire_90/communes_90_admin-express-2018_simplifie.geojson").to_crs(2154)
    pop = pd.read_csv(shared_data / "territoire_90/communes_90_cog_population_epci.csv", dtype={"code_insee": str})
    g = g.rename(columns={"code": "code_insee"}).merge(pop[["code_insee", "population"]], on="code_insee")
    return g[["code_insee", "nom", "population", "geometry"]]


def test_share_of_90_near_a_place_open_on_saturday_morning(shared_data):
    """Territoire de Belfort, no BAN: one point per commune carrying its population. Oracle:
    brute-force distances from each commune's representative point to the places the csv
    module says are open on Saturday morning."""
    from terridiag.plugin.core.sources.services import read_mediation
    communes = _communes_90(shared_data)
    fs = _read_fs(shared_data / FS_90)
    med = read_mediation(shared_data / MED_90).data
    services = pd.concat([fs, med], ignore_index=True)
    table, rec, places = opening.coverage_open_at(None, services, "saturday_morning", thresholds_km=(5, 10),
                                                  communes=communes, week=WEEK)

    with open(shared_data / FS_90, encoding="utf-8", newline="") as fh:
        fs_open = {r["lib_fs"] for r in csv.DictReader(fh) if _oracle_fs(r, [5], 540, 720) == "open"}
    # Valdoie (Sa 10:00-12:00) and Grandvillars (Sa 09:00-12:00); Giromagny and the préfecture
    # of Belfort are closed on Saturday
    assert fs_open == {"France services Marianne", "France services de Grandvillars"}
    open_names = fs_open | {"COMMUNE DE GRANDVILLARS"}
    assert set(places.loc[places["hours_status"] == "open", "name"]) == open_names
    sel = places[places["name"].isin(open_names)]
    pts = communes.geometry.representative_point()
    d = np.sqrt((pts.x.to_numpy()[:, None] - sel["x"].to_numpy()[None, :]) ** 2
                + (pts.y.to_numpy()[:, None] - sel["y"].to_numpy()[None, :]) ** 2).min(axis=1)
    pop = communes["population"].to_numpy(float)
    for k in (5, 10):
        expected = pop[d <= k * 1000].sum() / pop.sum()
        assert rec["territory"][f"open_share_within_{k}km"] == pytest.approx(expected, rel=1e-9)
        per = table.set_index("code_insee")[f"open_share_within_{k}km"]
        assert per.reindex(communes["code_insee"]).to_numpy().tolist() == (d <= k * 1000).astype(float).tolist()
    # no place has unknown hours here, so the upper bound is the same share
    assert rec["places"]["unknown"] == 0
    assert rec["territory"]["open_or_unknown_share_within_5km"] == rec["territory"]["open_share_within_5km"]
    # any time (all 12 places): more people are near help than on Saturday morning
    from terridiag.plugin.core.indicators.coverage import coverage_by_commune
    anytime = coverage_by_commune(None, services, thresholds_km=(5,), communes=communes)
    assert anytime.attrs["coverage"]["territory_share_within"]["5"] > rec["territory"]["open_share_within_5km"]


def test_no_place_open_gives_zero_not_an_error(shared_data):
    communes = _communes_90(shared_data)
    fs = _read_fs(shared_data / FS_90)
    table, rec, _ = opening.coverage_open_at(None, fs, "Su 10:00-12:00", communes=communes, week=WEEK)
    assert rec["places"]["open"] == 0
    assert rec["territory"]["open_share_within_5km"] == 0.0
    assert (table["open_share_within_5km"] == 0.0).all()
