"""Benchmark: opening the web map of a national run (35,000 communes) in headless Chromium
(target: under 3 s).

    .venv/bin/python bench/bench_webmap.py [--communes 35000] [--runs 3]

The communes are synthetic (tests/support/national_map.py: Voronoi cells with bent, densified
edges, ~120 vertices each, 96 départements). The map is written by ``write_web_map`` (from 2,000
communes on: 100 m outlines sent as one encoded string of integer coordinates, drawn by the page on
a canvas of its own, one Path2D per commune); each run opens it in a fresh headless Chromium driven over
the DevTools pipe (tests/support/chromium.py) and reads the time the page itself records once a
frame with the communes has been painted: ``performance.now()`` after two animation frames
following the layers' addition, i.e. from navigation start to the map drawn. Browser start-up is
not counted. Writes bench/output/results/webmap.json and bench/output/webmap_national.png.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import common

common.setup_path()
sys.path.insert(0, str(common.REPO / "tests" / "support"))
import chromium  # noqa: E402
import national_map  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=35_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    from terridiag.plugin.core.export.webmap import write_web_map

    load_start = common.load()
    t = time.perf_counter()
    communes = national_map.national_communes(args.communes)
    made_s = time.perf_counter() - t
    tmp = Path(tempfile.mkdtemp(prefix="bench_webmap_"))
    t = time.perf_counter()
    path = write_web_map(tmp / "france.html", communes, None, {"title": "France (synthetic)"}, "share_within")
    write_s = time.perf_counter() - t
    drawn, errors, counts = [], [], set()
    shot = common.OUT / "webmap_national.png"
    for k in range(args.runs):
        with chromium.Page(tmp / f"run{k}") as page:
            page.navigate(path.as_uri())
            ms = page.wait_attr("data-td-drawn", timeout=120)
            if ms is None:
                raise AssertionError(f"the map was not drawn within 120 s: {page.errors}")
            drawn.append(int(ms) / 1000)
            counts.add(page.evaluate("document.documentElement.getAttribute('data-td-communes')"))
            errors += page.errors
            if k == 0:
                common.OUT.mkdir(parents=True, exist_ok=True)
                page.screenshot(shot)
    if counts != {str(args.communes)} or errors:
        raise AssertionError(f"communes on the map {counts}, errors {errors}")
    payload = {"what": f"web map of {args.communes:,} synthetic communes opened in headless Chromium",
               "communes": args.communes, "html_mb": path.stat().st_size / 1e6, "write_s": write_s,
               "synthetic_s": made_s, "open_s": drawn, "open_min_s": min(drawn),
               "open_median_s": statistics.median(drawn), "target_s": 3.0, "screenshot": shot,
               "load_start": load_start}
    print(f"{args.communes:,} communes: HTML {payload['html_mb']:.1f} MB written in {write_s:.1f} s; "
          f"opened in {', '.join(f'{d:.2f}' for d in drawn)} s (median {payload['open_median_s']:.2f} s, target 3 s); "
          f"load average {load_start:.2f} at the start")
    print(common.record("webmap", payload))


if __name__ == "__main__":
    main()
