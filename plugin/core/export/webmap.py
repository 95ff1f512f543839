"""The shareable web map: one self-contained HTML file (folium + Leaflet) that works offline.

No basemap (no network in a workshop room: the communes are the map), Leaflet inlined from an
installed package (see :mod:`.leaflet_assets`), communes coloured by one indicator with a legend,
service places by category with popups, optional coverage areas, a layer switcher, and the title,
date, sources and licences. Text from the data never becomes markup: the data travel as JSON
(with ``<``, ``>`` and ``&`` escaped) and the page's script puts them in the DOM as text nodes; the
panels are rendered by Jinja2 with autoescaping.
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..presentation.classification import MASKED, NO_DATA
from ..presentation.demand import demand_sentence, network_sentence
from ..presentation.glossary import glossary
from ..presentation.indicators import field_info, present_fields, split_label_unit, unit_label
from ..presentation.language import check_lang
from ..presentation.numbers import format_value
from ..presentation.sources import attribution, is_synthetic, odbl_notice, source_line, sources_of, uses_osm
from ..presentation.titles import default_title, headline_categories
from ..presentation.vocabulary import Category
from ..presentation.vocabulary import word as t
from .atomic import check_output_path, write_text_atomic
from .classes import commune_classes, display_series, flags, masked_flags, masked_values
from .hours import humanize
from .leaflet_assets import find_leaflet
from .notes import method_notes

RESOURCES = Path(__file__).resolve().parents[3] / "resources" / "report"
SIMPLIFY_M = 10.0          # commune outlines are simplified to 10 m: a map, not a cadastre
DECIMALS = 5               # ~1 m in WGS84
# A large run (a region, France whole: up to 35,000 communes) is drawn the light way: its outlines
# simplified to 100 m (at a zoom that shows a département a pixel is 150 m) and sent compactly
# (_national_payload: integer Web Mercator coordinates, delta-encoded, in one string parsed once),
# drawn by the page on one canvas of its own from one Path2D per colour class made once (no Leaflet
# layer per commune; the commune under the pointer is found by the page), and only the names of its
# most populated communes are made into labels, when the names layer is first shown: the national
# map opens in about a second (bench/bench_webmap.py).
LARGE_FROM = 2000
SIMPLIFY_LARGE_M = 100.0
LABELS_LARGE = 400


def safe_json(data: Any) -> str:
    """JSON that can sit inside a <script> element: no '<', '>', '&' or line separators."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def _text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def is_large(n_communes: int) -> bool:
    """True when the map is drawn the light way (canvas, coarser outlines): see ``LARGE_FROM``."""
    return n_communes >= LARGE_FROM


def _round_coords(obj, decimals: int = DECIMALS):
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(c), decimals) for c in obj]
        return [_round_coords(o, decimals) for o in obj]
    return obj


def _geojson_geometry(geom, decimals: int = DECIMALS) -> dict | None:
    from shapely.geometry import mapping
    if geom is None or geom.is_empty:
        return None
    g = mapping(geom)
    return {"type": g["type"], "coordinates": _round_coords(g["coordinates"], decimals)}


def _simplified(frame, large: bool):
    """The outlines in a metric CRS simplified for the map (topology kept); as they are otherwise."""
    if frame.crs is not None and frame.crs.is_projected:
        return frame.simplify(SIMPLIFY_LARGE_M if large else SIMPLIFY_M, preserve_topology=True)
    return frame.geometry


def _to_wgs84(gdf):
    if gdf.crs is None:
        raise InputDataError("the communes layer has no coordinate reference system",
                             hint="set its CRS (Lambert-93, EPSG:2154, for metropolitan France)")
    return gdf.to_crs(4326)


