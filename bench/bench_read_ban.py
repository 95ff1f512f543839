"""Benchmark of the BAN reader (issue 3).

1. Generates a seeded 1 M-row BAN CSV (official 23-column header) in bench/output/ and times, in
   the same run, ``read_ban`` against a bare ``pandas.read_csv`` of the same file with the same
   columns: one untimed run of each first (the file is then in the page cache for both), then
   rounds in alternating order; min and median. Target: ratio <= 2.
2. ``--national``: generates a 26 M-row .csv.gz (written chunk by chunk) and streams it through
   ``read_ban`` in a child process, printing its peak RSS (``resource.getrusage``). Target: < 4 GB.

Run from the repository root:  python bench/bench_read_ban.py [--rows N] [--national]
(with .venv for QGIS's pandas, .venv-modern for current pandas). Figures go to
bench/output/results/read_ban*.json.
"""
from __future__ import annotations

import argparse
import gzip
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "output"

BAN_HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
              "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
              "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
              "certification_commune;cad_parcelles").split(";")
USECOLS = ["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune",
           "x", "y", "lon", "lat"]
_STREETS = np.array(["Rue de la Paix", "Grande Rue", "Rue du Moulin", "Chemin des Vignes",
                     "Route de Belfort", "Place de l'Église", "Rue Victor Hugo", "Impasse des Lilas",
                     "Allée des Tilleuls", "Rue Jean Jaurès", "Avenue de la Gare", "Rue Pasteur"])


def _package():
    """Import the plugin as ``terridiag`` (the repository root is the package)."""
    pkg = REPO / ".build" / "pkg"
    pkg.mkdir(parents=True, exist_ok=True)
    link = pkg / "terridiag"
    if not link.exists():
        link.symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(pkg))
    from terridiag.plugin.core.sources import addresses
    return addresses


def ban_chunk(rng: np.random.Generator, n: int, departments: list[str], first: int = 0) -> pd.DataFrame:
    """n BAN rows in metropolitan départements, with lon/lat consistent with x/y."""
    from pyproj import Transformer
    dep = np.array(departments)[rng.integers(0, len(departments), n)]
    com = rng.integers(1, 700, n)
    code = np.char.add(dep.astype("U3"), np.char.zfill(com.astype("U3"), 3))
    voie = rng.integers(0, 400, n)
    num = rng.integers(1, 300, n)
    rep = np.where(rng.random(n) < 0.05, "bis", "")
    x = np.round(rng.uniform(150_000, 1_050_000, n), 2)
    y = np.round(rng.uniform(6_150_000, 7_050_000, n), 2)
    lon, lat = Transformer.from_crs(2154, 4326, always_xy=True).transform(x, y)
    ids = pd.Series(code).str.cat([pd.Series(np.char.zfill(voie.astype("U4"), 4)),
                                   pd.Series(np.char.zfill(num.astype("U5"), 5))], sep="_")
    street = _STREETS[voie % len(_STREETS)]
    name = np.char.add("Commune ", code)
    frame = pd.DataFrame({
        "id": ids, "id_fantoir": np.char.add(np.char.add(code, "_"), voie.astype("U4")),
        "numero": num, "rep": rep, "nom_voie": street, "code_postal": np.char.add(dep.astype("U3"), "100"),
        "code_insee": code, "nom_commune": name, "code_insee_ancienne_commune": "",
        "nom_ancienne_commune": "", "x": x, "y": y, "lon": np.round(lon, 6), "lat": np.round(lat, 6),
        "type_position": "entrée", "alias": "", "nom_ld": "", "libelle_acheminement": np.char.upper(name),
        "nom_afnor": np.char.upper(street), "source_position": "commune", "source_nom_voie": "commune",
        "certification_commune": rng.integers(0, 2, n), "cad_parcelles": "",
    }, columns=BAN_HEADER)
    return frame


def generate_repeated(path: Path, rows: int, seed: int = 42, block: int = 1_000_000) -> None:
    """A national-size file fast: one generated block of rows written again and again (the reader's
    memory and speed do not depend on rows being distinct; generating 26 M distinct rows takes ~20 min)."""
    if path.exists():
        return
    rng = np.random.default_rng(seed)
    deps = [f"{d:02d}" for d in range(1, 96) if d != 20]
    text = ban_chunk(rng, block, deps).to_csv(sep=";", index=False, header=False).encode("utf-8")
    header = (";".join(BAN_HEADER) + "\n").encode("utf-8")
    tmp = path.with_name(path.name + ".part")
    with gzip.open(tmp, "wb", compresslevel=1) as fh:
        fh.write(header)
        done = 0
        while done < rows:
            n = min(block, rows - done)
            fh.write(text if n == block else b"".join(text.splitlines(keepends=True)[:n]))
            done += n
            print(f"  written {done:,} rows", file=sys.stderr)
    tmp.rename(path)


