"""One QGIS process: TerriDiag's algorithms refuse a commune layer with a self-intersecting polygon
(QGIS's default "stop on invalid geometries"), then the same interpreter keeps working.

Run by tests/qgis/test_invalid_geometry.py in a subprocess, so that a corrupted interpreter (the
bug: a C++ exception unwound through Python's frames, then 'SystemError: unknown opcode' and a
crash) fails that test instead of killing the whole test session. Prints one JSON line.
"""
from __future__ import annotations

import json
import os
import sys

sys.path.insert(0, "/usr/share/qgis/python/plugins")
sys.path.insert(0, sys.argv[1])          # the folder holding the 'terridiag' package link

from qgis.core import (QgsApplication, QgsFeature, QgsGeometry, QgsPointXY,  # noqa: E402
                       QgsProcessingException, QgsVectorLayer)

app = QgsApplication([], False)
app.initQgis()
from processing.core.Processing import Processing  # noqa: E402

Processing.initialize()
from terridiag.plugin.processing.provider import TerriDiagProvider  # noqa: E402

provider = TerriDiagProvider()
QgsApplication.processingRegistry().addProvider(provider)
import processing  # noqa: E402

X0, Y0 = 990000.0, 6720000.0


def points(rows, name):
    layer = QgsVectorLayer("Point?crs=EPSG:2154&field=code_insee:string&field=category:string", name, "memory")
    feats = []
    for code, x, y in rows:
        f = QgsFeature(layer.fields())
        f.setAttributes([code, "france_services"])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


def communes(bow_tie: bool):
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:2154&field=code_insee:string&field=nom:string"
                           "&field=population:double", "communes", "memory")
    square = f"POLYGON(({X0} {Y0},{X0 + 1000} {Y0},{X0 + 1000} {Y0 + 1000},{X0} {Y0 + 1000},{X0} {Y0}))"
    x1 = X0 + 1000
    second = (f"POLYGON(({x1} {Y0},{x1 + 1000} {Y0 + 1000},{x1 + 1000} {Y0},{x1} {Y0 + 1000},{x1} {Y0}))"
              if bow_tie else
              f"POLYGON(({x1} {Y0},{x1 + 1000} {Y0},{x1 + 1000} {Y0 + 1000},{x1} {Y0 + 1000},{x1} {Y0}))")
    feats = []
    for attrs, wkt in ((["90001", "Carré", 100.0], square), (["90002", "Nœud", 50.0], second)):
        f = QgsFeature(layer.fields())
        f.setAttributes(attrs)
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


addresses = points([("90001", X0 + 100, Y0 + 100), ("90001", X0 + 900, Y0 + 900),
                    ("90002", X0 + 1200, Y0 + 500)], "addresses")
services = points([("90001", X0 + 500, Y0 + 500)], "services")
bad = communes(bow_tie=True)
out_dir = sys.argv[2]
runs = {
    "coverage": {"ADDRESSES": addresses, "SERVICES": services, "COMMUNES": bad, "OUTPUT": "memory:"},
    "diagnosis": {"ADDRESSES": addresses, "SERVICES": services, "COMMUNES": bad, "OUTPUT": "memory:"},
    "accessibility_2sfca": {"DEMAND": addresses, "SERVICES": services, "COMMUNES": bad, "OUTPUT": "memory:"},
    "access_surface": {"SERVICES": services, "COMMUNES": bad, "CELL_SIZE": 100.0,
                       "OUTPUT": os.path.join(out_dir, "surface.tif")},
}
result = {"refusals": {}, "after": None, "valid_run": None}
for _ in range(3):                     # several refusals in a row, as a user retrying would
    for alg, params in runs.items():
        try:
            processing.run(f"terridiag:{alg}", params)
            result["refusals"][alg] = "accepted"
        except QgsProcessingException as exc:
            result["refusals"][alg] = str(exc)
        # more Python in the same interpreter: a call, a comprehension, a closure, json, a class
        squares = [i * i for i in range(10)]

        def add(a, b=2):
            return a + b

        class Point:
            def __init__(self, x):
                self.x = x

        result["after"] = [add(sum(squares)), json.loads(json.dumps({"k": squares}))["k"][-1],
                           Point(7).x, sorted({"b": 1, "a": 2}.items())[0][0]]
ok = processing.run("terridiag:coverage", {"ADDRESSES": addresses, "SERVICES": services,
                                           "COMMUNES": communes(bow_tie=False), "MIN_COUNT": 0,
                                           "OUTPUT": "memory:"})["OUTPUT"]
result["valid_run"] = {f["code_insee"]: f["n_addresses"] for f in ok.getFeatures()}
print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
