"""OpenStreetMap extracts (.osm XML, .osm.pbf) through GDAL's OSM driver.

Layers are read in one block per layer: with ``osgeo`` (the QGIS stack) through the Arrow/NumPy
stream of GDAL >= 3.6, otherwise with ``pyogrio``. Geometries stay WKB; points and line strings
are decoded with NumPy (no per-feature Python objects), other geometries with shapely.

``read_osm_services`` turns amenities into the service schema (category townhall, library,
post_office or other). The road graph reader is in ``sources.roads``.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..crs import infer_epsg
from ..errors import InputDataError, InputFormatError
from ..progress import ensure
from ..provenance import ODBL, Provenance, ReadReport, ReadResult
from .points import finish_points

OSM_SUFFIXES = (".osm", ".pbf", ".osm.pbf")

# amenity=* -> service category; every other listed tag gives "other".
AMENITY_CATEGORY = {
    "townhall": "townhall",
    "library": "library",
    "post_office": "post_office",
    "community_centre": "other",
    "social_facility": "other",
}
# internet_access values meaning "the public can get online here"
INTERNET_YES = ("yes", "wlan", "terminal", "wired", "wifi", "public")


def is_osm_file(path) -> bool:
    return str(path).lower().endswith((".osm", ".pbf", ".osm.xml"))


def osm_provenance(path) -> Provenance:
    return Provenance(source="OpenStreetMap", producer="OpenStreetMap contributors",
                      vintage=_osm_vintage(path), licence=ODBL, url=str(path))


def _osm_vintage(path) -> str:
    """The date of the database an Overpass answer was made from (``osm_base``), else the latest
    object timestamp of an XML extract (read from the first MB only), else the year in the file name."""
    path = Path(path)
    if path.suffix.lower() in (".osm", ".xml"):
        latest = ""
        pattern = re.compile(rb"timestamp=['\"](\d{4}-\d{2}-\d{2})")
        with open(path, "rb") as fh:
            base = re.search(rb"osm_base=['\"](\d{4}-\d{2}-\d{2})", fh.read(4096))
            if base:
                return base.group(1).decode()
            fh.seek(0)
            for _ in range(8):               # the first 64 MB are enough for a dated extract
                block = fh.read(8 << 20)
                if not block:
                    break
                stamps = pattern.findall(block)
                if stamps:
                    latest = max(latest, max(stamps).decode())
        if latest:
            return latest
    m = re.search(r"(19|20)\d{2}", path.name)
    return m.group(0) if m else ""


# --------------------------------------------------------------------------------------------
# layer reading

def _check_path(path) -> Path:
    path = Path(path)
    if not path.exists():
        raise InputDataError("file not found", path=str(path), hint="check the path")
    if path.stat().st_size == 0:
        raise InputDataError("the file is empty", path=str(path), hint="download the extract again")
    return path


def read_osm_layer(path, layer: str, columns: list[str] | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Attributes (text columns, "" for null) and WKB geometries of one layer of an OSM file.

    ``layer`` is one of points, lines, multilinestrings, multipolygons, other_relations.
    """
    path = _check_path(path)
    try:
        from osgeo import ogr  # noqa: F401
        have_osgeo = True
    except ImportError:
        have_osgeo = False
    if have_osgeo:
        return _read_layer_osgeo(path, layer, columns)
    try:
        import pyogrio  # noqa: F401
    except ImportError as exc:
        raise InputFormatError("cannot read OpenStreetMap files: neither GDAL's Python bindings "
                               "(osgeo) nor pyogrio are installed", path=str(path),
                               hint="install python3-gdal (QGIS ships it) or pyogrio") from exc
    return _read_layer_pyogrio(path, layer, columns)


def _open_error(path, detail: str = "") -> InputFormatError:
    return InputFormatError(f"GDAL's OSM driver cannot read this file{': ' + detail if detail else ''}",
                            path=str(path), hint="is it an OpenStreetMap .osm (XML) or .osm.pbf extract? "
                                                 "download the extract again")


