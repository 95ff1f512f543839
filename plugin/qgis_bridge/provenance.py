"""Provenance carried by QGIS layers: a custom property on layers in a project/context, and the
``terridiag_provenance`` table of GeoPackage files (see ``core.layer_provenance``)."""
from __future__ import annotations

import json

from qgis.core import QgsProcessingUtils

from ..core import layer_provenance

PROPERTY = "terridiag/provenance"


def attach(dest_id: str, provenances: list[dict], context) -> None:
    """Record provenance for an algorithm output (call it from postProcessAlgorithm, once the sink
    is closed)."""
    layer = QgsProcessingUtils.mapLayerFromString(dest_id, context) if dest_id else None
    if layer is not None:
        layer.setCustomProperty(PROPERTY, json.dumps(provenances, ensure_ascii=False))
        source = layer.source()
    else:
        source = dest_id
    layer_provenance.write(source, provenances)


def of_layer(layer) -> list[dict]:
    if layer is None:
        return []
    text = layer.customProperty(PROPERTY)
    if text:
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            pass
    return layer_provenance.read(layer.source())


def of_parameter(alg, parameters, name: str, context) -> list[dict]:
    """Provenance of the layer given as parameter ``name`` (empty when unknown)."""
    if not parameters.get(name):
        return []
    definition = alg.parameterDefinition(name)
    if definition is not None and definition.type() == "multilayer":   # each layer keeps its sources
        found = []
        for lyr in alg.parameterAsLayerList(parameters, name, context) or []:
            found += [p for p in of_layer(lyr) if p not in found]
        return found
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is not None:
        return of_layer(layer)
    value = parameters.get(name)
    return layer_provenance.read(value) if isinstance(value, str) else []
