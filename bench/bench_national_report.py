"""Benchmark: the report of a national run (35,000 communes in 96 départements), HTML and PDF.

    .venv/bin/python bench/bench_national_report.py [--communes 35000]

The communes are synthetic (tests/support/national_map.py). The report is the one a run over
several départements gets: the whole run's page, a table of contents, then a section per
département (its map in its legal CRS, its figures, classes and table of communes). Writes
bench/output/results/national_report.json with the time and size of each file and the PDF's page
count.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common

common.setup_path()
sys.path.insert(0, str(common.REPO / "tests" / "support"))
import national_map  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--communes", type=int, default=35_000)
    args = ap.parse_args()
    from terridiag.plugin.core.export.report import write_report

    communes = national_map.national_communes(args.communes)
    meta = {"title": "France (synthetic)", "parameters": {"thresholds_km": [5]}}
    tmp = Path(tempfile.mkdtemp(prefix="bench_report_"))
    t = time.perf_counter()
    html = write_report(communes, None, meta, "share_within", html_path=tmp / "france.html")["html"]
    html_s = time.perf_counter() - t
    t = time.perf_counter()
    pdf = write_report(communes, None, meta, "share_within", pdf_path=tmp / "france.pdf")["pdf"]
    pdf_s = time.perf_counter() - t
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1)) if "Pages" in info else None
    payload = {"what": f"report of {args.communes:,} synthetic communes in 96 départements",
               "communes": args.communes, "html_s": html_s, "html_mb": html.stat().st_size / 1e6,
               "pdf_s": pdf_s, "pdf_mb": pdf.stat().st_size / 1e6, "pdf_pages": pages,
               "peak_rss_mb": common.peak_rss_mb()}
    print(f"{args.communes:,} communes: HTML {payload['html_mb']:.1f} MB in {html_s:.1f} s; "
          f"PDF {payload['pdf_mb']:.1f} MB, {pages} pages in {pdf_s:.1f} s")
    print(common.record("national_report", payload))


if __name__ == "__main__":
    main()
