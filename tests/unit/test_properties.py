"""Property-based tests (issue 16): random but valid demand and service points give results that obey
the indicators' invariants. Oracle: a brute-force numpy computation of every distance. The profile is
derandomised (the same examples on every run, so CI is deterministic) and small (suite time)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is a test tool: `make test` installs it")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from terridiag.plugin.core.indicators.coverage import coverage_by_commune, nearest_distance  # noqa: E402

settings.register_profile("terridiag", derandomize=True, max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("terridiag")

coord = st.floats(min_value=0.0, max_value=50_000.0, allow_nan=False, allow_infinity=False)
CODES = ["90001", "90002", "90003", "90004"]


@st.composite
def territories(draw):
    n = draw(st.integers(min_value=1, max_value=60))
    m = draw(st.integers(min_value=1, max_value=8))
    addresses = pd.DataFrame({
        "code_insee": draw(st.lists(st.sampled_from(CODES), min_size=n, max_size=n)),
        "x": draw(st.lists(coord, min_size=n, max_size=n)),
        "y": draw(st.lists(coord, min_size=n, max_size=n)),
    })
    services = pd.DataFrame({"category": "france_services",
                             "x": draw(st.lists(coord, min_size=m, max_size=m)),
                             "y": draw(st.lists(coord, min_size=m, max_size=m)), "capacity": 1.0})
    threshold = draw(st.floats(min_value=0.1, max_value=60.0, allow_nan=False))
    return addresses, services, threshold


def _brute(addresses, services):
    dx = addresses.x.to_numpy()[:, None] - services.x.to_numpy()[None]
    dy = addresses.y.to_numpy()[:, None] - services.y.to_numpy()[None]
    return np.hypot(dx, dy).min(axis=1)


@given(territories())
def test_nearest_distance_is_the_brute_force_minimum(t):
    addresses, services, _ = t
    d, i = nearest_distance(addresses.x, addresses.y, services.x, services.y)
    np.testing.assert_allclose(d, _brute(addresses, services), rtol=0, atol=1e-6)
    # the index points at a service at exactly that distance
    chosen = np.hypot(addresses.x - services.x.to_numpy()[i], addresses.y - services.y.to_numpy()[i])
    np.testing.assert_allclose(chosen, d, rtol=0, atol=1e-6)


@given(territories())
def test_coverage_invariants(t):
    addresses, services, km = t
    table = coverage_by_commune(addresses, services, thresholds_km=(km,), weighting="none")
    table = table.set_index("code_insee")
    d = pd.Series(_brute(addresses, services), index=addresses.index)
    by = d.groupby(addresses.code_insee)
    # every address counted once, in its commune
    assert table.n_addresses.sum() == len(addresses)
    assert (table.n_addresses == addresses.code_insee.value_counts().reindex(table.index)).all()
    # shares are shares, and equal the brute-force count within the threshold
    assert table.share_within.between(0.0, 1.0).all()
    expected = (d <= km * 1000.0 + 1e-6).groupby(addresses.code_insee).mean()
    np.testing.assert_allclose(table.share_within, expected.reindex(table.index), atol=1e-9)
    # statistics lie between each commune's nearest and farthest address distance
    lo, hi = by.min().reindex(table.index) - 1e-6, by.max().reindex(table.index) + 1e-6
    for col in ("dist_mean_m", "dist_median_m", "dist_p90_m"):
        assert ((table[col] >= lo) & (table[col] <= hi)).all(), col
    np.testing.assert_allclose(table.dist_mean_m, by.mean().reindex(table.index), rtol=1e-9, atol=1e-6)
    assert (table.dist_median_m <= table.dist_p90_m + 1e-6).all()


@given(territories(), st.floats(min_value=1.0, max_value=5000.0))
def test_population_weighted_shares_stay_shares(t, pop):
    addresses, services, km = t
    population = {c: pop * (k + 1) for k, c in enumerate(CODES)}
    table = coverage_by_commune(addresses, services, thresholds_km=(km,), population=population)
    label = f"{km:g}".replace(".", "_")
    share = table[[c for c in table.columns if c.startswith("pop_share_within_")][0]]
    assert share.between(0.0, 1.0).all()
    within = table[[c for c in table.columns if c.startswith("pop_within_")][0]]
    pops = table.code_insee.map(population)
    assert ((within >= -1e-9) & (within <= pops + 1e-6)).all(), label


# --- readers: a random BAN file (free street names, repeated ids) read back ---------------------------

BAN_COLUMNS = ["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune", "x", "y",
               "lon", "lat"]
street = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30)


@st.composite
def ban_files(draw):
    n = draw(st.integers(min_value=1, max_value=40))
    ids = draw(st.lists(st.integers(min_value=0, max_value=n + 5), min_size=n, max_size=n))
    rows = []
    for k, i in enumerate(ids):
        rows.append({"id": f"90010_{i:04d}_00001", "numero": str(k + 1), "rep": "",
                     "nom_voie": draw(street).strip() or "Rue", "code_postal": "90000",
                     "code_insee": draw(st.sampled_from(["90010", "90039", "90065"])), "nom_commune": "Belfort",
                     "x": f"{draw(st.floats(990_000, 1_010_000)):.2f}",
                     "y": f"{draw(st.floats(6_710_000, 6_750_000)):.2f}", "lon": "", "lat": ""})
    return rows


@given(ban_files())
def test_ban_reader_keeps_each_address_once_and_its_position(rows):
    import csv
    import io
    import tempfile
    from pathlib import Path

    from terridiag.plugin.core.sources.addresses import read_ban

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=BAN_COLUMNS, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "adresses-90.csv"
        path.write_text(buf.getvalue(), encoding="utf-8")
        data, report = read_ban(path)
    first = {}
    for r in rows:                                  # a repeated id is merged into its first row
        first.setdefault(r["id"], r)
    assert report.rows_kept == len(data) == len(first)
    # the sum of addresses per commune equals the addresses read, commune by commune
    expected = pd.Series([r["code_insee"] for r in first.values()]).value_counts().sort_index()
    got = data["code_insee"].astype(str).value_counts().sort_index()
    assert got.to_dict() == expected.to_dict()
    xy = {r["id"]: (float(r["x"]), float(r["y"])) for r in first.values()}
    ids = data["id"].astype(str).to_numpy()
    np.testing.assert_allclose(data["x"].to_numpy(), [xy[i][0] for i in ids], atol=0.01)
    np.testing.assert_allclose(data["y"].to_numpy(), [xy[i][1] for i in ids], atol=0.01)