def _commune_columns(communes, indicator, info, classes, lang, metadata) -> dict:
    """What the map says of each commune, as columns: code, name, class (``cls``: index into
    ``colours``; the masked and no-data colours come after the classes'), the indicator's value as
    text (``v``), the popup's field labels once (``fields``) and each field's values (``vals``)."""
    masked = masked_flags(communes)
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(dtype=float)
    hidden = masked & ~np.isfinite(values)
    cls = classes.class_of(values)
    n_cls = len(classes.colours)
    cls = np.where(hidden, n_cls, np.where(cls < 0, n_cls + 1, cls))
    shown = present_fields(communes.columns, extra=[indicator], table=communes)
    infos = {f: field_info(f, lang, metadata, communes=communes) for f in shown}
    n = len(communes)
    names = communes["nom"].map(_text).tolist() if "nom" in communes else [""] * n
    codes = communes["code_insee"].map(_text).tolist() if "code_insee" in communes else [""] * n
    masked_word, no_data_word = t("masked", lang), t("no_data", lang)
    shown_value = [masked_word if cls[i] == n_cls else no_data_word if cls[i] == n_cls + 1
                   else format_value(values[i], info.unit, lang) for i in range(n)]
    vals = []
    for f in shown:
        column = display_series(communes, f, lang).tolist()
        missing_if_masked = masked_word if infos[f].confidential else no_data_word
        vals.append([format_value(column[i], infos[f].unit, lang,
                                  missing=missing_if_masked if masked[i] else no_data_word) for i in range(n)])
    return {"code": codes, "nom": names, "cls": cls, "colours": list(classes.colours) + [MASKED, NO_DATA],
            "masked_cls": n_cls, "m": hidden, "v": shown_value, "fields": [infos[f].label for f in shown],
            "vals": vals, "pr": _label_rank(communes)}


def _commune_payload(communes, wgs, indicator, info, classes, lang, metadata):
    """The communes as GeoJSON; the popup's field labels once (``fields``), each commune's values in
    the same order (``vals``)."""
    col = _commune_columns(communes, indicator, info, classes, lang, metadata)
    label_pts = wgs.geometry.representative_point()
    features = []
    for i, geom in enumerate(wgs.geometry):
        gj = _geojson_geometry(geom)
        if gj is None:
            continue
        pt = label_pts.iloc[i]
        features.append({
            "type": "Feature", "geometry": gj,
            "properties": {"code": col["code"][i], "nom": col["nom"][i], "c": col["colours"][col["cls"][i]],
                           "m": bool(col["m"][i]), "v": col["v"][i], "vals": [v[i] for v in col["vals"]],
                           "lab": [round(pt.y, DECIMALS), round(pt.x, DECIMALS)], "pr": int(col["pr"][i])},
        })
    return {"type": "FeatureCollection", "fields": col["fields"], "features": features}


# The national map's communes travel compactly (see _national_payload): coordinates in Web Mercator
# (EPSG:3857, Leaflet's own projection: the page never reprojects a vertex) as integers of NATIONAL_UNIT
# metres, delta-encoded in the polyline alphabet (Google's "encoded polyline": 5 bits per character,
# characters 63 to 126, so nothing to escape in a <script> element).
NATIONAL_UNIT = 10.0


def polyline_encode(values) -> str:
    """Signed integers as one string of the encoded-polyline alphabet (zigzag, 5 bits a character,
    the 6th bit saying that more follow); :func:`polyline_decode` and the page's script read it."""
    v = np.asarray(values, dtype=np.int64)
    if v.size == 0:
        return ""
    z = np.where(v < 0, ~(v << 1), v << 1).astype(np.uint64)
    chunks = np.maximum(1, (np.floor(np.log2(np.maximum(z, 1).astype(float))).astype(int) + 5) // 5)
    # a value has at most 7 chunks of 5 bits (values below 2**35)
    out = np.zeros((v.size, int(chunks.max())), dtype=np.uint8)
    for k in range(out.shape[1]):
        part = ((z >> np.uint64(5 * k)) & np.uint64(31)).astype(np.uint8)
        more = (k < chunks - 1)
        out[:, k] = np.where(k < chunks, part + 32 * more + 63, 0)
    flat = out.ravel()
    return flat[flat > 0].tobytes().decode("ascii")


def polyline_decode(text: str) -> list[int]:
    """The integers :func:`polyline_encode` wrote (for tests; the page has its own loop)."""
    out, result, shift = [], 0, 0
    for ch in text:
        b = ord(ch) - 63
        result |= (b & 31) << shift
        shift += 5
        if b < 32:
            out.append(~(result >> 1) if result & 1 else result >> 1)
            result, shift = 0, 0
    return out


def _rings(geom):
    """The rings of a polygon or multipolygon, exteriors counter-clockwise and holes clockwise (in a
    y-up CRS), as arrays of their vertices without the closing one."""
    if geom is None or geom.is_empty:
        return []
    out = []
    for part in getattr(geom, "geoms", [geom]):
        if part.geom_type != "Polygon" or part.is_empty:
            continue
        for k, ring in enumerate([part.exterior, *part.interiors]):
            xy = np.asarray(ring.coords, dtype=float)[:-1, :2]
            if len(xy) < 3:
                continue
            x, y = xy[:, 0] - xy[0, 0], xy[:, 1] - xy[0, 1]
            ccw = float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) > 0     # shoelace
            out.append(xy if ccw == (k == 0) else xy[::-1])
    return out


