"""Point layers read whole through GDAL's Arrow interface (GDAL >= 3.6) instead of one QgsFeature
per point: a million addresses in a GeoPackage in about 0.15 s instead of several seconds.

Used only where it gives exactly what the feature iterator gives (:func:`convert.points_frame`):
a plain OGR file layer (no filter, no selection, no feature limit) already in the run's CRS, with
2D points and only integer, real, text and boolean fields. Anything else returns None and the
caller iterates the features.

Text columns come from GDAL as fixed-width byte strings; a commune code column is factorised on
those bytes (seen as integers when they are 8 bytes or fewer) and kept as a categorical, so no
Python string is made per row.
"""
from __future__ import annotations

# OGR field types the fast path reproduces exactly: integers, reals and text (dates come back as
# Arrow timestamps where QGIS gives QDate objects, and GDAL 3.6 misplaces boolean bits: those layers
# take the feature iterator)
_KINDS = "iufSO"


def ogr_path(layer, epsg: int):
    """(file path, layer name or None) of a layer the fast path may read, else None."""
    from qgis.core import QgsWkbTypes

    if (layer is None or not hasattr(layer, "providerType") or layer.providerType() != "ogr"
            or layer.subsetString() or layer.wkbType() != QgsWkbTypes.Type.Point
            or layer.crs().postgisSrid() != int(epsg)):
        return None
    parts = layer.source().split("|")
    name = next((p.split("=", 1)[1] for p in parts[1:] if p.startswith("layername=")), None)
    if any(p.startswith(("subset=", "geometrytype=")) for p in parts[1:]):
        return None
    return parts[0], name


def text_categorical(values):
    """A pandas Categorical of a GDAL text column (fixed-width bytes, or objects), decoded once
    per distinct value; equal labels (b"1" and 1) are one category."""
    import numpy as np
    import pandas as pd

    values = np.asarray(values)
    if values.dtype.kind == "S" and values.dtype.itemsize <= 8:
        # fixed-width bytes as one 64-bit integer each: hashed 5x faster than Python bytes
        codes, uniq = pd.factorize(values.astype("S8").view("<u8"), sort=False)
        uniq = np.asarray(uniq, dtype="<u8").view("S8")
    else:
        codes, uniq = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    labels = [_text(u) for u in uniq]
    if len(set(labels)) != len(labels):
        return pd.Categorical(np.asarray(labels, dtype=object)[codes])
    return pd.Categorical.from_codes(np.asarray(codes), categories=labels)


def _text(u) -> str:
    if u is None or (isinstance(u, float) and u != u):
        return ""
    if isinstance(u, bytes):
        return u.rstrip(b"\0").decode("utf-8", "replace")
    return str(u)


def _decode(values, mask):
    """A text column as Python strings, None where NULL (what the feature iterator gives)."""
    import numpy as np

    out = np.empty(len(values), dtype=object)
    if values.dtype.kind == "S":
        # decode each distinct value once
        uniq, inv = np.unique(values, return_inverse=True)
        dec = np.array([u.decode("utf-8", "replace") for u in uniq] + [None], dtype=object)
        out[:] = dec[inv]
    else:
        out[:] = [_text(v) if v is not None else None for v in values]
    if mask is not None:
        out[mask] = None
    return out


