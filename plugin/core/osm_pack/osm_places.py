"""The public-service places of an OpenStreetMap extract with the tags a mapping party checks
(name, opening_hours, website, wheelchair), and the area the extract covers.

An official place outside that area is *not checked*, never "missing": a partial extract says
nothing of what OSM has beyond it. The area is the ``<bounds>`` of an XML extract (JOSM and the
API write one per download), else the extent of the extract's data (a .osm.pbf).
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..sources.osm import (hstore_get, osm_provenance, read_osm_layer, wkb_centroids_xy, wkb_lines_coords,
                           wkb_points_xy)

# OSM kind of a place, from its tags (first rule that applies)
KINDS = ("townhall", "library", "post_office", "public_service", "community_centre", "social_facility",
         "government", "internet_access")
INTERNET_YES = ("yes", "wlan", "terminal", "wired", "wifi", "public")
# the tags checked on every place, and where each may be written in OSM
CHECKED_TAGS = {"name": ("name",), "opening_hours": ("opening_hours",),
                "website": ("website", "contact:website", "url"), "wheelchair": ("wheelchair",)}
_TAGS = ("amenity", "office", "government", "internet_access", "opening_hours", "website", "contact:website",
         "url", "wheelchair", "operator", "ref:INSEE", "addr:housenumber", "addr:street", "addr:city")


def _tag(attrs: pd.DataFrame, other: pd.Series, key: str) -> pd.Series:
    if key in attrs.columns:
        direct = attrs[key].astype(object).fillna("").astype(str)
        return direct.where(direct != "", hstore_get(other, key))
    return hstore_get(other, key)


def _kind(t: pd.DataFrame) -> np.ndarray:
    amenity, office, gov = t["amenity"], t["office"], t["government"]
    name = t["name"].str.lower()
    conds = [amenity == "townhall", amenity == "library", amenity == "post_office",
             (office == "government") & (gov == "public_service") | name.str.contains("france services")
             | name.str.contains("maison de services au public") | name.str.contains(r"\bmsap\b"),
             amenity == "community_centre", amenity == "social_facility", office == "government",
             t["internet_access"].str.lower().isin(INTERNET_YES)]
    return np.select([c.to_numpy(bool) for c in conds], list(KINDS), default="").astype(object)


def read_osm_places(path) -> pd.DataFrame:
    """One row per public-service place (nodes, and the centroids of areas): ``osm_type``,
    ``osm_id``, ``kind`` (see KINDS), ``name``, the checked tags, ``lon``/``lat`` (WGS84)."""
    parts = []
    for layer in ("points", "multipolygons"):
        attrs, wkb = read_osm_layer(path, layer)
        other = attrs.get("other_tags", pd.Series([""] * len(attrs), dtype=object))
        t = pd.DataFrame({"name": attrs["name"].astype(object).fillna("").astype(str)
                          if "name" in attrs else pd.Series([""] * len(attrs), dtype=object)})
        for key in _TAGS:
            t[key] = _tag(attrs, other, key).to_numpy()
        t["kind"] = _kind(t)
        keep = (t["kind"] != "").to_numpy()
        t = t.loc[keep].reset_index(drop=True)
        if layer == "points":
            lon, lat = wkb_points_xy(wkb[keep])
            t["osm_type"] = "node"
            t["osm_id"] = attrs.loc[keep, "osm_id"].astype(str).to_numpy()
        else:
            lon, lat = wkb_centroids_xy(wkb[keep])
            way = attrs.loc[keep, "osm_way_id"].fillna("").astype(str).to_numpy()
            rel = attrs.loc[keep, "osm_id"].fillna("").astype(str).to_numpy()
            t["osm_type"] = np.where(way != "", "way", "relation")
            t["osm_id"] = np.where(way != "", way, rel)
        t["lon"], t["lat"] = lon, lat
        parts.append(t)
    places = pd.concat(parts, ignore_index=True)
    for tag, keys in CHECKED_TAGS.items():
        has = np.zeros(len(places), bool)
        for k in keys:
            has |= (places[k].astype(str).str.strip() != "").to_numpy()
        places[f"has_{tag}"] = has
    places["website_value"] = places["website"].where(places["website"] != "", places["contact:website"])
    places["website_value"] = places["website_value"].where(places["website_value"] != "", places["url"])
    return places


_BOUNDS = re.compile(r"<bounds\s+([^>]*)/?>")
_ATTR = re.compile(r"(minlat|minlon|maxlat|maxlon)\s*=\s*['\"]([-0-9.eE]+)['\"]")


CELL_DEG = 0.01        # about 1 km: the grain of a .pbf extract's data extent


def extract_area(path) -> dict:
    """Where the extract can tell what OSM has: {"boxes": [(min_lon, min_lat, max_lon, max_lat)],
    "how": "bounds"} from the ``<bounds>`` of an XML extract; else (a .pbf, which has none) the
    ~1 km cells (``CELL_DEG``) around its roads and tagged points, with their neighbours
    ({"cells": set of (i, j), "how": "data extent", "boxes": [their overall box]}). Not the box of
    all its data: the sea boundaries of an island reach the next island (Saint-Barthélemy's reach
    Saint-Martin), where the extract has nothing."""
    path = Path(path)
    if path.suffix.lower() in (".osm", ".xml"):
        with open(path, "rb") as fh:
            head = fh.read(1 << 16).decode("utf-8", "replace")
        boxes = []
        for m in _BOUNDS.finditer(head):
            a = dict(_ATTR.findall(m.group(1)))
            if len(a) == 4:
                boxes.append((float(a["minlon"]), float(a["minlat"]), float(a["maxlon"]), float(a["maxlat"])))
        if boxes:
            return {"boxes": boxes, "how": "bounds"}
    attrs, wkb = read_osm_layer(path, "lines", columns=["highway"])
    x, y, line = wkb_lines_coords(wkb)
    roads = (attrs["highway"].astype(str).to_numpy() != "") if "highway" in attrs else np.zeros(len(attrs), bool)
    if roads.any():
        keep = roads[line]
        x, y = x[keep], y[keep]
    _a, pwkb = read_osm_layer(path, "points", columns=["osm_id"])
    px, py = wkb_points_xy(pwkb)
    x, y = np.concatenate([x, px]), np.concatenate([y, py])
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any():
        return {"boxes": [], "cells": set(), "how": "data extent"}
    i = np.floor(x[ok] / CELL_DEG).astype(np.int64)
    j = np.floor(y[ok] / CELL_DEG).astype(np.int64)
    base = set(zip(i.tolist(), j.tolist()))
    cells = {(a + da, b + db) for a, b in base for da in (-1, 0, 1) for db in (-1, 0, 1)}
    ci = np.array([c[0] for c in cells])
    cj = np.array([c[1] for c in cells])
    box = (float(ci.min() * CELL_DEG), float(cj.min() * CELL_DEG), float((ci.max() + 1) * CELL_DEG),
           float((cj.max() + 1) * CELL_DEG))
    return {"boxes": [box], "cells": cells, "how": "data extent"}


def inside_area(lon, lat, area: dict) -> np.ndarray:
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    inside = np.zeros(len(lon), bool)
    if "cells" in area:
        ok = np.isfinite(lon) & np.isfinite(lat)
        i = np.floor(np.where(ok, lon, 0) / CELL_DEG).astype(np.int64)
        j = np.floor(np.where(ok, lat, 0) / CELL_DEG).astype(np.int64)
        cells = area["cells"]
        inside[ok] = [(a, b) in cells for a, b in zip(i[ok].tolist(), j[ok].tolist())]
        return inside
    for x0, y0, x1, y1 in area["boxes"]:
        inside |= (lon >= x0) & (lon <= x1) & (lat >= y0) & (lat <= y1)
    return inside


def provenance(path):
    return osm_provenance(path)
