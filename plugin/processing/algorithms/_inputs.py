"""Inputs shared by the indicator algorithms: several service-place layers as one parameter, the
population layer of the demand (IRIS, 200 m grid cells), and the largest distance to a road
(the plain words of the log are in ``qgis_bridge.run_texts``).

(The leading underscore keeps the provider's discovery from looking for algorithms here.)
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterString)

from ...core.errors import InputDataError, ParameterError

SERVICES = "SERVICES"
CONNECTIVITY = "CONNECTIVITY"
SERVICE_CATEGORIES = "SERVICE_CATEGORIES"
POPULATION = "POPULATION"
POPULATION_FIELD = "POPULATION_FIELD"
MAX_SNAP_M = "MAX_SNAP_M"


# -- service places ------------------------------------------------------------------------------
def add_services_parameter(alg, categories: bool = False) -> None:
    """SERVICES: one or several point layers (France Services, mediation places, BPE…); with
    ``categories``, SERVICE_CATEGORIES too (the kinds of places kept; empty: all)."""
    alg.addParameter(QgsProcessingParameterMultipleLayers(
        SERVICES, alg.tr("Service places (one or several point layers)"),
        QgsProcessing.SourceType.TypeVectorPoint))
    if categories:
        alg.addParameter(QgsProcessingParameterString(
            SERVICE_CATEGORIES, alg.tr("Kinds of places taken into account (categories, comma-separated; "
                                       "empty: all)"), optional=True))


def service_layers(alg, parameters, context) -> list:
    layers = [lyr for lyr in (alg.parameterAsLayerList(parameters, SERVICES, context) or []) if lyr is not None]
    if not layers:
        raise ParameterError("no service place layer can be read",
                             hint="choose one or several point layers of service places (SERVICES)")
    return layers


def read_services(alg, parameters, context, epsg):
    """Every point of every SERVICES layer in one table (x/y in ``epsg``), with ``input_layer``
    (the layer's name) so that each place keeps where it comes from."""
    import pandas as pd

    from ...qgis_bridge.convert import points_frame

    frames = []
    for layer in service_layers(alg, parameters, context):
        frame = points_frame(layer, context, epsg)
        # feature ids of different files collide once the layers are one table
        frame = frame.drop(columns=[c for c in ("fid", "ogc_fid") if c in frame.columns])
        frame["input_layer"] = layer.name()
        frames.append(frame)
    svc = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]
    if svc.empty:
        raise InputDataError("the service place layers have no point", hint="load service places first")
    svc.attrs["crs"] = int(epsg)
    return svc


def categories_parameter(alg, parameters, context) -> list[str] | None:
    text = alg.parameterAsString(parameters, SERVICE_CATEGORIES, context) or ""
    cats = [c.strip() for c in text.split(",") if c.strip()]
    return cats or None


def services_provenance(alg, parameters, context) -> list[dict]:
    """The sources of each SERVICES layer (imports record them on their outputs)."""
    from ...qgis_bridge.provenance import of_layer

    found = []
    for layer in service_layers(alg, parameters, context):
        for prov in of_layer(layer):
            if prov not in found:
                found.append(prov)
    return found


# -- population layer of the demand --------------------------------------------------------------
def add_population_parameters(alg) -> None:
    """POPULATION (IRIS or 200 m grid cells with a population, or points) and POPULATION_FIELD."""
    alg.addParameter(QgsProcessingParameterFeatureSource(
        POPULATION, alg.tr("Population where there is no address (IRIS or 200 m grid cells with a population)"),
        [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint], optional=True))
    alg.addParameter(QgsProcessingParameterField(
        POPULATION_FIELD, alg.tr("Population field (empty: population, Pyy_POP or Ind)"),
        parentLayerParameterName=POPULATION, type=QgsProcessingParameterField.DataType.Numeric, optional=True))


def read_population(alg, parameters, context, epsg):
    """(GeoDataFrame of the population units in ``epsg`` or None, the population field or None)."""
    from ...core.indicators.demand import population_field_of
    from ...qgis_bridge.convert import geodataframe
    from ._common import source_layer

    src = source_layer(alg, parameters, POPULATION, context, required=False)
    if src is None:
        return None, None
    units = geodataframe(src, context, epsg)
    wanted = alg.parameterAsString(parameters, POPULATION_FIELD, context) or None
    field = population_field_of(units.columns, wanted)
    return units, field


def add_max_snap_parameter(alg) -> None:
    alg.addParameter(QgsProcessingParameterNumber(
        MAX_SNAP_M, alg.tr("Farther from a road than this, no travel time (m)"),
        QgsProcessingParameterNumber.Type.Double, defaultValue=1000.0, minValue=0.0))


# -- ARCEP tables --------------------------------------------------------------------------------
def add_connectivity_parameter(alg) -> None:
    """CONNECTIVITY: one or several ARCEP tables per commune ('Ma connexion internet', the FttH
    observatory), as 'Import connectivity data' writes them."""
    alg.addParameter(QgsProcessingParameterMultipleLayers(
        CONNECTIVITY, alg.tr("ARCEP statistics per commune (one or several tables: 'Ma connexion internet', "
                             "FttH observatory)"), QgsProcessing.SourceType.TypeVector, optional=True))


def connectivity_layers(alg, parameters, context) -> list:
    if not parameters.get(CONNECTIVITY):
        return []
    return [lyr for lyr in (alg.parameterAsLayerList(parameters, CONNECTIVITY, context) or []) if lyr is not None]


def read_connectivity(alg, parameters, context, epsg):
    """(list of attribute tables, their layer names) of the CONNECTIVITY layers."""
    import pandas as pd

    from ...qgis_bridge.convert import geodataframe

    layers = connectivity_layers(alg, parameters, context)
    tables = []
    for layer in layers:
        frame = geodataframe(layer, context, epsg)
        tables.append(pd.DataFrame(frame.drop(columns="geometry")))
    return tables, [layer.name() for layer in layers]
