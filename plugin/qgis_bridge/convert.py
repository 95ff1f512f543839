"""QGIS features <-> the core's tables.

Reading: point sources become DataFrames with x/y in the metric CRS (the transform is done by the
feature iterator, in C++); polygon sources become GeoDataFrames through WKB. Writing: a frame goes
to a Processing sink, NaN as NULL.

Every Python loop over a Processing feature source goes through :func:`features`: the source's
geometry check is done here, in Python, never by QGIS's C++ callback (see there why).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsFeatureRequest, QgsField,
                       QgsFields, QgsGeometry, QgsPointXY, QgsProcessingException,
                       QgsProcessingFeatureSource, QgsVectorLayer, QgsWkbTypes)

from .compat import field_type
from .feedback import check_cancelled


# a cancel is seen within this many features (a few milliseconds of work)
CHECK_EVERY = 2000

if TYPE_CHECKING:  # pandas is imported where a frame is built, not when QGIS loads the plugin
    import pandas as pd


def crs_of(epsg: int) -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(f"EPSG:{int(epsg)}")


def _value(v):
    if v is None:
        return None
    if hasattr(v, "isNull") and v.isNull():  # QVariant NULL
        return None
    return v


def features(source, request: QgsFeatureRequest | None = None):
    """The features of ``source`` (a layer, a feature source or a Processing feature source).

    A Processing feature source checks geometry validity with a C++ callback that *throws* when
    the context says "stop on invalid geometries". Thrown inside ``QgsFeatureIterator.__next__``
    (which PyQGIS declares with no exception), that C++ exception unwinds through the frames of
    the Python interpreter and leaves it corrupted: the next Python call fails with
    ``SystemError: unknown opcode``, then QGIS crashes. So the check is skipped in C++ and the
    callers apply the context's setting in Python (:func:`geodataframe`; points cannot be invalid).
    """
    request = request if request is not None else QgsFeatureRequest()
    if isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(request, QgsProcessingFeatureSource.Flag.FlagSkipGeometryValidityChecks)
    request.setInvalidGeometryCheck(QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck)
    return source.getFeatures(request)


def points_frame(source, context, epsg: int, fields: list[str] | None = None) -> pd.DataFrame:
    """Attributes (all or ``fields``) and x/y in ``epsg`` of every feature of a point source.

    Non-point geometries give their centroid (a polygon's point on surface). Features with no
    geometry are skipped.
    """
    if isinstance(source, QgsVectorLayer):      # a whole file layer: GDAL's Arrow stream when it can
        from .fast_read import read_points
        fast = read_points(source, epsg, fields, categorical=())
        if fast is not None:
            return fast
    import numpy as np
    import pandas as pd

    names = [f.name() for f in source.fields()]
    wanted = names if fields is None else [n for n in fields if n in names]
    request = QgsFeatureRequest()
    request.setDestinationCrs(crs_of(epsg), context.transformContext())
    request.setSubsetOfAttributes(wanted, source.fields())
    cols = {n: [] for n in wanted}
    xs, ys = [], []
    for n, feat in enumerate(features(source, request)):
        if n % CHECK_EVERY == 0:
            check_cancelled()
        geom = feat.geometry()
        if geom is None or geom.isEmpty():
            continue
        kind = QgsWkbTypes.geometryType(geom.wkbType())
        if kind != QgsWkbTypes.GeometryType.PointGeometry or geom.isMultipart():
            geom = geom.pointOnSurface() if kind == QgsWkbTypes.GeometryType.PolygonGeometry else geom.centroid()
        pt = geom.asPoint()
        xs.append(pt.x())
        ys.append(pt.y())
        attrs = feat.attributes()
        for n in wanted:
            cols[n].append(_value(attrs[source.fields().indexOf(n)]))
    frame = pd.DataFrame(cols)
    frame["x"] = np.asarray(xs, float)
    frame["y"] = np.asarray(ys, float)
    if "code_insee" in frame:
        frame["code_insee"] = frame["code_insee"].map(lambda v: "" if v is None else str(v))
    frame.attrs["crs"] = int(epsg)
    return frame


def geodataframe(source, context, epsg: int, feedback=None):
    """Any vector source as a GeoDataFrame in ``epsg`` (geometries through WKB).

    Invalid geometries follow the context's setting, as QGIS's own algorithms do: stop with a
    message naming them (the default), skip them with a warning, or keep them as they are.
    """
    import geopandas as gpd
    import pandas as pd
    from shapely import wkb as shapely_wkb

    request = QgsFeatureRequest()
    request.setDestinationCrs(crs_of(epsg), context.transformContext())
    names = [f.name() for f in source.fields()]
    rows, geoms, fids = [], [], []
    for n, feat in enumerate(features(source, request)):
        if n % CHECK_EVERY == 0:
            check_cancelled()
        geom = feat.geometry()
        geoms.append(None if geom is None or geom.isEmpty() else shapely_wkb.loads(bytes(geom.asWkb())))
        rows.append([_value(v) for v in feat.attributes()])
        fids.append(feat.id())
    frame = pd.DataFrame(rows, columns=names)
    if "code_insee" in frame:
        frame["code_insee"] = frame["code_insee"].map(lambda v: "" if v is None else str(v))
    keep = _check_geometries(source, context, frame, geoms, fids, feedback)
    if keep is not None:
        frame = frame.loc[keep].reset_index(drop=True)
        geoms = [g for g, k in zip(geoms, keep) if k]
    return gpd.GeoDataFrame(frame, geometry=geoms, crs=f"EPSG:{int(epsg)}")


def _check_geometries(source, context, frame, geoms, fids, feedback):
    """None when every geometry may be used, else the mask of the rows to keep (invalid ones
    skipped); raises when the context stops on invalid geometries."""
    import numpy as np

    from ..core import validity
    from ..core.errors import InputDataError

    check = context.invalidGeometryCheck() if context is not None else None
    if check in (None, QgsFeatureRequest.InvalidGeometryCheck.GeometryNoCheck):
        return None
    bad = validity.invalid_positions(geoms)
    if not len(bad):
        return None
    reasons = [validity.explain(geoms[i]) for i in bad[:5]]
    labels = {i: _feature_label(frame, i, fids[i]) for i in bad[:5]}
    name = source.sourceName() if hasattr(source, "sourceName") else ""
    listed = validity.describe(labels, bad, reasons)
    if check == QgsFeatureRequest.InvalidGeometryCheck.GeometrySkipInvalid:
        text = f"{len(bad)} feature(s) of '{name}' with an invalid geometry skipped (Processing setting): {listed}"
        if feedback is not None:
            feedback.warning(text)
        elif context.feedback() is not None:
            context.feedback().reportError(text, False)
        keep = np.ones(len(geoms), dtype=bool)
        keep[bad] = False
        return keep
    raise InputDataError(
        f"{len(bad)} feature(s) of the layer '{name}' have an invalid geometry: {listed}",
        hint="import the communes with 'Import communes' (it repairs them), or repair the layer with "
             "Vector › Geometry Tools › Fix Geometries, or set Processing › Options › General › "
             "'Invalid features filtering' to skip them")


def _feature_label(frame, i, fid) -> str:
    """'feature 2 (90002 Bow)': the id and, when the layer has them, the code and name."""
    bits = [str(frame[c].iat[i]) for c in ("code_insee", "nom") if c in frame.columns
            and frame[c].iat[i] not in (None, "")]
    return f"feature {fid}" + (f" ({' '.join(bits)})" if bits else "")


def _field_type(series):
    import pandas as pd

    if pd.api.types.is_bool_dtype(series):
        return field_type("bool")
    if pd.api.types.is_integer_dtype(series):
        return field_type("int64")
    if pd.api.types.is_float_dtype(series):
        return field_type("double")
    return field_type("string")


def fields_of(frame, skip=("x", "y", "geometry")) -> QgsFields:
    fields = QgsFields()
    for name in frame.columns:
        if name in skip:
            continue
        fields.append(QgsField(str(name), _field_type(frame[name])))
    return fields


def _python_values():
    """A function numpy/pandas scalar -> plain Python, NaN/NA -> None (numpy and pandas bound once,
    not looked up at every value)."""
    import numpy as np
    import pandas as pd

    def py(v):
        if v is None:
            return None
        if isinstance(v, (float, np.floating)):
            return None if math.isnan(v) else float(v)
        if isinstance(v, (np.integer,)):
            return int(v)
        if isinstance(v, (np.bool_,)):
            return bool(v)
        try:
            if pd.isna(v):
                return None
        except (TypeError, ValueError):
            pass
        return v
    return py


def write_sink(alg, parameters, name: str, context, frame, geometry: str = "point", epsg: int = 2154,
               keep_xy: bool = False):
    """Write a frame to the Processing sink ``name``; returns the destination id."""
    _py = _python_values()
    skip = ("geometry",) if keep_xy else ("x", "y", "geometry")
    fields = fields_of(frame, skip=skip)
    wkb_type = {"point": QgsWkbTypes.Type.Point, "polygon": QgsWkbTypes.Type.MultiPolygon,
                "none": QgsWkbTypes.Type.NoGeometry}[geometry]
    sink, dest_id = alg.parameterAsSink(parameters, name, context, fields, wkb_type, crs_of(epsg))
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, name))
    names = [f.name() for f in fields]
    cols = [_python_column(frame[n], _py) for n in names]
    rows = [list(r) for r in zip(*cols)] if cols else [[] for _ in range(len(frame))]
    del cols
    if geometry == "point":
        xs, ys = frame["x"].to_numpy(float).tolist(), frame["y"].to_numpy(float).tolist()
    elif geometry == "polygon":
        wkbs = _wkb_list(frame.geometry)
    batch = []
    for i in range(len(frame)):
        if i % CHECK_EVERY == 0:
            check_cancelled()
            if batch:
                sink.addFeatures(batch)
                batch = []
        feat = QgsFeature(fields)
        feat.setAttributes(rows[i])
        if geometry == "point" and not (math.isnan(xs[i]) or math.isnan(ys[i])):
            feat.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(xs[i], ys[i])))
        elif geometry == "polygon" and wkbs[i] is not None:
            geom = QgsGeometry()
            geom.fromWkb(wkbs[i])
            geom.convertToMultiType()  # noqa: QGS201 (True when already multi; a null geometry stays null)
            feat.setGeometry(geom)
        batch.append(feat)
    if batch:
        sink.addFeatures(batch)
    return dest_id


def _python_column(series, py) -> list:
    """A column's values as plain Python (what ``py`` makes of each, NaN as None): numpy's
    ``tolist`` for numbers and booleans, ``py`` per value for everything else."""
    import numpy as np

    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else ""
    if kind == "f":
        values = series.to_numpy()
        out = values.tolist()
        for i in np.flatnonzero(np.isnan(values)).tolist():
            out[i] = None
        return out
    if kind in "iub" and kind:
        return series.to_numpy().tolist()
    return [py(v) for v in series.astype(object).to_numpy()]


def _wkb_list(geoseries) -> list:
    try:
        import shapely
        return list(shapely.to_wkb(geoseries.values))  # shapely 2
    except (ImportError, AttributeError, TypeError):
        return [None if g is None else g.wkb for g in geoseries]
