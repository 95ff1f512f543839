"""Where the seconds of ``terridiag:coverage`` go (issue 14: profile, then remove the costs).

    .venv/bin/python bench/profile_coverage.py [--addresses 1000000] [--runs 3]

One warm-up run, then ``--runs`` profiled runs (cProfile) of the Processing algorithm on the
benchmark's GeoPackages; for each stage, the median of its cumulative time. Stages are the
functions the algorithm calls (reading, demand, nearest service, statistics, writing); the rest
is Processing's own work (parameter checks, layer loading) and the glue between them.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time

import common

# (label, file suffix, function name) of the stages, in the order the algorithm runs them
STAGES = (
    ("Processing's parameter checks (opens the layers)", "", "checkParameterValues"),
    ("metric CRS of the run", "_common.py", "run_epsg"),
    ("read the commune polygons (QGIS features -> GeoDataFrame)", "indicators.py", "_read_communes"),
    ("read the addresses (GDAL Arrow stream)", "indicators.py", "_addresses"),
    ("build the demand (communes' population over their addresses)", "demand.py", "build_demand"),
    ("read the services", "_inputs.py", "read_services"),
    ("nearest service of every address (grid squares, then scipy cKDTree on 2 threads)", "coverage.py", "nearest_distance"),
    ("statistics per commune and for the territory", "coverage.py", "group_stats"),
    ("statistical confidentiality mask", "confidentiality.py", "mask_small_counts"),
    ("write the commune polygons (QGIS sink, GeoPackage)", "indicators.py", "_write_per_commune"),
    ("sources carried to the output", "indicators.py", "_carry_provenance"),
)


def stage_times(stats: pstats.Stats) -> dict[str, float]:
    out = {}
    for label, suffix, name in STAGES:
        total = 0.0
        for (path, _line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
            if func == name and path.endswith(suffix):
                total += ct
            elif not suffix and path == "~" and func.endswith(f" {name}>"):
                total += ct                  # a C++ method: "<built-in method name>"
        out[label] = total
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--addresses", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    a, s, c = common.coverage_inputs(args.addresses)
    processing = common.qgis()
    out = common.OUT / "profile_coverage.gpkg"

    def run():
        if out.exists():
            out.unlink()
        processing.run("terridiag:coverage", {"ADDRESSES": str(a), "SERVICES": [str(s)], "COMMUNES": str(c),
                                              "OUTPUT": str(out)})
        common.settle()                  # the run's deferred deletions, inside its time (as bench_coverage)

    run()
    per_stage: dict[str, list[float]] = {}
    totals, loads = [], []
    for _ in range(max(3, args.runs)):
        loads.append(common.load())
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        run()
        prof.disable()
        totals.append(time.perf_counter() - t0)
        for k, v in stage_times(pstats.Stats(prof)).items():
            per_stage.setdefault(k, []).append(v)
    stages = {k: statistics.median(v) for k, v in per_stage.items()}
    total = statistics.median(totals)
    stages["other (Processing, glue)"] = max(0.0, total - sum(stages.values()))
    common.record("profile_coverage", {"what": f"where the time of terridiag:coverage goes, {args.addresses:,} "
                                               f"addresses (cProfile, median of {len(totals)} runs)",
                                       "addresses": args.addresses, "total_s": total, "stages": stages,
                                       "load": loads})
    for k, v in stages.items():
        print(f"{v:7.3f} s  {100 * v / total:5.1f} %  {k}")
    print(f"{total:7.3f} s  total (profiled)")


if __name__ == "__main__":
    main()
