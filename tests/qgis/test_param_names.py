"""The parameter names are a contract shared by the algorithms and the panels (``processing.params``):
each namespace names exactly the parameters its algorithm declares, and the panels only use names
of those namespaces, never a probe of the registry or a literal of their own. A renamed or dropped
parameter fails here instead of being silently ignored by Processing.
(tests/ui/conftest.py also checks, on every dock run of the dock tests, that each parameter passed is
declared.)"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.qgis

GUI = Path(__file__).resolve().parents[2] / "plugin" / "gui"


def test_each_namespace_is_exactly_what_its_algorithm_declares(terridiag_provider):
    from terridiag.plugin.processing import params

    by_id = {f"terridiag:{a.name()}": a for a in terridiag_provider.algorithms()}
    for ns in params.ALGORITHMS:
        alg = by_id.get(ns.ID)
        assert alg is not None, f"{ns.__name__}: no algorithm {ns.ID}"
        declared = {p.name() for p in alg.parameterDefinitions()}
        assert ns.names() == declared, (f"{ns.ID}: in params.{ns.__name__} only {sorted(ns.names() - declared)}, "
                                        f"declared only {sorted(declared - ns.names())}")
        # every name is also a module constant of the same text (the algorithms declare with those)
        assert all(getattr(params, n) == n for n in declared)


def _problems(folder: Path) -> list[str]:
    """Where the modules of ``folder`` name a parameter other than through a namespace of params."""
    from terridiag.plugin.processing import params

    namespaces = {ns.__name__: ns for ns in params.ALGORITHMS}
    param_names = {n for n in dir(params) if n.isupper()}
    problems = []
    for path in sorted(folder.glob("*.py")):
        name, tree = path.name, ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # Diagnosis.COMMUNES, P.Diagnosis.COMMUNES: the attribute exists in the namespace
            if isinstance(node, ast.Attribute) and node.attr.isupper():
                owner = node.value
                ns_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
                if ns_name in namespaces and node.attr != "ID" and node.attr not in namespaces[ns_name].names():
                    problems.append(f"{name}:{node.lineno}: {ns_name}.{node.attr} is not a parameter of "
                                    f"{namespaces[ns_name].ID}")
            # no probing of the registry's parameters
            if isinstance(node, ast.Attribute) and node.attr in ("parameterDefinitions", "parameter_names",
                                                                  "parameterDefinition"):
                problems.append(f"{name}:{node.lineno}: probes the algorithm's parameters ({node.attr})")
            # no parameter dict written with a literal name: params["X"] = …, params = {"X": …}
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store) \
                    and getattr(node.value, "id", "") == "params" and isinstance(node.slice, ast.Constant) \
                    and node.slice.value in param_names:
                problems.append(f"{name}:{node.lineno}: params[{node.slice.value!r}] written with a literal")
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "params" for t in node.targets) \
                    and isinstance(node.value, ast.Dict):
                literal = [k.value for k in node.value.keys if isinstance(k, ast.Constant) and k.value in param_names]
                if literal:
                    problems.append(f"{name}:{node.lineno}: params = {{{literal[0]!r}: …}} written with a literal")
    return problems


def test_the_panels_name_parameters_only_through_the_namespaces():
    problems = _problems(GUI)
    assert not problems, "\n".join(problems)


def test_the_oracle_sees_a_literal_an_unknown_name_and_a_probe(tmp_path):
    """The check above fails on the drifts it is for."""
    (tmp_path / "bad.py").write_text("params = {'COMMUNES': 1}\nparams['SERVICES'] = 2\n"
                                     "x = Diagnosis.NOT_A_PARAMETER\nnames = tasks.parameter_names(alg)\n")
    text = "\n".join(_problems(tmp_path))
    assert "'COMMUNES'" in text and "'SERVICES'" in text and "NOT_A_PARAMETER" in text and "parameter_names" in text
