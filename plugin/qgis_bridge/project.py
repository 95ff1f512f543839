"""Result layers in the QGIS project: one layer group per run, the input data in its own group,
field aliases in the user's language (from the indicator catalogue), zoom to a commune."""
from __future__ import annotations

import time

from qgis.core import (QgsCoordinateTransform, QgsFeatureRequest, QgsProject, QgsRectangle,
                       QgsVectorLayer)

from ..core.indicators.catalog import describe
from ..i18n import language, tr

DATA_GROUP_PROPERTY = "terridiag/data_group"
SCENARIO_GROUP_PROPERTY = "terridiag/scenario_group"


def _root(project=None):
    return (project or QgsProject.instance()).layerTreeRoot()


def run_group(title: str, project=None):
    """A new group at the top of the layer tree for one run ("TerriDiag — Diagnosis 14:05")."""
    root = _root(project)
    name = f"TerriDiag — {title} {time.strftime('%H:%M')}"
    group = root.insertGroup(0, name)
    group.setCustomProperty("terridiag/run", True)
    return group


def _single_group(prop: str, title: str, project=None, top: bool = False):
    root = _root(project)
    for group in root.findGroups():
        if group.customProperty(prop):
            return group
    group = root.insertGroup(0, title) if top else root.addGroup(title)
    group.setCustomProperty(prop, True)
    return group


def data_group(project=None):
    """The (single) group holding the input data layers."""
    return _single_group(DATA_GROUP_PROPERTY, tr("TerriDiag — data"), project)


def scenario_group(project=None):
    """The (single) group holding the scenario layers (places to try, gains, best sites), on top."""
    return _single_group(SCENARIO_GROUP_PROPERTY, tr("TerriDiag — scenario"), project, top=True)


def add_layer(layer, group, visible: bool = True, position: int | None = None):
    """Add a layer to the project inside ``group`` (not at the root)."""
    project = QgsProject.instance()
    if project.addMapLayer(layer, False) is None:
        raise ValueError(f"QGIS did not accept the layer {layer.name()!r}: {layer.error().summary()}")
    node = group.insertLayer(-1 if position is None else position, layer)
    node.setItemVisibilityChecked(visible)
    return node


def remove_group(group, project=None) -> None:
    """Remove a group and the layers it holds from the project."""
    project = project or QgsProject.instance()
    ids = [node.layerId() for node in group.findLayers()]
    parent = group.parent()
    if parent is not None:
        parent.removeChildNode(group)
    if ids:
        project.removeMapLayers(ids)


def load_vector(path: str, name: str) -> QgsVectorLayer | None:
    layer = QgsVectorLayer(str(path), name, "ogr")
    return layer if layer.isValid() else None


def set_aliases(layer, lang: str | None = None) -> int:
    """Field aliases from the indicator catalogue (labels with units); returns how many were set."""
    lang = lang or language()
    count = 0
    for i, field in enumerate(layer.fields()):
        entry = describe(field.name())
        if entry is None:
            continue
        label = entry.label_fr if lang == "fr" else entry.label_en
        unit = entry.unit
        if unit and unit not in ("count", "bool", ""):
            label = f"{label} ({entry.unit_for(lang)})" if unit != "fraction" else f"{label} (0–1)"
        layer.setFieldAlias(i, label)
        count += 1
    return count


def zoom_to_feature(canvas, layer, fid: int, margin: float = 0.15) -> bool:
    """Zoom the map canvas to one feature (in the canvas CRS) and flash it."""
    feat = next(layer.getFeatures(QgsFeatureRequest(fid)), None)
    if feat is None or not feat.hasGeometry():
        return False
    rect = QgsRectangle(feat.geometry().boundingBox())
    dest = canvas.mapSettings().destinationCrs()
    if dest.isValid() and dest != layer.crs():
        transform = QgsCoordinateTransform(layer.crs(), dest, QgsProject.instance())
        rect = transform.transformBoundingBox(rect)
    rect.scale(1.0 + 2 * margin)
    canvas.setExtent(rect)
    canvas.refresh()
    if hasattr(canvas, "flashFeatureIds"):
        canvas.flashFeatureIds(layer, [fid])
    return True
