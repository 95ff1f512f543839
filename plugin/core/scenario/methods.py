"""Placement method ids, light to import (the Processing algorithm lists them at QGIS start-up; the
solvers, with scipy, load when it runs)."""
from __future__ import annotations

AUTO = "auto"      # the default: exact when the problem is small enough, else the heuristic
METHODS = (AUTO, "exact", "heuristic", "greedy")     # the order of the Processing METHOD enums
