"""The README's performance table is what bench/results.md says (scripts/readme_bench.py), never
figures typed by hand."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("readme_bench", REPO / "scripts" / "readme_bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_readme_performance_section_is_generated_from_results_md():
    mod = _script()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    results = (REPO / "bench" / "results.md").read_text(encoding="utf-8")
    assert mod.BEGIN in readme and mod.END in readme
    assert mod.updated_readme(readme, results) == readme, \
        "README.md's performance section differs from bench/results.md: run python3 scripts/readme_bench.py"
    block = readme[readme.index(mod.BEGIN):readme.index(mod.END)]
    # every row of the README table is a row of the results' summary, word for word
    rows = [line for line in block.splitlines() if line.startswith("| ") and "benchmark" not in line]
    assert rows and all(row in results for row in rows)


def test_section_follows_the_results_and_refuses_a_file_without_summary():
    mod = _script()
    results = ("- Date: 2030-01-01 10:00 to 2030-01-01 11:00\n- Machine: X, 2 cores\n"
               "- Load average (1 min) seen during the runs: 0.10 to 0.90\n\n## Summary\n\n"
               "| benchmark | a | b | c |\n|---|---|---|---|\n| one | 1 s | 2 s | 2× |\n\n## Details\n")
    block = mod.section(results)
    assert "| one | 1 s | 2 s | 2× |" in block and "2030-01-01 10:00" in block and "0.10 to 0.90" in block
    assert "shared" not in block
    shared = results.replace("0.90\n", "0.90\n- **The machine was shared** (load above 1.5)\n")
    assert "machine was shared" in mod.section(shared)
    with pytest.raises(ValueError):
        mod.section(results.replace("## Summary", "## Résumé"))
