""""Download the open data of my territory": fetch the producers' files, verify, filter, record.

For a département, an EPCI or a list of communes, :func:`download_territory` fetches through a
:class:`~.cache.DownloadCache` (conditional requests, resume, integrity), cuts the national files
down to the territory and writes, in the output folder, one file per dataset in its published
format (so the normal readers load them) plus ``manifest.json`` (what was fetched: url, size,
sha256, dates, provenance, row counts).
"""
from __future__ import annotations

import gzip
import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..crs import department_of
from ..errors import NetworkError, ParameterError
from ..presentation.vocabulary import TERRITORY_KINDS
from ..progress import Feedback, ensure
from . import settings
from .cache import CachedFile, DownloadCache
from .catalog import DEFAULT_DATASETS, SOURCES, Catalog
from .cut import DatasetResult, atomic_write, datagouv_latest, dep_of, filter_csv_files, inside
from .http import Fetch, HttpClient, RateLimiter
from .territory_data import TerritoryDatasets

KINDS = tuple(k.value for k in TERRITORY_KINDS)      # "dep", "epci", "communes": the KIND enum's order


@dataclass
class Territory:
    kind: str                       # "dep", "epci" or "communes"
    codes: tuple                    # ("90",), ("200069052",) or commune INSEE codes

    @classmethod
    def parse(cls, kind: str, code: str) -> "Territory":
        kind = (kind or "").strip().lower()
        if kind not in KINDS:
            raise ParameterError(f"unknown territory kind {kind!r}", hint=f"use one of {', '.join(KINDS)}")
        codes = tuple(c.strip().upper() for c in str(code or "").replace(";", ",").replace(" ", ",").split(",")
                      if c.strip())
        if not codes:
            raise ParameterError("no territory code given",
                                 hint="give a département (90), an EPCI SIREN (200069052) or INSEE codes")
        for c in codes:
            ok = {"dep": len(c) in (2, 3) and (c.isdigit() or c in ("2A", "2B")),
                  "epci": len(c) == 9 and c.isdigit(),
                  "communes": len(c) == 5 and (c.isdigit() or c[:2] in ("2A", "2B"))}[kind]
            if not ok:
                raise ParameterError(f"{c!r} is not a valid {kind} code",
                                     hint={"dep": "a département code is like 90, 2A or 974",
                                           "epci": "an EPCI is given by its 9-digit SIREN",
                                           "communes": "INSEE codes have 5 characters (90010, 2A004)"}[kind])
        if kind in ("dep", "epci") and len(codes) != 1:
            raise ParameterError(f"give one {kind} code (got {len(codes)})")
        return cls(kind, codes)

    @property
    def label(self) -> str:
        if self.kind == "communes":
            return f"communes-{self.codes[0]}" + (f"-{len(self.codes)}" if len(self.codes) > 1 else "")
        return f"{self.kind}-{self.codes[0]}"


@dataclass
class DownloadResult:
    territory: Territory
    out_dir: Path
    datasets: dict                  # key -> DatasetResult
    manifest: Path

    def output(self, key: str) -> Path:
        return Path(self.datasets[key].output)


