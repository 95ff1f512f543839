"""The import graph of plugin/ has no circle (issue 13): every ``import``/``from … import`` of every
module, at the top or inside a function, read with ``ast`` and resolved to plugin modules."""
from __future__ import annotations

import ast
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[2] / "plugin"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph(root: Path = PLUGIN) -> dict[str, set[str]]:
    """module -> the plugin modules it imports (names like "plugin.core.crs")."""
    files = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in files}

    def resolve(name: str) -> str | None:
        return name if name in files else None

    for name, path in files.items():
        is_pkg = path.name == "__init__.py"
        package = name if is_pkg else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[:len(base) - (node.level - 1)]
                    mod = ".".join(base + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                # "from pkg import sub" imports the submodule when there is one, else pkg itself
                subs = [resolve(f"{mod}.{a.name}") for a in node.names]
                targets = [s for s in subs if s] or [mod]
                if any(s is None for s in subs):
                    targets.append(mod)
            for t in targets:
                t = t.replace("terridiag.", "", 1) if t.startswith("terridiag.") else t
                if resolve(t) and t != name:
                    graph[name].add(t)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))
            elif nxt not in index:
                index[nxt] = low[nxt] = counter
                counter += 1
                stack.append(nxt)
                on.add(nxt)
                work.append((nxt, iter(sorted(graph[nxt]))))
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
    return out


def test_the_oracle_finds_a_circle_and_resolves_relative_imports(tmp_path):
    pkg = tmp_path / "plugin"
    (pkg / "core" / "sources").mkdir(parents=True)
    for p in ("__init__.py", "core/__init__.py", "core/sources/__init__.py", "core/crs.py"):
        (pkg / p).write_text("")
    (pkg / "core/sources/a.py").write_text("from . import b\nfrom ..crs import x\n")
    (pkg / "core/sources/b.py").write_text("def f():\n    from .a import g\n")   # lazy: still a circle
    graph = import_graph(pkg)
    assert graph["plugin.core.sources.a"] == {"plugin.core.sources.b", "plugin.core.crs"}
    assert circles(graph) == [["plugin.core.sources.a", "plugin.core.sources.b"]]


def test_plugin_import_graph_has_no_circle():
    graph = import_graph()
    assert len(graph) > 50 and "plugin.core.sources.osm" in graph
    assert "plugin.core.crs" in graph["plugin.core.sources.services"]   # edges are really found
    assert circles(graph) == []