def _national_payload(communes, metric_geom, indicator, info, classes, lang, metadata, label_max: int) -> dict:
    """The communes of a large map as columns the page draws on one canvas without a Leaflet layer
    per commune: per commune its number of rings (``rings``), per ring its number of vertices
    (``pts``), all vertices in ``xy`` (encoded polyline of the deltas, in NATIONAL_UNIT metres of
    Web Mercator, x from ``origin[0]`` eastwards and y from ``origin[1]`` southwards: screen
    orientation); ``lab`` a point inside each commune (same encoding) for its label and its sheet;
    ``labels`` the communes named on the map, most populated first; texts repeated across communes
    (values, classes) are sent once per column (``{"u": unique texts, "i": index per commune}``).
    Communes without a geometry are left out."""
    col = _commune_columns(communes, indicator, info, classes, lang, metadata)
    merc = metric_geom.to_crs(3857)
    keep = np.flatnonzero(~(merc.is_empty | merc.isna()).to_numpy())
    geoms = merc.iloc[keep]
    rings, pts, chunks = [], [], []
    for g in geoms:
        rs = _rings(g)
        rings.append(len(rs))
        for xy in rs:
            pts.append(len(xy))
            chunks.append(xy)
    allxy = np.vstack(chunks) if chunks else np.zeros((1, 2))
    (west, south), (east, north) = allxy.min(axis=0), allxy.max(axis=0)
    origin = (float(np.floor(west)), float(np.ceil(north)))
    unit = NATIONAL_UNIT
    ints = np.column_stack([np.round((allxy[:, 0] - origin[0]) / unit),
                            np.round((origin[1] - allxy[:, 1]) / unit)]).astype(np.int64)
    deltas = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    lab = geoms.representative_point()
    lab_ints = np.column_stack([np.round((lab.x.to_numpy() - origin[0]) / unit),
                                np.round((origin[1] - lab.y.to_numpy()) / unit)]).astype(np.int64)
    lab_deltas = np.diff(lab_ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    pr = np.asarray(col["pr"])[keep]
    order = np.argsort(pr, kind="stable")
    labels = order[:label_max].tolist()

    def dictionary(values):
        codes, uniques = pd.factorize(pd.Series(values, dtype=object)[keep].reset_index(drop=True))
        return {"u": list(uniques), "i": codes.tolist()}

    from pyproj import Transformer
    (west, east), (south, north) = Transformer.from_crs(3857, 4326, always_xy=True).transform([west, east],
                                                                                              [south, north])
    return {"n": int(len(keep)), "fields": col["fields"], "bounds": [[south, west], [north, east]],
            "code": [col["code"][i] for i in keep], "nom": [col["nom"][i] for i in keep],
            "cls": np.asarray(col["cls"])[keep].tolist(), "colours": col["colours"],
            "masked_cls": col["masked_cls"], "v": dictionary(col["v"]),
            "vals": [dictionary(v) for v in col["vals"]],
            "unit": unit, "origin": list(origin), "rings": rings, "pts": pts,
            "xy": polyline_encode(deltas.ravel()), "lab": polyline_encode(lab_deltas.ravel()), "labels": labels}


def _label_rank(communes) -> np.ndarray:
    """Order in which commune names claim room on the map (0 first): most populated first, then
    the largest; the web map's script leaves out a name that would overlap one placed before."""
    n = len(communes)
    pop = pd.to_numeric(communes["population"], errors="coerce").to_numpy(float) if "population" in communes \
        else np.zeros(n)
    area = communes.geometry.area.to_numpy(float) if communes.crs is not None and communes.crs.is_projected \
        else np.zeros(n)
    order = np.lexsort((-np.nan_to_num(area), -np.nan_to_num(pop, nan=-1.0)))
    rank = np.empty(n, dtype=int)
    rank[order] = np.arange(n)
    return rank


def iris_indicator(iris, indicator: str) -> str | None:
    """The field the IRIS layer is coloured by: the communes' indicator when the IRIS have it, else
    their fragility score; None when they have neither."""
    for f in (indicator, "ifn_global", "share_within"):
        if f in iris.columns and pd.to_numeric(iris[f], errors="coerce").notna().any():
            return f
    return None


def _iris_payload(iris, indicator, lang, metadata):
    """The IRIS of the communes split into IRIS, coloured by their own classes (same scheme as the
    communes), each with its sheet as a popup; and the IRIS in a priority neighbourhood (QPV)."""
    split = iris[~iris["code_iris"].astype(str).str.endswith("0000")] if "code_iris" in iris else iris
    field = iris_indicator(split, indicator) if len(split) else None
    if field is None:
        return None, None, None, None
    metric = _simplified(split, False)
    table = split.assign(code_insee=split["code_iris"].astype(str))      # the popup's code is the IRIS's
    wgs = _to_wgs84(table.set_geometry(metric))
    classes, info = commune_classes(table, field, lang, metadata)
    payload = _commune_payload(table, wgs, field, info, classes, lang, metadata)
    qpv = None
    if "qpv" in iris.columns:
        flagged = iris[flags(iris, "qpv")]
        if len(flagged):
            fw = _to_wgs84(flagged.set_geometry(flagged.simplify(SIMPLIFY_M, preserve_topology=True)
                                                if flagged.crs is not None and flagged.crs.is_projected
                                                else flagged.geometry))
            qpv = {"type": "FeatureCollection", "features": [
                {"type": "Feature", "geometry": _geojson_geometry(g),
                 "properties": {"label": _text(n) + (f" — QPV {_text(c)}" if _text(c) else "")}}
                for g, n, c in zip(fw.geometry, flagged.get("nom", flagged["code_iris"]),
                                   flagged.get("qpv_codes", pd.Series("", index=flagged.index)))
                if _geojson_geometry(g) is not None]}
    return payload, qpv, classes, info


def _services_payload(services, lang, crs) -> dict[str, dict]:
    """Per category: columns of lat, lon and popup texts (columnar: thousands of points stay small)."""
    if services is None or len(services) == 0:
        return {}
    for col in ("x", "y"):
        if col not in services.columns:
            raise InputDataError(f"the service places have no '{col}' column",
                                 column=col, hint="service places need x/y coordinates in the metric CRS")
    from pyproj import Transformer
    epsg = services.attrs.get("crs") or crs
    if epsg is None:
        raise InputDataError("the service places have no CRS", hint="set frame.attrs['crs'] to an EPSG code")
    tr = Transformer.from_crs(int(epsg) if str(epsg).isdigit() else epsg, 4326, always_xy=True)
    x = pd.to_numeric(services["x"], errors="coerce").to_numpy(float)
    y = pd.to_numeric(services["y"], errors="coerce").to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    lon, lat = tr.transform(x[ok], y[ok])
    frame = services.loc[ok]
    cats = frame["category"].map(_text).replace("", "other") if "category" in frame else pd.Series(
        ["other"] * len(frame), index=frame.index)
    out: dict[str, dict] = {}
    for col in ("name", "address", "opening_hours", "services"):
        if col not in frame:
            frame = frame.assign(**{col: ""})
    text = {c: frame[c].map(_text).to_numpy(object) for c in ("name", "address", "opening_hours", "services")}
    text["opening_hours"] = np.array([humanize(h, lang) for h in text["opening_hours"]], dtype=object)
    cats_arr = cats.to_numpy(object)
    known = Category.ids()
    for cat in sorted(set(cats_arr), key=lambda c: (c not in known, c)):
        sel = np.flatnonzero(cats_arr == cat)
        out[cat] = {
            "row": np.flatnonzero(ok)[sel].tolist(),  # position in the input table, for #place=N links
            "label": Category.label_of(cat, lang), "colour": Category.colour_of(cat),
            "lat": np.round(np.asarray(lat)[sel], DECIMALS).tolist(),
            "lon": np.round(np.asarray(lon)[sel], DECIMALS).tolist(),
            **{c: text[c][sel].tolist() for c in text},
        }
    return out


def _areas_payload(areas, metric_crs):
    if areas is None or len(areas) == 0:
        return None
    if areas.crs is None:
        areas = areas.set_crs(metric_crs)
    wgs = areas.to_crs(4326)
    label_col = next((c for c in ("label", "name", "nom", "category") if c in areas.columns), None)
    feats = []
    for i, geom in enumerate(wgs.geometry):
        gj = _geojson_geometry(geom)
        if gj is not None:
            feats.append({"type": "Feature", "geometry": gj,
                          "properties": {"label": _text(areas[label_col].iloc[i]) if label_col else ""}})
    return {"type": "FeatureCollection", "features": feats}


def _template_env():
    import jinja2
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(RESOURCES)),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def _validate(communes, indicator):
    if communes is None or len(communes) == 0:
        raise InputDataError("the communes table is empty", hint="run the diagnosis first: the map shows its communes")
    if not hasattr(communes, "geometry"):
        raise InputDataError("the communes table has no geometry", hint="give the communes layer (polygons)")
    if indicator not in communes.columns:
        numeric = [c for c in communes.columns if c not in ("geometry",) and
                   pd.api.types.is_numeric_dtype(communes[c]) and not pd.api.types.is_bool_dtype(communes[c])]
        raise ParameterError(f"the communes table has no indicator column '{indicator}'", column=indicator,
                             hint="choose one of: " + ", ".join(numeric[:20]))


