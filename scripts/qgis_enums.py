#!/usr/bin/env python3
"""Find (and optionally fix) unscoped QGIS enum values: ``QgsProcessing.TypeVectorPoint`` instead of
``QgsProcessing.SourceType.TypeVectorPoint``.

The official migration script (``pyqt5to6``) scopes QGIS enums only when it can introspect a PyQGIS
built for Qt6, which Debian does not ship. This script does the QGIS half with the QGIS at hand
(3.22 or later, Qt5): an ``X.member`` attribute is unscoped when ``X`` is a QGIS class and
``X.member`` is an enum value; the scoped spelling ``X.<enum>.member`` uses the name under which the
value's enum type hangs on ``X`` (or a base class), so it works on this QGIS and is what the migration
script writes for QGIS 4.

    python scripts/qgis_enums.py DIR_OR_FILE...          # report, exit 1 if any
    python scripts/qgis_enums.py --fix DIR_OR_FILE...    # rewrite in place
"""
from __future__ import annotations

import argparse
import ast
import enum
import sys
from pathlib import Path


def _qgis_namespace() -> dict:
    import qgis.analysis
    import qgis.core
    import qgis.gui

    names: dict = {}
    for module in (qgis.core, qgis.gui, qgis.analysis):
        names.update({k: v for k, v in vars(module).items() if isinstance(v, type)})
    return names


def _is_enum_value(value) -> bool:
    # QGIS 3 with PyQt5: sip's own enum type (not exported by PyQt5.sip); later: Python enums
    return type(type(value)).__name__ == "enumtype" or isinstance(value, enum.Enum)


def scoped_name(cls: type, member: str) -> str | None:
    """The enum name to put between ``cls`` and ``member``, or None when ``cls.member`` is no enum
    value (a method, a nested class, an already scoped enum type…)."""
    value = getattr(cls, member, None)
    if value is None or isinstance(value, type) or not _is_enum_value(value):
        return None
    enum_type = type(value)
    for name in dir(cls):
        if name != member and getattr(cls, name, None) is enum_type:
            return name
    return None


def find(source: str, namespace: dict) -> list[tuple[int, int, str, str, str]]:
    """(line, byte column of the member, class, enum, member) of each unscoped QGIS enum value."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in namespace):
            continue
        enum_name = scoped_name(namespace[node.value.id], node.attr)
        if enum_name:
            col = node.end_col_offset - len(node.attr.encode("utf-8"))
            found.append((node.end_lineno, col, node.value.id, enum_name, node.attr))
    return found


def fix(source: str, hits) -> str:
    lines = source.splitlines(keepends=True)
    for line, col, _cls, enum_name, _member in sorted(hits, reverse=True):
        raw = lines[line - 1].encode("utf-8")
        lines[line - 1] = (raw[:col] + f"{enum_name}.".encode() + raw[col:]).decode("utf-8")
    return "".join(lines)


def python_files(paths) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--fix", action="store_true", help="rewrite the files in place")
    args = parser.parse_args(argv)
    namespace = _qgis_namespace()
    total = 0
    for path in python_files(args.paths):
        source = path.read_text(encoding="utf-8")
        hits = find(source, namespace)
        total += len(hits)
        for line, _col, cls, enum_name, member in hits:
            print(f"{path}:{line}: {cls}.{member} -> {cls}.{enum_name}.{member}")
        if args.fix and hits:
            path.write_text(fix(source, hits), encoding="utf-8")
    print(f"qgis_enums: {total} unscoped QGIS enum value(s)" + (" fixed" if args.fix else ""),
          file=sys.stderr)
    return 1 if total and not args.fix else 0


if __name__ == "__main__":
    sys.exit(main())
