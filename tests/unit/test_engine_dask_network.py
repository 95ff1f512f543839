"""Network (road) coverage partitioned by département on Dask equals the single-machine run."""
import numpy as np
import pandas as pd
import pytest

from plugin.core import engine
from plugin.core.graph import RoadGraph
from plugin.core.indicators import network as net

distributed = pytest.importorskip("distributed", reason="dask.distributed not installed (python3-distributed)")


def _instance(seed=7):
    """Three départements side by side (x strips of 20 km, y 0-10 km), 4 communes each, on a road
    grid of 1 km (lengths 1-1.3 x the straight line, speeds 30-110 km/h, a few one-way roads)
    that runs down to y = -8 km. A wall (no road) separates 01 from 02 except at y = -8 km, far
    below every address; 01 has no place: its addresses are served from 02, round the wall, by
    trips that leave any small piece around 01 although their nearest place as the crow flies
    is within 2 km of its edge. 03 has no place either (served from 02, farther than the
    catchment). Places near the 02/03 border, one place off the graph, addresses off the graph."""
    rng = np.random.default_rng(seed)
    xs, ys = np.arange(0, 61) * 1000.0, np.arange(-8, 11) * 1000.0
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    nid = np.arange(gx.size).reshape(gx.shape)
    a = np.concatenate([nid[:-1, :].ravel(), nid[:, :-1].ravel()])
    b = np.concatenate([nid[1:, :].ravel(), nid[:, 1:].ravel()])
    nx, ny = gx.ravel(), gy.ravel()
    wall = (nx[a] == 20_000) & (nx[b] == 21_000) & (ny[a] > -8_000)
    a, b = a[~wall], b[~wall]
    length = np.hypot(nx[a] - nx[b], ny[a] - ny[b]) * rng.uniform(1.0, 1.3, len(a))
    speed = rng.choice([30.0, 50.0, 80.0, 110.0], len(a))
    oneway = rng.random(len(a)) < 0.05
    u = np.concatenate([a, b[~oneway]])
    v = np.concatenate([b, a[~oneway]])
    graph = RoadGraph(nx, ny, u, v, np.concatenate([length, length[~oneway]]),
                      np.full(len(u), "secondary", dtype=object), np.concatenate([speed, speed[~oneway]]))
    rows = []
    for d, dep in enumerate(["01", "02", "03"]):
        for c in range(4):
            n = 120
            x = rng.uniform(d * 20_000 + c * 5_000, d * 20_000 + (c + 1) * 5_000, n)
            y = rng.uniform(0, 10_000, n)
            y[:3] = rng.uniform(11_200, 12_000, 3)        # farther than 1 km from any road
            rows.append(pd.DataFrame({"code_insee": f"{dep}{c + 1:03d}", "x": x, "y": y}))
    addr = pd.concat(rows, ignore_index=True)
    sx = np.concatenate([[21_300.0, 22_430.0, 30_270.0], rng.uniform(36_000, 40_000, 4), [33_000.0]])
    sy = np.concatenate([[9_500.0, 2_040.0, 5_110.0], rng.uniform(0, 10_000, 4), [11_700.0]])  # last: off the graph
    # off round figures: a place exactly halfway between two points sampled along a road joins
    # either (the KD-tree's tie), and a piece of the graph may break that tie the other way
    svc = pd.DataFrame({"x": sx + rng.uniform(0.1, 7.0, len(sx)), "y": sy + rng.uniform(0.1, 7.0, len(sx))})
    return graph, addr, svc



