"""The algorithms iterate Processing feature sources only through qgis_bridge.convert.features,
which keeps QGIS's invalid-geometry callback (a C++ throw) out of Python's frames (issue 16)."""
from __future__ import annotations

import re
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[2] / "plugin"


def test_no_direct_get_features_in_algorithms():
    offenders = []
    for path in sorted((PLUGIN / "processing").rglob("*.py")):
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.getFeatures\(", line):
                offenders.append(f"{path.relative_to(PLUGIN)}:{no}: {line.strip()}")
    assert not offenders, "iterate with qgis_bridge.convert.features():\n" + "\n".join(offenders)


def test_convert_iterates_only_through_features():
    text = (PLUGIN / "qgis_bridge" / "convert.py").read_text(encoding="utf-8")
    calls = re.findall(r"\.getFeatures\(", text)
    assert len(calls) == 2          # the two branches inside features() itself
    assert "FlagSkipGeometryValidityChecks" in text
