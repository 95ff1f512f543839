"""The README's performance section, made from bench/results.md (written by ``make bench``): the
summary table as measured, with the date, the machine and the load it was measured under.

    python3 scripts/readme_bench.py          # rewrite the section of README.md
    python3 scripts/readme_bench.py --check  # exit 1 when README.md differs from what results.md gives

The section lies between the markers ``<!-- bench:begin -->`` and ``<!-- bench:end -->``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def section(results_md: str) -> str:
    """The README block (markers included) that ``results_md`` gives."""
    def field(label):
        m = re.search(rf"^- {label}: (.+)$", results_md, flags=re.M)
        return m.group(1).strip() if m else "—"

    m = re.search(r"^## Summary\n\n(\|.*?)(?:\n\n|\Z)", results_md, flags=re.M | re.S)
    if not m:
        raise ValueError("bench/results.md has no '## Summary' table")
    load = field(r"Load average \(1 min\) seen during the runs")
    shared = re.search(r"^- \*\*The machine was shared\*\*.*$", results_md, flags=re.M)
    lines = [BEGIN,
             f"Measured by `make bench` ({field('Date')}) on {field('Machine')}; load average during the runs "
             f"{load}. Each line compares what a user runs on "
             "both sides (Processing algorithms from files to files, PySAL `access` with its own cost builder), "
             "after a warm-up, median of at least 3 runs, with the results checked equal. Every figure, each run "
             "and the versions are in [bench/results.md](bench/results.md).", ""]
    if shared:
        lines += ["The machine was shared with other work during these runs: the times are slower than on a "
                  "quiet machine and the ratios noisier.", ""]
    lines += [m.group(1).strip(), END]
    return "\n".join(lines)


def updated_readme(readme: str, results_md: str) -> str:
    start, stop = readme.find(BEGIN), readme.find(END)
    if start < 0 or stop < 0:
        raise ValueError(f"README.md has no {BEGIN} … {END} section")
    return readme[:start] + section(results_md) + readme[stop + len(END):]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    readme_path, results_path = REPO / "README.md", REPO / "bench" / "results.md"
    readme = readme_path.read_text(encoding="utf-8")
    new = updated_readme(readme, results_path.read_text(encoding="utf-8"))
    if "--check" in argv:
        if new != readme:
            print("README.md's performance section differs from bench/results.md: run scripts/readme_bench.py")
            return 1
        return 0
    readme_path.write_text(new, encoding="utf-8")
    print("README.md performance section written from bench/results.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