def _read_layer_osgeo(path: Path, layer: str, columns):
    from osgeo import gdal, ogr

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        drv = ogr.GetDriverByName("OSM")
        ds = drv.Open(str(path), 0) if drv is not None else None
        if ds is None:
            raise _open_error(path, gdal.GetLastErrorMsg())
        lyr = ds.GetLayerByName(layer)
        if lyr is None:
            raise _open_error(path, f"no layer {layer!r}")
        defn = lyr.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        wanted = [n for n in (columns or names) if n in names]
        if hasattr(lyr, "GetArrowStreamAsNumPy"):
            cols = {n: [] for n in wanted}
            geoms = []
            stream = lyr.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO", "INCLUDE_FID=NO"])
            for batch in stream:
                for n in wanted:
                    cols[n].append(_as_text(batch[n]))
                gname = next((k for k in batch if k not in names and k != "OGC_FID"), None)
                geoms.append(np.asarray(batch[gname], dtype=object) if gname else
                             np.empty(len(next(iter(batch.values()))), dtype=object))
            if gdal.GetLastErrorType() >= gdal.CE_Failure and not geoms:
                raise _open_error(path, gdal.GetLastErrorMsg())
            frame = pd.DataFrame({n: (np.concatenate(v) if v else np.empty(0, object))
                                  for n, v in cols.items()})
            wkb = np.concatenate(geoms) if geoms else np.empty(0, dtype=object)
        else:  # GDAL < 3.6: one feature at a time (small extracts only)
            rows, geoms = [], []
            for feat in lyr:
                rows.append([feat.GetField(n) or "" for n in wanted])
                g = feat.GetGeometryRef()
                geoms.append(bytes(g.ExportToWkb()) if g is not None else None)
            frame = pd.DataFrame(rows, columns=wanted, dtype=object)
            wkb = np.array(geoms, dtype=object)
    finally:
        gdal.PopErrorHandler()
    return frame.astype(object), wkb


def _as_text(arr) -> np.ndarray:
    arr = np.asarray(arr)
    if arr.dtype.kind == "S":
        return np.char.decode(arr, "utf-8", errors="replace").astype(object)
    if arr.dtype.kind in "iuf":
        return arr.astype(str).astype(object)
    return np.array(["" if v is None else str(v) for v in arr], dtype=object)


def _read_layer_pyogrio(path: Path, layer: str, columns):
    import pyogrio.raw as raw
    from pyogrio.errors import DataLayerError, DataSourceError

    try:
        meta, _fids, geom, data = raw.read(str(path), layer=layer, columns=columns)
    except (DataSourceError, DataLayerError) as exc:
        raise _open_error(path, str(exc).splitlines()[0]) from exc
    frame = pd.DataFrame({n: pd.Series(v, dtype=object).fillna("").astype(object).to_numpy()
                          for n, v in zip(meta["fields"], data)})
    return frame, np.asarray(geom, dtype=object)


# --------------------------------------------------------------------------------------------
# tags and geometries

def hstore_get(other_tags: pd.Series, key: str) -> pd.Series:
    """Value of ``key`` in GDAL's ``other_tags`` hstore text (``"k"=>"v","k2"=>"v2"``), "" if absent."""
    pattern = r'(?:^|,)"' + re.escape(key) + r'"=>"((?:[^"\\]|\\.)*)"'
    out = pd.Series(other_tags, dtype=object).fillna("").astype(str).str.extract(pattern, expand=False)
    return out.fillna("").astype(object)


