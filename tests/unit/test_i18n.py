"""Every user-visible string of the plugin has its French translation in i18n/terridiag_fr.ts."""
from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _i18n():
    spec = importlib.util.spec_from_file_location("terridiag_i18n", REPO / "scripts" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_string_has_french():
    i18n = _i18n()
    strings = i18n.extract()
    assert len(strings) > 300                      # the dock, the settings page and every algorithm
    missing = i18n.missing_french()
    assert not missing, f"{len(missing)} string(s) without French, e.g. {missing[:5]}"


def test_french_keeps_placeholders_and_accelerators():
    """A translation keeps the {placeholders} of its source, and one '&' accelerator when the source has one."""
    import re

    i18n = _i18n()
    known = i18n.read_ts(i18n.ts_path("fr"))
    bad = []
    for (ctx, src), (text, finished) in known.items():
        if not finished:
            continue
        if sorted(re.findall(r"\{\w*\}", src)) != sorted(re.findall(r"\{\w*\}", text)):
            bad.append(src)
        if re.search(r"&\w", src.replace("&&", "")) and not re.search(r"&\w", text.replace("&&", "")):
            bad.append(src)
    assert not bad, bad[:5]


def test_every_processing_group_is_extracted():
    """Each Processing group (a class's GROUP, or a module's ``GROUP, GROUP_ID = …``) is a string to
    translate: the toolbox shows "Sorties", "Atelier" in French, not "Outputs", "Workshop"."""
    import ast

    groups = set()
    for path in (REPO / "plugin" / "processing" / "algorithms").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
                pairs = (zip(target.elts, value.elts) if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
                         else [(target, value)])
                for t, v in pairs:
                    if isinstance(t, ast.Name) and t.id == "GROUP" and isinstance(v, ast.Constant) and v.value:
                        groups.add(v.value)
    assert {"Data", "Outputs", "Workshop", "Scenarios"} <= groups
    i18n = _i18n()
    extracted = {text for _ctx, text in i18n.extract()}
    assert groups <= extracted, groups - extracted
    french = i18n.read_ts(i18n.ts_path("fr"))
    assert french[("TerriDiag", "Outputs")][0] == "Sorties" and french[("TerriDiag", "Workshop")][0] == "Atelier"