def _detect(path: Path) -> str:
    """"csv", "json" (array) or "geojson" from the content (mediation exports vary)."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if head[:2] == b"\x1f\x8b":
        return "csv"
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text[:1] == b"[":
        return "json"
    if text[:1] == b"{":
        return "geojson"
    return "csv"


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        opener = gzip.open if fh.read(2) == b"\x1f\x8b" else open
    n = 0
    with opener(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


class TerritoryDownloader(TerritoryDatasets):
    """Holds the cache, the catalog and the territory's communes while datasets are fetched (the
    INSEE, IGN, ANCT and OpenStreetMap datasets are in :class:`.territory_data.TerritoryDatasets`)."""

    def __init__(self, territory: Territory, out_dir: Path, cache: DownloadCache, catalog: Catalog,
                 feedback: Feedback):
        self.t = territory
        self.out = Path(out_dir)
        self.cache = cache
        self.catalog = catalog
        self.fb = feedback
        self.communes_gj: Optional[dict] = None
        self.commune_files: list = []
        self.codes: set = set()         # INSEE codes of the territory (from API Géo or the list)
        self.deps: list = []

    # -- helpers ---------------------------------------------------------------------------
    def _get(self, url: str, name: str, p0: float, p1: float) -> CachedFile:
        self.fb.info(f"fetching {url}")
        return self.cache.fetch(url, name, self.fb,
                                progress=lambda f: self.fb.set_progress(p0 + (p1 - p0) * f))

    def _commune_codes_of(self, gj: dict) -> list:
        return [str(f.get("properties", {}).get("code", "")) for f in gj.get("features", [])]

    def load_communes(self, p0: float, p1: float) -> None:
        """The territory's communes from API Géo (needed to filter national files)."""
        t = self.t
        if t.kind == "epci":
            urls = [self.catalog.communes_url(epci=t.codes[0])]
        else:
            deps = [t.codes[0]] if t.kind == "dep" else sorted({department_of(c) for c in t.codes})
            urls = [self.catalog.communes_url(dep=d) for d in deps]
        features = []
        for i, url in enumerate(urls):
            step = (p1 - p0) / len(urls)
            cf = self._get(url, "communes.geojson", p0 + i * step, p0 + (i + 1) * step)
            self.commune_files.append(cf)
            with open(cf.path, encoding="utf-8") as fh:
                gj = json.load(fh)
            if gj.get("type") != "FeatureCollection":
                raise NetworkError(f"{url} did not return a GeoJSON FeatureCollection", path=url,
                                   hint="check the API Géo base URL in the settings")
            features.extend(gj.get("features", []))
        source_count = len(features)
        if t.kind == "communes":
            wanted = set(t.codes)
            features = [f for f in features if str(f.get("properties", {}).get("code")) in wanted]
            missing = wanted - {str(f["properties"]["code"]) for f in features}
            if missing:
                self.fb.warning(f"communes not found in API Géo (merged or wrong codes?): {', '.join(sorted(missing))}")
        if not features:
            raise ParameterError(f"no commune found for {t.kind} {', '.join(t.codes)}",
                                 hint="check the code (an EPCI is given by its SIREN)")
        self.communes_gj = {"type": "FeatureCollection", "features": features}
        self.communes_source_count = source_count
        self.codes = set(self._commune_codes_of(self.communes_gj))
        if t.kind == "dep":
            self.deps = [t.codes[0]]
        else:
            deps = {str(f["properties"].get("codeDepartement") or department_of(f["properties"]["code"]))
                    for f in features}
            self.deps = sorted(deps)

    # -- datasets --------------------------------------------------------------------------
    def communes(self, p0: float, p1: float) -> DatasetResult:
        out = self.out / f"communes-{self.t.label}.geojson"

        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(self.communes_gj, fh, ensure_ascii=False)
        atomic_write(out, write)
        n = len(self.communes_gj["features"])
        return DatasetResult("communes", str(out), self.communes_source_count, n,
                             [c.to_dict() for c in self.commune_files],
                             self.catalog.provenance("communes", self.commune_files[0].url).to_dict(),
                             "API Géo query" + (" + INSEE code list" if self.t.kind == "communes" else ""))

    def ban(self, p0: float, p1: float) -> DatasetResult:
        files, step = [], (p1 - p0) / max(1, len(self.deps))
        for i, dep in enumerate(self.deps):
            url = self.catalog.url("ban", dep=dep)
            files.append(self._get(url, SOURCES["ban"].filename.format(dep=dep),
                                   p0 + i * step, p0 + (i + 1) * step * 0.8))
        out = self.out / f"adresses-{self.t.label}.csv.gz"
        if self.t.kind == "dep":
            atomic_write(out, lambda tmp: shutil.copyfile(files[0].path, tmp))
            n = max(0, _count_lines(out) - 1)
            return DatasetResult("ban", str(out), n, n, [f.to_dict() for f in files],
                                 self.catalog.provenance("ban", files[0].url).to_dict(), "none (département file)")
        total, kept = filter_csv_files([Path(f.path) for f in files], out, self.codes,
                                        code_columns=("code_insee",), gz=True, fb=self.fb)
        return DatasetResult("ban", str(out), total, kept, [f.to_dict() for f in files],
                             self.catalog.provenance("ban", files[0].url).to_dict(), "code_insee in the territory")

    def france_services(self, p0: float, p1: float) -> DatasetResult:
        api = self._get(self.catalog.url("france_services"), "dataset.json", p0, p0 + 0.05 * (p1 - p0))
        url, vintage = datagouv_latest(Path(api.path), api.url, fmt="csv")
        cf = self._get(url, SOURCES["france_services"].filename, p0 + 0.05 * (p1 - p0), p1)
        out = self.out / f"france-services-{self.t.label}.csv"
        if self.t.kind == "dep":
            total, kept = filter_csv_files([Path(cf.path)], out, None, dep=self.t.codes[0],
                                            code_columns=("insee_com",), dep_columns=("insee_dep",), fb=self.fb)
            how = "insee_dep (or insee_com) in the département"
        else:
            total, kept = filter_csv_files([Path(cf.path)], out, self.codes, code_columns=("insee_com",),
                                            fb=self.fb)
            how = "insee_com in the territory"
        return DatasetResult("france_services", str(out), total, kept, [api.to_dict(), cf.to_dict()],
                             self.catalog.provenance("france_services", url, vintage).to_dict(), how)

    def mediation(self, p0: float, p1: float) -> DatasetResult:
        url = self.catalog.url("mediation")
        cf = self._get(url, SOURCES["mediation"].filename, p0, p1)
        kind = _detect(Path(cf.path))
        out = self.out / f"lieux-mediation-numerique-{self.t.label}.{kind}"
        total, kept = _filter_mediation(Path(cf.path), kind, out, self)
        return DatasetResult("mediation", str(out), total, kept, [cf.to_dict()],
                             self.catalog.provenance("mediation", url).to_dict(),
                             "code_insee, else position in the territory's communes, else postcode")

    def _arcep(self, key: str, p0: float, p1: float) -> DatasetResult:
        url = self.catalog.url(key)
        cf = self._get(url, SOURCES[key].filename, p0, p1)
        out = self.out / SOURCES[key].filename.replace(".csv", f"-{self.t.label}.csv")
        if self.t.kind == "dep":
            total, kept = filter_csv_files([Path(cf.path)], out, None, dep=self.t.codes[0],
                                            code_columns=("code_insee",), fb=self.fb)
        else:
            total, kept = filter_csv_files([Path(cf.path)], out, self.codes, code_columns=("code_insee",),
                                            fb=self.fb)
        return DatasetResult(key, str(out), total, kept, [cf.to_dict()],
                             self.catalog.provenance(key, url).to_dict(), "code_insee in the territory")

    def arcep(self, p0, p1):
        return self._arcep("arcep", p0, p1)

    def arcep_filaire(self, p0, p1):
        return self._arcep("arcep_filaire", p0, p1)


