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
        bad = [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".pyo", ".ts")) or "/.git" in n
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
            out.extend(_reviewer_checks(general, names, top))
        if not any(n.endswith(".qm") for n in names):
            out.append("no compiled translation (.qm) in i18n/")
    return out


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in str(text).split(".") if p.isdigit())


def _reviewer_checks(general, names, top) -> list[str]:
    """What plugins.qgis.org and its reviewers read besides the required fields (issue 15)."""
    out = []
    maximum = general.get("qgisMaximumVersion", "")
    if not maximum or _version(maximum) < (4, 0):
        out.append(f"metadata.txt: qgisMaximumVersion={maximum or '(none)'} hides the plugin from QGIS 4 users "
                   "(the site reads QGIS 4 support from it alone); 4.99 expected")
    version = _version(general.get("version", "0"))
    if version < (1,) and str(general.get("experimental", "")).lower() != "true":
        out.append("metadata.txt: experimental=True until version 1.0")
    homepage = str(general.get("homepage", "")).rstrip("/")
    if not homepage or homepage == str(general.get("repository", "")).rstrip("/"):
        out.append("metadata.txt: 'homepage' must be set and differ from 'repository'")
    if "qpip" in str(general.get("plugin_dependencies", "")).lower() and f"{top}/requirements.txt" not in names:
        out.append("plugin_dependencies=qpip needs requirements.txt at the plugin root")
    if f"{top}/help/index.html" not in names:
        out.append("help/index.html is missing (the provider's and algorithms' help pages)")
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