def _same(a, b):
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("weight,bands", [("time", (5, 10)), ("distance", (3000, 8000))])
def test_network_dask_equals_single_machine(dask_client, weight, bands):
    graph, addr, svc = _instance()
    single, smeta = net.network_coverage_by_commune(addr, svc, graph, weight=weight, bands=bands)
    table, meta = engine.network_coverage(addr, svc, graph, weight=weight, bands=bands, engine="dask",
                                          client=dask_client)
    _same(table, single)
    for key in ("outside_graph", "services_off_graph", "graph", "n_unreachable", "graph_covers_share"):
        assert meta[key] == smeta[key], key
    assert meta["territory"] == pytest.approx(smeta["territory"], rel=1e-12)
    assert meta["engine"]["partitions"] == 3 and set(meta["engine"]["per_departement"]) == {"01", "02", "03"}
    # the instance has what it claims: 01 served across the wall by 02's places, 03 from 02,
    # points off the graph and points whose nearest place is off the graph
    r = net.graph_costs(graph, addr["x"], addr["y"], svc["x"], svc["y"], weight=weight)
    dep = addr["code_insee"].str[:2].to_numpy()
    ok = r["service"] >= 0
    assert (svc["x"].to_numpy()[r["service"][ok & (dep == "01")]] > 20_000).all()
    assert (ok & (dep == "01")).sum() > 300 and (ok & (dep == "03")).sum() > 300
    assert (r["status"] == net.OUTSIDE_GRAPH).sum() >= 36 and (r["status"] == net.SERVICE_OFF_GRAPH).any()
    # 01's trips go round the wall at y = -8 km, below every address: out of a 2 km buffer
    assert np.nanmin(r["cost"][dep == "01"]) > (8_000 / 30.0 if weight == "distance" else 0)


def test_small_buffer_is_widened_and_would_be_wrong_unchecked(dask_client):
    graph, addr, svc = _instance()
    single, _ = net.network_coverage_by_commune(addr, svc, graph, bands=(5, 10))
    checked, meta = engine.network_coverage(addr, svc, graph, bands=(5, 10), engine="dask", client=dask_client,
                                            buffer_m=2000.0)
    _same(checked, single)
    assert meta["engine"]["rounds_widened"] >= 2
    # 01's nearest places as the crow flies lie within the 2 km buffer, so a crow-flies bound
    # alone would accept its piece; its trips leave it (round the wall): the check widens it
    first = meta["engine"]["per_departement"]["01"]["pieces"][0]
    assert first["buffer_m"] == 2000.0 and first["services"] >= 1
    assert meta["engine"]["per_departement"]["01"]["rounds"] >= 2
    unchecked, _ = engine.network_coverage(addr, svc, graph, bands=(5, 10), engine="dask", client=dask_client,
                                           buffer_m=2000.0, certify=False)
    with pytest.raises(AssertionError):
        _same(unchecked, single)
    wrong = unchecked.set_index("code_insee")
    right = single.set_index("code_insee")
    # 01's addresses find no path in their 2 km piece, 03's no place at all
    assert (wrong.loc["01001":"01004", "n_unreachable"] > 0).all()
    assert (right.loc["01001":"01004", "n_unreachable"] == 0).all()


def test_network_inprocess_engine_is_the_indicator():
    graph, addr, svc = _instance()
    single, _ = net.network_coverage_by_commune(addr, svc, graph, bands=(5, 10))
    table, _ = engine.network_coverage(addr, svc, graph, bands=(5, 10))
    pd.testing.assert_frame_equal(table, single, check_exact=True)


def _real(shared_data):
    """The real OSM extract of the south of Territoire de Belfort (shapes, one-way streets, real
    speeds), its addresses cut in two made-up départements (west: 25, east: 90), the France
    Services of the 90 and two places of our own."""
    from plugin.core.crs import transform
    from plugin.core.sources.roads import read_osm_roads
    path = shared_data / "territoire_90" / "osm_sud_territoire_de_belfort_2011_josm.osm"
    g = read_osm_roads(path).data
    rng = np.random.default_rng(11)
    x0, x1 = np.percentile(g.node_x, [5, 95])
    y0, y1 = np.percentile(g.node_y, [5, 95])
    px, py = rng.uniform(x0, x1, 1500), rng.uniform(y0, y1, 1500)
    cut = np.median(px)
    code = np.where(px < cut, "25", "90").astype(object) + pd.Series(rng.integers(1, 4, len(px))).map("{:03d}".format)
    addr = pd.DataFrame({"code_insee": code, "x": px, "y": py})
    fs = pd.read_csv(shared_data / "territoire_90" / "france_services_90_20240801.csv")
    sx, sy = transform(fs["longitude"].to_numpy(float), fs["latitude"].to_numpy(float), 4326, 2154)
    svc = pd.DataFrame({"x": np.r_[sx, cut + 800.0, x0 + 500.0], "y": np.r_[sy, (y0 + y1) / 2, y1 - 300.0]})
    return path, g, addr, svc