def _filter_mediation(path: Path, kind: str, out: Path, dl: TerritoryDownloader) -> tuple[int, int]:
    """Mediation places of the territory: by ``code_insee`` when the row has one, else by its
    position in the territory's commune polygons, else by postcode (département only)."""
    import numpy as np
    import pandas as pd

    if kind == "csv":
        from ..sources.textio import read_table, sniff
        fmt = sniff(path, expect_any=("code_postal", "latitude", "id"))
        frame = read_table(path, fmt)
        records = None
    else:
        with open(path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
        if kind == "json":
            records = data if isinstance(data, list) else data.get("data", [])
            frame = pd.DataFrame.from_records([r if isinstance(r, dict) else {} for r in records])
        else:
            records = data.get("features", [])
            props = []
            for f in records:
                p = dict(f.get("properties") or {})
                geom = f.get("geometry") or {}
                if geom.get("type") == "Point" and geom.get("coordinates"):
                    p.setdefault("longitude", geom["coordinates"][0])
                    p.setdefault("latitude", geom["coordinates"][1])
                props.append(p)
            frame = pd.DataFrame.from_records(props)
    n = len(frame)
    keep = np.zeros(n, dtype=bool)
    decided = np.zeros(n, dtype=bool)
    if "code_insee" in frame:
        code = frame["code_insee"].fillna("").astype(str).str.strip()
        has = (code != "").to_numpy()
        if dl.t.kind == "dep":
            keep |= has & dep_of(code).eq(dl.t.codes[0]).to_numpy()
        else:
            keep |= has & code.isin(dl.codes).to_numpy()
        decided |= has
    if {"latitude", "longitude"} <= set(frame.columns) and dl.communes_gj is not None:
        lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(dtype=float)
        todo = ~decided & np.isfinite(lat) & np.isfinite(lon)
        if todo.any():
            keep[todo] = inside(lon[todo], lat[todo], dl.communes_gj)
            decided |= todo
    if dl.t.kind == "dep" and "code_postal" in frame:
        dep = dl.t.codes[0]
        prefix = "20" if dep in ("2A", "2B") else dep       # Corsican postcodes start with 20
        cp = frame["code_postal"].fillna("").astype(str).str.strip().str.zfill(5)
        todo = ~decided
        keep[todo] = cp[todo].str[:len(prefix)].eq(prefix).to_numpy()

    def write(tmp):
        if kind == "csv":
            frame[keep].to_csv(tmp, sep=fmt.sep, index=False, encoding="utf-8")
        elif kind == "json":
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump([r for r, k in zip(records, keep) if k], fh, ensure_ascii=False, indent=1)
        else:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"type": "FeatureCollection",
                           "features": [r for r, k in zip(records, keep) if k]}, fh, ensure_ascii=False)
    atomic_write(out, write)
    return n, int(keep.sum())