def generate(path: Path, rows: int, seed: int = 42, chunk: int = 1_000_000) -> None:
    if path.exists():
        return
    rng = np.random.default_rng(seed)
    deps = [f"{d:02d}" for d in range(1, 96) if d != 20]
    tmp = path.with_name(path.name + ".part")
    opener = (lambda p: gzip.open(p, "wt", encoding="utf-8", compresslevel=1)) \
        if path.suffix == ".gz" else (lambda p: open(p, "w", encoding="utf-8"))
    with opener(tmp) as fh:
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            ban_chunk(rng, n, deps, done).to_csv(fh, sep=";", index=False, header=done == 0)
            done += n
            print(f"  generated {done:,} rows", file=sys.stderr)
    tmp.rename(path)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # Linux: KiB


def bench_speed(rows: int, runs: int = 3) -> dict:
    """read_ban against a bare pandas.read_csv of the same columns, on a warm file cache for both
    (one untimed run of each first), the order alternating between rounds."""
    import common
    addresses = _package()
    path = OUT / f"ban_{rows}.csv"
    generate(path, rows)
    def bare():
        return pd.read_csv(path, sep=";", usecols=USECOLS)

    def ours():
        return addresses.read_ban(path)

    timed = common.compare({"read_ban": ours, "pandas.read_csv": bare}, runs=runs, warmup=True)
    t_ban, t_bare = timed["read_ban"], timed["pandas.read_csv"]
    # the same addresses: every row read_ban keeps is the file's row of that id (repeated ids are
    # merged into their first row, rejected rows are counted by its report)
    got, ref = t_ban.last.data, t_bare.last.drop_duplicates("id").set_index("id")
    ref = ref.loc[got["id"].astype(str)]
    assert np.array_equal(got["x"].to_numpy(float), ref["x"].to_numpy(float))
    assert np.array_equal(got["y"].to_numpy(float), ref["y"].to_numpy(float))
    assert (got["code_insee"].astype(str).to_numpy() == ref["code_insee"].astype(str).str.zfill(5).to_numpy()).all()
    t_ban.last = t_bare.last = None
    return {"rows": rows, "read_ban": t_ban.to_dict(), "pandas_read_csv": t_bare.to_dict(),
            "ratio_median": t_ban.median / t_bare.median, "ratio_min": t_ban.min / t_bare.min,
            "kept": int(len(got)), "rejected_or_merged": int(rows - len(got)), "peak_rss_mb": peak_rss_mb(),
            "pandas": pd.__version__}


def bench_national(rows: int) -> str:
    path = OUT / f"ban_national_{rows}.csv.gz"
    generate_repeated(path, rows)
    code = ("import sys, time, resource; sys.path.insert(0, %r); "
            "from terridiag.plugin.core.sources.addresses import read_ban; t=time.perf_counter(); "
            "r = read_ban(%r); "
            "print(len(r.data), round(time.perf_counter()-t, 1), "
            "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, "
            "int(r.data.memory_usage(deep=True).sum() / 2**20))") % (str(REPO / ".build" / "pkg"), str(path))
    _package()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    kept, seconds, rss, frame_mb = out.stdout.split()
    return (f"{time.strftime('%Y-%m-%d %H:%M')} national rows={rows:,} pandas {pd.__version__}: "
            f"read_ban {float(seconds):.0f} s, kept {int(kept):,}, table {frame_mb} MB, "
            f"peak RSS {float(rss):.0f} MB (target < 4096 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--national", action="store_true", help="also stream a 26 M-row .csv.gz")
    parser.add_argument("--national-rows", type=int, default=26_000_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import common
    res = bench_speed(args.rows, args.runs)
    print(f"read_ban {res['read_ban']['median_s']:.2f} s vs pandas.read_csv {res['pandas_read_csv']['median_s']:.2f} s "
          f"(medians), ratio {res['ratio_median']:.2f} (target <= 2), pandas {pd.__version__}")
    name = "read_ban" if "modern" not in sys.prefix else "read_ban_modern"
    common.record(name, {"what": f"read_ban vs pandas.read_csv(usecols), {args.rows:,} BAN rows, pandas "
                                 f"{pd.__version__}", **res})
    if args.national:
        line = bench_national(args.national_rows)
        print(line)
        common.record("read_ban_national", {"what": f"read_ban streaming {args.national_rows:,} rows (.csv.gz)",
                                            "line": line})


if __name__ == "__main__":
    main()
