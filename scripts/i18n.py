#!/usr/bin/env python3
"""Keep i18n/terridiag_{fr,en}.ts in step with the code, and check that French is complete.

    python scripts/i18n.py update   # extract strings, merge into the .ts files (keeps translations)
    python scripts/i18n.py check    # exit 1 and list the strings without a French translation

Why not pylupdate5: our algorithms translate class attributes (DISPLAY, GROUP, HELP) through one
context ("TerriDiag"), which pylupdate5 cannot see. Sources: calls ``tr("…")`` / ``self.tr("…")`` /
``QCoreApplication.translate("ctx", "…")``, the DISPLAY/GROUP/HELP class attributes, and every
``<string>`` of the Qt Designer files in ui/ (context = the form's class, as uic.loadUi translates).
"""
from __future__ import annotations

import ast
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTEXT = "TerriDiag"
LANGS = {"fr": "fr_FR", "en": "en_GB"}
TRANSLATED_ATTRS = {"DISPLAY", "GROUP", "HELP"}


def _const_str(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def python_strings(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            # say(text, lang): styles' translation into a language chosen for an output
            if name in ("tr", "say") and node.args and _const_str(node.args[0]) is not None:
                found.append((CONTEXT, _const_str(node.args[0])))
            elif name == "translate" and len(node.args) >= 2:
                ctx, text = _const_str(node.args[0]), _const_str(node.args[1])
                if ctx is not None and text is not None:
                    found.append((ctx, text))
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                        and isinstance(stmt.targets[0], ast.Name) and stmt.targets[0].id in TRANSLATED_ATTRS):
                    text = _const_str(stmt.value)
                    if text:
                        found.append((CONTEXT, text))
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Tuple)
              and isinstance(node.value, ast.Tuple) and len(node.targets[0].elts) == len(node.value.elts)):
            # GROUP, GROUP_ID = "Outputs", "outputs": a module's group, given to its classes' GROUP
            for target, value in zip(node.targets[0].elts, node.value.elts):
                if isinstance(target, ast.Name) and target.id == "GROUP" and _const_str(value):
                    found.append((CONTEXT, _const_str(value)))
    return found


def ui_strings(path: Path) -> list[tuple[str, str]]:
    root = ET.parse(path).getroot()
    ctx = (root.findtext("class") or path.stem).strip()
    out = []
    for el in root.iter("string"):
        if el.get("notr") == "true" or not (el.text or "").strip():
            continue
        out.append((ctx, el.text))
    return out


def extract() -> list[tuple[str, str]]:
    seen, out = set(), []
    files = sorted((REPO / "plugin").rglob("*.py")) + [REPO / "__init__.py"]
    for path in files:
        if "/core/" in path.as_posix():  # the engine has no Qt strings
            continue
        for item in python_strings(path):
            if item not in seen:
                seen.add(item)
                out.append(item)
    for path in sorted((REPO / "ui").glob("*.ui")):
        for item in ui_strings(path):
            if item not in seen:
                seen.add(item)
                out.append(item)
    return out


def read_ts(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(context, source) -> (translation, finished)."""
    if not path.exists():
        return {}
    result = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            text = (tr.text or "") if tr is not None else ""
            finished = tr is not None and tr.get("type") not in ("unfinished", "obsolete", "vanished")
            result[(name, msg.findtext("source"))] = (text, finished and bool(text))
    return result


def write_ts(path: Path, lang: str, strings, known) -> None:
    root = ET.Element("TS", version="2.1", language=LANGS[lang])
    by_ctx: dict[str, list[str]] = {}
    for ctx, src in strings:
        by_ctx.setdefault(ctx, []).append(src)
    for ctx in sorted(by_ctx):
        c = ET.SubElement(root, "context")
        ET.SubElement(c, "name").text = ctx
        for src in by_ctx[ctx]:
            m = ET.SubElement(c, "message")
            ET.SubElement(m, "source").text = src
            text, finished = known.get((ctx, src), ("", False))
            if lang == "en" and not text:  # sources are English
                text, finished = src, True
            t = ET.SubElement(m, "translation")
            t.text = text
            if not finished:
                t.set("type", "unfinished")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def ts_path(lang: str) -> Path:
    return REPO / "i18n" / f"terridiag_{lang}.ts"


def missing_french() -> list[tuple[str, str]]:
    known = read_ts(ts_path("fr"))
    return [item for item in extract() if not known.get(item, ("", False))[1]]


def main(argv: list[str]) -> int:
    cmd = argv[1] if len(argv) > 1 else "check"
    if cmd == "update":
        strings = extract()
        for lang in LANGS:
            write_ts(ts_path(lang), lang, strings, read_ts(ts_path(lang)))
        print(f"i18n: {len(strings)} strings; {len(missing_french())} without French translation")
        return 0
    missing = missing_french()
    for ctx, src in missing:
        print(f"[{ctx}] {src!r}")
    print(f"i18n: {len(missing)} string(s) without French translation")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
