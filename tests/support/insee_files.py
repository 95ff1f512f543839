"""INSEE files in INSEE's own layouts (CSV ``;``, zip with its ``meta_`` dictionary, XLSX with a
title block), written from the real values of ../shared/data — the RP2016 counts and Filosofi 2015
incomes of the 123 IRIS of the Territoire de Belfort — so readers and downloads are tested on the
producers' formats with real numbers. Nothing here is invented: every value is a value of the
shared files, only the layout (column order, title rows, separators) is INSEE's.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

IFN_90 = "territoire_90/iris_90_fragility_inputs_rp2016.csv"
HABITAT_90 = "territoire_90/rp2016_iris_habitat_pop_menages_logement_90.csv"

# theme -> columns of the IFN export in that theme's INSEE file
THEMES = {
    "evol-struct-pop": ("P16_POP", "P16_POP1529", "P16_POP65P"),
    "diplomes-formation": ("P16_NSCOL15P", "P16_NSCOL15P_DIPLMIN"),
    "couples-familles-menages": ("C16_MEN", "C16_MENPSEUL", "C16_FAM", "C16_FAMMONO"),
}
LABELS = {"P16_POP": "Population en 2016 (princ)", "P16_POP1529": "Pop 15-29 ans en 2016 (princ)",
          "P16_POP65P": "Pop 65 ans ou plus en 2016 (princ)",
          "P16_NSCOL15P": "Pop 15 ans ou plus non scolarisée en 2016 (princ)",
          "P16_NSCOL15P_DIPLMIN": "Pop 15 ans ou plus non scol. Aucun diplôme ou BEPC, brevet des collèges, DNB "
                                  "en 2016 (princ)",
          "C16_MEN": "Ménages en 2016 (compl)", "C16_MENPSEUL": "Ménages 1 personne en 2016 (compl)",
          "C16_FAM": "Familles en 2016 (compl)", "C16_FAMMONO": "Fam Monoparentales en 2016 (compl)"}
IRIS_HEAD = ("IRIS", "REG", "DEP", "UU2010", "COM", "LIBCOM", "LIBIRIS", "TYP_IRIS", "MODIF_IRIS", "LAB_IRIS")


def ifn_rows(shared: Path) -> list[dict]:
    with open(shared / IFN_90, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _iris_head(r: dict) -> list:
    return [r["IRIS"], "27", "90", "90501", r["COM"], r["LIBCOM"], r["LIBIRIS"], r["TYP_IRIS"], "00", "1"]


def base_ic_rows(shared: Path, theme: str) -> tuple[list[str], list[list]]:
    """Header and rows of base-ic-{theme}-2016 for the IRIS of 90 (real values, INSEE order)."""
    cols = THEMES[theme]
    rows = [_iris_head(r) + [r[c] for c in cols] for r in ifn_rows(shared)]
    return list(IRIS_HEAD) + list(cols), rows


def filosofi_iris_rows(shared: Path) -> tuple[list[str], list[list]]:
    """BASE_TD_FILO_DISP_IRIS_2015: the IRIS with a published median (DEC_MED15 given in the IFN
    export), ``s`` (secret) for the one whose income is 0 upstream; the others are absent, as in
    INSEE's file (only IRIS of large enough communes are published)."""
    header = ["IRIS", "LIBIRIS", "COM", "LIBCOM", "DISP_TP6015", "DISP_MED15"]
    rows = []
    for r in ifn_rows(shared):
        if r["DEC_MED15"]:
            rows.append([r["IRIS"], r["LIBIRIS"], r["COM"], r["LIBCOM"], "", r["MED15_IRIS"].replace(".", ",")])
        elif r["MED15_IRIS"] in ("0", "0.0"):
            rows.append([r["IRIS"], r["LIBIRIS"], r["COM"], r["LIBCOM"], "s", "s"])
    return header, rows


def csv_bytes(header, rows, sep=";") -> bytes:
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue().encode("utf-8")


def meta_bytes(header) -> bytes:
    """The ``meta_`` dictionary INSEE ships in the zip (variable code; label)."""
    lines = ["COD_VAR;LIB_VAR;TYPE_VAR"] + [f"{c};{LABELS.get(c, c)};{'CHAR' if c in IRIS_HEAD else 'NUM'}"
                                            for c in header]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def write_zip(dest: Path, name: str, header, rows) -> Path:
    """``{name}_csv.zip`` holding ``{name}.CSV`` and ``meta_{name}.CSV``, like INSEE's downloads."""
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"meta_{name}.CSV", meta_bytes(header))
        zf.writestr(f"{name}.CSV", csv_bytes(header, rows))
    return dest


def write_xlsx(dest: Path, header, rows, title: str, sheet: str = "IRIS") -> Path:
    """An INSEE workbook: a title block, a row of labels, the row of variable codes, the data
    (numbers as numbers), and a documentation sheet."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append(["Recensement de la population 2016 - Base infracommunale (IRIS)"])
    ws.append(["Source : Insee, RP2016 exploitations principale et complémentaire"])
    ws.append([])
    ws.append([LABELS.get(c, c) if c not in IRIS_HEAD else {"IRIS": "IRIS", "COM": "Commune"}.get(c, c.title())
               for c in header])
    ws.append(list(header))
    for r in rows:
        ws.append([_num(v) if i >= len(IRIS_HEAD) else v for i, v in enumerate(r)])
    doc = wb.create_sheet("Documentation")
    doc.append(["Variable", "Libellé"])
    for c in header:
        doc.append([c, LABELS.get(c, c)])
    wb.save(dest)
    return dest


def _num(v):
    try:
        return float(str(v).replace(",", "."))
    except ValueError:
        return v
