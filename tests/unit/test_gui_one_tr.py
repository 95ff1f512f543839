"""tr()/translate() of the dock are defined once, in plugin/gui/i18n.py; every other gui module imports them."""
from __future__ import annotations

import ast
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "plugin" / "gui"


def test_tr_defined_once():
    homes = {}
    for path in sorted(GUI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in ("tr", "translate"):
                homes.setdefault(node.name, []).append(path.name)
    assert homes == {"tr": ["i18n.py"], "translate": ["i18n.py"]}
