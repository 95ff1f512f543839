#!/usr/bin/env python3
"""`make demo`: generate the demo territory and run the diagnosis on it through the Processing
algorithms (the same code path as the toolbox, the modeler and the dock), writing demo-output/.

Usage: python scripts/run_demo.py OUTDIR
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from qgis_headless import has_algorithm, start  # noqa: E402


def main(outdir: str) -> int:
    out = Path(outdir).resolve()
    if out.exists():
        shutil.rmtree(out)
    (out / "layers").mkdir(parents=True)
    app = start()  # noqa: F841 - keeps QGIS alive
    import processing
    from qgis.core import QgsProcessingFeedback

    feedback = QgsProcessingFeedback()
    done, skipped = [], []

    def run(alg_id, params, label):
        if not has_algorithm(alg_id):
            skipped.append(f"{alg_id} (not available)")
            print(f"demo: skipped {label}: {alg_id} is not available")
            return None
        t0 = time.perf_counter()
        result = processing.run(alg_id, params, feedback=feedback)
        done.append(f"{label}: {alg_id} ({time.perf_counter() - t0:.1f} s)")
        print(f"demo: {label} done in {time.perf_counter() - t0:.1f} s")
        return result

    files = json.loads(run("terridiag:demo_territory", {"OUTPUT_FOLDER": str(out / "data")},
                           "demo territory")["FILES"])
    L = out / "layers"
    communes = run("terridiag:import_communes", {
        "INPUT": files["communes"], "POPULATION": files["communes_population"], "EPCI": files["epci"],
        "OUTPUT": str(L / "communes.gpkg")}, "communes")["OUTPUT"]
    addresses = run("terridiag:import_addresses", {"INPUT": files["addresses"],
                                                   "OUTPUT": str(L / "addresses.gpkg")}, "addresses")["OUTPUT"]
    fs = run("terridiag:import_services", {"INPUT": files["france_services"],
                                           "OUTPUT": str(L / "france_services.gpkg")}, "France Services")["OUTPUT"]
    med = run("terridiag:import_services", {"INPUT": files["mediation_csv"],
                                            "OUTPUT": str(L / "mediation.gpkg")}, "mediation places")["OUTPUT"]
    osm = run("terridiag:import_services", {"INPUT": files["roads_osm"],
                                            "OUTPUT": str(L / "osm_services.gpkg")}, "OSM amenities")["OUTPUT"]
    connectivity = run("terridiag:import_connectivity", {"INPUT": files["arcep_debit"],
                                                         "OUTPUT": str(L / "connectivity.gpkg")},
                       "ARCEP connectivity")["OUTPUT"]
    # the three place layers go to the diagnosis as they are (one multi-layer SERVICES parameter, each
    # keeping its sources); the places it used come back as one layer for the outputs
    diag = run("terridiag:diagnosis", {
        "COMMUNES": communes, "ADDRESSES": addresses, "SERVICES": [fs, med, osm], "CONNECTIVITY": connectivity,
        "VARIABLES": files["fragility"], "ROADS": files["roads_osm"], "DISTANCE_KM": 5,
        "OUTPUT": str(out / "diagnosis.gpkg"), "OUTPUT_SERVICES": str(L / "services.gpkg")}, "diagnosis")
    (out / "diagnosis_metadata.json").write_text(diag["METADATA"], encoding="utf-8")
    result_layer = diag["OUTPUT"]
    services = diag["OUTPUT_SERVICES"]
    # the title of the web map, the report and the atlas (the outputs' default would say the same)
    title = "Diagnostic numérique — territoire de démonstration"

    run("terridiag:web_map", {"COMMUNES": result_layer, "SERVICES": services, "INDICATOR": "share_within",
                              "METADATA": diag["METADATA"], "TITLE": title, "OUTPUT": str(out / "web_map.html")}, "web map")
    run("terridiag:report", {"COMMUNES": result_layer, "SERVICES": services, "METADATA": diag["METADATA"],
                             "INDICATOR": "share_within", "TITLE": title,
                             "OUTPUT_HTML": str(out / "report.html"), "OUTPUT_PDF": str(out / "report.pdf")},
        "report")
    run("terridiag:export", {"COMMUNES": result_layer, "SERVICES": services, "ADDRESSES": addresses,
                             "METADATA": diag["METADATA"], "OUTPUT_GPKG": str(out / "terridiag_export.gpkg"),
                             "OUTPUT_CSV": str(out / "communes.csv"), "OUTPUT_XLSX": str(out / "communes.xlsx")},
        "exports")
    if has_algorithm("terridiag:atlas"):
        run("terridiag:atlas", {"COMMUNES": result_layer, "SERVICES": services, "METADATA": diag["METADATA"],
                                "INDICATOR": "share_within", "TITLE": title,
                                "OUTPUT": str(out / "atlas_a4.pdf")}, "print atlas")
    run("terridiag:optimal_sites", {"ADDRESSES": addresses, "SERVICES": services, "COMMUNES": communes,
                                    "COUNT": 3, "DISTANCE_KM": 5, "OUTPUT": str(out / "optimal_sites.gpkg")},
        "optimal placement of 3 new places")

    (out / "README.txt").write_text(
        "TerriDiag demo output — SYNTHETIC DATA.\n"
        "The territory in data/ is generated by TerriDiag (plugin/core/demo, fixed seed); it is not a real\n"
        "place and no figure here describes real people. Every file below was made by the Processing\n"
        "algorithms of the terridiag provider:\n  - " + "\n  - ".join(done) + "\n"
        + ("Skipped:\n  - " + "\n  - ".join(skipped) + "\n" if skipped else ""),
        encoding="utf-8")
    print(f"demo: {len(done)} steps, outputs in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "demo-output"))