def read_points(layer, epsg: int, fields=None, categorical=("code_insee",)):
    """x/y and attribute columns of a point layer as a DataFrame (columns as
    :func:`convert.points_frame` makes them), or None when the fast path does not apply.

    ``fields``: the attributes wanted (None: all of the layer's fields, ``fid`` included as QGIS
    lists it). Columns named in ``categorical`` become pandas categoricals of their text."""
    import numpy as np
    import pandas as pd

    found = ogr_path(layer, epsg)
    if found is None:
        return None
    try:
        from osgeo import gdal, ogr
        if int(gdal.VersionInfo()) < 3060000:
            return None
        path, lname = found
        ds = ogr.Open(path)
        if ds is None:
            return None
        lyr = ds.GetLayerByName(lname) if lname else ds.GetLayer(0)
        if lyr is None or lyr.GetFeatureCount() != layer.featureCount():
            return None
        qgis_names = [f.name() for f in layer.fields()]
        wanted = qgis_names if fields is None else [n for n in fields if n in qgis_names]
        fid_name = lyr.GetFIDColumn() or ""
        defn = lyr.GetLayerDefn()
        ogr_names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        if any(n not in ogr_names and n != fid_name for n in wanted):
            return None                     # a field QGIS names otherwise (virtual, joined…)
        lyr.SetIgnoredFields([n for n in ogr_names if n not in wanted])
        geom = lyr.GetGeometryColumn() or "geometry"
        xs, ys = [], []
        cols = {n: [] for n in wanted}
        masks = {n: [] for n in wanted}
        options = ["USE_MASKED_ARRAYS=YES", f"INCLUDE_FID={'YES' if fid_name in wanted else 'NO'}"]
        for batch in lyr.GetArrowStreamAsNumPy(options=options):
            wkb = batch[geom]
            if wkb.dtype.kind != "V" or wkb.dtype.itemsize != 21:   # 2D WKB points only
                return None
            raw = wkb.view(np.uint8).reshape(len(wkb), 21)
            if len(raw) and not ((raw[:, 0] == 1).all() and (raw[:, 1:5].view("<u4") == 1).all()):
                return None                 # big-endian or not a point
            xy = np.ascontiguousarray(raw[:, 5:]).view("<f8")
            xs.append(xy[:, 0])
            ys.append(xy[:, 1])
            for n in wanted:
                col = batch[n]
                data = np.ma.getdata(col)
                if data.dtype.kind not in _KINDS:
                    return None
                # copies: the batch's buffers must not outlive the stream and the dataset
                cols[n].append(np.array(data, copy=True))
                masks[n].append(np.array(np.ma.getmaskarray(col), copy=True))
        lyr = ds = None
    except Exception:  # noqa: BLE001 - any surprise (driver, types): the feature iterator is always right
        return None
    frame = {}
    for n in wanted:
        data = np.concatenate(cols[n]) if cols[n] else np.empty(0)
        mask = np.concatenate(masks[n]) if masks[n] else np.zeros(0, bool)
        has_null = bool(mask.any())
        if n in categorical:
            if has_null:
                data = data.astype(object) if data.dtype.kind not in "SO" else data.copy()
                data[mask] = b"" if data.dtype.kind == "S" else None
            frame[n] = text_categorical(data)
        elif has_null and mask.all():        # nothing but NULLs: None, as the iterator gives
            frame[n] = np.full(len(data), None, dtype=object)
        elif data.dtype.kind in "SO":
            frame[n] = _decode(data, mask if has_null else None)
        elif data.dtype.kind in "iu" and not has_null:
            frame[n] = data.astype(np.int64)
        else:                                # reals, and integers with NULLs: NaN where NULL
            f = data.astype(float)
            f[mask] = np.nan
            frame[n] = f
    out = pd.DataFrame(frame)
    out["x"] = np.concatenate(xs) if xs else np.empty(0)
    out["y"] = np.concatenate(ys) if ys else np.empty(0)
    empty = np.isnan(out["x"].to_numpy()) & np.isnan(out["y"].to_numpy())
    if empty.any():                          # POINT EMPTY: skipped, as the iterator skips it
        out = out.loc[~empty].reset_index(drop=True)
    if "code_insee" in out and "code_insee" not in categorical:
        out["code_insee"] = out["code_insee"].map(lambda v: "" if v is None else str(v))
    out.attrs["crs"] = int(epsg)
    return out


def read_parameter_points(alg, parameters, name, context, epsg: int, fields=None, categorical=("code_insee",)):
    """:func:`read_points` of the layer of a Processing parameter, or None when the parameter asks
    for part of a layer (selected features, a feature limit, a filter) or the fast path does not
    apply."""
    from qgis.core import QgsProcessingFeatureSourceDefinition

    value = parameters.get(name)
    if value is None or isinstance(value, QgsProcessingFeatureSourceDefinition):
        return None
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    return read_points(layer, epsg, fields, categorical)
