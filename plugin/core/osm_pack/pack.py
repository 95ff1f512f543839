"""The OSM completeness pack of a mapping party ("cartopartie"): which official places are missing
from OpenStreetMap, which OSM places lack opening hours, a website, wheelchair information (or a
name), and the proposed additions as an .osm file for JOSM — never sent anywhere by TerriDiag.

Official places are France Services, mediation places and BPE town halls, libraries and post
offices, in the service schema (``core.schema.SERVICE_COLUMNS``) with x/y in a metric CRS. Distances
are measured in the legal CRS of the territory of the extract (overseas included).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..crs import DEFAULT_EPSG, WGS84, infer_epsg, transform
from ..errors import InputDataError, ParameterError
from .matching import SAME_KIND, Thresholds, match
from .osm_places import CHECKED_TAGS, extract_area, inside_area, provenance, read_osm_places

CATEGORIES = ("france_services", "mediation", "townhall", "library", "post_office")
STATUSES = ("in_osm", "missing", "outside_extract")
# the main tags a new node gets, by category. France Services follow the OSM France usage for
# public-service counters (office=government + government=public_service); a mediation place is
# hosted by places of every kind, so its node has no main tag and its fixme asks for one.
PROPOSED_TAGS = {
    "townhall": {"amenity": "townhall"},
    "library": {"amenity": "library"},
    "post_office": {"amenity": "post_office"},
    "france_services": {"office": "government", "government": "public_service"},
    "mediation": {},
}
SOURCE_TAG = {"france_services": "ANCT - liste des structures France services",
              "mediation": "ANCT / La MedNum - lieux de médiation numérique",
              "bpe": "INSEE - Base permanente des équipements"}
FIXME = {"default": "Lieu officiel absent d'OSM (proposition TerriDiag) : vérifier sur place la position, "
                    "le nom et les horaires, puis retirer ce fixme",
         "mediation": "Lieu de médiation numérique absent d'OSM (proposition TerriDiag) : vérifier sur place, "
                      "choisir l'étiquette principale du lieu qui l'accueille (amenity=library, "
                      "amenity=community_centre…), puis retirer ce fixme"}


@dataclass
class PackResult:
    official: pd.DataFrame          # one row per official place, with its status and match
    osm: pd.DataFrame               # OSM public-service places inside the extract, with missing tags
    meta: dict = field(default_factory=dict)

    @property
    def missing(self) -> pd.DataFrame:
        return self.official[self.official["status"] == "missing"]

    @property
    def to_complete(self) -> pd.DataFrame:
        return self.osm[self.osm["missing_tags"] != ""]


def _to_wgs84(x, y, epsg: int):
    return transform(x, y, epsg, WGS84)


def _to_metric(lon, lat, epsg: int):
    return transform(lon, lat, WGS84, epsg)


def _valid_hours(values) -> np.ndarray:
    """True where an opening_hours text is valid OSM syntax (opening-hours-py); all False when the
    library is missing (the proposals then leave opening_hours out rather than copy unchecked text)."""
    try:
        from ..indicators.opening import library
        oh = library()
    except Exception:  # noqa: BLE001 - MissingDependency: no hours proposed
        return np.zeros(len(values), bool)
    out = np.zeros(len(values), bool)
    cache: dict[str, bool] = {}
    for i, v in enumerate(values):
        v = str(v or "").strip()
        if v and v not in cache:
            try:
                oh.OpeningHours(v)
                cache[v] = True
            except Exception:  # noqa: BLE001 - the library's ParserError
                cache[v] = False
        out[i] = cache.get(v, False)
    return out


def completeness_pack(official: pd.DataFrame, osm_path, *, epsg: int | None = None,
                      thresholds: Thresholds = Thresholds(), categories=CATEGORIES,
                      vintages: dict | None = None, feedback=None) -> PackResult:
    """Match the official places to the OSM extract ``osm_path`` and list what to map.

    ``official``: service table (name, category, address, opening_hours, source, x, y in the CRS
    ``official.attrs["crs"]``, Lambert-93 when unsaid); only ``categories`` are checked. Distances
    are measured in ``epsg``, by default the legal CRS of the extract's territory. ``vintages``: source id
    (france_services, mediation, bpe) -> vintage, written in the proposals' source tags.
    """
    from ..progress import ensure
    fb = ensure(feedback)
    if not (np.isfinite(thresholds.max_distance_m) and thresholds.max_distance_m > 0
            and np.isfinite(thresholds.same_kind_m) and thresholds.same_kind_m >= 0
            and np.isfinite(thresholds.min_similarity) and 0 < thresholds.min_similarity <= 1):
        raise ParameterError("the matching thresholds must be a positive distance, a distance >= 0 and a "
                             "similarity between 0 and 1", hint="e.g. 200 m, 100 m and 0.6")
    cats = [str(c) for c in (categories or CATEGORIES)]
    unknown = sorted(set(cats) - set(SAME_KIND))
    if unknown:
        raise ParameterError(f"unknown kinds of places {unknown}", hint=f"choose among {', '.join(CATEGORIES)}")
    for col in ("x", "y", "name", "category"):
        if col not in official.columns:
            raise InputDataError(f"the official places have no field {col!r}", column=col,
                                 hint="import them with terridiag:import_services")
    src_epsg = int(official.attrs.get("crs") or 0) or DEFAULT_EPSG
    area = extract_area(osm_path)
    fb.set_progress(10)
    osm = read_osm_places(osm_path)
    fb.check()
    fb.set_progress(40)
    if epsg is None:      # distances in the legal CRS of the extract's territory (overseas too)
        lons = np.array([(b[0] + b[2]) / 2 for b in area["boxes"]] or [np.nan])
        lats = np.array([(b[1] + b[3]) / 2 for b in area["boxes"]] or [np.nan])
        epsg = infer_epsg(None, lons, lats)
    sel = official[official["category"].astype(str).isin(cats)].copy()
    lon, lat = _to_wgs84(sel["x"], sel["y"], src_epsg)
    sel["x"], sel["y"] = _to_metric(lon, lat, epsg)
    sel["lon"], sel["lat"] = lon, lat
    inside = inside_area(lon, lat, area)
    osm["x"], osm["y"] = _to_metric(osm["lon"], osm["lat"], epsg)
    osm_in = osm[inside_area(osm["lon"], osm["lat"], area)].reset_index(drop=True)
    m = match(sel[inside], osm_in, thresholds)
    sel = sel.join(m)
    sel["status"] = np.where(~inside, "outside_extract", np.where(sel["matched"].fillna(False).astype(bool),
                                                                  "in_osm", "missing"))
    fb.set_progress(70)
    # OSM places: which checked tags they lack, and which official place they stand for
    missing_tags = pd.Series([""] * len(osm_in), dtype=object)
    for tag in CHECKED_TAGS:
        lack = ~osm_in[f"has_{tag}"].to_numpy(bool)
        missing_tags = missing_tags.where(~lack, (missing_tags + "|" + tag).str.lstrip("|"))
    osm_in["missing_tags"] = missing_tags.to_numpy()
    who = sel.loc[sel["status"] == "in_osm", ["osm_ref", "name"]]
    osm_in["osm_ref"] = osm_in["osm_type"] + "/" + osm_in["osm_id"].astype(str)
    osm_in["official_name"] = osm_in["osm_ref"].map(dict(zip(who["osm_ref"], who["name"]))).fillna("")
    sel["hours_valid"] = _valid_hours(sel["opening_hours"].to_numpy(object)) if "opening_hours" in sel else False
    counts = {s: int((sel["status"] == s).sum()) for s in STATUSES}
    by_cat = {c: {s: int(((sel["category"] == c) & (sel["status"] == s)).sum()) for s in STATUSES}
              for c in cats if (sel["category"] == c).any()}
    prov = provenance(osm_path).to_dict()
    meta = {"thresholds": thresholds.to_dict(), "categories": cats, "epsg": int(epsg),
            "extract": {"path": str(osm_path), "vintage": prov.get("vintage", ""),
                        "area": {"how": area["how"], "boxes": area["boxes"],
                                 **({"cells_km": len(area["cells"])} if "cells" in area else {})},
                        "osm_places": int(len(osm)), "osm_places_inside": int(len(osm_in))},
            "official": counts, "official_by_category": by_cat,
            "osm_to_complete": {tag: int((~osm_in[f"has_{tag}"]).sum()) for tag in CHECKED_TAGS},
            "osm_complete": int((osm_in["missing_tags"] == "").sum()),
            "checked_tags": {k: list(v) for k, v in CHECKED_TAGS.items()},
            "vintages": dict(vintages or {}), "osm_provenance": prov,
            "created": _dt.date.today().isoformat()}
    fb.set_progress(100)
    return PackResult(sel, osm_in, meta)


def proposal_tags(row, vintages: dict | None = None) -> dict[str, str]:
    """The tags of the new node proposed for a missing official place."""
    cat = str(row.get("category", ""))
    tags = dict(PROPOSED_TAGS.get(cat, {}))
    name = str(row.get("name", "") or "").strip()
    if name:
        tags["name"] = name
    if bool(row.get("hours_valid", False)):
        tags["opening_hours"] = str(row["opening_hours"]).strip()
    src = str(row.get("source", "") or "")
    label = SOURCE_TAG.get(src) or SOURCE_TAG.get(cat) or src
    vintage = (vintages or {}).get(src, "")
    if label:
        tags["source"] = f"{label} {vintage}".strip()
    tags["fixme"] = FIXME["mediation" if cat == "mediation" else "default"]
    return tags
