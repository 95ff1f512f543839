"""INSEE census ("recensement de la population") tables by IRIS and by commune, with the Filosofi
and published-rate tables that feed the digital-fragility index.

Census files, as INSEE publishes them (CSV, CSV in a zip, XLSX): the "bases infracommunales"
``base-ic-{theme}-20yy`` (one row per IRIS: ``IRIS, COM, LIBCOM, LIBIRIS, TYP_IRIS…``) and the
communal ``base-cc-{theme}-20yy`` (``CODGEO``), themes ``evol-struct-pop``, ``diplomes-formation``,
``activite-residents`` (or ``emploi-pop-active``) and ``couples-familles-menages``. Counts are named
``P{yy}_…`` (main exploitation) or ``C{yy}_…`` (complementary) for any vintage ``yy``; they are
decimals (weighted survey). The counts kept get vintage-free names (:data:`CENSUS_COUNTS`).

Low diploma: "no diploma or at most the brevet". From RP2017 INSEE splits ``NSCOL15P_DIPLMIN``
(no diploma or at most the CEP) from ``NSCOL15P_BEPC``: both are added; up to RP2016
``NSCOL15P_DIPLMIN`` already includes the brevet. Older files with ``DIPL0`` and ``CEP`` (no
``DIPLMIN``) add ``DIPL0 + CEP + BEPC``.

:func:`read_fragility_inputs` reads one or more such files (and Filosofi tables, and the published
rate tables of :data:`RATE_FORMATS`), checks they are of one level (IRIS or commune) and joins them
on the code. Values are numbers or missing (secret, blank): never 0 in place of a secret.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputDataError, InputFormatError, ParameterError
from ..progress import ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from ..schema import IFN_VARIABLES, MEDNUM_VARIABLES
from . import filosofi, insee

CENSUS_URL = "https://www.insee.fr/fr/statistiques/zones/7704076"   # bases infracommunales (check)

# vintage-free name -> INSEE variable after the P{yy}_/C{yy}_ prefix
CENSUS_COUNTS = {
    "population": "POP",
    "pop_15_29": "POP1529",
    "pop_65_plus": "POP65P",
    "pop_15_plus": "POP15P",
    "nscol15p": "NSCOL15P",
    "households": "MEN",
    "one_person_households": "MENPSEUL",
    "families": "FAM",
    "single_parent_families": "FAMMONO",
    "active_15_64": "ACT1564",
    "unemployed_15_64": "CHOM1564",
}
LOW_DIPLOMA = "nscol15p_low_diploma"
# label columns of the infracommunal files
_LABELS = {"nom_commune": ("LIBCOM", "LIBGEO", "NOM_COM", "NOM_COMMUNE"),
           "nom_iris": ("LIBIRIS", "NOM_IRIS"), "typ_iris": ("TYP_IRIS", "TYPE_IRIS")}

# Published rate tables (rates, not counts): format -> {source column: (variable, divisor, note)}.
# The rates of the Data for Good re-implementation of the MedNum index (2020) are percentages,
# except the mobile coverage (a fraction); where its definition differs from MedNum's the note says so.
RATE_FORMATS = {
    "dataforgood_rates": {
        "TX_POVERTY": ("poverty_rate", 100.0, ""),
        "TX_MENSEUL": ("one_person_household_share", 100.0, ""),
        "TX_FAMMONO": ("single_parent_share", 100.0,
                       "single-parent families per household (MedNum: per family)"),
        "TX_65ETPLUS": ("age_65_plus_share", 100.0, ""),
        "TX_NSCOL15P": ("low_diploma_share", 100.0,
                        "no diploma or below the baccalauréat (MedNum: at most the brevet)"),
        "TX_DEMANDEUR_EMPLOIS": ("unemployment_rate", 100.0,
                                 "job seekers (Pôle emploi), not the census unemployment rate"),
        "TAUX_COUVERTURE_THD": ("thd_coverage", 100.0, ""),
        "COUVERTURE_MOBILE": ("mobile_coverage", 1.0, ""),
    },
}
# columns of a rate table that are deliberately not read, with the reason
_RATES_NOT_READ = {
    "TX_25ETMOINS": "share aged 25 or less, not the 15-29 of the method",
    "ACCES_SERVICE_PUBLIC": "presence (0/1) of a public service, not a number per inhabitant",
}
# complete partitions of the population by age, in the evol-struct-pop files
_AGE_BANDS = (("POP0014", "POP1529", "POP3044", "POP4559", "POP6074", "POP75P"),
              ("POP0019", "POP2064", "POP65P"))
_PREFIX = re.compile(r"^([PC])(\d{2})_(.+)$")


def census_columns(header) -> tuple[dict[str, str], str, dict[str, list[str]]]:
    """The census counts of a header: ({vintage-free name: source column}, vintage "RP20yy",
    {name: [source columns to add]} for counts made of several columns). The latest vintage of
    each variable wins, P (main exploitation) before C."""
    best: dict[str, tuple[str, str, str]] = {}    # base -> (yy, P/C rank, column)
    for col in header:
        m = _PREFIX.match(str(col).strip().upper())
        if not m:
            continue
        kind, yy, base = m.groups()
        key = (yy, "1" if kind == "P" else "0")
        if base not in best or key > best[base][:2]:
            best[base] = (*key, str(col))
    found = {name: best[var][2] for name, var in CENSUS_COUNTS.items() if var in best}
    sums = {}
    if "population" not in found:
        # files without POP (e.g. a subset of evol-struct-pop) give it as a complete set of age bands
        for bands in _AGE_BANDS:
            if all(b in best for b in bands):
                sums["population"] = [best[b][2] for b in bands]
                break
    if "NSCOL15P_DIPLMIN" in best:
        sums[LOW_DIPLOMA] = [best["NSCOL15P_DIPLMIN"][2]] + ([best["NSCOL15P_BEPC"][2]]
                                                            if "NSCOL15P_BEPC" in best else [])
    elif "NSCOL15P_DIPL0" in best:
        sums[LOW_DIPLOMA] = [best[b][2] for b in ("NSCOL15P_DIPL0", "NSCOL15P_CEP", "NSCOL15P_BEPC") if b in best]
    years = [best[CENSUS_COUNTS[n]][0] for n in found] + [_PREFIX.match(c.upper()).group(2)
                                                             for cols in sums.values() for c in cols]
    vintage = ("RP20" + max(set(years), key=years.count)) if years else ""
    return found, vintage, sums


def _find(header, names) -> str | None:
    upper = {str(h).strip().upper(): h for h in header}
    for n in names:
        if n.upper() in upper:
            return upper[n.upper()]
    return None


def _level_and_key(header, path) -> tuple[str, str, str | None]:
    """("iris", IRIS column, commune column) or ("commune", code column, None)."""
    iris = _find(header, ("IRIS", "CODE_IRIS"))
    com = _find(header, ("COM", "CODGEO", "CODE_INSEE", "DEPCOM", "INSEE_COM"))
    if iris is not None:
        return "iris", iris, com
    if com is not None:
        return "commune", com, None
    raise InputFormatError("no IRIS or commune code column (IRIS, CODGEO, COM or CODE_INSEE); columns found: "
                           + ", ".join(map(str, list(header)[:12])), path=str(path),
                           hint="choose an INSEE census, Filosofi or rate table by IRIS or by commune")


def read_fragility_table(path, communes: set | None = None, feedback=None, allow_empty: bool = False) -> ReadResult:
    """One table: census counts, Filosofi values and/or published rates, by IRIS or by commune.

    ``communes``: keep only the rows of these commune codes (a national file cut to a territory).
    The frame has ``code_iris`` (IRIS level), ``code_insee``, labels, and the columns found; its
    ``attrs`` say the level, the vintages and what each column was read from. A table with no row
    to use is refused, unless ``allow_empty`` (one of several files: e.g. the Filosofi IRIS file of a
    rural territory, where INSEE publishes no IRIS value)."""
    fb = ensure(feedback)
    table = insee.open_table(path, expect_any=insee.KEY_COLUMNS + ("CODE_INSEE", "GEO"))
    frame, header = table.frame, list(table.frame.columns)
    if filosofi.is_long(header):
        return _read_filosofi_long(table, path, communes, fb, allow_empty)
    level, key, com_col = _level_and_key(header, path)
    counts, rp_vintage, sums = census_columns(header)
    filo = filosofi.filosofi_columns(header)
    rate_format = next((f for f, cols in RATE_FORMATS.items()
                        if sum(_find(header, (c,)) is not None for c in cols) >= 3), None)
    # a table of the index's own variables (TerriDiag's names, rates as fractions)
    variables = [v for v in dict.fromkeys(MEDNUM_VARIABLES + IFN_VARIABLES) if v in header]
    if variables and rate_format is None:
        rate_format = "variables"
    if not counts and not sums and not filo and rate_format is None:
        raise InputFormatError(
            "no census count (P20_POP…, C20_MEN…), Filosofi value (MED20, DISP_MED20, TP6020) or "
            "fragility rate in the table; columns found: " + ", ".join(header[:12])
            + ("…" if len(header) > 12 else ""), path=str(path), line=table.header_line,
            hint="choose an INSEE 'base infracommunale' or communal census file "
                 "(evol-struct-pop, diplomes-formation, activite-residents, couples-familles-menages) "
                 "or a Filosofi file")
    fb.set_progress(40)
    kinds = [k for k, ok in (("census", counts or sums), ("filosofi", filo), ("rates", rate_format)) if ok]
    vintages = {k: v for k, v in (("census", rp_vintage),
                                  ("filosofi", max((v for _, v in filo.values()), default=""))) if v}
    prov = _provenance(kinds, vintages, path, rate_format)
    report = ReadReport(str(path), f"{level}_{'+'.join(kinds)}" + (f"/{table.format}" if table.format != "csv" else ""),
                        prov, rows_read=len(frame))
    width = 9 if level == "iris" else 5
    codes = insee.clean_codes(frame[key], width)
    bad = codes.eq("").to_numpy()
    for i in np.flatnonzero(bad):
        report.reject(int(table.lines[i]), f"no valid {'IRIS' if level == 'iris' else 'commune'} code in '{key}'",
                      str(frame[key].iloc[i]))
    out = pd.DataFrame(index=frame.index)
    if level == "iris":
        out["code_iris"] = codes
        com = insee.clean_codes(frame[com_col], 5) if com_col is not None else codes.str[:5]
        out["code_insee"] = com.where(com.ne(""), codes.str[:5])
    else:
        out["code_insee"] = codes
    for name, candidates in _LABELS.items():
        col = _find(header, candidates)
        if col is not None and (level == "iris" or name == "nom_commune"):
            out[name] = frame[col].astype(str).str.strip()
    sources: dict[str, str] = {}
    notes: list[str] = []

    def number(col: str) -> np.ndarray:
        vals = insee.numbers(frame[col])
        wrong = insee.bad_numbers(frame[col], vals) & ~bad
        for i in np.flatnonzero(wrong)[:1000]:
            report.reject(int(table.lines[i]), f"'{col}' is not a number (kept as missing)", str(frame[col].iloc[i]))
        if wrong.sum() > 1000:
            report.rejected_unlisted += int(wrong.sum()) - 1000
        return vals

    for name, col in counts.items():
        out[name] = number(col)
        sources[name] = col
    for name, cols in sums.items():
        # a sum of counts is missing when one of its parts is
        out[name] = np.sum([number(c) for c in cols], axis=0)
        sources[name] = " + ".join(cols)
    if "median_income" in filo:
        col, _ = filo["median_income"]
        raw = number(col)
        income = filosofi.clean_income(raw)
        n_zero = int((np.isfinite(raw) & ~np.isfinite(income)).sum())
        if n_zero:
            notes.append(f"{n_zero} median income(s) of 0 in '{col}' read as missing (INSEE secret)")
        out["median_income"] = income
        sources["median_income"] = col
    if "poverty_rate" in filo:
        col, _ = filo["poverty_rate"]
        out["poverty_rate"] = number(col) / 100.0
        sources["poverty_rate"] = f"{col} / 100"
    if rate_format == "variables":
        for var in variables:
            if var not in out.columns:
                out[var] = filosofi.clean_income(number(var)) if var == "median_income" else number(var)
                sources[var] = var
    elif rate_format is not None:
        for col_name, (var, divisor, note) in RATE_FORMATS[rate_format].items():
            col = _find(header, (col_name,))
            if col is None or var in out.columns:
                continue
            out[var] = number(col) / divisor
            sources[var] = col + (f" / {divisor:g}" if divisor != 1 else "")
            if note:
                notes.append(f"{var} is read from {col}: {note}")
        for col_name, why in _RATES_NOT_READ.items():
            if _find(header, (col_name,)) is not None:
                notes.append(f"{col_name} is not read: {why}")
    out = out.loc[~bad]
    lines = table.lines[~bad]
    if communes is not None:
        inside = out["code_insee"].isin(set(communes)).to_numpy()
        out, lines = out.loc[inside], lines[inside]
    keycol = "code_iris" if level == "iris" else "code_insee"
    dup = out[keycol].duplicated(keep="first").to_numpy()
    if dup.any():
        for i in np.flatnonzero(dup)[:1000]:
            report.reject(int(lines[i]), f"{keycol} already read on an earlier line (first kept)",
                          str(out[keycol].iloc[i]))
        out = out.loc[~dup]
    out = out.reset_index(drop=True)
    report.rows_kept = len(out)
    report.warnings.extend(notes)
    if report.rows_kept == 0 and not allow_empty:
        raise InputDataError(
            "no row of the table can be used" + (" for the territory's communes" if communes is not None else ""),
            path=str(path), hint="check the file is the right one (national or of this territory)")
    if report.rows_kept == 0:
        notes.append("no row for this territory")
    out.attrs.update({"level": level, "vintages": vintages, "sources": sources, "notes": notes,
                      "kinds": kinds})
    fb.set_progress(100)
    return ReadResult(out, report)


def _read_filosofi_long(table, path, communes, fb, allow_empty=False) -> ReadResult:
    """A Filosofi file in INSEE's long layout: the communes' values, and the official values of the
    EPCI, départements and régions it holds in ``attrs["official"]``."""
    com, official, vintage = filosofi.pivot_long(table.frame, insee.numbers)
    report = ReadReport(str(path), "commune_filosofi_long" + (f"/{table.format}" if table.format != "csv" else ""),
                        _provenance(["filosofi"], {"filosofi": vintage}, path, None), rows_read=len(table.frame))
    codes = insee.clean_codes(com["code"], 5)
    out = pd.DataFrame({"code_insee": codes})
    for var in ("median_income", "poverty_rate"):
        if var in com.columns:
            out[var] = com[var].to_numpy(float)
    out = out[codes.ne("").to_numpy()]
    if communes is not None:
        out = out[out["code_insee"].isin(set(communes))]
    out = out.drop_duplicates("code_insee").sort_values("code_insee").reset_index(drop=True)
    report.rows_kept = len(out)
    if official:
        report.warnings.append("official values of " + ", ".join(f"{o} {c}" for o, c in list(official)[:8])
                               + (" …" if len(official) > 8 else ""))
    if out.empty and not allow_empty:
        raise InputDataError("no commune row in the Filosofi file" + (" for the territory's communes"
                             if communes is not None else ""), path=str(path),
                             hint="choose the Filosofi file by commune (base-cc-filosofi)")
    out.attrs.update({"level": "commune", "vintages": {"filosofi": vintage} if vintage else {},
                      "sources": {v: f"FILOSOFI_MEASURE {m}" for m, (v, _d) in filosofi.LONG_MEASURES.items()
                                  if v in out.columns},
                      "notes": [], "kinds": ["filosofi"], "official": official})
    fb.set_progress(100)
    return ReadResult(out, report)


def official_references(official: dict, kind: str, code: str) -> dict:
    """{variable: value} of a reference territory (``kind`` EPCI, DEP or REG) from the official
    values a long Filosofi file holds; {} when it has none."""
    return dict(official.get((kind.upper(), str(code)), {}))


def _provenance(kinds, vintages, path, rate_format) -> Provenance:
    parts, producers = [], []
    if "census" in kinds:
        parts.append("INSEE recensement de la population")
        producers.append("INSEE")
    if "filosofi" in kinds:
        parts.append("INSEE Filosofi")
        producers.append("INSEE")
    if "rates" in kinds and rate_format == "dataforgood_rates":
        parts.append("taux de fragilité publiés (Data for Good, re-calcul MedNum 2020)")
        producers.append("Data for Good (from INSEE, ARCEP, Pôle emploi)")
    elif "rates" in kinds:
        parts.append("variables de fragilité (table fournie)")
    vintage = ", ".join(v for v in (vintages.get("census", ""),
                                    f"Filosofi {vintages['filosofi']}" if vintages.get("filosofi") else "") if v)
    url = CENSUS_URL if "census" in kinds else filosofi.FILOSOFI_URL if "filosofi" in kinds else str(path)
    return Provenance(source=" + ".join(parts), producer=" / ".join(dict.fromkeys(producers)),
                      vintage=vintage, licence=LICENCE_OUVERTE, url=url)


def read_fragility_inputs(paths, communes: set | None = None, feedback=None) -> ReadResult:
    """Several tables joined on their code (outer join: a unit missing from one file has missing
    values for its columns). IRIS and commune tables may be mixed: the result is by IRIS, and an
    IRIS that is a whole commune (code ending in 0000) takes the commune tables' values where the
    IRIS tables have none. Returns one frame and one report; ``attrs['reports']`` lists the
    report of each file, ``attrs['official']`` the official values of reference territories."""
    fb = ensure(feedback)
    paths = [p for p in ([paths] if isinstance(paths, (str, Path)) else list(paths or [])) if str(p).strip()]
    if not paths:
        raise ParameterError("no census or income file given",
                             hint="choose the INSEE census files (by IRIS or by commune) and/or Filosofi files")
    results = []
    for i, p in enumerate(paths):
        fb.check()
        results.append(read_fragility_table(p, communes=communes, allow_empty=True))
        fb.set_progress(90.0 * (i + 1) / len(paths))
    if all(r.report.rows_kept == 0 for r in results):
        raise InputDataError("no row of the tables can be used" + (" for the territory's communes"
                             if communes is not None else ""), path=str(paths[0]),
                             hint="check the files are the right ones (national or of this territory)")
    results = [r for r in results if r.report.rows_kept] + [r for r in results if not r.report.rows_kept]
    iris_results = [r for r in results if r.data.attrs["level"] == "iris"]
    com_results = [r for r in results if r.data.attrs["level"] == "commune"]
    notes: list[str] = []
    if iris_results and com_results:
        # a commune not split into IRIS is one IRIS (code ending in 0000): it takes its commune's
        # values where the IRIS tables have none; the IRIS of split communes never do
        merged, sources = _join_level(iris_results, "code_iris")
        coms, com_sources = _join_level(com_results, "code_insee")
        whole = merged["code_iris"].str.endswith("0000")
        table = coms.drop_duplicates("code_insee").set_index("code_insee")
        for col in table.columns:
            if col == "nom_commune":
                continue
            if col not in merged.columns:
                merged[col] = np.nan
            com_value = merged["code_insee"].map(table[col])
            fill = whole & merged[col].isna() & com_value.notna()
            if fill.any():
                merged.loc[fill, col] = com_value[fill]
                notes.append(f"{int(fill.sum())} IRIS of communes not split into IRIS take their commune's {col}")
                sources.setdefault(col, com_sources.get(col, col) + " (commune, for communes not split)")
        level, key = "iris", "code_iris"
    else:
        level = "iris" if iris_results else "commune"
        key = "code_iris" if level == "iris" else "code_insee"
        merged, sources = _join_level(results, key)
    merged = merged.sort_values(key).reset_index(drop=True)
    report = ReadReport(" ; ".join(r.report.path for r in results),
                        level + ":" + "+".join(r.report.format for r in results),
                        _merge_provenance([r.report.provenance for r in results]),
                        rows_read=sum(r.report.rows_read for r in results), rows_kept=len(merged))
    for r in results:
        report.rejected.extend(r.report.rejected)
        report.rejected_unlisted += r.report.rejected_unlisted
        report.warnings.extend(f"{Path(r.report.path).name}: {w}" for w in r.report.warnings)
    report.warnings.extend(notes)
    official = {}
    for r in results:
        official.update(r.data.attrs.get("official") or {})
    merged.attrs.update({"level": level, "sources": sources,
                         "vintages": {k: v for r in results for k, v in r.data.attrs["vintages"].items()},
                         "reports": [r.report for r in results], "official": official})
    fb.set_progress(100)
    return ReadResult(merged, report)


def _join_level(results, key: str):
    """Outer join of tables of one level on ``key``; the first file's column wins."""
    merged = results[0].data.copy()
    sources = dict(merged.attrs.get("sources", {}))
    for r in results[1:]:
        extra = r.data
        cols = [c for c in extra.columns if c not in merged.columns or c == key]
        labels = [c for c in extra.columns if c in merged.columns and c != key
                  and c in ("code_insee", "nom_commune", "nom_iris", "typ_iris")]
        merged = merged.merge(extra[cols], on=key, how="outer")
        for c in labels:    # fill labels of units only the later file has
            fill = merged[key].map(extra.set_index(key)[c])
            merged[c] = merged[c].where(merged[c].notna() & merged[c].ne(""), fill)
        sources.update({k: v for k, v in extra.attrs.get("sources", {}).items() if k not in sources})
        dropped = [c for c in extra.columns if c in results[0].data.columns and c not in (key, *labels)]
        if dropped:
            r.report.warnings.append(f"columns already read from an earlier file kept from it: {', '.join(dropped)}")
    for c in ("code_insee", "nom_commune", "nom_iris", "typ_iris"):
        if c in merged.columns:
            merged[c] = merged[c].fillna("").astype(object)
    if key == "code_iris":
        merged["code_insee"] = merged["code_insee"].where(merged["code_insee"].ne(""), merged["code_iris"].str[:5])
    return merged, sources


def _merge_provenance(provs: list) -> Provenance:
    if len(provs) == 1:
        return provs[0]
    uniq = list(dict.fromkeys(p.source for p in provs))
    return Provenance(source=" ; ".join(uniq),
                      producer=" / ".join(dict.fromkeys(p.producer for p in provs if p.producer)),
                      vintage=", ".join(dict.fromkeys(p.vintage for p in provs if p.vintage)),
                      licence=provs[0].licence, url=provs[0].url)