def wkb_points_xy(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x, y of little-endian 2D WKB points (what GDAL writes); NaN for anything else."""
    n = len(wkb)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if n == 0:
        return x, y
    lengths = np.fromiter((len(b) if b is not None else 0 for b in wkb), dtype=np.int64, count=n)
    ok = lengths == 21
    if ok.any():
        buf = np.frombuffer(b"".join(wkb[ok]), dtype=np.uint8).reshape(-1, 21)
        good = (buf[:, 0] == 1) & (buf[:, 1] == 1) & (buf[:, 2:5] == 0).all(axis=1)
        xy = np.ascontiguousarray(buf[:, 5:21]).view("<f8").reshape(-1, 2)
        idx = np.flatnonzero(ok)
        x[idx[good]] = xy[good, 0]
        y[idx[good]] = xy[good, 1]
    return x, y


def wkb_lines_coords(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of 2D line strings: (x, y, index of the line of each vertex).

    Little-endian WKB line strings (GDAL's output) are decoded with one NumPy gather over the
    concatenated buffer; anything else goes through shapely.
    """
    n = len(wkb)
    if n == 0:
        return np.empty(0), np.empty(0), np.empty(0, np.int64)
    blobs = [b if b is not None else b"" for b in wkb]
    lengths = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=n)
    buf = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    fast = (lengths >= 9) & ((lengths - 9) % 16 == 0)
    if fast.any():
        s = starts[fast]
        fast_idx = np.flatnonzero(fast)
        header_ok = (buf[s] == 1) & (buf[s + 1] == 2) & (buf[s + 2] == 0) & (buf[s + 3] == 0) & (buf[s + 4] == 0)
        fast[fast_idx[~header_ok]] = False
    if fast.all():
        npts = (lengths - 9) // 16
        line = np.repeat(np.arange(n), npts)
        first = np.repeat(starts + 9, npts)
        # position of each vertex inside its line
        offs = np.arange(npts.sum()) - np.repeat(np.cumsum(npts) - npts, npts)
        byte0 = first + offs * 16
        gather = byte0[:, None] + np.arange(16)[None, :]
        xy = buf[gather].copy().view("<f8").reshape(-1, 2)
        return xy[:, 0].copy(), xy[:, 1].copy(), line.astype(np.int64)
    return _lines_coords_shapely(blobs)


def _lines_coords_shapely(blobs):
    from ..compat import SHAPELY2
    if SHAPELY2:
        import shapely
        geoms = shapely.from_wkb(np.array([b if b else None for b in blobs], dtype=object))
        coords, index = shapely.get_coordinates(geoms, return_index=True)
        return coords[:, 0].copy(), coords[:, 1].copy(), index.astype(np.int64)
    from shapely import wkb as swkb
    xs, ys, idx = [], [], []
    for i, b in enumerate(blobs):  # shapely 1.8 fallback, non-GDAL WKB only
        if not b:
            continue
        c = np.asarray(swkb.loads(bytes(b)).coords)[:, :2]
        xs.append(c[:, 0])
        ys.append(c[:, 1])
        idx.append(np.full(len(c), i))
    if not xs:
        return np.empty(0), np.empty(0), np.empty(0, np.int64)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(idx).astype(np.int64)