def test_real_osm_extract_two_departements(dask_client, shared_data):
    _, g, addr, svc = _real(shared_data)
    single, smeta = net.network_coverage_by_commune(addr, svc, g, bands=(5, 10))
    table, meta = engine.network_coverage(addr, svc, g, bands=(5, 10), engine="dask", client=dask_client,
                                          buffer_m=1500.0)
    _same(table, single)
    assert meta["outside_graph"] == smeta["outside_graph"]
    assert meta["services_off_graph"] == smeta["services_off_graph"]
    assert set(meta["engine"]["per_departement"]) == {"25", "90"} and meta["engine"]["rounds_widened"] >= 1
    assert single["time_mean_min"].notna().sum() >= 5


def test_headless_network_command(tmp_path, shared_data):
    path, g, addr, svc = _real(shared_data)
    addr.to_csv(tmp_path / "a.csv", index=False)
    svc.to_csv(tmp_path / "s.csv", index=False)
    want, _ = net.network_coverage_by_commune(addr, svc, g, bands=(10, 20))
    for eng in ("inprocess", "dask"):
        out = tmp_path / f"{eng}.csv"
        assert engine.main(["--addresses", str(tmp_path / "a.csv"), "--services", str(tmp_path / "s.csv"),
                            "--out", str(out), "--roads", str(path), "--band", "10", "--band", "20",
                            "--engine", eng, "--workers", "1"]) == 0
        got = pd.read_csv(out, dtype={"code_insee": str})
        assert list(got.code_insee) == list(want.code_insee)
        np.testing.assert_allclose(got.time_mean_min, want.time_mean_min, rtol=1e-12)
        np.testing.assert_allclose(got.share_within_10min, want.share_within_10min, rtol=1e-12)


def test_diagnosis_on_dask_equals_in_process(tmp_path):
    """run_diagnosis with engine "dask" on a scheduler address: the same commune layer (coverage as
    the crow flies and along the roads of the demo territory)."""
    from plugin.core.demo.generator import generate
    from plugin.core.indicators.diagnosis import run_diagnosis
    from plugin.core.sources.addresses import read_addresses
    from plugin.core.sources.communes import read_communes
    from plugin.core.sources.roads import read_osm_roads
    from plugin.core.sources.services import read_services
    paths = generate(tmp_path / "demo")
    com, _ = read_communes(paths["communes"])
    addr, _ = read_addresses(paths["addresses"])
    svc = read_services(paths["france_services"]).data
    roads, _ = read_osm_roads(paths["roads_osm"])
    base = {"fsca": False, "fragility_method": None}
    want, _ = run_diagnosis(com, addr, svc, roads=roads, params=base)
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0")
    try:
        got, meta = run_diagnosis(com, addr, svc, roads=roads,
                                  params={**base, "engine": "dask", "scheduler": cluster.scheduler_address})
    finally:
        cluster.close()
    assert meta["steps"]["network"]["engine"]["name"] == "dask"
    assert meta["steps"]["coverage"]["engine"]["name"] == "dask"
    num = [c for c in want.columns if c.startswith(("dist_", "share_", "time_", "n_", "network_"))]
    assert "time_mean_min" in num and want["time_mean_min"].notna().any()
    pd.testing.assert_frame_equal(pd.DataFrame(got[num]), pd.DataFrame(want[num]), check_exact=False, rtol=1e-12)


def test_network_cancel_stops_the_run(dask_client):
    from plugin.core.errors import Cancelled
    from plugin.core.progress import Feedback

    class Stop(Feedback):
        def is_canceled(self):
            return True
    graph, addr, svc = _instance()
    with pytest.raises(Cancelled):
        engine.network_coverage(addr, svc, graph, bands=(5, 10), engine="dask", client=dask_client, feedback=Stop())
