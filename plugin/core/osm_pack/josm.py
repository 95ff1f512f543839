"""The proposed additions of a mapping party as an OSM XML file for JOSM.

New nodes have negative ids and ``action='modify'`` (how JOSM writes objects it has not sent
yet); the root says ``upload='false'``, so JOSM warns before any upload and asks the person to
confirm. TerriDiag itself never talks to the OpenStreetMap API: the file is a list of proposals
to check on the ground, each with its source and a ``fixme``.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..export.atomic import atomic_path, check_output_path
from .pack import PackResult, proposal_tags

GENERATOR = "TerriDiag (proposals to check on the ground; nothing is uploaded)"


def osm_document(result: PackResult) -> ET.ElementTree:
    root = ET.Element("osm", {"version": "0.6", "generator": GENERATOR, "upload": "false"})
    vintages = result.meta.get("vintages", {})
    missing = result.missing
    if len(missing):
        lon, lat = missing["lon"].to_numpy(float), missing["lat"].to_numpy(float)
        ET.SubElement(root, "bounds", {"minlat": f"{lat.min():.7f}", "minlon": f"{lon.min():.7f}",
                                       "maxlat": f"{lat.max():.7f}", "maxlon": f"{lon.max():.7f}"})
    for k, (_, row) in enumerate(missing.iterrows()):     # a few dozen proposals at most
        node = ET.SubElement(root, "node", {"id": str(-(k + 1)), "action": "modify", "visible": "true",
                                            "lat": f"{row['lat']:.7f}", "lon": f"{row['lon']:.7f}"})
        for key, value in proposal_tags(row, vintages).items():
            ET.SubElement(node, "tag", {"k": key, "v": value})
    ET.indent(root, space="  ") if hasattr(ET, "indent") else None
    return ET.ElementTree(root)


def write_osm_file(path, result: PackResult):
    """Write the proposals to ``path`` (.osm), atomically; returns the path."""
    out = check_output_path(path, (".osm",))
    with atomic_path(out) as tmp:
        osm_document(result).write(str(tmp), encoding="UTF-8", xml_declaration=True)
    return out
