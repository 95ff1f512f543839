"""The peer of bench_2sfca.py: PySAL ``access`` end to end, as its user runs it, in .venv-modern
(where it is installed): read the two GeoPackages (geopandas), build the costs with access's own
``create_euclidean_distance``, compute 2SFCA or E2SFCA, write the result layer (GeoPackage).

    .venv-modern/bin/python bench/peer_access.py DEMAND.gpkg SUPPLY.gpkg OUT.gpkg METHOD KM [STEPS]

METHOD is 2sfca or e2sfca; KM the catchment (2SFCA) or the last step (E2SFCA); STEPS 'km:w,…'. A
warm-up on 200 demand points runs first (imports, first calls), untimed; then the timed run. Prints
one JSON line: seconds, peak RSS (MB), the number of cost pairs.
"""
from __future__ import annotations

import json
import resource
import sys
import time


def run(demand_path, supply_path, out_path, method, km, steps, limit=None):
    import geopandas as gpd
    from access import Access, weights

    dem = gpd.read_file(demand_path)
    sup = gpd.read_file(supply_path)
    if limit:
        dem = dem.iloc[:limit]
    dem = dem.set_index("id")
    sup = sup.set_index("sid")
    acc = Access(demand_df=dem, demand_index=True, demand_value="pop",
                 supply_df=sup, supply_index=True, supply_value="capacity")
    acc.create_euclidean_distance(name="euclidean", threshold=km * 1000.0)
    if method == "2sfca":
        res = acc.two_stage_fca(name="fsca", max_cost=km * 1000.0)
    else:
        fn = weights.step_fn({k * 1000.0: w for k, w in steps})
        res = acc.enhanced_two_stage_fca(name="fsca", weight_fn=fn)
    col = [c for c in res.columns if c.startswith("fsca")][0]
    out = dem[["geometry"]].join(res[[col]].rename(columns={col: "fsca"}))
    out = out.reset_index()
    if out_path:
        out.to_file(out_path, driver="GPKG", layer="access")
    return len(acc.cost_df)


def main():
    demand, supply, out, method, km = sys.argv[1:6]
    steps = [tuple(float(v) for v in part.split(":")) for part in (sys.argv[6] if len(sys.argv) > 6 else "").split(",")
             if part]
    run(demand, supply, None, method, float(km), steps, limit=200)          # warm-up
    t0 = time.perf_counter()
    pairs = run(demand, supply, out, method, float(km), steps)
    dt = time.perf_counter() - t0
    import access
    import geopandas
    import numpy
    import pandas
    import pyogrio
    versions = {"access": access.__version__, "geopandas": geopandas.__version__, "pandas": pandas.__version__,
                "numpy": numpy.__version__, "pyogrio": pyogrio.__version__,
                "python": ".".join(map(str, sys.version_info[:3]))}
    print(json.dumps({"seconds": dt, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "pairs": pairs, "versions": versions}))


if __name__ == "__main__":
    main()
