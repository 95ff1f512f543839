"""What every benchmark shares: the plugin on ``sys.path``, a headless QGIS with Processing, the
timing protocol, synthetic GeoPackages written fast, and the figures recorded for ``results.md``.

Timing protocol (issue 14): both sides run the user's path; one untimed warm-up run on each side;
then ``runs`` timed rounds, the sides alternating inside each round (A B, B A, A B…) so that a
noisy neighbour or a warm cache favours neither; min and median are reported. Results are
compared by the caller and a difference raises ``AssertionError`` (the benchmark fails).
"""
from __future__ import annotations

import json
import os
import platform
import resource
import sqlite3
import statistics
import struct
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "output"
RESULTS = OUT / "results"          # one JSON per benchmark, gathered into results.md by report.py
PKG = REPO / ".build" / "pkg"
SHARED_DATA = Path(os.environ.get("TERRIDIAG_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()
MODERN_PY = REPO / ".venv-modern" / "bin" / "python"
QGIS_PY = REPO / ".venv" / "bin" / "python"


def setup_path() -> None:
    """Import the repository as the ``terridiag`` package (as tests do), and Debian's PROJ data."""
    PKG.mkdir(parents=True, exist_ok=True)
    link = PKG / "terridiag"
    if not link.exists():
        try:
            link.symlink_to(REPO, target_is_directory=True)
        except FileExistsError:
            pass
    if str(PKG) not in sys.path:
        sys.path.insert(0, str(PKG))
    if "PROJ_DATA" not in os.environ and Path("/usr/share/proj/proj.db").exists() \
            and sys.prefix != sys.base_prefix and "modern" not in sys.prefix:
        os.environ["PROJ_DATA"] = "/usr/share/proj"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


setup_path()

_QGIS = {}


def qgis():
    """A headless QGIS application with Processing, QGIS's native algorithms and the TerriDiag
    provider (what a user has once the plugin is enabled). Returns the ``processing`` module."""
    if "processing" in _QGIS:
        return _QGIS["processing"]
    from qgis.core import QgsApplication
    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing
    Processing.initialize()
    from terridiag.plugin.processing.provider import TerriDiagProvider
    provider = TerriDiagProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    _QGIS.update(app=app, provider=provider, processing=processing)   # keep them alive
    return processing


def versions() -> dict:
    out = {"python": platform.python_version()}
    for mod in ("numpy", "pandas", "scipy", "shapely", "geopandas", "access"):
        try:
            out[mod] = __import__(mod).__version__
        except Exception:  # noqa: BLE001 - absent in this venv
            pass
    try:
        from osgeo import gdal
        out["gdal"] = gdal.__version__
    except ImportError:
        pass
    try:
        from qgis.core import Qgis
        out["qgis"] = Qgis.QGIS_VERSION
    except ImportError:
        pass
    return out


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) // 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": mem, "system": platform.platform()}


def load() -> float:
    return round(os.getloadavg()[0], 2)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2 ** 20


# -- timing -----------------------------------------------------------------------------------------
class Timed:
    """The timings of one side of a comparison."""

    def __init__(self, label: str):
        self.label = label
        self.times: list[float] = []
        self.loads: list[float] = []
        self.last = None

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def to_dict(self) -> dict:
        return {"label": self.label, "runs": len(self.times), "min_s": self.min, "median_s": self.median,
                "times_s": [round(t, 4) for t in self.times], "load": self.loads}


def compare(sides: dict, runs: int = 3, warmup: bool = True) -> dict[str, Timed]:
    """Time each callable of ``sides`` (label -> fn returning its result) ``runs`` times, the order
    alternating between rounds, after one untimed warm-up run of each side (or none)."""
    runs = max(3, int(runs))
    out = {k: Timed(k) for k in sides}
    order = list(sides)
    if warmup:
        for k in order:
            out[k].last = sides[k]()
    for r in range(runs):
        for k in (order if r % 2 == 0 else order[::-1]):
            out[k].loads.append(load())
            t0 = time.perf_counter()
            res = sides[k]()
            out[k].times.append(time.perf_counter() - t0)
            out[k].last = res
    return out


def record(name: str, payload: dict) -> Path:
    """Write bench/output/results/<name>.json: the figures, the date, the machine, the versions and
    the load averages seen."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(),
               "versions": versions(), "load_end": load(), **payload}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=1, default=_jsonable), encoding="utf-8")
    return path


def _jsonable(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, Timed):
        return v.to_dict()
    if isinstance(v, Path):
        return str(v)
    raise TypeError(type(v))


# -- synthetic data ---------------------------------------------------------------------------------
X0, Y0, SIDE = 900_000.0, 6_700_000.0, 100_000.0     # a 100 km square in Lambert-93 (EPSG:2154)


def synthetic_territory(n_addresses: int, n_communes: int = 500, seed: int = 1, side: float = SIDE,
                        x0: float = X0, y0: float = Y0, spread: float = 1500.0):
    """Addresses in ``n_communes`` Gaussian towns; each address belongs to the commune whose centre
    is nearest (the commune polygons are the Voronoi cells of the centres, so every address lies in
    its commune). Returns (x, y, commune index per address, centres (n, 2))."""
    from scipy.spatial import cKDTree
    rng = np.random.default_rng(seed)
    centres = np.column_stack([x0 + rng.uniform(0, side, n_communes), y0 + rng.uniform(0, side, n_communes)])
    k = rng.integers(0, n_communes, n_addresses)
    x = np.clip(centres[k, 0] + rng.normal(0, spread, n_addresses), x0, x0 + side)
    y = np.clip(centres[k, 1] + rng.normal(0, spread, n_addresses), y0, y0 + side)
    _, com = cKDTree(centres).query(np.column_stack([x, y]), workers=-1)
    return x, y, com.astype(np.int64), centres


def commune_codes(n: int) -> np.ndarray:
    """INSEE-like codes: département 90 onwards, 5 characters."""
    return np.array([f"{90000 + i:05d}" if i < 10000 else f"{(i // 1000) + 1:02d}{i % 1000:03d}"
                     for i in range(n)], dtype=object)


def voronoi_communes(centres: np.ndarray, side: float = SIDE, x0: float = X0, y0: float = Y0,
                     vertices_per_edge: int = 20) -> list[bytes]:
    """WKB polygons of the Voronoi cells of ``centres`` in the square (the centres mirrored across
    its four sides close every cell on the square's edge), their edges densified (commune
    boundaries have many vertices), in the order of ``centres``. (Debian's shapely 1.8 crashes in
    voronoi_diagram; scipy's Voronoi gives the cells' vertices in order.)"""
    from scipy.spatial import Voronoi
    c = np.asarray(centres, float)
    mirrors = [c, c * [-1, 1] + [2 * x0, 0], c * [-1, 1] + [2 * (x0 + side), 0],
               c * [1, -1] + [0, 2 * y0], c * [1, -1] + [0, 2 * (y0 + side)]]
    vor = Voronoi(np.vstack(mirrors))
    out = []
    t = np.linspace(0, 1, vertices_per_edge + 1)[1:]
    for i in range(len(c)):
        ring = vor.vertices[vor.regions[vor.point_region[i]]]
        ring = np.clip(ring, [x0, y0], [x0 + side, y0 + side])
        ring = np.vstack([ring, ring[:1]])
        dense = np.vstack([ring[:1]] + [a + (b - a) * t[:, None] for a, b in zip(ring[:-1], ring[1:])])
        if _signed_area(dense) < 0:         # exterior rings counter-clockwise (OGC)
            dense = dense[::-1]
        out.append(struct.pack("<bII", 1, 3, 1) + struct.pack("<I", len(dense)) + dense.astype("<f8").tobytes())
    return out


def _signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]))


def _gpkg_header(srs: int) -> bytes:
    # GeoPackage binary header: magic "GP", version 0, flags (little-endian, no envelope), srs id
    return b"GP" + bytes([0, 1]) + struct.pack("<i", srs)


def write_gpkg(path: Path, layer: str, columns: dict, *, x=None, y=None, wkb=None, geom: str = "POINT",
               srs: int = 2154, spatial_index: bool = True) -> Path:
    """A GeoPackage layer written in one SQLite transaction (OGR creates the tables; rows go through
    ``executemany``): minutes faster than one OGR feature per row for millions of points.

    ``columns``: name -> array (str -> TEXT, int -> INTEGER, float -> REAL); geometry from ``x``/``y``
    (points) or ``wkb`` (a list of WKB blobs, ``geom`` the OGR type name)."""
    from osgeo import gdal, ogr, osr
    gdal.UseExceptions()
    path = Path(path)
    tmp = path.with_name(path.stem + ".part.gpkg")
    for p in (tmp,):
        if p.exists():
            p.unlink()
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(srs)
    gtype = {"POINT": ogr.wkbPoint, "MULTIPOLYGON": ogr.wkbMultiPolygon, "POLYGON": ogr.wkbPolygon}[geom]
    lyr = ds.CreateLayer(layer, sr, gtype, options=["SPATIAL_INDEX=NO", "GEOMETRY_NAME=geom", "FID=fid"])
    kinds = {}
    for name, values in columns.items():
        arr = np.asarray(values)
        kind = arr.dtype.kind
        ftype = ogr.OFTInteger64 if kind in "iu" else ogr.OFTReal if kind == "f" else ogr.OFTString
        kinds[name] = kind
        lyr.CreateField(ogr.FieldDefn(name, ftype))
    lyr = ds = None
    head = _gpkg_header(srs)
    if wkb is None:
        xa = np.asarray(x, "<f8")
        ya = np.asarray(y, "<f8")
        n = len(xa)
        rec = np.zeros(n, dtype=[("h", "V8"), ("o", "u1"), ("t", "<u4"), ("x", "<f8"), ("y", "<f8")])
        rec["h"] = np.frombuffer(head, dtype="V8")[0]
        rec["o"] = 1
        rec["t"] = 1
        rec["x"], rec["y"] = xa, ya
        blobs = rec.view("V29").reshape(n)
        geoms = [b.tobytes() for b in blobs]
    else:
        n = len(wkb)
        geoms = [head + w for w in wkb]
    cols = []
    for name, values in columns.items():
        arr = np.asarray(values)
        cols.append(arr.astype(object) if arr.dtype.kind not in "iuf" else arr.tolist())
    con = sqlite3.connect(str(tmp))
    try:
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA journal_mode = OFF")
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in range(len(columns) + 1))
        sql = f'INSERT INTO "{layer}" (geom{", " if names else ""}{names}) VALUES ({marks})'
        con.execute("BEGIN")
        step = 500_000
        for s in range(0, n, step):
            rows = zip(geoms[s:s + step], *[c[s:s + step] for c in cols])
            con.executemany(sql, rows)
        xs = ys = None
        if wkb is None and n:
            xs, ys = (float(np.min(x)), float(np.max(x))), (float(np.min(y)), float(np.max(y)))
            con.execute("UPDATE gpkg_contents SET min_x=?, max_x=?, min_y=?, max_y=? WHERE table_name=?",
                        (xs[0], xs[1], ys[0], ys[1], layer))
        con.commit()
    finally:
        con.close()
    if spatial_index:
        ds = ogr.Open(str(tmp), update=1)
        ds.ExecuteSQL(f"SELECT CreateSpatialIndex('{layer}', 'geom')")
        ds = None
    tmp.replace(path)
    return path


def cached(path: Path, make) -> Path:
    """``make(path)`` once: generated inputs are kept in bench/output (git-ignored) between runs."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
    return path


def coverage_inputs(n_addresses: int, n_services: int = 2000, n_communes: int = 500, seed: int = 1):
    """(addresses.gpkg, services.gpkg, communes.gpkg) of a synthetic département: addresses with
    ``code_insee``, services, commune polygons with ``code_insee``, ``nom`` and ``population``."""
    OUT.mkdir(parents=True, exist_ok=True)
    tag = f"{n_addresses}_{n_communes}_{seed}"
    a_path = OUT / f"addresses_{tag}.gpkg"
    c_path = OUT / f"communes_{n_communes}_{seed}.gpkg"
    s_path = OUT / f"services_{n_services}_{seed}.gpkg"
    if not (a_path.exists() and c_path.exists()):
        x, y, com, centres = synthetic_territory(n_addresses, n_communes, seed)
        codes = commune_codes(n_communes)
        if not a_path.exists():
            write_gpkg(a_path, "addresses", {"code_insee": codes[com]}, x=x, y=y)
        if not c_path.exists():
            counts = np.bincount(com, minlength=n_communes)
            # one address per 2.2 inhabitants, at the 1 M-address size of a département
            pop = np.maximum(1, np.round(counts * 2.2e6 / max(n_addresses, 1))).astype(np.int64)
            write_gpkg(c_path, "communes", {"code_insee": codes, "nom": np.char.add("Commune ", codes.astype(str)),
                                            "population": pop},
                       wkb=voronoi_communes(centres), geom="POLYGON")
    if not s_path.exists():
        rng = np.random.default_rng(seed + 1000)
        write_gpkg(s_path, "services", {"category": np.where(rng.random(n_services) < 0.5, "france_services",
                                                             "mediation")},
                   x=X0 + rng.uniform(0, SIDE, n_services), y=Y0 + rng.uniform(0, SIDE, n_services))
    return a_path, s_path, c_path


def read_layer(path: Path, columns=None):
    """Attributes of a GeoPackage layer (no geometry) as a DataFrame, through OGR (for comparing
    outputs)."""
    import pandas as pd
    from osgeo import ogr
    ds = ogr.Open(str(path))
    lyr = ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    names = [n for n in names if columns is None or n in columns]
    rows = []
    for f in lyr:
        rows.append([f.GetField(n) for n in names])
    return pd.DataFrame(rows, columns=names)


def fmt_s(t: float) -> str:
    return f"{t:.2f} s" if t < 10 else f"{t:.1f} s" if t < 100 else f"{t:.0f} s"
