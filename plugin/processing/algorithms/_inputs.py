"""Inputs shared by the indicator algorithms: several service-place layers as one parameter, the
population layer of the demand (IRIS, 200 m grid cells), and the plain-words log of what the
demand and the road network were.

(The leading underscore keeps the provider's discovery from looking for algorithms here.)
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterString)

from ...core.errors import InputDataError, ParameterError

SERVICES = "SERVICES"
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


# -- plain words in the log ----------------------------------------------------------------------
def _communes(alg, n: int) -> str:
    return alg.tr("1 commune") if n == 1 else alg.tr("{n} communes").format(n=n)


def demand_lines(alg, meta: dict) -> list[str]:
    """What the demand of a run was, in the user's language."""
    tr = alg.tr
    parts = []
    for source, d in (meta.get("by_source") or {}).items():
        where = _communes(alg, d["communes"])
        if source == "addresses":
            parts.append(tr("{n} addresses in {communes}").format(n=d["units"], communes=where))
        elif source == "iris":
            parts.append(tr("{n} IRIS in {communes}").format(n=d["units"], communes=where))
        elif source == "grid":
            parts.append(tr("{n} inhabited 200 m grid cells in {communes}").format(n=d["units"], communes=where))
        elif source == "units":
            parts.append(tr("{n} population points in {communes}").format(n=d["units"], communes=where))
        else:
            parts.append(tr("{communes} as one point each").format(communes=where))
    weighted = (tr("weighted by their population") if meta.get("weighting") == "population"
                else tr("each point counting once (no population known)"))
    lines = [tr("Demand: {parts}, {weighted}.").format(parts="; ".join(parts), weighted=weighted)]
    if not meta.get("addresses"):
        lines.append(tr("No address file was used: shares and distances describe the population of the "
                        "IRIS, grid cells or communes, not addresses."))
    if "commune" in (meta.get("by_source") or {}):
        lines.append(tr("Where a commune is one point, its whole population is either within a distance or "
                        "beyond it (0 % or 100 %)."))
    return lines


def network_lines(alg, nmeta: dict) -> list[str]:
    """Warnings of the network step in the user's language: what the road graph does not cover."""
    tr = alg.tr
    out = []
    og = nmeta.get("outside_graph") or {}
    cover = nmeta.get("graph_covers_share")
    snap = og.get("max_snap_m")
    if cover is not None and cover < 1.0:
        out.append(tr("The OSM extract covers less than the territory: {share} % of the demand is within "
                      "{m} m of a road.").format(share=f"{100 * cover:.0f}", m=f"{snap:g}" if snap is not None else "—"))
    communes = og.get("communes") or []
    if communes:
        out.append(tr("{communes} outside the OSM extract: no travel time (e.g. {codes}).").format(
            communes=_communes(alg, len(communes)), codes=", ".join(communes[:5])))
    if og.get("points"):
        out.append(tr("{n} demand points farther than {m} m from a road have no travel time.").format(
            n=og["points"], m=f"{snap:g}"))
    near = (og.get("nearer_service_off_graph") or {}).get("points", 0)
    if near:
        out.append(tr("{n} demand points have no travel time: a service place off the road network could be "
                      "nearer.").format(n=near))
    unreach = (og.get("unreachable") or {}).get("points", 0)
    if unreach:
        out.append(tr("{n} demand points have no path to a service place on the road network (a road cut off at "
                      "the edge of the extract): no travel time.").format(n=unreach))
    soff = nmeta.get("services_off_graph") or {}
    if soff.get("count"):
        out.append(tr("{n} of {total} service places are farther than {m} m from a road: left out of the "
                      "travel times.").format(n=soff["count"], total=soff["of"], m=f"{snap:g}"))
    return out
