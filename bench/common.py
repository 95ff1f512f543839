"""What every benchmark shares: the plugin on ``sys.path``, a headless QGIS with Processing, the
timing protocol, synthetic GeoPackages written fast, and the figures recorded for ``results.md``.

Timing protocol (issue 14): both sides run the user's path; one untimed warm-up run on each side;
then ``runs`` timed rounds, the sides alternating inside each round (A B, B A, A B…) so that a
noisy neighbour or a warm cache favours neither; each run pays for its own clean-up (Qt's deferred
deletions of the layers it leaves, :func:`settle`); min and median are reported. Results are
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


def settle() -> None:
    """Qt's pending deferred deletions run now. A layer a Processing run leaves behind (a memory
    layer of a million features it returned, the layers its context loaded) is freed by
    ``deleteLater``: the work happens at the next event processing, which is inside whatever runs
    next: a side would be charged the other side's clean-up (half a second after the QGIS
    chain's ``joinbynearest``). Called inside each side's timer: every side pays for its own."""
    app = _QGIS.get("app")
    if app is None:
        return
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def compare(sides: dict, runs: int = 3, warmup=True) -> dict[str, Timed]:
    """Time each callable of ``sides`` (label -> fn returning its result) ``runs`` times, the order
    alternating between rounds, after one untimed warm-up run of each side (``warmup``: True, False
    or the labels to warm up — a side run in a child process warms up inside it). A side that
    returns a dict with "seconds" (a child process timing itself) is credited with that time.
    Each run's deferred deletions are done inside its timer (:func:`settle`)."""
    runs = max(3, int(runs))
    out = {k: Timed(k) for k in sides}
    order = list(sides)
    warm = set(order) if warmup is True else set(warmup or ())
    for k in order:
        if k in warm:
            out[k].last = sides[k]()
            settle()
    for r in range(runs):
        for k in (order if r % 2 == 0 else order[::-1]):
            out[k].loads.append(load())
            t0 = time.perf_counter()
            res = sides[k]()
            settle()
            elapsed = time.perf_counter() - t0
            if isinstance(res, dict) and "seconds" in res:
                elapsed = float(res["seconds"])
            out[k].times.append(elapsed)
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
    """INSEE-like codes of metropolitan communes (never 97xxx: those are overseas territories, each
    with its own legal CRS): 90000… (Territoire de Belfort) up to 1,000 communes, else spread over
    the 94 mainland départements (01001…, 02001…, 95xxx)."""
    if n <= 1000:
        return np.array([f"{90000 + i:05d}" for i in range(n)], dtype=object)
    deps = [d for d in range(1, 96) if d != 20]
    per = -(-n // len(deps))
    return np.array([f"{deps[i // per]:02d}{i % per + 1:03d}" for i in range(n)], dtype=object)


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
               srs: int = 2154, spatial_index: bool = True, chunks=None) -> Path:
    """A GeoPackage layer written in one SQLite transaction (OGR creates the tables; rows go through
    ``executemany``): minutes faster than one OGR feature per row for millions of points.

    ``columns``: name -> array (str -> TEXT, int -> INTEGER, float -> REAL); geometry from ``x``/``y``
    (points) or ``wkb`` (a list of WKB blobs, ``geom`` the OGR type name). ``chunks``: an iterable of
    (x, y, columns) for points too many to hold at once (``columns`` then only gives the types).
    ``spatial_index``: build the R-tree as QGIS does (a minute per million points on this machine)."""
    from osgeo import gdal, ogr, osr
    gdal.UseExceptions()
    path = Path(path)
    tmp = path.with_name(path.stem + ".part.gpkg")
    if tmp.exists():
        tmp.unlink()
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp))
    sr = osr.SpatialReference()
    sr.ImportFromEPSG(srs)
    gtype = {"POINT": ogr.wkbPoint, "MULTIPOLYGON": ogr.wkbMultiPolygon, "POLYGON": ogr.wkbPolygon}[geom]
    lyr = ds.CreateLayer(layer, sr, gtype, options=["SPATIAL_INDEX=NO", "GEOMETRY_NAME=geom", "FID=fid"])
    for name, values in columns.items():
        kind = np.asarray(values).dtype.kind
        ftype = ogr.OFTInteger64 if kind in "iu" else ogr.OFTReal if kind == "f" else ogr.OFTString
        lyr.CreateField(ogr.FieldDefn(name, ftype))
    lyr = ds = None
    head = _gpkg_header(srs)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in range(len(columns) + 1))
    sql = f'INSERT INTO "{layer}" (geom{", " if names else ""}{names}) VALUES ({marks})'
    if chunks is None:
        chunks = [(x, y, columns)] if wkb is None else [(None, None, columns)]
    con = sqlite3.connect(str(tmp))
    bounds = [np.inf, np.inf, -np.inf, -np.inf]
    try:
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("BEGIN")
        for cx, cy, ccols in chunks:
            if wkb is None:
                geoms = _point_blobs(head, cx, cy)
                bounds = [min(bounds[0], float(np.min(cx))), min(bounds[1], float(np.min(cy))),
                          max(bounds[2], float(np.max(cx))), max(bounds[3], float(np.max(cy)))]
            else:
                geoms = [head + w for w in wkb]
            cols = [np.asarray(v).astype(object) if np.asarray(v).dtype.kind not in "iuf" else np.asarray(v).tolist()
                    for v in ccols.values()]
            step = 500_000
            for s in range(0, len(geoms), step):
                con.executemany(sql, zip(geoms[s:s + step], *[c[s:s + step] for c in cols]))
            del geoms, cols
        # the feature count GDAL and QGIS keep (a file they write has it; without it every open counts)
        con.execute(f'UPDATE gpkg_ogr_contents SET feature_count = (SELECT COUNT(*) FROM "{layer}") '
                    "WHERE lower(table_name) = lower(?)", (layer,))
        if wkb is None and np.isfinite(bounds[0]):
            con.execute("UPDATE gpkg_contents SET min_x=?, min_y=?, max_x=?, max_y=? WHERE table_name=?",
                        (*bounds, layer))
        con.commit()
    finally:
        con.close()
    if spatial_index:
        ds = ogr.Open(str(tmp), update=1)
        ds.ExecuteSQL(f"SELECT CreateSpatialIndex('{layer}', 'geom')")
        ds = None
    tmp.replace(path)
    return path


