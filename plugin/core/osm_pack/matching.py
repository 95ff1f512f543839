"""Official places matched to OpenStreetMap places by distance and by name similarity.

A place is *in OSM* when an OSM place within ``max_distance_m`` has a similar name (similarity
>= ``min_similarity``), or when an OSM place of the same kind lies within ``same_kind_m`` whatever
its name (a town hall tagged "Mairie" for the official "Mairie de Delle"). Each OSM place
answers for one official place at most (best pairs first). The thresholds travel with the result
so that every output can say them.

Name similarity: names are lower-cased, stripped of accents, punctuation and small words (de, la,
l', …); the score is the larger of difflib's ratio on the sorted words and the share of the
shorter name's words found in the other (so "Médiathèque de Grandvillars" ~ "Médiathèque Simone
Veil, Grandvillars" scores on the words they share).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "a", "au", "aux", "en", "sur", "sous"}

# official category -> OSM kinds of the same kind (read_osm_places.KINDS)
SAME_KIND = {
    "townhall": {"townhall"},
    "library": {"library"},
    "post_office": {"post_office"},
    "france_services": {"public_service"},
    "mediation": set(),             # hosted by places of every kind: matched by name only
}


@dataclass(frozen=True)
class Thresholds:
    max_distance_m: float = 200.0
    same_kind_m: float = 100.0
    min_similarity: float = 0.6

    def to_dict(self) -> dict:
        return asdict(self)


def normalise(name: str) -> list[str]:
    text = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode().lower()
    words = re.split(r"[^a-z0-9]+", text)
    return [w for w in words if w and w not in SMALL_WORDS]


def similarity(a: str, b: str) -> float:
    """0 (nothing in common) … 1 (the same words)."""
    wa, wb = normalise(a), normalise(b)
    if not wa or not wb:
        return 0.0
    ratio = difflib.SequenceMatcher(None, " ".join(sorted(wa)), " ".join(sorted(wb))).ratio()
    short, long_ = (set(wa), set(wb)) if len(set(wa)) <= len(set(wb)) else (set(wb), set(wa))
    shared = len(short & long_) / len(short)
    return float(max(ratio, shared))


def match(official: pd.DataFrame, osm: pd.DataFrame, thresholds: Thresholds = Thresholds()) -> pd.DataFrame:
    """For each official place (``x``, ``y``, ``name``, ``category``) and the OSM places (``x``,
    ``y``, ``name``, ``kind``, ``osm_type``, ``osm_id``) in the same metric CRS: ``matched``,
    ``match_rule`` ("name" or "same kind"), the matched OSM place (``osm_ref``, ``osm_name``,
    ``osm_kind``), ``match_distance_m`` and ``name_similarity``, and the nearest OSM place
    whatever it is (``nearest_osm``, ``nearest_osm_m``) for the people who go and look."""
    from scipy.spatial import cKDTree

    n = len(official)
    out = pd.DataFrame({"matched": np.zeros(n, bool), "match_rule": "", "osm_ref": "", "osm_name": "",
                        "osm_kind": "", "match_distance_m": np.nan, "name_similarity": np.nan,
                        "nearest_osm": "", "nearest_osm_m": np.nan}, index=official.index)
    if n == 0 or len(osm) == 0:
        return out
    ref = (osm["osm_type"].astype(str) + "/" + osm["osm_id"].astype(str)).to_numpy(object)
    oxy = np.column_stack([osm["x"].to_numpy(float), osm["y"].to_numpy(float)])
    pxy = np.column_stack([official["x"].to_numpy(float), official["y"].to_numpy(float)])
    tree = cKDTree(oxy)
    d_near, i_near = tree.query(pxy, k=1)
    labels = np.array([f"{r} {nm}".strip() if nm else f"{r} ({k})"
                       for r, nm, k in zip(ref, osm["name"], osm["kind"])], dtype=object)
    out["nearest_osm"] = labels[i_near]
    out["nearest_osm_m"] = d_near
    pairs = []                      # (rule rank, -similarity, distance, official pos, osm pos)
    reach = max(thresholds.max_distance_m, thresholds.same_kind_m)
    cats = official["category"].astype(str).to_numpy()
    names = official["name"].astype(str).to_numpy()
    onames = osm["name"].astype(str).to_numpy()
    okinds = osm["kind"].astype(str).to_numpy()
    for p, near in enumerate(tree.query_ball_point(pxy, r=reach)):   # few candidates per place
        for j in near:
            d = float(np.hypot(*(pxy[p] - oxy[j])))
            sim = similarity(names[p], onames[j])
            if sim >= thresholds.min_similarity and d <= thresholds.max_distance_m:
                pairs.append((0, -sim, d, p, j, "name"))
            elif okinds[j] in SAME_KIND.get(cats[p], ()) and d <= thresholds.same_kind_m:
                pairs.append((1, -sim, d, p, j, "same kind"))
    used_p, used_j = set(), set()
    pos = official.index.to_numpy()
    for _rank, neg_sim, d, p, j, rule in sorted(pairs):
        if p in used_p or j in used_j:
            continue
        used_p.add(p)
        used_j.add(j)
        i = pos[p]
        out.loc[i, ["matched", "match_rule", "osm_ref", "osm_name", "osm_kind", "match_distance_m",
                    "name_similarity"]] = [True, rule, ref[j], onames[j], okinds[j], d, -neg_sim]
    return out