def wkb_centroids_xy(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Centroids of any WKB geometries (used on the few amenity polygons only)."""
    from ..compat import SHAPELY2
    if len(wkb) == 0:
        return np.empty(0), np.empty(0)
    if SHAPELY2:
        import shapely
        c = shapely.centroid(shapely.from_wkb(np.asarray(wkb, dtype=object)))
        return shapely.get_x(c), shapely.get_y(c)
    from shapely import wkb as swkb
    pts = [swkb.loads(bytes(b)).centroid for b in wkb]
    return np.array([p.x for p in pts]), np.array([p.y for p in pts])


# --------------------------------------------------------------------------------------------
# amenities -> services

def _amenity_frame(attrs: pd.DataFrame, other: pd.Series) -> pd.DataFrame:
    """amenity, office, internet_access, name, opening_hours, address of each feature."""
    def col(name):
        if name in attrs.columns:
            direct = attrs[name].astype(object).fillna("")
            return direct.where(direct != "", hstore_get(other, name))
        return hstore_get(other, name)

    out = pd.DataFrame({
        "amenity": col("amenity").to_numpy(),
        "office": col("office").to_numpy(),
        "internet_access": col("internet_access").to_numpy(),
        "name": attrs["name"].astype(object).fillna("").to_numpy() if "name" in attrs else "",
        "opening_hours": hstore_get(other, "opening_hours").to_numpy(),
        "housenumber": hstore_get(other, "addr:housenumber").to_numpy(),
        "street": hstore_get(other, "addr:street").to_numpy(),
        "postcode": hstore_get(other, "addr:postcode").to_numpy(),
        "city": hstore_get(other, "addr:city").to_numpy(),
        "ref_insee": hstore_get(other, "ref:INSEE").to_numpy(),
    })
    return out


def read_osm_services(path, epsg: int | None = None, feedback=None) -> ReadResult:
    """Public-service amenities of an OSM extract as a service table.

    Points (nodes) and the centroids of areas (closed ways and multipolygon relations) with
    amenity=townhall/library/post_office/community_centre/social_facility, office=government, or
    internet_access=yes/wlan/terminal/wired. Category: townhall, library, post_office, else other;
    ``services`` lists "internet_access" where the tag says so.
    """

    fb = ensure(feedback)
    path = _check_path(path)
    report = ReadReport(path=str(path), format="osm", provenance=osm_provenance(path))
    parts = []
    for i, layer in enumerate(("points", "multipolygons")):
        fb.check()
        attrs, wkb = read_osm_layer(path, layer)
        other = attrs.get("other_tags", pd.Series([""] * len(attrs), dtype=object))
        fr = _amenity_frame(attrs, other)
        ia = fr["internet_access"].str.lower().isin(INTERNET_YES)
        keep = (fr["amenity"].isin(list(AMENITY_CATEGORY)) | (fr["office"] == "government") | ia).to_numpy()
        fr = fr.loc[keep].reset_index(drop=True)
        sel = wkb[keep]
        if layer == "points":
            all_xy = wkb_points_xy(wkb)
            lon, lat = all_xy[0][keep], all_xy[1][keep]
            osm_type = np.full(len(fr), "node", dtype=object)
            osm_id = attrs.loc[keep, "osm_id"].to_numpy()
        else:
            lon, lat = wkb_centroids_xy(sel)
            way = attrs.loc[keep, "osm_way_id"].to_numpy()
            rel = attrs.loc[keep, "osm_id"].to_numpy()
            is_way = pd.Series(way).fillna("").to_numpy() != ""
            osm_type = np.where(is_way, "way", "relation").astype(object)
            osm_id = np.where(is_way, way, rel)
        fr["lon"], fr["lat"] = lon, lat
        fr["id"] = pd.Series(osm_type, dtype=object).str.cat(pd.Series(osm_id, dtype=str).astype(object), sep="/").to_numpy()
        parts.append(fr)
        fb.set_progress(40 * (i + 1))
    fr = pd.concat(parts, ignore_index=True)
    report.rows_read = len(fr)
    if len(fr) == 0:
        report.warnings.append("no public-service amenity (townhall, library, post office, community "
                               "centre, social facility, government office, internet access) in the extract")
    if epsg is None:   # the territory of the whole extract, not only of the few amenities
        epsg = infer_epsg(None, *all_xy)
    cat = fr["amenity"].map(AMENITY_CATEGORY).fillna("other").astype(object)
    internet = fr["internet_access"].str.lower().isin(INTERNET_YES)
    street = (fr["housenumber"] + " " + fr["street"]).str.strip()
    town = (fr["postcode"] + " " + fr["city"]).str.strip()
    address = (street + ", " + town).str.strip(", ").astype(object)
    frame = pd.DataFrame({
        "id": fr["id"].astype(object),
        "name": fr["name"].astype(object),
        "category": cat,
        "code_insee": fr["ref_insee"].astype(object),
        "address": address,
        "opening_hours": fr["opening_hours"].astype(object),
        "services": np.where(internet, "internet_access", "").astype(object),
        "source": "osm",
        "mobile": False,
    })
    records = [f"{t} (OSM {i})" for t, i in zip(fr["amenity"].where(fr["amenity"] != "", "office/internet"), fr["id"])]
    data = finish_points(frame, report, lon=fr["lon"].to_numpy(), lat=fr["lat"].to_numpy(), epsg=epsg,
                         lines=None, records=records)
    fb.set_progress(100)
    return ReadResult(data, report)
