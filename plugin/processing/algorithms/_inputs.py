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
from .. import params as P



# -- service places ------------------------------------------------------------------------------
def add_services_parameter(alg, categories: bool = False) -> None:
    """SERVICES: one or several point layers (France Services, mediation places, BPE…); with
    ``categories``, SERVICE_CATEGORIES too (the kinds of places kept; empty: all)."""
    alg.addParameter(QgsProcessingParameterMultipleLayers(
        P.SERVICES, alg.tr("Service places (one or several point layers)"),
        QgsProcessing.SourceType.TypeVectorPoint))
    if categories:
        alg.addParameter(QgsProcessingParameterString(
            P.SERVICE_CATEGORIES, alg.tr("Kinds of places taken into account (categories, comma-separated; "
                                       "empty: all)"), optional=True))


def service_layers(alg, parameters, context) -> list:
    layers = [lyr for lyr in (alg.parameterAsLayerList(parameters, P.SERVICES, context) or []) if lyr is not None]
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
    text = alg.parameterAsString(parameters, P.SERVICE_CATEGORIES, context) or ""
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
        P.POPULATION, alg.tr("Population where there is no address (IRIS or 200 m grid cells with a population)"),
        [QgsProcessing.SourceType.TypeVectorPolygon, QgsProcessing.SourceType.TypeVectorPoint], optional=True))
    alg.addParameter(QgsProcessingParameterField(
        P.POPULATION_FIELD, alg.tr("Population field (empty: population, Pyy_POP or Ind)"),
        parentLayerParameterName=P.POPULATION, type=QgsProcessingParameterField.DataType.Numeric, optional=True))


def read_population(alg, parameters, context, epsg):
    """(GeoDataFrame of the population units in ``epsg`` or None, the population field or None)."""
    from ...core.indicators.demand import population_field_of
    from ...qgis_bridge.convert import geodataframe
    from ._common import source_layer

    src = source_layer(alg, parameters, P.POPULATION, context, required=False)
    if src is None:
        return None, None
    units = geodataframe(src, context, epsg)
    wanted = alg.parameterAsString(parameters, P.POPULATION_FIELD, context) or None
    field = population_field_of(units.columns, wanted)
    return units, field


def add_max_snap_parameter(alg) -> None:
    alg.addParameter(QgsProcessingParameterNumber(
        P.MAX_SNAP_M, alg.tr("Farther from a road than this, no travel time (m)"),
        QgsProcessingParameterNumber.Type.Double, defaultValue=1000.0, minValue=0.0))


# -- ARCEP tables --------------------------------------------------------------------------------
def add_connectivity_parameter(alg) -> None:
    """CONNECTIVITY: one or several ARCEP tables per commune ('Ma connexion internet', the FttH
    observatory), as 'Import connectivity data' writes them."""
    alg.addParameter(QgsProcessingParameterMultipleLayers(
        P.CONNECTIVITY, alg.tr("ARCEP statistics per commune (one or several tables: 'Ma connexion internet', "
                             "FttH observatory)"), QgsProcessing.SourceType.TypeVector, optional=True))


def connectivity_layers(alg, parameters, context) -> list:
    if not parameters.get(P.CONNECTIVITY):
        return []
    return [lyr for lyr in (alg.parameterAsLayerList(parameters, P.CONNECTIVITY, context) or []) if lyr is not None]


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


# -- hours-aware access ---------------------------------------------------------------------------


def open_at_options(alg) -> list[str]:
    """The OPEN_AT choices, in the order of core opening.WINDOW_ORDER, then "custom"."""
    return [alg.tr("Any time (opening hours not taken into account)"), alg.tr("Saturday morning (9:00–12:00)"),
            alg.tr("After 18:00 on a weekday (Mon–Fri, 18:00–22:00)"), alg.tr("At some time in the week"),
            alg.tr("The window written below (OpenStreetMap opening_hours syntax)")]


def add_open_at_parameters(alg) -> None:
    """OPEN_AT (a time window), OPEN_WINDOW (a window of one's own, opening_hours syntax),
    OPEN_WEEK (the week it is evaluated on) and OPEN_MIN_MINUTES."""
    from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterEnum

    alg.addParameter(QgsProcessingParameterEnum(
        P.OPEN_AT, alg.tr("Only places open at this time"), options=open_at_options(alg), defaultValue=0,
        optional=True))
    advanced = [
        QgsProcessingParameterString(P.OPEN_WINDOW, alg.tr("Time window of your own (e.g. Tu,Th 17:00-20:00)"),
                                     optional=True),
        QgsProcessingParameterString(P.OPEN_WEEK, alg.tr("Week the hours are read on (a date such as 2024-09-02; "
                                                       "empty: the next week without a public holiday)"),
                                     optional=True),
        QgsProcessingParameterNumber(P.OPEN_MIN_MINUTES, alg.tr("Open at least this long in the window (minutes)"),
                                     QgsProcessingParameterNumber.Type.Double, defaultValue=60.0, minValue=1.0)]
    for p in advanced:
        p.setFlags(p.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        alg.addParameter(p)


def open_at_parameters(alg, parameters, context) -> tuple[str | None, str | None, float]:
    """(window: a preset id, an opening_hours expression or None, week or None, minimum minutes)."""
    from ...core.indicators.opening import WINDOW_ORDER

    choice = alg.parameterAsEnum(parameters, P.OPEN_AT, context) if parameters.get(P.OPEN_AT) not in (None, "") else 0
    own = (alg.parameterAsString(parameters, P.OPEN_WINDOW, context) or "").strip()
    if choice == len(WINDOW_ORDER) and not own:
        raise ParameterError("the time window is 'written below' but no window is written",
                             hint="write one in OPEN_WINDOW, e.g. Tu,Th 17:00-20:00")
    window = own if own else (None if choice in (0, len(WINDOW_ORDER)) else WINDOW_ORDER[choice])
    week = (alg.parameterAsString(parameters, P.OPEN_WEEK, context) or "").strip() or None
    minutes = alg.parameterAsDouble(parameters, P.OPEN_MIN_MINUTES, context) if parameters.get(P.OPEN_MIN_MINUTES) \
        not in (None, "") else 60.0
    return window, week, minutes


def open_at_lines(alg, record: dict) -> list[str]:
    """The window, the week and the places by status, in the user's language."""
    from qgis.core import QgsApplication

    from ...core.indicators.opening import window_label
    lang = (QgsApplication.locale() or "en")[:2]
    places = record.get("places", {})
    lines = [alg.tr("Places open: {label}, week of {start} to {end}, open at least {m:g} minutes in a row "
                    "(hours read with {lib})").format(
        label=window_label(record["open_at"] if record["open_at"] != "custom" else record["window"], lang),
        start=record["week_start"], end=record["week_end"], m=record["min_minutes"], lib=record["library"]),
        alg.tr("{open} places open, {closed} closed, {unknown} of unknown hours (counted apart)").format(
            open=places.get("open", 0), closed=places.get("closed", 0), unknown=places.get("unknown", 0))]
    if record.get("public_holidays"):
        lines.append(alg.tr("Public holidays that week: {days}").format(days=", ".join(record["public_holidays"])))
    for p in record.get("unknown_places", [])[:20]:
        lines.append(alg.tr("Unknown hours: {name} ({reason})").format(name=p["name"], reason=p["reason"]))
    return lines
