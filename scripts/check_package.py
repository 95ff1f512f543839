#!/usr/bin/env python3
"""Check a plugin zip against what plugins.qgis.org requires; exit 1 with the list of problems."""
from __future__ import annotations

import configparser
import sys
import zipfile

REQUIRED_METADATA = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about",
                     "tracker", "repository")
MAX_BYTES = 20 * 1024 * 1024


def problems(path: str, top: str = "terridiag") -> list[str]:
    out = []
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        tops = {n.split("/", 1)[0] for n in names}
        if tops != {top}:
            out.append(f"the zip must hold one top folder '{top}/', found {sorted(tops)}")
        for required in ("metadata.txt", "__init__.py", "LICENSE"):
            if f"{top}/{required}" not in names:
                out.append(f"{top}/{required} is missing")
        bad = [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo")) or "/.git" in n
               or n.startswith(f"{top}/tests/") or n.startswith(f"{top}/bench/") or "/.venv" in n]
        if bad:
            out.append(f"files that must not be shipped: {bad[:5]}")
        size = sum(i.file_size for i in zf.infolist())
        if size > MAX_BYTES:
            out.append(f"unpacked size {size / 1e6:.1f} MB exceeds 20 MB")
        if f"{top}/metadata.txt" in names:
            cfg = configparser.ConfigParser()
            cfg.read_string(zf.read(f"{top}/metadata.txt").decode("utf-8"))
            general = cfg["general"] if cfg.has_section("general") else {}
            for key in REQUIRED_METADATA:
                if not str(general.get(key, "")).strip():
                    out.append(f"metadata.txt: '{key}' is required")
            icon = general.get("icon", "")
            if icon and f"{top}/{icon}" not in names:
                out.append(f"metadata.txt: icon '{icon}' is not in the zip")
            if general.get("hasProcessingProvider", "") != "yes":
                out.append("metadata.txt: hasProcessingProvider=yes expected")
        if not any(n.endswith(".qm") for n in names):
            out.append("no compiled translation (.qm) in i18n/")
    return out


def main(argv):
    found = problems(argv[1])
    for p in found:
        print("package:", p)
    if not found:
        print(f"package: {argv[1]} passes the plugins.qgis.org checks")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
