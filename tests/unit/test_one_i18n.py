"""tr()/translate() and the language probes are defined once, in plugin/i18n.py (issue 13: tr was
copied into 14 modules, and the locale was probed twice); every other module imports them."""
from __future__ import annotations

import ast
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[2] / "plugin"
NAMES = ("tr", "translate", "language", "locale_code", "user_language")


def test_i18n_defined_once():
    homes = {}
    for path in sorted(PLUGIN.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:                    # module-level functions (a class's tr() is Qt's)
            if isinstance(node, ast.FunctionDef) and node.name in NAMES:
                homes.setdefault(node.name, []).append(str(path.relative_to(PLUGIN)))
    assert homes == {"tr": ["i18n.py"], "translate": ["i18n.py"], "language": ["i18n.py"],
                     "locale_code": ["i18n.py"]}


def test_the_locale_is_read_from_qgis_only():
    """The .qm chosen at load and the language the outputs are written in come from one probe."""
    src = (PLUGIN / "i18n.py").read_text(encoding="utf-8")
    assert src.count("QgsApplication.locale()") == 1
    others = [p for p in PLUGIN.rglob("*.py") if p.name != "i18n.py"
              and ("locale/userLocale" in p.read_text(encoding="utf-8")
                   or "QLocale.system()" in p.read_text(encoding="utf-8"))]
    assert others == []
