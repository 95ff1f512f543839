"""The output names are a contract shared by the algorithms and the panels (``processing.names``): each
name :data:`names.OUTPUTS` gives an algorithm is an output that algorithm declares, every output a
panel reads (``names.X``) is one of them, and no panel reads a result by a literal name
(``results.get("GAP")``). The enum parameters a panel fills come from the vocabulary, in the order
the algorithm lists its options."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

GUI = Path(__file__).resolve().parents[2] / "plugin" / "gui"


def _by_id(provider) -> dict:
    return {f"terridiag:{a.name()}": a for a in provider.algorithms()}


def test_each_output_name_is_declared_by_its_algorithm(terridiag_provider):
    from terridiag.plugin.processing import names

    by_id = _by_id(terridiag_provider)
    for alg_id, outputs in names.OUTPUTS.items():
        alg = by_id.get(alg_id)
        assert alg is not None, f"names.OUTPUTS: no algorithm {alg_id}"
        declared = {o.name() for o in alg.outputDefinitions()}
        assert set(outputs) <= declared, f"{alg_id} does not declare {sorted(set(outputs) - declared)}"


def _read_names(node) -> list[str]:
    """The output names behind ``names.X``: a name, or each name of a tuple / the values of a dict."""
    from terridiag.plugin.processing import names

    value = getattr(names, node.attr)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [v for v in value.values() if isinstance(v, str)]
    if isinstance(value, (tuple, list, frozenset, set)):
        return [v for v in value if isinstance(v, str)]
    return []


def _problems(folder: Path) -> list[str]:
    """Where the modules of ``folder`` read an output that no algorithm declares in ``names.OUTPUTS``,
    or read a result by a literal name."""
    from terridiag.plugin.processing import names

    known = {n for outputs in names.OUTPUTS.values() for n in outputs}
    problems = []
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        imports = "from ..processing import names\n" in text      # "names" is processing.names there
        for node in ast.walk(tree):
            if imports and isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "names" \
                    and node.attr.isupper() and hasattr(names, node.attr):
                unknown = [n for n in _read_names(node) if n not in known]
                if unknown:
                    problems.append(f"{path.name}:{node.lineno}: names.{node.attr} ({', '.join(unknown)}) is "
                                    f"no output of names.OUTPUTS")
            # results.get("GAP"), results["GAP"], res.get("GAP"): a result read by a literal name
            literal = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" \
                    and getattr(node.func.value, "id", "") in ("results", "res", "result") and node.args \
                    and isinstance(node.args[0], ast.Constant):
                literal = node.args[0].value
            if isinstance(node, ast.Subscript) and getattr(node.value, "id", "") in ("results", "res", "result") \
                    and isinstance(node.slice, ast.Constant):
                literal = node.slice.value
            if isinstance(literal, str) and literal.isupper():
                problems.append(f"{path.name}:{node.lineno}: a result read by the literal {literal!r}")
    return problems


def test_the_panels_read_only_declared_outputs_by_their_constants():
    problems = _problems(GUI)
    assert not problems, "\n".join(problems)


def test_the_oracle_sees_a_literal_and_an_unknown_output(tmp_path, monkeypatch):
    from terridiag.plugin.processing import names

    monkeypatch.setattr(names, "NOT_AN_OUTPUT", "NOT_AN_OUTPUT", raising=False)
    (tmp_path / "bad.py").write_text("from ..processing import names\nx = results.get('GAP')\ny = res['FILES']\n"
                                     "z = results.get(names.NOT_AN_OUTPUT)\nw = results.get(names.GAP)\n")
    text = "\n".join(_problems(tmp_path))
    assert "'GAP'" in text and "'FILES'" in text and "NOT_AN_OUTPUT" in text
    assert "names.GAP" not in text


def test_the_panels_and_the_algorithms_read_one_list_of_each_enum(terridiag_provider):
    """KIND and OBJECTIVE list the vocabulary's labels in its order, so the position a panel computes from
    an id is the option the algorithm reads; METHOD lists core.scenario.methods."""
    from terridiag.plugin.core.presentation.vocabulary import (PLACEMENT_OBJECTIVES, TERRITORY_KINDS, position)
    from terridiag.plugin.core.scenario.methods import AUTO, METHODS
    from terridiag.plugin.i18n import language

    by_id = _by_id(terridiag_provider)
    lang = language()
    kind = by_id["terridiag:download_territory"].parameterDefinition("KIND")
    assert kind.options() == [k.label(lang) for k in TERRITORY_KINDS]
    assert kind.defaultValue() == position(TERRITORY_KINDS, "dep") == 0
    alg = by_id["terridiag:optimal_sites"]
    assert alg.parameterDefinition("OBJECTIVE").options() == [o.label(lang) for o in PLACEMENT_OBJECTIVES]
    assert alg.parameterDefinition("METHOD").options() == list(METHODS)
    assert alg.parameterDefinition("METHOD").defaultValue() == METHODS.index(AUTO)
    assert position(PLACEMENT_OBJECTIVES, "p_median") == 1
    # the defaults are members, whatever their position
    from terridiag.plugin.core.presentation.language import LANGUAGES
    from terridiag.plugin.core.presentation.vocabulary import DIAGNOSIS_METHODS, INDEX_METHODS, NETWORK_MODES
    defaults = {("diagnosis", "FRAGILITY_METHOD"): DIAGNOSIS_METHODS, ("fragility_index", "METHOD"): INDEX_METHODS,
                ("network_coverage", "MODE"): NETWORK_MODES, ("report", "LANGUAGE"): LANGUAGES,
                ("osm_completeness", "LANGUAGE"): LANGUAGES}
    expected = {("diagnosis", "FRAGILITY_METHOD"): "auto", ("fragility_index", "METHOD"): "mednum2019",
                ("network_coverage", "MODE"): "drive", ("report", "LANGUAGE"): "fr", ("osm_completeness", "LANGUAGE"): "fr"}
    for (alg_name, name), members in defaults.items():
        alg = by_id[f"terridiag:{alg_name}"]
        assert members[alg.parameterDefinition(name).defaultValue()].value == expected[(alg_name, name)]
    with pytest.raises(ValueError):
        position(TERRITORY_KINDS, "region")


def test_no_panel_fills_an_enum_parameter_with_a_literal_position():
    """``{OptimalSites.METHOD: 0}``, ``{DownloadTerritory.KIND: 2}``: a number typed in a panel follows the
    algorithm's options by luck; the panels pass ``position(members, id)``."""
    enums = {"KIND", "OBJECTIVE", "METHOD", "FRAGILITY_METHOD", "LANGUAGE", "MODE", "FORMAT", "ENGINE",
             "NORMALISATION", "REFERENCE_LEVEL", "ACCESS_DIRECTION", "DATASETS"}
    problems = []
    for path in sorted(GUI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            pairs = []
            if isinstance(node, ast.Dict):
                pairs = list(zip(node.keys, node.values))
            elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
                pairs = [(node.targets[0].slice, node.value)]
            for key, value in pairs:
                if isinstance(key, ast.Attribute) and key.attr in enums and isinstance(value, ast.Constant) \
                        and isinstance(value.value, int):
                    problems.append(f"{path.name}:{node.lineno}: {key.attr} = {value.value}")
    assert not problems, "\n".join(problems)