def download_territory(kind: str, code: str, out_dir, datasets=DEFAULT_DATASETS, *,
                       cache_dir=None, fetch: Optional[Fetch] = None, catalog: Optional[Catalog] = None,
                       client: Optional[HttpClient] = None, feedback: Optional[Feedback] = None) -> DownloadResult:
    """Fetch ``datasets`` (keys of ``catalog.SOURCES``) for a territory into ``out_dir``.

    ``fetch`` is the transport (urllib by default; QGIS passes ``qgis_fetch``). Files are cached
    in ``cache_dir`` (settings.cache_dir() by default) and re-validated with conditional requests.
    """
    fb = ensure(feedback)
    territory = Territory.parse(kind, code)
    unknown = [d for d in datasets if d not in SOURCES]
    if unknown:
        raise ParameterError(f"unknown dataset(s) {', '.join(unknown)}",
                             hint=f"choose among {', '.join(SOURCES)}")
    if not datasets:
        raise ParameterError("no dataset selected", hint="select at least one dataset to download")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    client = client or HttpClient(fetch=fetch, limiter=RateLimiter(rate=10.0, burst=5))
    cache = DownloadCache(cache_dir or settings.cache_dir(), client)
    dl = TerritoryDownloader(territory, out_dir, cache, catalog or Catalog(), fb)
    order = [d for d in SOURCES if d in datasets]
    share = 100.0 / (len(order) + 1)
    dl.load_communes(0.0, share)
    results = {}
    for i, key in enumerate(order, start=1):
        fb.check()
        results[key] = getattr(dl, key)(i * share, (i + 1) * share)
        r = results[key]
        fb.info(f"{key}: {r.rows_kept} of {r.rows_source} rows kept -> {r.output}")
    manifest = out_dir / "manifest.json"
    doc = {"territory": {"kind": territory.kind, "codes": list(territory.codes),
                         "communes": sorted(dl.codes), "departements": dl.deps,
                         "communes_source": [c.to_dict() for c in dl.commune_files]},
           "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
           "cache_dir": str(cache.dir),
           "datasets": {k: {"output": Path(r.output).name, "outputs": [Path(o).name for o in r.outputs],
                            "rows_source": r.rows_source, "rows_kept": r.rows_kept, "filter": r.filter,
                            "vintage": r.provenance.get("vintage", ""), "licence": r.provenance.get("licence", ""),
                            "provenance": r.provenance, "notes": r.notes, "files": r.files}
                        for k, r in results.items()}}

    def write(tmp):
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
    atomic_write(manifest, write)
    fb.set_progress(100.0)
    return DownloadResult(territory, out_dir, results, manifest)