def build_web_map_html(communes, services=None, metadata=None, indicator: str = "share_within",
                       areas=None, *, lang: str = "en", leaflet=None, iris=None) -> str:
    """The web map as an HTML string (see :func:`write_web_map`)."""
    import folium
    from branca.element import Element, MacroElement, Template

    from .. import display

    check_lang(lang)
    communes, services, metadata = display.for_display(communes, services, metadata)   # names as text
    _validate(communes, indicator)
    metadata = dict(metadata or {})
    leaflet = leaflet or find_leaflet()

    large = is_large(len(communes))
    values = pd.to_numeric(communes[indicator], errors="coerce").to_numpy(dtype=float)
    masked = masked_values(communes, indicator, values)
    classes, info = commune_classes(communes, indicator, lang, metadata)
    if large:
        # one canvas, no Leaflet layer per commune, the data parsed once as JSON (see webmap.js)
        if communes.crs is None:
            _to_wgs84(communes)                   # the error saying the CRS is missing
        communes_gj = _national_payload(communes, _simplified(communes, True), indicator, info, classes, lang,
                                        metadata, LABELS_LARGE)
        (miny, minx), (maxy, maxx) = communes_gj["bounds"]
    else:
        wgs = _to_wgs84(communes.set_geometry(_simplified(communes, False)))
        communes_gj = _commune_payload(communes, wgs, indicator, info, classes, lang, metadata)
        minx, miny, maxx, maxy = wgs.total_bounds
    services_pl = _services_payload(services, lang, communes.crs.to_epsg() if communes.crs else None)
    areas_gj = _areas_payload(areas, communes.crs)
    iris_gj, qpv_gj, iris_classes, iris_info = (_iris_payload(iris, indicator, lang, metadata)
                                               if iris is not None and len(iris) else (None, None, None, None))

    fmap = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=9, tiles=None,
                      control_scale=True, prefer_canvas=large)
    # No CDN: Leaflet comes inline (below); jQuery, Bootstrap and awesome-markers are not used.
    fmap.default_js, fmap.default_css = [], []
    fmap.options["zoomSnap"] = 0.25  # fit the territory snugly: there is no basemap to show around it

    unit = "m / km" if info.unit == "m" else unit_label(info)
    groups = {"communes": folium.FeatureGroup(name=_layer_name(f"{t('communes', lang)} — {info.label}")),
              "labels": folium.FeatureGroup(name=_layer_name(t("commune_names", lang)), show=len(communes) <= 150),
              "services": {}}
    groups["communes"].add_to(fmap)
    if iris_gj:
        # the IRIS of the communes split into IRIS, over the communes (off at first: one click shows them)
        groups["iris"] = folium.FeatureGroup(name=_layer_name(f"{t('iris', lang)} — {iris_info.label}"),
                                             show=False).add_to(fmap)
    if qpv_gj:
        groups["qpv"] = folium.FeatureGroup(name=_layer_name(t("qpv_layer", lang))).add_to(fmap)
    if areas_gj:
        groups["areas"] = folium.FeatureGroup(name=_layer_name(t("areas", lang))).add_to(fmap)
    shown_cats = headline_categories(metadata, services_pl)
    for cat, pl in services_pl.items():
        pl["on"] = cat in shown_cats
        groups["services"][cat] = folium.FeatureGroup(
            name=_layer_name(f"{pl['label']} ({len(pl['lat'])})"), show=pl["on"]).add_to(fmap)
    groups["labels"].add_to(fmap)

    payload = {"communes": communes_gj, "services": services_pl, "areas": areas_gj, "iris": iris_gj, "qpv": qpv_gj,
               "bounds": [[miny, minx], [maxy, maxx]], "attribution": _attribution(metadata, lang),
               "text": {k: t(k, lang) for k in ("category", "address", "opening_hours", "services_offered",
                                                 "masked", "commune")}}
    group_js = "{communes:%s,labels:%s,areas:%s,iris:%s,qpv:%s,services:{%s}}" % (
        groups["communes"].get_name(), groups["labels"].get_name(),
        groups["areas"].get_name() if "areas" in groups else "null",
        groups["iris"].get_name() if "iris" in groups else "null",
        groups["qpv"].get_name() if "qpv" in groups else "null",
        ",".join(f"{json.dumps(c)}:{g.get_name()}" for c, g in groups["services"].items()))

    class _Data(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}terridiagMap({{ this._parent.get_name() }}, "
            "{{ this.payload }}, {{ this.groups }});{% endmacro %}")
        # a large map's data sit in a <script type="application/json"> (JSON.parse reads it much faster
        # than the script parser reads the same object literal)

        def __init__(self, payload_json, groups_js):
            super().__init__()
            self._name = "TerriDiagData"
            self.payload, self.groups = payload_json, groups_js

    if large:
        fmap.add_child(_Data('JSON.parse(document.getElementById("td-data").textContent)', group_js))
    else:
        fmap.add_child(_Data(safe_json(payload), group_js))
    folium.LayerControl(collapsed=len(services_pl) > 8, position="topright").add_to(fmap)

    title = default_title(metadata, communes, lang)
    heading, unit = split_label_unit(info.label, unit)     # the unit said once
    names = dict(zip(communes["code_insee"].astype(str), communes["nom"].astype(str))) \
        if {"code_insee", "nom"} <= set(communes.columns) else {}
    # the legend says what the figures rest on, and what the road network leaves out when the map
    # shows a travel time (the notes say it otherwise)
    on_network = info.group == "network"
    demand = [s for s in (demand_sentence(metadata, lang, communes),
                          network_sentence(metadata, lang, names) if on_network else "") if s]
    notes = method_notes(metadata, lang, communes, demand=False, network=not on_network)
    sources = _source_views(metadata, lang)
    panel = _template_env().get_template("webmap_panels.html").render(
        lang=lang,
        title=title, date=_date(metadata),
        indicator_label=heading, unit=unit, description=info.description, demand=demand,
        classes=classes.classes, masked_label=t("masked", lang), no_data_label=t("no_data", lang),
        has_masked=bool(masked.any()), has_no_data=bool((~masked & ~np.isfinite(values)).any()),
        masked_note=t("masked_note", lang),
        categories=[{"cat": cat, "label": pl["label"], "colour": pl["colour"], "count": len(pl["lat"]),
                     "on": pl["on"]} for cat, pl in services_pl.items()],
        has_areas=bool(areas_gj), areas_label=t("areas", lang), services_title=t("services", lang),
        iris_classes=iris_classes.classes if iris_classes is not None else [],
        iris_title=f"{t('iris', lang)} — {split_label_unit(iris_info.label, unit_label(iris_info))[0]}"
        if iris_info is not None else "",
        qpv_label=t("qpv_layer", lang) if qpv_gj else "",
        synthetic=is_synthetic(metadata), synthetic_banner=t("synthetic_banner", lang),
        cdn_notice=None if leaflet.offline else t("cdn_notice", lang, url=leaflet.origin),
        sources_title=t("sources", lang), sources=sources,
        osm=uses_osm(metadata), odbl_notice=odbl_notice(lang),
        notes_title=t("method", lang), notes=notes,
        glossary_title=t("glossary", lang),
        glossary=glossary([heading, info.description, *demand, *notes, *[c["label"] for c in services_pl.values()]],
                          lang, always=("confidentiality",) if bool(masked.any()) else ()),
        made_with=t("made_with", lang, date=_dt.date.today().isoformat()),
        leaflet_origin=leaflet.origin, leaflet_version=leaflet.version,
    )
    root = fmap.get_root()
    root.header.add_child(Element(leaflet.head_html()), name="leaflet", index=0)
    root.header.add_child(Element("<style>" + (RESOURCES / "webmap.css").read_text(encoding="utf-8")
                                  + "</style>"), name="terridiag_css")
    root.header.add_child(Element("<script>" + (RESOURCES / "webmap.js").read_text(encoding="utf-8")
                                  + "</script>"), name="terridiag_js")
    root.html.add_child(Element(panel), name="terridiag_panels")
    slot = f"td-data-{uuid.uuid4().hex}"     # the data go in after rendering: not a Jinja template
    if large:
        root.html.add_child(Element(f'<script type="application/json" id="td-data">{slot}</script>'),
                            name="terridiag_data")
    html = root.render()
    if large:       # safe_json escapes "<": the element cannot be closed early
        html = html.replace(slot, safe_json(payload), 1)
    n_banners = int(is_synthetic(metadata)) + int(not leaflet.offline)
    banner = {0: "", 1: "td-has-banner", 2: "td-has-banner td-two-banners"}[n_banners]
    return html.replace("<html>", f'<html lang="{lang}">', 1).replace(
        "<head>", f"<head>\n<title>{_esc(title)}</title>", 1).replace(
        "<body>", f'<body class="{banner}">' if banner else "<body>", 1)