def _point_blobs(head: bytes, x, y) -> list:
    """GeoPackage point blobs (header + little-endian WKB), built in numpy."""
    xa = np.asarray(x, "<f8")
    n = len(xa)
    rec = np.zeros(n, dtype=[("h", "V8"), ("o", "u1"), ("t", "<u4"), ("x", "<f8"), ("y", "<f8")])
    rec["h"] = np.frombuffer(head, dtype="V8")[0]
    rec["o"] = 1
    rec["t"] = 1
    rec["x"], rec["y"] = xa, np.asarray(y, "<f8")
    return [b.tobytes() for b in rec.view("V29").reshape(n)]


def cached(path: Path, make) -> Path:
    """``make(path)`` once: generated inputs are kept in bench/output (git-ignored) between runs."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
    return path


def coverage_inputs(n_addresses: int, n_services: int = 2000, n_communes: int = 500, seed: int = 1, *,
                    side: float = SIDE, x0: float = X0, y0: float = Y0, spatial_index: bool | None = None,
                    tag: str = ""):
    """(addresses.gpkg, services.gpkg, communes.gpkg) of a synthetic territory: addresses with
    ``code_insee``, services (with a ``category``), commune polygons with ``code_insee``, ``nom`` and
    ``population``. Up to 2 M addresses the file gets its R-tree as QGIS would write it; bigger
    files skip it (minutes to build here, and neither side of any benchmark reads it)."""
    OUT.mkdir(parents=True, exist_ok=True)
    if spatial_index is None:
        spatial_index = n_addresses <= 2_000_000
    key = f"{tag}{n_addresses}_{n_communes}_{seed}"
    a_path = OUT / f"addresses_{key}.gpkg"
    c_path = OUT / f"communes_{tag}{n_communes}_{seed}.gpkg"
    s_path = OUT / f"services_{tag}{n_services}_{seed}.gpkg"
    if not (a_path.exists() and c_path.exists()):
        x, y, com, centres = synthetic_territory(n_addresses, n_communes, seed, side=side, x0=x0, y0=y0)
        codes = commune_codes(n_communes)
        if not a_path.exists():
            step = 2_000_000
            chunks = ((x[i:i + step], y[i:i + step], {"code_insee": codes[com[i:i + step]]})
                      for i in range(0, n_addresses, step))
            write_gpkg(a_path, "addresses", {"code_insee": codes[:1]}, chunks=chunks, spatial_index=spatial_index)
        if not c_path.exists():
            counts = np.bincount(com, minlength=n_communes)
            # 2.2 inhabitants per address of a 1 M-address département, whatever the size generated
            pop = np.maximum(1, np.round(counts * 2.2e6 / max(n_addresses, 1) * (n_communes / 500))).astype(np.int64)
            write_gpkg(c_path, "communes", {"code_insee": codes, "nom": np.char.add("Commune ", codes.astype(str)),
                                            "population": pop},
                       wkb=voronoi_communes(centres, side=side, x0=x0, y0=y0), geom="POLYGON")
        del x, y, com
    if not s_path.exists():
        rng = np.random.default_rng(seed + 1000)
        write_gpkg(s_path, "services", {"category": np.where(rng.random(n_services) < 0.5, "france_services",
                                                             "mediation").astype(object)},
                   x=x0 + rng.uniform(0, side, n_services), y=y0 + rng.uniform(0, side, n_services))
    return a_path, s_path, c_path


def national_inputs(n_addresses: int = 26_000_000):
    """France-sized: ``n_addresses`` in 35,000 communes and 10,000 services over a 1,000 km square."""
    return coverage_inputs(n_addresses, 10_000, 35_000, 5, side=1_000_000.0, x0=100_000.0, y0=6_100_000.0,
                           tag="fr")


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


def fsca_inputs(n_demand: int, n_supply: int, seed: int = 7):
    """(demand.gpkg, supply.gpkg) for the 2SFCA benchmark: demand points (``id``, ``pop``) in the
    synthetic towns, places (``sid``, ``capacity``) uniform over the square, Lambert-93."""
    OUT.mkdir(parents=True, exist_ok=True)
    d_path = OUT / f"fsca_demand_{n_demand}_{seed}.gpkg"
    s_path = OUT / f"fsca_supply_{n_supply}_{seed}.gpkg"
    rng = np.random.default_rng(seed)
    if not d_path.exists():
        x, y, _, _ = synthetic_territory(n_demand, 500, seed)
        write_gpkg(d_path, "demand", {"id": np.arange(n_demand, dtype=np.int64),
                                      "pop": rng.integers(1, 50, n_demand).astype(np.int64)}, x=x, y=y)
    if not s_path.exists():
        write_gpkg(s_path, "supply", {"sid": np.arange(n_supply, dtype=np.int64),
                                      "capacity": rng.integers(1, 5, n_supply).astype(np.int64)},
                   x=X0 + rng.uniform(0, SIDE, n_supply), y=Y0 + rng.uniform(0, SIDE, n_supply))
    return d_path, s_path


def read_points_gpkg(path: Path, fields=()):
    """x, y and text ``fields`` of a point GeoPackage as a DataFrame (the engine's input), via OGR."""
    import pandas as pd
    from osgeo import ogr
    ds = ogr.Open(str(path))
    lyr = ds.GetLayer(0)
    xs, ys, cols = [], [], {f: [] for f in fields}
    for batch in lyr.GetArrowStreamAsNumPy(["USE_MASKED_ARRAYS=NO"]):
        xy = np.ascontiguousarray(batch[lyr.GetGeometryColumn()].view(np.uint8).reshape(-1, 21)[:, 5:]).view("<f8")
        xs.append(xy[:, 0])
        ys.append(xy[:, 1])
        for f in fields:
            cols[f].append(np.asarray(batch[f]).astype(str))
    frame = pd.DataFrame({f: pd.Categorical(np.concatenate(v)) for f, v in cols.items()})
    frame["x"], frame["y"] = np.concatenate(xs), np.concatenate(ys)
    return frame


def read_polygons_gpkg(path: Path):
    """A polygon GeoPackage as a GeoDataFrame (code_insee as text)."""
    import geopandas as gpd
    from shapely import wkb as swkb
    from osgeo import ogr
    ds = ogr.Open(str(path))
    lyr = ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
    rows, geoms = [], []
    for f in lyr:
        rows.append([f.GetField(n) for n in names])
        geoms.append(swkb.loads(bytes(f.GetGeometryRef().ExportToWkb())))
    import pandas as pd
    frame = pd.DataFrame(rows, columns=names)
    frame["code_insee"] = frame["code_insee"].astype(str)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:2154")
