"""Placement method ids, light to import (the Processing algorithm lists them at QGIS start-up; the
solvers, with scipy, load when it runs)."""
from __future__ import annotations

METHODS = ("auto", "exact", "heuristic", "greedy")
