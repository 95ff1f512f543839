"""Gather bench/output/results/*.json into bench/results.md: date, machine, versions, load, a
summary table (the README's performance table is copied from it by scripts/readme_bench.py) and
every figure of every benchmark.

    .venv/bin/python bench/report.py
"""
from __future__ import annotations

import json
from pathlib import Path

import common

RESULTS_MD = common.HERE / "results.md"
ORDER = ("coverage", "profile_coverage", "coverage_100k", "2sfca", "network", "growth", "national", "dask", "dask_network",
         "read_ban", "read_ban_modern", "placement", "webmap", "national_report", "startup")
LOAD_LIMIT = 1.5


DATA_OPEN, DATA_CLOSE = "<!-- bench-data", "-->"


def _embedded(text: str) -> dict:
    """The figures results.md was written from (kept in it as a comment), so that a benchmark run
    alone updates its own section and leaves the others as they were measured."""
    start = text.find(DATA_OPEN)
    if start < 0:
        return {}
    end = text.find(DATA_CLOSE, start)
    try:
        return json.loads(text[start + len(DATA_OPEN):end])
    except ValueError:
        return {}


def _load_all() -> dict:
    out = _embedded(RESULTS_MD.read_text(encoding="utf-8")) if RESULTS_MD.exists() else {}
    for path in sorted(common.RESULTS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        out[data["benchmark"]] = data
    return out


def s(t) -> str:
    """Seconds as people read them."""
    if t is None:
        return "—"
    return f"{t:.2f} s" if t < 10 else f"{t:.1f} s" if t < 100 else f"{t:.0f} s"


def x(r) -> str:
    return f"{r:.0f}×" if r >= 20 else f"{r:.1f}×"


def mm(d) -> str:
    """min / median of a Timed dict."""
    return f"{s(d['min_s'])} / {s(d['median_s'])}"


def _loads(data) -> list[float]:
    found = []

    def walk(v):
        if isinstance(v, dict):
            for k, w in v.items():
                if k in ("load", "load_end", "load_start") and isinstance(w, (int, float)):
                    found.append(float(w))
                elif k == "load" and isinstance(w, list):
                    found.extend(float(u) for u in w)
                else:
                    walk(w)
        elif isinstance(v, list):
            for w in v:
                walk(w)
    walk(data)
    return found


def summary_rows(res: dict) -> list[list[str]]:
    rows = []
    c = res.get("coverage")
    if c:
        n = c["sizes"]
        rows.append([f"crow-flies coverage per commune, {n['addresses'] / 1e6:g} M addresses × {n['services']:,} "
                     f"services × {n['communes']} communes, GeoPackage in → polygon GeoPackage out "
                     f"(`bench_coverage.py`)",
                     f"`terridiag:coverage` {s(c['terridiag']['median_s'])} "
                     f"({s(c['terridiag_s_per_million'])} per million addresses)",
                     f"QGIS `joinbynearest` + `aggregate` (+ `joinattributestable`), memory intermediates: "
                     f"{s(c['qgis']['median_s'])}",
                     f"{x(c['ratio_median'])} (same counts, mean and median to 1 mm)"])
    f = res.get("2sfca")
    if f:
        n = f["sizes"]
        for m, label in (("2sfca", "2SFCA 10 km"), ("e2sfca", "E2SFCA 5/10/15 km")):
            if m in f:
                r = f[m]
                rows.append([f"{label}, {n['demand']:,} demand points × {n['supply']:,} places, layers in → "
                             f"layer out (`bench_2sfca.py`)",
                             f"`terridiag:accessibility_2sfca` {s(r['terridiag']['median_s'])}",
                             f"PySAL `access` with its own cost builder: {s(r['access']['median_s'])} "
                             f"({r['access_peak_rss_mb'] / 1024:.1f} GB)",
                             f"{x(r['ratio_median'])} (same values to {r['equal']['max_rel_diff']:.0e})"])
    net = res.get("network")
    if net:
        for key, label in (("real", "real OSM extract (Territoire de Belfort, 2011)"),
                           ("generated", "generated OSM file")):
            if key in net:
                r = net[key]
                rows.append([f"network coverage, {label}: {r['osm_mb']:.1f} MB, {r['edges']:,} edges, "
                             f"{r['addresses']:,} addresses (`bench_network.py`)",
                             f"`terridiag:network_coverage` {s(r['processing']['median_s'])}, of which graph "
                             f"build (parsing included) {s(r['graph_build']['median_s'])} and solve "
                             f"{s(r['solve']['median_s'])}", "—", "—"])
    g = res.get("growth")
    if g:
        parts = ", ".join(f"{r['n'] / 1e6:g} M: {s(r['median_s'])}, +{r['growth_mb']:.0f} MB" for r in g["sizes"])
        rows.append(["growth of `terridiag:coverage` (`bench_growth.py`)", parts, "—",
                     f"time ~ n^{g['fit']['time_exponent']:.2f}, memory ~ n^{g['fit']['memory_exponent']:.2f}"])
    nat = res.get("national")
    if nat:
        rows.append([f"national coverage, {nat['n'] / 1e6:g} M addresses × 10,000 services × 35,000 communes, "
                     f"GeoPackage in and out (`make bench-national`)",
                     f"{s(nat['median_s'])}, peak {nat['peak_rss_mb'] / 1024:.1f} GB", "—",
                     "target < 3 min, < 8 GB"])
    w = res.get("webmap")
    if w:
        rows.append([f"web map of {w['communes']:,} synthetic communes ({w['html_mb']:.0f} MB HTML) opened in headless "
                     f"Chromium, navigation start to the map drawn (`bench_webmap.py`)",
                     f"{s(w['open_median_s'])} (write: {s(w['write_s'])})", "—",
                     f"target < {w['target_s']:g} s"])
    nr = res.get("national_report")
    if nr:
        rows.append([f"report of {nr['communes']:,} communes, one section per département "
                     f"(`bench_national_report.py`)",
                     f"HTML {s(nr['html_s'])} ({nr['html_mb']:.0f} MB), PDF {s(nr['pdf_s'])} ({nr['pdf_pages']} pages, "
                     f"{nr['pdf_mb']:.0f} MB), peak {nr['peak_rss_mb']:.0f} MB", "—", "—"])
    st = res.get("startup")
    if st:
        rows.append([f"enabling the plugin: QGIS desktop start-up with TerriDiag against without, {st['runs']} "
                     f"starts each (`bench_startup.py`)",
                     f"{st['added_median_ms']:+.0f} ms"
                     + (", within the noise of QGIS's own start-up" if st['added_median_ms'] < 0 else "")
                     + f" (TerriDiag's own load {st['plugin_median_ms']:.0f} ms; "
                     f"heavy modules: {', '.join(st['heavy_added']) or 'none'})",
                     f"QGIS alone: {s(st['without']['median_s'])}", "target < 50 ms"])
    for key, stack in (("read_ban", "QGIS's pandas"), ("read_ban_modern", "current pandas")):
        r = res.get(key)
        if r:
            rows.append([f"read {r['rows'] / 1e6:g} M BAN rows, pandas {r['pandas']} ({stack}) (`bench_read_ban.py`)",
                         f"`read_ban` {s(r['read_ban']['median_s'])}",
                         f"bare `pandas.read_csv`: {s(r['pandas_read_csv']['median_s'])}",
                         f"{r['ratio_median']:.2f}× the bare read (target ≤ 2)"])
    p = res.get("placement")
    if p:
        m = p["methods"]
        e, gr = m.get("exact MILP"), m.get("greedy (baseline)")
        if e and gr:
            rows.append([f"best {p['sizes']['sites']} of {p['sizes']['candidates']:,} sites, "
                         f"{p['sizes']['addresses'] / 1e6:g} M addresses, aggregation included (`bench_placement.py`)",
                         f"exact: {s(e['median_s'])} ({e['method']})", f"plain greedy: {s(gr['median_s'])}",
                         f"{p['exact_vs_greedy_added_pct']:+.1f} % demand added"])
    return rows


def table(rows, header=("benchmark", "TerriDiag (median)", "peer (median)", "ratio / result")) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def eq(e: dict) -> str:
    """The equality check in words."""
    if "max_abs_diff" in e:
        diffs = ", ".join(f"{k} {v:.1e}" for k, v in e["max_abs_diff"].items())
        return (f"{e['compared']} of {e['communes']} communes compared ({e['masked']} masked on both sides), "
                f"largest differences {diffs}")
    if "max_rel_diff" in e:
        return (f"{e['points']:,} demand points compared, largest relative difference {e['max_rel_diff']:.1e} "
                f"({e['zero_points']:,} with no place in reach)")
    return str(e)


def details(name: str, d: dict) -> str:
    out = [f"### {name}", "", d.get("what", ""), ""]
    if name.startswith("coverage"):
        out += [table([["TerriDiag", mm(d["terridiag"]), ", ".join(s(t) for t in d["terridiag"]["times_s"])],
                       ["QGIS chain", mm(d["qgis"]), ", ".join(s(t) for t in d["qgis"]["times_s"])]],
                      ("side", "min / median", "every run")), "",
                f"QGIS steps (median): joinbynearest {s(d['qgis_steps_median_s']['joinbynearest_s'])}, aggregate "
                f"{s(d['qgis_steps_median_s']['aggregate_s'])}, joinattributestable "
                f"{s(d['qgis_steps_median_s']['joinattributestable_s'])}. Ratio of medians {x(d['ratio_median'])}, "
                f"of minima {x(d['ratio_min'])}; TerriDiag {s(d['terridiag_s_per_million'])} per million addresses "
                f"(target ≤ 0.5 s). Equality: {eq(d['equal'])}."]
    elif name == "profile_coverage":
        tot = d["total_s"]
        rows = [[k, s(v), f"{100 * v / tot:.0f} %"] for k, v in d["stages"].items()]
        out += [table(rows, ("stage", "time (median)", "share")), "",
                f"Total {s(tot)} per profiled run (cProfile adds a little)."]
    elif name == "2sfca":
        for m in ("2sfca", "e2sfca"):
            if m in d:
                r = d[m]
                out += [f"**{m.upper()}**: TerriDiag {mm(r['terridiag'])} (min / median; runs "
                        f"{', '.join(s(t) for t in r['terridiag']['times_s'])}); access {mm(r['access'])} (runs "
                        f"{', '.join(s(t) for t in r['access']['times_s'])}), {r['access_pairs']:,} cost pairs kept, "
                        f"peak {r['access_peak_rss_mb']:.0f} MB; ratio of medians {x(r['ratio_median'])}, of minima "
                        f"{x(r['ratio_min'])}; equality: {eq(r['equal'])}. PySAL side: "
                        + ", ".join(f"{k} {w}" for k, w in r.get("access_versions", {}).items()) + ".", ""]
    elif name == "network":
        rows = []
        for key in ("real", "generated"):
            if key in d:
                r = d[key]
                rows.append([key, f"{r['osm']} ({r['osm_mb']:.1f} MB)", f"{r['nodes']:,} / {r['edges']:,}",
                             f"{r['addresses']:,} / {r['services']:,} / {r['communes']:,}", mm(r["processing"]),
                             mm(r["graph_build"]), mm(r["solve"]),
                             f"{r['graph_covers_share']:.3f}" if r.get("graph_covers_share") is not None else "—"])
        out += [table(rows, ("extract", "file", "nodes / edges", "addresses / services / communes",
                             "Processing run", "graph build (parse)", "solve", "graph covers"))]
    elif name == "growth":
        rows = [[f"{r['n']:,}", mm(r), f"{r['peak_rss_mb']:.0f} MB", f"{r['growth_mb']:.0f} MB"] for r in d["sizes"]]
        out += [table(rows, ("addresses", "min / median", "peak RSS of the process", "over the warmed-up process")),
                "", f"Fitted: time ~ n^{d['fit']['time_exponent']:.2f}, memory growth ~ "
                    f"n^{d['fit']['memory_exponent']:.2f}; {d['fit']['bytes_per_address_at_largest']:.0f} bytes per "
                    f"address at the largest size."]
    elif name == "dask":
        rows = [[r["engine"], str(r["workers"] or "—"), ", ".join(s(t) for t in r["times_s"]),
                 str(r.get("partitions", "—")), f"{r['load_before']} → {r['load_after']}"] for r in d["rows"]]
        out += [table(rows, ("engine", "workers", "runs", "partitions", "load average before → after")), "",
                "Tables checked equal to the in-process run." if d.get("equal_to_in_process") else ""]
    elif name == "dask_network":
        rows = [[r["engine"], str(r["workers"] or "—"), r["buffer"], s(r["total_s"]), str(r.get("widened", "—")),
                 f"{r['load_before']} → {r['load_after']}"] for r in d["rows"]]
        out += [table(rows, ("engine", "workers", "first border buffer", "total", "pieces widened",
                             "load average before → after")), ""]
        runs = [r for r in d["rows"] if r.get("per_departement")]
        if runs:
            deps = sorted(runs[0]["per_departement"])
            per = [[k] + [f"{r['per_departement'][k]['seconds']:.2f} s ({r['per_departement'][k]['rounds']})"
                          for r in runs] for k in deps]
            out += ["Time of each département on its worker (its pieces, widenings included; number of pieces):", "",
                    table(per, ["département"] + [f"{r['workers']} worker(s), {r['buffer']}" for r in runs]), ""]
        out += ["Tables checked equal to the in-process run (to 1e-12)." if d.get("equal_to_in_process") else ""]
        if d.get("note"):
            out += ["", d["note"]]
    elif name == "national":
        out += [f"Runs {', '.join(s(t) for t in d['times_s'])} (min / median {mm(d)}); peak RSS "
                f"{d['peak_rss_mb']:.0f} MB ({d['growth_mb']:.0f} MB over the warmed-up QGIS process); "
                f"{d['communes']:,} communes written."]
        if d.get("note"):
            out += ["", f"{d['note'][0].upper()}{d['note'][1:]}."]
    elif name == "national_report":
        out += [f"HTML {s(d['html_s'])} ({d['html_mb']:.1f} MB); PDF {s(d['pdf_s'])} ({d['pdf_pages']} pages, "
                f"{d['pdf_mb']:.1f} MB); peak RSS {d['peak_rss_mb']:.0f} MB. Not re-run in the last `make bench` "
                f"(it belongs to `make bench-national`): measured at a load of {d.get('load_end', 0):.1f}."]
    elif name == "webmap":
        out += [f"Opened in {', '.join(s(t) for t in d['open_s'])} (min / median {s(d['open_min_s'])} / "
                f"{s(d['open_median_s'])}; target {d['target_s']:g} s), navigation start to the first frame "
                f"with the communes painted; HTML {d['html_mb']:.1f} MB, written in {s(d['write_s'])}."]
    elif name.startswith("read_ban"):
        out += [f"read_ban {mm(d['read_ban'])}; pandas.read_csv {mm(d['pandas_read_csv'])}; ratio of medians "
                f"{d['ratio_median']:.2f}, of minima {d['ratio_min']:.2f}; {d['kept']:,} rows kept "
                f"({d['rejected_or_merged']:,} rejected or merged); peak RSS {d['peak_rss_mb']:.0f} MB."]
    elif name == "startup":
        out += [f"Without TerriDiag {mm(d['without'])}, with it {mm(d['with'])} (min / median); difference "
                f"{d['added_min_ms']:+.0f} ms (minima) and {d['added_median_ms']:+.0f} ms (medians). TerriDiag's load "
                f"in QGIS's start-up profiler: {d['plugin_min_ms']:.0f} ms min, {d['plugin_median_ms']:.0f} ms median "
                f"({d['plugin_first_ms']:.0f} ms at the profile's first start, bytecode not yet cached); "
                f"{d['modules_added']} Python modules added, heavy ones: {', '.join(d['heavy_added']) or 'none'}."]
    elif name == "placement":
        rows = [[k, mm(v), f"{v['covered']:,.0f} ({v['share']:.3%})", f"{v['added']:,.0f}", f"{v['gap']:.3%}",
                 v["method"]] for k, v in d["methods"].items()]
        out += [table(rows, ("method", "min / median", "covered", "added", "gap", "result"))]
    v = d.get("versions", {})
    out += ["", f"_{d['date']}; load {min(_loads(d) or [0]):.2f}–{max(_loads(d) or [0]):.2f}; "
                + ", ".join(f"{k} {w}" for k, w in v.items()) + "_", ""]
    return "\n".join(out)


def render(res: dict) -> str:
    if not res:
        raise SystemExit("no result in bench/output/results: run make bench first")
    first = next(iter(res.values()))
    m = first["machine"]
    loads = [u for d in res.values() for u in _loads(d)]
    dates = sorted(d["date"] for d in res.values())
    lines = ["# TerriDiag benchmarks: measured figures", "",
             "Written by `make bench` (`bench/report.py`) from `bench/output/results/*.json`; the README's "
             "performance table is copied from the summary below by `scripts/readme_bench.py`. Every figure is "
             "a wall-clock time measured as described in each benchmark's docstring: both sides run the user's "
             "path, warm-up on both sides, at least 3 runs, min and median, results checked equal.", "",
             f"- Date: {dates[0]} to {dates[-1]}",
             f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_mb'] / 1024:.0f} GB, {m['system']}",
             f"- Load average (1 min) seen during the runs: {min(loads):.2f} to {max(loads):.2f}"]
    if max(loads) > LOAD_LIMIT:
        lines.append(f"- **The machine was shared** (load above {LOAD_LIMIT} during some runs): times are slower "
                     f"than on a quiet machine, and ratios are noisier.")
    lines += ["", "## Summary", "", table(summary_rows(res)), "", "## Details", ""]
    for name in ORDER:
        if name in res:
            lines.append(details(name, res[name]))
    for name in sorted(set(res) - set(ORDER)):
        lines.append(details(name, res[name]))
    data = json.dumps(res, separators=(",", ":"), sort_keys=True).replace("--", "-\\u002d")
    lines += ["", DATA_OPEN, data, DATA_CLOSE]
    return "\n".join(lines).rstrip() + "\n"


def main():
    text = render(_load_all())
    RESULTS_MD.write_text(text, encoding="utf-8")
    print(f"wrote {RESULTS_MD}")


if __name__ == "__main__":
    main()
