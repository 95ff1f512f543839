"""Provenance carried by QGIS layers: a custom property on layers in a project/context, and the
``terridiag_provenance`` / ``terridiag_run`` tables of GeoPackage files (see
``core.layer_provenance``). A layer merged by ``native:mergevectorlayers`` keeps the sources of each
of its inputs: they are read back from the files its ``path`` field names."""
from __future__ import annotations

import json

from qgis.core import QgsProcessingUtils

from ..core import layer_provenance

PROPERTY = "terridiag/provenance"
RUN_PROPERTY = "terridiag/run"
MAX_MERGED = 50          # distinct input files read back from a merged layer


def _dest_layer(dest_id: str, context):
    return QgsProcessingUtils.mapLayerFromString(dest_id, context) if dest_id else None


def attach(dest_id: str, provenances: list[dict], context) -> None:
    """Record provenance for an algorithm output (call it from postProcessAlgorithm, once the sink
    is closed)."""
    layer = _dest_layer(dest_id, context)
    if layer is not None:
        layer.setCustomProperty(PROPERTY, json.dumps(provenances, ensure_ascii=False))
        source = layer.source()
    else:
        source = dest_id
    layer_provenance.write(source, provenances)


def attach_run(dest_id: str, metadata: dict, context) -> None:
    """Record the metadata of the run that wrote an output layer (see ``layer_provenance.write_run``)."""
    layer = _dest_layer(dest_id, context)
    if layer is not None:
        layer.setCustomProperty(RUN_PROPERTY, json.dumps(metadata, ensure_ascii=False, default=str))
        source = layer.source()
    else:
        source = dest_id
    layer_provenance.write_run(source, metadata)


def _merged_inputs(layer) -> list[str]:
    """The source files of a layer made by ``native:mergevectorlayers`` (its "path" field)."""
    idx = layer.fields().indexOf("path")
    if idx < 0 or layer.fields().indexOf("layer") < 0:
        return []
    values = [str(v) for v in layer.uniqueValues(idx, MAX_MERGED) if v not in (None, "") and str(v) != "NULL"]
    return sorted(set(values))


def of_layer(layer) -> list[dict]:
    if layer is None:
        return []
    text = layer.customProperty(PROPERTY)
    if text:
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            pass
    found = layer_provenance.read(layer.source())
    if found:
        return found
    merged = []
    for path in _merged_inputs(layer):
        for prov in layer_provenance.read(path):
            if prov not in merged:
                merged.append(prov)
    return merged


def run_of_layer(layer) -> dict:
    """The run metadata recorded with a layer ({} when none)."""
    if layer is None:
        return {}
    text = layer.customProperty(RUN_PROPERTY)
    if text:
        try:
            value = json.loads(text)
            if isinstance(value, dict):
                return value
        except (TypeError, ValueError):
            pass
    return layer_provenance.read_run(layer.source())


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


def run_of_parameter(alg, parameters, name: str, context) -> dict:
    """Run metadata of the layer given as parameter ``name`` ({} when unknown)."""
    if not parameters.get(name):
        return {}
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    if layer is not None:
        return run_of_layer(layer)
    value = parameters.get(name)
    return layer_provenance.read_run(value) if isinstance(value, str) else {}