def _date(metadata) -> str:
    return (_text(metadata.get("date")) or _text(metadata.get("created"))[:10]
            or _dt.date.today().isoformat())


def _attribution(metadata, lang: str = "en") -> str:
    """Short credit line for Leaflet's attribution control (HTML-escaped: Leaflet uses innerHTML):
    each producer once, synthetic data said to be synthetic (see :func:`..presentation.sources.credits`)."""
    return _esc(attribution(metadata, lang))


def _esc(text: str) -> str:
    import html
    return html.escape(text, quote=True)


def _layer_name(text: str) -> str:
    """Layer names reach Leaflet's layer switcher as HTML inside a JS string: escape both ways."""
    return _esc(text).replace("\\", "&#92;").replace("\n", " ")


def _source_views(metadata, lang: str) -> list[dict]:
    """The sources panel: each citation once, with the web addresses given for it. Local file
    paths are left out: they mean nothing to whoever receives the map."""
    views: dict[str, list[str]] = {}
    for s in sources_of(metadata):
        url = _text(s.get("url"))
        urls = views.setdefault(source_line(s, lang), [])
        if url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
    return [{"line": line, "urls": urls} for line, urls in views.items()]


def write_web_map(path, communes, services=None, metadata=None, indicator: str = "share_within",
                  areas=None, *, lang: str = "en", leaflet=None, iris=None) -> Path:
    """Write the offline web map to ``path`` (.html); returns the path.

    ``communes``: GeoDataFrame in a metric CRS with ``code_insee``, ``nom``, indicator columns and
    ``masked``; ``services``: DataFrame with ``name, category, address, opening_hours, services,
    x, y`` in the same CRS (or ``attrs["crs"]``); ``metadata``: ``title``, ``date``,
    ``parameters``, ``sources`` (provenance dicts); ``areas``: optional GeoDataFrame of coverage
    areas; ``iris``: optional GeoDataFrame of the diagnosis by IRIS (``code_iris``, ``nom``, scores,
    ``qpv``): the IRIS of the communes split into IRIS become a layer with a sheet per IRIS, those in
    a priority neighbourhood an overlay. The file is written atomically.
    """
    out = check_output_path(path, (".html", ".htm"))
    html = build_web_map_html(communes, services, metadata, indicator, areas, lang=lang, leaflet=leaflet,
                              iris=iris)
    return write_text_atomic(out, html)
