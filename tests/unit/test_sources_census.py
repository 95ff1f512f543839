"""INSEE census, Filosofi and published-rate tables on the real files of ../shared/data: the IRIS
inputs of 90 (RP2016, Filosofi 2015), the RP2016 "habitat" IRIS of 90 and Sicoval in INSEE's column
names, the commune rates of Data for Good, and the same real values in INSEE's CSV / zip / XLSX
layouts (tests/support/insee_files.py). Expected values come from the csv module."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pytest

from terridiag.plugin.core.errors import InputDataError, InputFormatError
from terridiag.plugin.core.sources.census import census_columns, read_fragility_inputs, read_fragility_table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
import insee_files as IF  # noqa: E402

IFN90 = "territoire_90/iris_90_fragility_inputs_rp2016.csv"
HAB90 = "territoire_90/rp2016_iris_habitat_pop_menages_logement_90.csv"
HABSIC = "sicoval_31/rp2016_iris_habitat_pop_menages_logement_sicoval.csv"
DFG90 = "territoire_90/ifn_dataforgood_2020_variables_communes_90.csv"
DFGSIC = "sicoval_31/ifn_dataforgood_2020_variables_communes_sicoval.csv"


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def num(text):
    return float(text) if text not in ("", None) else np.nan


def test_iris_inputs_of_90(shared_data):
    data, report = read_fragility_inputs([shared_data / IFN90])
    raw = rows(shared_data / IFN90)
    assert report.rows_read == report.rows_kept == len(data) == 123 and report.rows_rejected == 0
    assert data.attrs["level"] == "iris"
    assert data.attrs["vintages"] == {"census": "RP2016", "filosofi": "2015"}
    assert report.provenance.vintage == "RP2016, Filosofi 2015" and "INSEE" in report.provenance.producer
    t = data.set_index("code_iris")
    for r in raw:
        u = t.loc[r["IRIS"]]
        assert u.code_insee == r["COM"] and u.typ_iris == r["TYP_IRIS"] and u.nom_iris == r["LIBIRIS"]
        for col, name in (("P16_POP", "population"), ("P16_POP1529", "pop_15_29"), ("P16_POP65P", "pop_65_plus"),
                          ("P16_NSCOL15P", "nscol15p"), ("P16_NSCOL15P_DIPLMIN", "nscol15p_low_diploma"),
                          ("C16_MEN", "households"), ("C16_MENPSEUL", "one_person_households"),
                          ("C16_FAM", "families"), ("C16_FAMMONO", "single_parent_families")):
            assert u[name] == pytest.approx(num(r[col]), nan_ok=True), (r["IRIS"], col)
        income = num(r["MED15_IRIS"])
        if income == 0:                                # Lamadeleine-Val-des-Anges: INSEE secret
            assert np.isnan(u.median_income)
        else:
            assert u.median_income == pytest.approx(income)
    assert np.isnan(t.loc["900610000", "median_income"])
    assert any("median income(s) of 0" in w for w in report.warnings)
    # the six rate columns of the export are empty everywhere: nothing is read from them
    assert not {"poverty_rate", "thd_coverage", "unemployment_rate"} & set(data.columns)
    assert data.attrs["sources"]["nscol15p_low_diploma"] == "P16_NSCOL15P_DIPLMIN"
    assert data.attrs["sources"]["median_income"] == "MED15_IRIS"


@pytest.mark.parametrize("rel, n", [(HAB90, 23), (HABSIC, 11)])
def test_habitat_iris_in_insee_names(shared_data, rel, n):
    data, report = read_fragility_inputs([shared_data / rel])
    raw = rows(shared_data / rel)
    assert len(data) == n == len(raw) and (data["typ_iris"] == "H").all()
    # no P16_POP in these files: the population is the sum of the six age bands
    bands = ("P16_POP0014", "P16_POP1529", "P16_POP3044", "P16_POP4559", "P16_POP6074", "P16_POP75P")
    t = data.set_index("code_iris")
    for r in raw:
        assert t.loc[r["IRIS"], "population"] == pytest.approx(sum(float(r[b]) for b in bands))
        assert t.loc[r["IRIS"], "pop_15_29"] == pytest.approx(float(r["P16_POP1529"]))
    assert data.attrs["sources"]["population"] == " + ".join(bands)
    assert report.provenance.vintage == "RP2016"


def test_habitat_and_inputs_agree_on_population_of_90(shared_data):
    # two unrelated upstream repositories, the same INSEE counts
    hab = read_fragility_inputs([shared_data / HAB90]).data.set_index("code_iris")
    ifn = read_fragility_inputs([shared_data / IFN90]).data.set_index("code_iris")
    common = hab.index.intersection(ifn.index)
    assert len(common) == 23
    np.testing.assert_allclose(hab.loc[common, "population"], ifn.loc[common, "population"], rtol=1e-9)
    np.testing.assert_allclose(hab.loc[common, "pop_15_29"], ifn.loc[common, "pop_15_29"], rtol=1e-9)


@pytest.mark.parametrize("rel, n", [(DFG90, 102), (DFGSIC, 36)])
def test_commune_rates_of_data_for_good(shared_data, rel, n):
    data, report = read_fragility_inputs([shared_data / rel])
    raw = rows(shared_data / rel)
    assert data.attrs["level"] == "commune" and len(data) == n == len(raw)
    t = data.set_index("code_insee")
    for r in raw:
        u = t.loc[r["CODE_INSEE"]]
        assert u.poverty_rate == pytest.approx(num(r["TX_POVERTY"]) / 100, nan_ok=True)
        assert u.one_person_household_share == pytest.approx(num(r["TX_MENSEUL"]) / 100, nan_ok=True)
        assert u.thd_coverage == pytest.approx(num(r["TAUX_COUVERTURE_THD"]) / 100, nan_ok=True)
        assert u.mobile_coverage == pytest.approx(num(r["COUVERTURE_MOBILE"]), nan_ok=True)
    # secret / absent values stay missing, never 0
    blanks = sum(1 for r in raw if r["TX_POVERTY"] == "")
    assert int(data["poverty_rate"].isna().sum()) == blanks > 0
    # definitions that differ from MedNum's are said; the columns that are not the method's are not read
    text = " ".join(report.warnings)
    assert "per household" in text and "job seekers" in text and "below the baccalauréat" in text
    assert "TX_25ETMOINS is not read" in text and "ACCES_SERVICE_PUBLIC is not read" in text
    assert "age_15_29_share" not in data.columns and "public_services_per_capita" not in data.columns


@pytest.mark.parametrize("layout", ["csv", "zip", "xlsx"])
def test_insee_layouts_with_real_values(shared_data, tmp_path, layout):
    paths = []
    for theme in IF.THEMES:
        header, body = IF.base_ic_rows(shared_data, theme)
        name = f"base-ic-{theme}-2016"
        if layout == "csv":
            p = tmp_path / f"{name}.CSV"
            p.write_bytes(IF.csv_bytes(header, body))
        elif layout == "zip":
            p = IF.write_zip(tmp_path / f"{name}_csv.zip", name, header, body)
        else:
            p = IF.write_xlsx(tmp_path / f"{name}.xlsx", header, body, f"Base infracommunale {theme}")
        paths.append(p)
    fh, fb = IF.filosofi_iris_rows(shared_data)
    filo = tmp_path / "BASE_TD_FILO_DISP_IRIS_2015.csv"
    filo.write_bytes(IF.csv_bytes(fh, fb))
    data, report = read_fragility_inputs(paths + [filo])
    ref = read_fragility_inputs([shared_data / IFN90]).data.set_index("code_iris")
    t = data.set_index("code_iris")
    assert len(t) == 123 and data.attrs["level"] == "iris"
    for col in ("population", "pop_15_29", "pop_65_plus", "nscol15p", "nscol15p_low_diploma", "households",
                "one_person_households", "families", "single_parent_families"):
        np.testing.assert_allclose(t.loc[ref.index, col], ref[col], rtol=1e-12, err_msg=col)
    # Filosofi: published IRIS medians (decimal comma) read; 's' is secret -> missing; unpublished IRIS absent
    published = {r[0]: float(r[5].replace(",", ".")) for r in fb if r[5] != "s"}
    for code, value in published.items():
        assert t.loc[code, "median_income"] == pytest.approx(value)
    assert np.isnan(t.loc["900610000", "median_income"])
    assert t["median_income"].notna().sum() == len(published) == 18
    assert data.attrs["vintages"]["census"] == "RP2016" and data.attrs["vintages"]["filosofi"] == "2015"
    if layout == "xlsx":
        assert all(r.format.endswith("/xlsx") for r in data.attrs["reports"][:3])
    if layout == "zip":
        assert all(r.format.endswith("/zip/csv") for r in data.attrs["reports"][:3])


def test_vintages_and_diploma_definitions():
    # the latest vintage wins, P before C; RP2017+ adds BEPC to DIPLMIN, older DIPL0 + CEP + BEPC
    found, vintage, sums = census_columns(["CODGEO", "P20_POP", "P14_POP", "C20_POP15P", "P20_POP15P",
                                           "P20_NSCOL15P", "P20_NSCOL15P_DIPLMIN", "P20_NSCOL15P_BEPC"])
    assert found["population"] == "P20_POP" and found["pop_15_plus"] == "P20_POP15P"
    assert sums["nscol15p_low_diploma"] == ["P20_NSCOL15P_DIPLMIN", "P20_NSCOL15P_BEPC"]
    assert vintage == "RP2020"
    _, vintage, sums = census_columns(["CODGEO", "P13_NSCOL15P", "P13_NSCOL15P_DIPL0", "P13_NSCOL15P_CEP",
                                       "P13_NSCOL15P_BEPC"])
    assert sums["nscol15p_low_diploma"] == ["P13_NSCOL15P_DIPL0", "P13_NSCOL15P_CEP", "P13_NSCOL15P_BEPC"]
    assert vintage == "RP2013"


def test_commune_file_cut_to_territory_and_errors(tmp_path):
    p = tmp_path / "base-cc-evol-struct-pop-2020.CSV"
    p.write_text("CODGEO;P20_POP;P20_POP1529;P20_POP65P\n90010;46000.5;9000;8000\n25056;1;1;s\n"
                 "1001;800;100;nd\nXX;1;1;1\n90010;5;5;5\n90001;1211;139.9;296.1\n", encoding="utf-8")
    data, report = read_fragility_table(p, communes={"90010", "90001", "01001"})
    assert list(data["code_insee"]) == ["90010", "01001", "90001"]   # a code read as a number is padded
    assert data["population"].tolist() == [46000.5, 800, 1211]
    assert np.isnan(data.loc[1, "pop_65_plus"])                     # "nd": not published, missing
    assert [r.line for r in report.rejected] == [5, 6]              # XX (no code), second 90010 (first kept)
    bad = tmp_path / "other.csv"
    bad.write_text("CODGEO;foo\n90010;1\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match="no census count"):
        read_fragility_table(bad)
    with pytest.raises(InputDataError, match="no row"):
        read_fragility_table(p, communes={"75056"})


def test_table_of_the_index_variables(tmp_path):
    # a table of the variables under TerriDiag's names (fractions), e.g. the demo territory's
    p = tmp_path / "vars.csv"
    p.write_text("code_insee,nom,population,poverty_rate,median_income,thd_non_coverage\n"
                 "90001,A,100,0.12,21000,0.3\n90002,B,50,,0,0.1\n", encoding="utf-8")
    data, report = read_fragility_table(p)
    assert data.attrs["level"] == "commune" and data["poverty_rate"].tolist()[0] == 0.12
    assert np.isnan(data.loc[1, "poverty_rate"]) and np.isnan(data.loc[1, "median_income"])
    assert data["thd_non_coverage"].tolist() == [0.3, 0.1]


def test_filosofi_long_layout_and_official_references(tmp_path):
    # INSEE's layout since Filosofi 2021 (one row per territory and measure); the values here are
    # test values, the layout and codes are INSEE's
    p = tmp_path / "DS_FILOSOFI_CC_data.csv"
    p.write_text("GEO;GEO_OBJECT;FILOSOFI_MEASURE;UNIT_MEASURE;UNIT_MULT;CONF_STATUS;OBS_STATUS;TIME_PERIOD;OBS_VALUE\n"
                 "90010;COM;MED_SL;EUR;0;F;A;2021;19500\n90010;COM;PR_MD60;PCT;0;F;A;2021;21.5\n"
                 "90001;COM;MED_SL;EUR;0;F;A;2021;24000\n90001;COM;PR_MD60;PCT;0;C;A;2021;\n"
                 "90002;COM;MED_SL;EUR;0;C;A;2021;s\n90010;COM;MED_SL;EUR;0;F;A;2020;18000\n"
                 "90;DEP;MED_SL;EUR;0;F;A;2021;22010\n90;DEP;PR_MD60;PCT;0;F;A;2021;14.1\n"
                 "200069052;EPCI;MED_SL;EUR;0;F;A;2021;21800\n", encoding="utf-8")
    data, report = read_fragility_table(p)
    t = data.set_index("code_insee")
    assert t.loc["90010", "median_income"] == 19500 and t.loc["90010", "poverty_rate"] == pytest.approx(0.215)
    assert np.isnan(t.loc["90001", "poverty_rate"]) and np.isnan(t.loc["90002", "median_income"])
    assert data.attrs["vintages"] == {"filosofi": "2021"}
    from terridiag.plugin.core.sources.census import official_references
    off = data.attrs["official"]
    assert official_references(off, "DEP", "90") == {"median_income": 22010.0, "poverty_rate": pytest.approx(0.141)}
    assert official_references(off, "EPCI", "200069052") == {"median_income": 21800.0}
    assert official_references(off, "REG", "27") == {}


def test_commune_values_fill_the_iris_of_communes_not_split(shared_data, tmp_path):
    com = tmp_path / "base-cc-filosofi.csv"
    com.write_text("CODGEO;MED15;TP6015\n90001;22000;9,5\n90010;17500;21\n", encoding="utf-8")
    data, report = read_fragility_inputs([shared_data / IFN90, com])
    t = data.set_index("code_iris")
    assert data.attrs["level"] == "iris"
    # Andelnans is one IRIS: it takes its commune's poverty rate; Belfort's IRIS do not
    assert t.loc["900010000", "poverty_rate"] == pytest.approx(0.095)
    assert t.loc[[c for c in t.index if c.startswith("90010")], "poverty_rate"].isna().all()
    # the IRIS file's own median is kept where it has one
    assert t.loc["900010000", "median_income"] == pytest.approx(22221.333333333)
    assert any("take their commune's poverty_rate" in w for w in report.warnings)
