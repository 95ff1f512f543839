"""Coverage partitioned by département on Dask equals the single-machine run exactly."""
import numpy as np
import pandas as pd
import pytest

from plugin.core import engine
from plugin.core.indicators.coverage import coverage_by_commune, nearest_distance

distributed = pytest.importorskip("distributed", reason="dask.distributed not installed (python3-distributed)")


def _instance(seed=3):
    """Three départements side by side (x strips of 20 km), 4 communes each; places clustered
    near the borders, and one département (03) with no place of its own, served across a border
    from farther than the 2 km catchment (the buffer must widen)."""
    rng = np.random.default_rng(seed)
    rows = []
    for d, dep in enumerate(["01", "02", "03"]):
        for c in range(4):
            code = f"{dep}{c + 1:03d}"
            n = 300
            x = rng.uniform(d * 20_000 + c * 5_000, d * 20_000 + (c + 1) * 5_000, n)
            y = rng.uniform(0, 10_000, n)
            rows.append(pd.DataFrame({"code_insee": code, "x": x, "y": y}))
    addr = pd.concat(rows, ignore_index=True)
    sx = np.concatenate([rng.uniform(19_000, 21_000, 15), rng.uniform(0, 2_000, 3), [38_500, 39_000]])
    sy = rng.uniform(0, 10_000, len(sx))
    svc = pd.DataFrame({"x": sx, "y": sy, "category": "france_services"})
    population = dict(zip(sorted(addr["code_insee"].unique()), rng.integers(100, 5000, 12).tolist()))
    return addr, svc, population



def test_departement_codes():
    assert list(engine.departement(["01001", "2A004", "97101", "97611", "75056"])) == \
        ["01", "2A", "971", "976", "75"]


@pytest.mark.parametrize("weighting", ["commune", "none"])
def test_dask_equals_single_machine_exactly(dask_client, weighting):
    addr, svc, population = _instance()
    single = coverage_by_commune(addr, svc, [2, 5], population=population, weighting=weighting)
    dask_t = engine.coverage(addr, svc, [2, 5], population=population, weighting=weighting,
                             engine="dask", client=dask_client)
    if weighting == "none":
        pd.testing.assert_frame_equal(dask_t, single, check_exact=True)
    else:
        # weighted quantiles come from a running sum of weights over all communes (group_stats):
        # the same values summed from another first commune differ in the last bits
        q = ["dist_median_m", "dist_p90_m"]
        pd.testing.assert_frame_equal(dask_t.drop(columns=q), single.drop(columns=q), check_exact=True)
        pd.testing.assert_frame_equal(dask_t[q], single[q], check_exact=False, rtol=1e-12)
    a, b = single.attrs["coverage"], dask_t.attrs["coverage"]
    assert b["territory"] == pytest.approx(a["territory"], rel=1e-12)
    assert b["engine"]["partitions"] == 3
    # the distances themselves, by an independent brute force: département 03 lies beyond the
    # 5 km catchment from most places, so its buffer was widened
    d3 = addr[addr.code_insee.str.startswith("03")]
    brute = np.sqrt((d3.x.to_numpy()[:, None] - svc.x.to_numpy()) ** 2
                    + (d3.y.to_numpy()[:, None] - svc.y.to_numpy()) ** 2).min(axis=1)
    assert brute.max() > 5_000
    kd, _ = nearest_distance(d3.x, d3.y, svc.x, svc.y)
    np.testing.assert_allclose(kd, brute, rtol=1e-12)
    want = single.set_index("code_insee").loc["03001", "dist_mean_m"]
    assert dask_t.set_index("code_insee").loc["03001", "dist_mean_m"] == want


def test_services_near_keeps_the_buffer():
    addr, svc, _ = _instance()
    from plugin.core.indicators.coverage import make_demand
    dem = make_demand(addr, weighting="none")
    sub = engine._subset(dem, np.flatnonzero(engine.departement(dem.code) == "01"))
    rows, buf = engine._services_near(sub, svc.x.to_numpy(), svc.y.to_numpy(), None, 1_000.0)
    assert 1_000.0 < buf < 25_000.0      # points of 01 lie up to ~10 km from a place: the buffer widened
    d = np.sqrt((sub.x[:, None] - svc.x.to_numpy()) ** 2 + (sub.y[:, None] - svc.y.to_numpy()) ** 2).min(axis=0)
    assert set(np.flatnonzero(d <= buf)) <= set(rows)            # every place within reach of a point
    assert len(rows) > 0
    far = np.flatnonzero(svc.x.to_numpy() > sub.x.max() + buf)
    assert not set(far) & set(rows)                               # none beyond the buffer


def test_unknown_engine_and_missing_dask(monkeypatch):
    addr, svc, _ = _instance()
    from plugin.core.errors import MissingDependency, ParameterError
    with pytest.raises(ParameterError):
        engine.coverage(addr, svc, engine="spark")
    import builtins
    real = builtins.__import__

    def no_dask(name, *a, **k):
        if name.split(".")[0] in ("distributed", "dask"):
            raise ImportError(name)
        return real(name, *a, **k)
    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(MissingDependency, match="python3-distributed"):
        engine.coverage(addr, svc, engine="dask")


def test_own_local_cluster_and_progress():
    addr, svc, population = _instance()
    from plugin.core.progress import Feedback
    seen = []

    class Fb(Feedback):
        def set_progress(self, p):
            seen.append(p)
    t = engine.coverage(addr, svc, [5], population=population, engine="dask", workers=1,
                        processes=False, feedback=Fb())
    assert len(t) == 12 and seen[-1] == 100 and len(seen) >= 5


def test_buffer_widens_to_a_bound_of_the_nearest_distance():
    addr, svc, _ = _instance()
    from plugin.core.indicators.coverage import make_demand
    dem = make_demand(addr, weighting="none")
    sub = engine._subset(dem, np.flatnonzero(engine.departement(dem.code) == "03"))
    sx, sy = svc.x.to_numpy(), svc.y.to_numpy()
    rows, buf = engine._services_near(sub, sx, sy, None, 2_000.0)
    true = np.sqrt((sub.x[:, None] - sx) ** 2 + (sub.y[:, None] - sy) ** 2)
    assert buf > 2_000.0 and true.min(axis=1).max() <= buf
    assert set(true.argmin(axis=1)) <= set(rows)                 # every point's nearest place kept


def test_headless_command(tmp_path):
    addr, svc, _ = _instance()
    addr.to_csv(tmp_path / "a.csv", index=False)
    svc.to_csv(tmp_path / "s.csv", index=False)
    assert engine.main(["--addresses", str(tmp_path / "a.csv"), "--services", str(tmp_path / "s.csv"),
                        "--out", str(tmp_path / "o.csv"), "--engine", "inprocess", "--threshold", "2"]) == 0
    got = pd.read_csv(tmp_path / "o.csv", dtype={"code_insee": str})
    want = coverage_by_commune(addr, svc, [2], weighting="none")
    assert list(got.code_insee) == list(want.code_insee)
    np.testing.assert_allclose(got.dist_mean_m, want.dist_mean_m, rtol=1e-12)


def test_cancel_stops_the_run(dask_client):
    addr, svc, _ = _instance()
    from plugin.core.errors import Cancelled
    from plugin.core.progress import Feedback

    class Stop(Feedback):
        def is_canceled(self):
            return True
    with pytest.raises(Cancelled):
        engine.coverage(addr, svc, [5], weighting="none", engine="dask", client=dask_client, feedback=Stop())
