"""The datasets of "download my territory" beyond addresses, places and connectivity: the INSEE
census and Filosofi (national zips cut to the territory), the IRIS (IGN's WFS), the BPE, the QPV
(ANCT on data.gouv.fr), the 200 m grid and the OpenStreetMap roads (Overpass API).

Each method fetches through the cache (conditional requests, resume), writes the territory's
files in the producer's format (so the readers of ``core.sources`` load them) and returns a
:class:`~.download.DatasetResult` whose provenance carries the vintage read from the files.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import NetworkError
from .catalog import SOURCES

# margin around the territory's box for the roads (degrees, about 2 km): the roads that leave
# the territory and come back, and the way to a place just across the border
ROADS_MARGIN_DEG = 0.02
# commune codes per WFS query (the CQL filter goes in the URL)
IRIS_CODES_PER_QUERY = 150


class TerritoryDatasets:
    """Mixed into ``TerritoryDownloader`` (which holds ``t``, ``out``, ``cache``, ``catalog``, ``fb``,
    ``communes_gj``, ``codes`` and ``deps``)."""

    # -- helpers -----------------------------------------------------------------------------
    def _cut_args(self) -> dict:
        """How a national file is cut: by département for a département, else by commune code."""
        if self.t.kind == "dep":
            return {"codes": None, "dep": self.t.codes[0]}
        return {"codes": set(self.codes), "dep": ""}

    def _unzipped(self, cached) -> Path:
        from ..sources.insee import extract_data_member
        return extract_data_member(cached.path, Path(cached.path).with_suffix(".d"))

    def _epcis(self) -> set:
        return {str(f["properties"].get("codeEpci") or "") for f in self.communes_gj["features"]} - {""}

    # -- INSEE census ("bases infracommunales", one zip per theme) -------------------------------
    def census(self, p0: float, p1: float):
        from ..sources.census import census_columns
        from ..sources.textio import sniff
        from .cut import DatasetResult, filter_csv_files

        urls = self.catalog.urls("census")
        files, outputs, total, kept, vintages = [], [], 0, 0, []
        step = (p1 - p0) / len(urls)
        cut = self._cut_args()
        for i, url in enumerate(urls):
            cf = self._get(url, url.rsplit("/", 1)[-1], p0 + i * step, p0 + (i + 0.8) * step)
            files.append(cf.to_dict())
            member = self._unzipped(cf)
            out = self.out / f"{member.stem}-{self.t.label}.csv"
            t, k = filter_csv_files([member], out, cut["codes"], dep=cut["dep"], code_columns=("COM", "CODGEO"),
                                     dep_columns=("DEP",) if cut["dep"] else (), fb=self.fb)
            total, kept = total + t, kept + k
            outputs.append(str(out))
            vintages.append(census_columns(sniff(out, expect_any=("IRIS", "COM")).header)[1])
        vintage = ", ".join(dict.fromkeys(v for v in vintages if v))
        prov = self.catalog.provenance("census", urls[0], vintage).to_dict()
        how = ("DEP = the département" if cut["dep"] else "COM in the territory") + " (each theme's file)"
        return DatasetResult("census", outputs[0], total, kept, files, prov, how, outputs=outputs)

    # -- INSEE Filosofi: IRIS (wide) and communes with the official values of EPCI/DEP/REG (long) ------
    def filosofi(self, p0: float, p1: float):
        from .. import crs as crsmod
        from ..sources.census import official_references, read_fragility_table
        from ..sources.filosofi import is_long
        from ..sources.textio import sniff
        from .cut import DatasetResult, atomic_write, filter_csv_files

        urls = self.catalog.urls("filosofi")
        files, outputs, total, kept, notes = [], [], 0, 0, []
        step = (p1 - p0) / len(urls)
        cut = self._cut_args()
        epcis = self._epcis()
        regions = {crsmod.region_of(d) for d in self.deps} - {""}
        official = {}
        for i, url in enumerate(urls):
            cf = self._get(url, url.rsplit("/", 1)[-1], p0 + i * step, p0 + (i + 0.8) * step)
            files.append(cf.to_dict())
            member = self._unzipped(cf)
            head = sniff(member, expect_any=("IRIS", "CODGEO", "GEO")).header
            out = self.out / f"{member.stem}-{self.t.label}.csv"
            if is_long(head):
                codes, deps = set(self.codes), set(self.deps)

                def mask(chunk, codes=codes, deps=deps):
                    obj = chunk["GEO_OBJECT"].fillna("").astype(str).str.upper()
                    geo = chunk["GEO"].fillna("").astype(str).str.strip()
                    return ((obj.isin(["COM", "ARM"]) & geo.isin(codes)) | ((obj == "DEP") & geo.isin(deps))
                            | ((obj == "EPCI") & geo.isin(epcis)) | ((obj == "REG") & geo.isin(regions)))
                t, k = filter_csv_files([member], out, None, code_columns=("GEO",), fb=self.fb, mask_fn=mask)
                official = read_fragility_table(out, allow_empty=True).data.attrs.get("official", {})
            else:
                col = next((c for c in ("IRIS", "CODGEO", "COM") if c in head), "IRIS")
                t, k = filter_csv_files([member], out, cut["codes"], dep=cut["dep"], code_columns=(col,),
                                         code_len=5 if col == "IRIS" else 0, fb=self.fb)
            total, kept = total + t, kept + k
            outputs.append(str(out))
        # the official values of the territory, the reference the fragility index takes when given
        kind, code = (("DEP", self.t.codes[0]) if self.t.kind == "dep" else
                      ("EPCI", self.t.codes[0]) if self.t.kind == "epci" else ("", ""))
        refs = official_references(official, kind, code) if kind else {}
        if refs:
            ref_path = self.out / f"reference-filosofi-{self.t.label}.csv"

            def write(tmp):
                with open(tmp, "w", encoding="utf-8", newline="") as fh:
                    fh.write("variable,value\n")
                    for var, value in refs.items():
                        fh.write(f"{var},{value!r}\n")
            atomic_write(ref_path, write)
            outputs.append(str(ref_path))
            notes.append(f"official Filosofi values of {kind} {code} written to {ref_path.name} "
                         f"({', '.join(refs)}): the reference of the fragility index")
        else:
            notes.append("no official Filosofi value for this territory (a list of communes, or the file has "
                         "none): the fragility index approximates its median income reference")
        from ..sources.filosofi import filosofi_columns
        found = filosofi_columns(sniff(outputs[0], expect_any=("IRIS", "CODGEO", "GEO")).header)
        vintage = "Filosofi " + (max((v for _c, v in found.values()), default="")
                                 or SOURCES["filosofi"].vintage.split()[-1])
        prov = self.catalog.provenance("filosofi", urls[0], vintage).to_dict()
        how = ("IRIS and communes of the territory, with its "
               + ("département" if self.t.kind == "dep" else "EPCI" if self.t.kind == "epci" else "communes'")
               + " official values")
        return DatasetResult("filosofi", outputs[0], total, kept, files, prov, how, outputs=outputs, notes=notes)

    # -- the 200 m grid (national GeoPackage in a zip), cut to the communes ------------------------------
    def grid(self, p0: float, p1: float):
        import geopandas as gpd

        from ..sources.grid import read_grid
        from .cut import DatasetResult, atomic_write

        url = self.catalog.url("grid")
        cf = self._get(url, SOURCES["grid"].filename, p0, p0 + 0.7 * (p1 - p0))
        member = _unzipped_any(cf, (".gpkg",))
        communes = gpd.GeoDataFrame.from_features(self.communes_gj["features"], crs=4326).rename(
            columns={"code": "code_insee"})
        from ..crs import legal_crs
        epsg = legal_crs(next(iter(sorted(self.codes))))
        cells, report = read_grid(member, communes=communes.to_crs(epsg), epsg=epsg)
        out = self.out / f"carreaux-200m-{self.t.label}.gpkg"
        atomic_write(out, lambda tmp: cells.to_file(tmp, driver="GPKG", layer="carreaux_200m"))
        prov = self.catalog.provenance("grid", url, report.provenance.vintage).to_dict()
        return DatasetResult("grid", str(out), report.rows_read, report.rows_kept, [cf.to_dict()], prov,
                             "cells whose centre lies in a commune of the territory", notes=report.warnings)

    # -- IRIS contours: IGN's WFS, one query per block of communes, paged ---------------------------------
    def iris(self, p0: float, p1: float):
        from .cut import DatasetResult, atomic_write

        if self.t.kind == "dep":
            filters = [f"code_insee LIKE '{self.t.codes[0]}%'"]
        else:
            codes = sorted(self.codes)
            filters = ["code_insee IN (" + ",".join(f"'{c}'" for c in codes[i:i + IRIS_CODES_PER_QUERY]) + ")"
                       for i in range(0, len(codes), IRIS_CODES_PER_QUERY)]
        features, files, matched = [], [], 0
        step = (p1 - p0) / len(filters)
        for i, cql in enumerate(filters):
            start = 0
            while True:
                url = self.catalog.iris_url(cql, start=start)
                cf = self._get(url, f"contours-iris-{i}-{start}.geojson", p0 + i * step, p0 + (i + 1) * step)
                files.append(cf.to_dict())
                with open(cf.path, encoding="utf-8") as fh:
                    page = json.load(fh)
                if page.get("type") != "FeatureCollection":
                    raise NetworkError(f"{url} did not return a GeoJSON FeatureCollection", path=url,
                                       hint="check the Géoplateforme base URL in the settings")
                got = page.get("features", [])
                features.extend(got)
                total = int(page.get("numberMatched") or page.get("totalFeatures") or 0)
                if start == 0:
                    matched += total or len(got)
                start += len(got)
                if not got or (total and start >= total) or (not total and len(got) < 5000):
                    break
        wanted = set(self.codes)
        kept = [f for f in features if str((f.get("properties") or {}).get("code_insee", "")) in wanted]
        out = self.out / f"contours-iris-{self.t.label}.geojson"

        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"type": "FeatureCollection", "features": kept}, fh, ensure_ascii=False)
        atomic_write(out, write)
        # the WFS says no edition: the vintage is the day the contours were served
        prov = self.catalog.provenance("iris", files[0]["url"], "served " + files[0]["fetched_at"][:10]).to_dict()
        return DatasetResult("iris", str(out), matched, len(kept), files, prov,
                             "WFS filter " + (filters[0] if len(filters) == 1 else f"on {len(self.codes)} communes"))

    # -- BPE: national zip, cut by commune / département ------------------------------------------------
    def bpe(self, p0: float, p1: float):
        from .cut import DatasetResult, filter_csv_files

        url = self.catalog.url("bpe")
        cf = self._get(url, SOURCES["bpe"].filename, p0, p0 + 0.6 * (p1 - p0))
        member = self._unzipped(cf)
        out = self.out / f"bpe-{self.t.label}.csv"
        cut = self._cut_args()
        total, kept = filter_csv_files([member], out, cut["codes"], dep=cut["dep"], code_columns=("DEPCOM",),
                                        dep_columns=("DEP",) if cut["dep"] else (), fb=self.fb)
        vintage = _bpe_vintage(out) or SOURCES["bpe"].vintage
        prov = self.catalog.provenance("bpe", url, vintage).to_dict()
        return DatasetResult("bpe", str(out), total, kept, [cf.to_dict()], prov,
                             "DEP = the département" if cut["dep"] else "DEPCOM in the territory")

    # -- QPV: latest GeoJSON of the ANCT dataset, the neighbourhoods inside the territory ------------------
    def qpv(self, p0: float, p1: float):
        from .cut import DatasetResult, atomic_write, datagouv_latest, inside

        api = self._get(self.catalog.url("qpv"), "qpv-dataset.json", p0, p0 + 0.05 * (p1 - p0))
        url, vintage = datagouv_latest(Path(api.path), api.url, fmt="geojson")
        cf = self._get(url, SOURCES["qpv"].filename, p0 + 0.05 * (p1 - p0), p0 + 0.8 * (p1 - p0))
        with open(cf.path, encoding="utf-8-sig") as fh:
            data = json.load(fh)
        features = data.get("features", []) if isinstance(data, dict) else []
        kept = _features_inside(features, self.communes_gj, inside)
        out = self.out / f"qpv-{self.t.label}.geojson"

        def write(tmp):
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"type": "FeatureCollection", "features": kept}, fh, ensure_ascii=False)
        atomic_write(out, write)
        prov = self.catalog.provenance("qpv", url, vintage).to_dict()
        return DatasetResult("qpv", str(out), len(features), len(kept), [api.to_dict(), cf.to_dict()], prov,
                             "a point inside the neighbourhood lies in one of the territory's communes")

    # -- OpenStreetMap roads of the territory's box (Overpass API) -----------------------------------------
    def roads(self, p0: float, p1: float):
        import shutil

        from .cut import DatasetResult, atomic_write

        west, south, east, north = _bounds(self.communes_gj)
        m = ROADS_MARGIN_DEG
        url = self.catalog.overpass_url(south - m, west - m, north + m, east + m)
        cf = self._get(url, f"roads-{self.t.label}.osm", p0, p0 + 0.9 * (p1 - p0))
        ways, base, remark = _osm_summary(Path(cf.path))
        if remark:
            raise NetworkError(f"the Overpass API answered with an error: {remark[:200]}", path=url,
                               hint="the server may be busy or the territory too large: try again later, or give "
                                    "an OpenStreetMap extract of the region (.osm.pbf) in ROADS")
        out = self.out / f"roads-{self.t.label}.osm"
        atomic_write(out, lambda tmp: shutil.copyfile(cf.path, tmp))
        prov = self.catalog.provenance("roads", url, base[:10]).to_dict()
        return DatasetResult("roads", str(out), ways, ways, [cf.to_dict()], prov,
                             f"ways with a highway tag in the territory's box ± {m}°")


def _unzipped_any(cached, suffixes) -> Path:
    """The largest member of a zip with one of ``suffixes`` (the grid's GeoPackage)."""
    import shutil
    import zipfile

    path = Path(cached.path)
    dest = path.with_suffix(".d")
    with zipfile.ZipFile(path) as zf:
        members = [i for i in zf.infolist() if i.filename.lower().endswith(suffixes)]
        if not members:
            raise NetworkError(f"no {'/'.join(suffixes)} file in {cached.url}", path=cached.url,
                               hint="the producer changed the archive: download the file by hand and import it")
        member = max(members, key=lambda i: i.file_size)
        target = dest / Path(member.filename).name
        if not (target.exists() and target.stat().st_size == member.file_size):
            dest.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    return target


def _bounds(gj: dict) -> tuple:
    """(west, south, east, north) of a GeoJSON FeatureCollection (WGS84)."""
    xs, ys = [], []

    def walk(coords):
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords or ():
                walk(c)
    for f in gj.get("features", []):
        walk((f.get("geometry") or {}).get("coordinates"))
    return min(xs), min(ys), max(xs), max(ys)


def _features_inside(features: list, communes_gj: dict, inside) -> list:
    """The features one of whose inner points lies in the territory's communes."""
    import numpy as np
    from shapely.geometry import shape

    pts = []
    for f in features:
        try:
            p = shape(f["geometry"]).representative_point()
            pts.append((p.x, p.y))
        except Exception:  # noqa: BLE001 - a broken geometry is simply not in the territory
            pts.append((np.nan, np.nan))
    if not pts:
        return []
    lon, lat = np.array(pts, dtype=float).T
    ok = np.isfinite(lon)
    keep = np.zeros(len(pts), dtype=bool)
    if ok.any():
        keep[ok] = inside(lon[ok], lat[ok], communes_gj)
    return [f for f, k in zip(features, keep) if k]


def _osm_summary(path: Path) -> tuple:
    """(number of ways, osm_base date, error remark) of an OSM XML answer, read in blocks."""
    ways, base, remark = 0, "", ""
    tail = b""
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            data = tail + block
            ways += data.count(b"<way ") - tail.count(b"<way ")
            if not base:
                m = re.search(rb'osm_base="([^"]+)"', data)
                base = m.group(1).decode() if m else ""
            m = re.search(rb"<remark>(.*?)</remark>", data, re.S)
            if m and b"error" in m.group(1).lower():
                remark = m.group(1).decode("utf-8", "replace").strip()
            tail = data[-64:]
    return ways, base, remark


def _bpe_vintage(path) -> str:
    """The BPE vintage from its AN column (first data rows)."""
    import csv
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            head = fh.readline()
            sep = ";" if head.count(";") >= head.count(",") else ","
            fh.seek(0)
            reader = csv.DictReader(fh, delimiter=sep)
            for row in reader:
                an = (row.get("AN") or "").strip()
                if an:
                    return f"BPE {an}"
                break
    except OSError:
        return ""
    return ""
