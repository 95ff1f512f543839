"""The report of a run over several départements (issue 17): a section per département with its
figures, its communes per class and its sorted table of communes, after the whole run's page and a
table of contents. One département keeps the report as it was."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from national_map import national_communes  # noqa: E402

from terridiag.plugin.core.export import report as R  # noqa: E402
from terridiag.plugin.core.export.report import build_report, write_report  # noqa: E402

META = {"parameters": {"thresholds_km": [5]}}


@pytest.fixture(scope="module")
def france():
    """1,200 synthetic communes in the 96 départements of ``national_map``, with a typology."""
    com = national_communes(1200, seed=5)
    rng = np.random.default_rng(1)
    return com.assign(typology=rng.choice(["priority", "far", "fragile", "ok"], len(com)),
                      dist_median_m=rng.uniform(200, 9000, len(com)))


def _dep(code: str) -> str:
    return code[:3] if code.startswith("97") else code[:2]


def test_a_section_per_departement(france):
    rep = build_report(france, None, META, "share_within", lang="fr")
    deps = france["code_insee"].map(_dep)
    want = deps.value_counts()
    assert [s.code for s in rep.sections] == sorted(want.index, key=lambda c: (len(c), c))
    assert len(rep.sections) == 96 and rep.sheets == []          # 1,200 communes > SHEETS_MAX: the tables
    for s in rep.sections:
        assert s.n_communes == want[s.code] == len(s.table)
        assert {row[1][:len(s.code)] for row in s.table} == {s.code}
        assert sum(n for _c, _l, n, _h in s.classes) == s.n_communes
        assert sum(n for _c, _l, n in s.typology) == s.n_communes
    corse = next(s for s in rep.sections if s.code == "2A")
    assert corse.name == "Corse-du-Sud"
    sub = france[deps == "2A"]
    # figures of the département, computed apart: population summed, the share weighted by population
    rows = {label: value for label, value, _whole in corse.rows}
    pop = next(v for k, v in rows.items() if k.startswith("Population"))
    assert pop.replace("\u202f", "").replace("\u00a0", "") == str(int(sub["population"].sum()))
    ok = sub["share_within"].notna()
    share = (sub.loc[ok, "share_within"] * sub.loc[ok, "population"]).sum() / sub.loc[ok, "population"].sum()
    assert next(v for k, v in rows.items() if k.startswith("Part")).startswith(f"{round(100 * share)}")
    masked = next(n for _c, label, n, hatched in corse.classes if hatched)
    assert masked == int(sub["masked"].sum())


def test_table_sorted_worst_first_masked_last(france):
    rep = build_report(france, None, META, "share_within", lang="en")
    for s in rep.sections[:5]:
        sub = france.iloc[s.positions]
        by_code = dict(zip(sub["code_insee"], sub["share_within"]))
        values = [by_code[row[1]] for row in s.table]
        known = [v for v in values if np.isfinite(v)]
        assert known == sorted(known)                              # worst (lowest share) first
        assert all(not np.isfinite(v) for v in values[len(known):])   # masked / no value last
        assert "worst placed to the best placed" in s.order_note
    # a distance: the farthest first
    rep = build_report(france, None, META, "dist_median_m", lang="en")
    s = rep.sections[0]
    by_code = dict(zip(france["code_insee"], france["dist_median_m"]))
    values = [by_code[row[1]] for row in s.table]
    assert values == sorted(values, reverse=True)


def test_one_departement_is_the_report_as_before(france):
    one = france[france["code_insee"].str.startswith("01")]
    rep = build_report(one, None, META, "share_within", lang="fr")
    assert rep.sections == [] and len(rep.sheets) == len(one)


def test_sheets_asked_for_come_in_their_section(france):
    codes = [france["code_insee"].iloc[0], france["code_insee"].iloc[-1]]
    rep = build_report(france, None, META, "share_within", lang="fr", codes=codes)
    assert sorted(s.code for s in rep.sheets) == sorted(codes)
    assert sorted(sh.code for s in rep.sections for sh in s.sheets) == sorted(codes)
    for s in rep.sections:
        assert all(_dep(sh.code) == s.code for sh in s.sheets)


def test_pdf_and_html_of_three_departements(france, tmp_path, monkeypatch, artifacts):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    monkeypatch.setattr(R, "TABLE_ROWS", 8)          # several table pages per département
    three = france[france["code_insee"].map(_dep).isin(["01", "2A", "95"])]
    n = three["code_insee"].map(_dep).value_counts()
    out = write_report(three, None, META, "share_within", html_path=tmp_path / "r.html", pdf_path=tmp_path / "r.pdf",
                       lang="fr")
    info = subprocess.run(["pdfinfo", str(out["pdf"])], capture_output=True, text=True).stdout
    sections = {d: 1 + -(-n[d] // 8) + n[d] for d in ("01", "2A", "95")}      # page, table pages, sheets
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) == 1 + 1 + sum(sections.values()) + 1
    toc = subprocess.run(["pdftotext", "-layout", "-f", "2", "-l", "2", str(out["pdf"]), "-"], capture_output=True,
                         text=True).stdout
    # département, communes, population, share, first page of its section
    assert re.search(rf"Ain \(01\)\s+{n['01']}\s.*%\s+3\n", toc), toc
    assert re.search(rf"Corse-du-Sud \(2A\)\s+{n['2A']}\s.*%\s+{3 + sections['01']}\n", toc), toc
    text = subprocess.run(["pdftotext", "-layout", str(out["pdf"]), "-"], capture_output=True, text=True).stdout
    pages = text.split("\f")
    table_pages = [p for p in pages if "Corse-du-Sud (2A) — Communes" in p or "Corse-du-Sud (2A) Communes" in p]
    assert len(table_pages) == -(-n["2A"] // 8)
    assert len(set(re.findall(r"\b2A\d{3}\b", "".join(table_pages)))) == n["2A"]
    html = out["html"].read_text(encoding="utf-8")
    for dep in ("01", "2A", "95"):
        table = re.search(rf'<table class="figures communes" id="t{dep}">(.*?)</table>', html, re.S).group(1)
        assert len(re.findall(r"<tr>", table)) == n[dep] + 1
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "3", "-l", "4", str(out["pdf"]), str(tmp_path / "p")],
                   check=True)
    for png in sorted(tmp_path.glob("p-*.png")):
        shutil.copy(png, artifacts / f"report_departement_{png.stem}.png")


def test_departement_names():
    from terridiag.plugin.core.presentation.departements import departement_label, departements_of

    assert departements_of(["2A004", "97101", "01001", "97611"]) == ["2A", "971", "01", "976"]
    assert departement_label("971") == "Guadeloupe (971)" and departement_label("2b") == "Haute-Corse (2B)"
    assert pd.Series(departements_of(["75056"])).map(departement_label).tolist() == ["Paris (75)"]
