"""Benchmark: how long an algorithm takes to stop once the user presses cancel (issue 16).

    .venv/bin/python bench/bench_cancel.py [--rows 500000] [--after 0.5 1.5 3]

Runs ``terridiag:import_addresses`` on a BAN file of ``--rows`` rows (bench/output/ban_N.csv, made
by bench_read_ban.py) and ``terridiag:import_connectivity`` on the 77 k national mobile sites (when
../shared/data is there), cancels from another thread ``--after`` seconds into the run, and prints
the time from the cancel to the algorithm's return. Target: about a second.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / ".build" / "pkg"))
sys.path.insert(0, "/usr/share/qgis/python/plugins")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--after", type=float, nargs="+", default=[0.5, 1.5, 3.0])
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication, QgsProcessingException, QgsProcessingFeedback
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()
    from terridiag.plugin.processing.provider import TerriDiagProvider
    provider = TerriDiagProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    import processing

    ban = HERE / "output" / f"ban_{args.rows}.csv"
    if not ban.exists():
        sys.exit(f"{ban} is missing: run bench/bench_read_ban.py --rows {args.rows} first")
    cases = {"import_addresses": str(ban)}
    sites = HERE.parent.parent / "shared" / "data" / "national" / "sites_mobiles_2G_3G_4G_2018-01_metropole_L93.csv"
    if sites.exists():
        cases["import_connectivity"] = str(sites)
    lines = []
    for alg, path in cases.items():
        for after in args.after:
            with tempfile.TemporaryDirectory() as tmp:
                feedback = QgsProcessingFeedback()
                pressed = {}

                def press():
                    pressed["at"] = time.perf_counter()
                    feedback.cancel()
                timer = threading.Timer(after, press)
                start = time.perf_counter()
                timer.start()
                try:
                    processing.run(f"terridiag:{alg}", {"INPUT": path, "OUTPUT": str(Path(tmp) / "o.gpkg")},
                                   feedback=feedback)
                    outcome = "finished before the cancel"
                except QgsProcessingException as exc:
                    outcome = "cancelled" if "cancelled" in str(exc) else f"failed: {exc}"
                end = time.perf_counter()
                timer.cancel()
                left = sorted(os.listdir(tmp))
            stop = f"{end - pressed['at']:.2f} s after the cancel" if "at" in pressed else f"in {end - start:.2f} s"
            lines.append(f"{alg} cancel at {after:.1f} s: {outcome}, returned {stop}; files left: {left or 'none'}")
            print(lines[-1], flush=True)
    out = HERE / "output" / "bench_cancel.txt"
    with open(out, "a", encoding="utf-8") as fh:
        fh.write(time.strftime("%Y-%m-%d %H:%M ") + f"rows={args.rows}\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
