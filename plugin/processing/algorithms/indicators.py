"""Processing algorithms of the indicator engine (group "Indicators").

``terridiag:coverage``, ``network_coverage``, ``accessibility_2sfca``, ``connectivity``,
``typology``, ``access_surface``, ``fragility_index`` and the all-in-one ``diagnosis``. Each
reads its layers into the core's tables (``qgis_bridge.convert``), calls one function of
``core.indicators`` and writes one sink; method parameters go to the log and, for the
diagnosis, to the METADATA output (JSON).
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingOutputString, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterString)

from ...core.errors import InputDataError, ParameterError
from ...core.presentation.vocabulary import (DIAGNOSIS_METHODS, NETWORK_MODES, FragilityMethod, TravelMode,
                                             position, true_mask)
from ...qgis_bridge import run_texts
from ...qgis_bridge.convert import geodataframe, points_frame, write_sink
from . import _inputs
from ._common import (crs_parameter, engine_choice, engine_parameters, enum_options, metric_epsg as _epsg, run_epsg,
                      source_layer as _source)
from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P

GROUP, GROUP_ID = "Indicators", "indicators"


# -- shared helpers -------------------------------------------------------------------------






def _require_fields(frame, fields, what):
    missing = [f for f in fields if f not in frame.columns]
    if missing:
        raise InputDataError(f"the {what} layer has no field {missing[0]!r}", column=missing[0],
                             hint=f"the layer needs the fields {', '.join(fields)}")


def _read_communes(alg, parameters, name, context, epsg):
    src = _source(alg, parameters, name, context, required=False)
    if src is None:
        return None
    gdf = geodataframe(src, context, epsg)
    if "code_insee" not in gdf.columns:
        for alt in ("INSEE_COM", "code", "insee", "CODE_INSEE"):
            if alt in gdf.columns:
                gdf = gdf.rename(columns={alt: "code_insee"})
                break
    _require_fields(gdf, ["code_insee"], "communes")
    if "population" not in gdf.columns and "POPULATION" in gdf.columns:
        gdf = gdf.rename(columns={"POPULATION": "population"})
    gdf["code_insee"] = gdf["code_insee"].astype(str)
    gdf = gdf[gdf.geometry.notna()].reset_index(drop=True)
    return _one_commune_per_code(alg, gdf, src)


def _one_commune_per_code(alg, gdf, src):
    """A code on several features of the layer: one commune (its polygons joined), said in the log;
    refused when the features carry other names or populations."""
    from ...core.provenance import Provenance, ReadReport
    from ...core.sources.communes import one_feature_per_code

    report = ReadReport(path=src.sourceName(), format="layer", provenance=Provenance(source=""))
    gdf = one_feature_per_code(gdf, report, src.sourceName())
    fb = getattr(alg, "qgis_feedback", None)
    for text in report.warnings:
        if fb is not None:
            fb.reportError(f"{src.sourceName()}: {text}", False)
    return gdf


def _read_table(alg, parameters, name, context, epsg=None, required=True):
    if epsg is None:
        from ...core.crs import DEFAULT_EPSG as epsg
    src = _source(alg, parameters, name, context, required=required)
    if src is None:
        return None, None
    gdf = geodataframe(src, context, epsg)
    return gdf, src


def _services(alg, parameters, context, epsg):
    svc = points_frame(_source(alg, parameters, P.SERVICES, context), context, epsg)
    if svc.empty:
        raise InputDataError("the services layer has no point", hint="load service places first")
    return svc


def _fast_points(alg, parameters, name, context, epsg, fields):
    """x/y and ``fields`` of a whole OGR point layer through GDAL's Arrow interface (no QgsFeature
    per point), or None when that does not apply (see ``qgis_bridge.fast_read``)."""
    from ...qgis_bridge.fast_read import read_parameter_points
    return read_parameter_points(alg, parameters, name, context, epsg, fields)


def _addresses(alg, parameters, context, epsg, name=P.ADDRESSES, required=True):
    src = _source(alg, parameters, name, context, required=required)
    if src is None:
        return None
    names = [f.name() for f in src.fields()]
    if "code_insee" in names:
        fast = _fast_points(alg, parameters, name, context, epsg, ["code_insee"])
        if fast is not None:
            return fast
    addr = points_frame(src, context, epsg, fields=None)
    _require_fields(addr, ["code_insee"], "addresses")
    return addr


def _demand(alg, parameters, context, epsg, communes, feedback):
    """Demand of a coverage run (core ``demand``): ADDRESSES, else the POPULATION layer's units,
    else one point per commune; its plain-words description goes to the log."""
    from ...core.indicators.demand import build_demand
    addr = _addresses(alg, parameters, context, epsg, required=False)
    units, field = _inputs.read_population(alg, parameters, context, epsg)
    if addr is None and units is None and communes is None:
        raise ParameterError("no demand: give the addresses, or the communes (with a population layer of "
                             "IRIS or grid cells if you have one)",
                             hint="ADDRESSES, COMMUNES or COMMUNES + POPULATION")
    demand = build_demand(communes, addr, units, field)
    for line in run_texts.demand_lines(demand.meta):
        feedback.info(line)
    lost = demand.meta.get("addresses_outside_communes")
    if lost:
        feedback.warning(alg.tr("{n} points have a commune code that is not in the communes layer and are left "
                                "out, e.g. {codes}").format(n=lost, codes=", ".join(demand.meta["codes_outside_communes"][:5])))
    return addr, demand


def _demand_sources(alg, parameters, context):
    return [_source(alg, parameters, n, context, required=False) for n in (P.COMMUNES, P.ADDRESSES, P.POPULATION)]


def _category(alg, parameters, context):
    cat = (alg.parameterAsString(parameters, P.CATEGORY, context) or "").strip()
    return cat or None


def _parse_numbers(text: str, what: str) -> list[float]:
    from ...core.params import number

    vals = [number(t, f"{what} ({text.strip()!r})", "15,30") for t in text.replace(";", ",").split(",") if t.strip()]
    bad = [v for v in vals if v <= 0]
    if bad:
        raise ParameterError(f"{what} must be positive numbers, got {bad[0]:g}", hint="e.g. 15,30")
    if not vals:
        raise ParameterError(f"no value in {what}", hint="e.g. 15,30")
    return vals


def _finite_text(text: str, what: str) -> float:
    """float(text), refusing NaN and infinities (a ValueError for a non-number, as float())."""
    from ...core.params import finite
    return finite(float(text), what)


def _parse_weights(text: str | None) -> dict[str, float]:
    """'poverty_rate:2, age_65_plus_share:1' -> {"poverty_rate": 2.0, …}."""
    weights = {}
    for part in (text or "").split(","):
        if part.strip():
            try:
                k, w = part.split(":")
                weights[k.strip()] = _finite_text(w, f"weight of {k.strip()}")
            except ValueError:
                raise ParameterError(f"weight {part.strip()!r} is not 'variable:weight'",
                                     hint="e.g. poverty_rate:2,age_65_plus_share:1") from None
    return weights


def _parse_steps(text: str) -> list[tuple[float, float]]:
    """'5:1, 10:0.68, 15:0.22' -> [(5, 1), (10, 0.68), (15, 0.22)]."""
    steps = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            k, w = part.split(":")
            steps.append((_finite_text(k, "decay step limit"), _finite_text(w, "decay step weight")))
        except ValueError:
            raise ParameterError(f"decay step {part.strip()!r} is not 'limit:weight'",
                                 hint="e.g. 5:1,10:0.68,15:0.22") from None
    if not steps:
        raise ParameterError("no decay step", hint="e.g. 5:1,10:0.68,15:0.22")
    return steps


def _write_per_commune(alg, parameters, context, table, communes, epsg, name=P.OUTPUT, feedback=None):
    """Commune polygons with the table's fields when communes are given, else a table."""
    if communes is not None:
        lost = table.loc[~table["code_insee"].isin(set(communes["code_insee"])), :]
        if len(lost) and feedback is not None:
            n = int(lost["n_addresses"].sum()) if "n_addresses" in lost else len(lost)
            feedback.warning(f"{len(lost)} commune codes of the points ({n} points) are not in the communes "
                             f"layer and are left out, e.g. {', '.join(map(str, lost['code_insee'][:5]))}")
        keep = [c for c in ("code_insee", "nom") if c in communes.columns]
        geo = communes[keep + ["geometry"]].merge(table, on="code_insee", how="left")
        return write_sink(alg, parameters, name, context, geo, geometry="polygon", epsg=epsg)
    return write_sink(alg, parameters, name, context, table, geometry="none")


def _roads(alg, parameters, context, epsg, feedback):
    path = alg.parameterAsFile(parameters, P.ROADS, context) if P.ROADS in parameters else ""
    if not path:
        return None
    from ...core.sources.roads import read_osm_roads
    graph, report = read_osm_roads(path, epsg=epsg, feedback=feedback)
    feedback.info(report.summary())
    from ...core.provenance import resolve
    graph.meta = dict(graph.meta or {}, provenance=resolve(report.provenance, path))
    return graph


def _carry_provenance(alg, parameters, context, names, dests, extra=()):
    """The sources recorded on the input layers (imports write them; each SERVICES layer's own)
    travel to the outputs, with ``extra`` ones (e.g. the OSM extract's)."""
    record = getattr(alg, "record_provenance", None)
    found = getattr(alg, "input_provenance", None)
    if record is None or found is None:
        return []
    provs = found(parameters, names, context)
    for p in extra:
        d = p.to_dict() if hasattr(p, "to_dict") else p
        if d and d not in provs:
            provs.append(d)
    for dest in dests:
        if dest and provs:
            record(dest, provs)
    return provs


def _sites_frame(src, context, epsg):
    """Mobile sites with boolean has_2g … has_5g whatever the layer stores (bool, 0/1, text)."""
    sites = points_frame(src, context, epsg)
    for g in ("2g", "3g", "4g", "5g"):
        col = f"has_{g}"
        if col in sites.columns:
            sites[col] = true_mask(sites[col])
    return sites


# -- algorithms -----------------------------------------------------------------------------
class CoverageAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "coverage"
    DISPLAY = "Coverage as the crow flies"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Straight-line distance from every demand point to the nearest service place (KD-tree in a metric "
            "CRS), then per commune: mean, median and 90th-percentile distance (m) and share_within, the share "
            "(0-1) of the population within DISTANCE_KM (5 km target by default). Demand: the ADDRESSES (each "
            "carrying its commune's population spread evenly); where a commune has none, the POPULATION layer "
            "(IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune "
            "carrying its whole population (COMMUNES). Statistics are weighted by population; demand_source says "
            "which demand each commune has. Without COMMUNES the addresses are grouped by their code_insee field. "
            "SERVICES takes one or several point layers; CATEGORY keeps one service category. Communes with fewer "
            "than MIN_COUNT addresses have their values masked (empty) and flagged (statistical "
            "confidentiality; 0 disables). OPEN_AT keeps only the places open at a time (Saturday morning, after "
            "18:00 on a weekday, at some time in the week, or OPEN_WINDOW, a window in the OpenStreetMap "
            "opening_hours syntax), read from their opening_hours field on one week (OPEN_WEEK; default the next "
            "week without a public holiday): a place open at least OPEN_MIN_MINUTES in a row in the window counts. "
            "The shares are then open_share_within_{k}km (places known to be open) and "
            "open_or_unknown_share_within_{k}km (places of unknown hours counted as open: an upper bound); places "
            "of unknown hours are counted apart and named in the log. OUTPUT_PLACES (optional) receives the places "
            "with hours_status (open, closed, unknown), open_minutes and hours_reason. Reading opening hours "
            "needs the Python package opening-hours-py. ENGINE: in process, or Dask — the run cut by "
            "département, each part with the places near enough to its edge to be some point's nearest (the same "
            "figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER "
            "(tcp://host:8786); Dask needs the Python package distributed.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Addresses (points with code_insee)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True))
        _inputs.add_services_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (polygons with code_insee)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True))
        _inputs.add_population_parameters(self)
        self.addParameter(QgsProcessingParameterNumber(
            P.DISTANCE_KM, self.tr("Distance threshold (km)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterString(P.CATEGORY, self.tr("Service category (empty: all)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.MIN_COUNT, self.tr("Mask communes with fewer addresses than"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=11, minValue=0))
        _inputs.add_open_at_parameters(self)
        crs_parameter(self, self.tr("Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)"))
        engine_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Coverage per commune")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_PLACES, self.tr("Places with their opening status (with OPEN_AT)"),
            QgsProcessing.SourceType.TypeVectorPoint, optional=True, createByDefault=False))

    def execute(self, parameters, context, feedback):
        import json

        from ...core.indicators.confidentiality import mask_small_counts
        from ...core.engine import coverage
        epsg, zoned = run_epsg(self, parameters, context, *_demand_sources(self, parameters, context),
                               feedback=feedback)
        window, week, minutes = _inputs.open_at_parameters(self, parameters, context)
        if parameters.get(P.OUTPUT_PLACES) and not window:
            raise ParameterError("the places with their opening status need a time window",
                                 hint="choose OPEN_AT, or leave OUTPUT_PLACES unset")
        communes = _read_communes(self, parameters, P.COMMUNES, context, epsg)
        addr, demand = _demand(self, parameters, context, epsg, communes, feedback)
        svc = _inputs.read_services(self, parameters, context, epsg)
        feedback.set_progress(30)
        km = self.parameterAsDouble(parameters, P.DISTANCE_KM, context)
        cat = _category(self, parameters, context)
        table = coverage(addr, svc, thresholds_km=(km,), category=cat, communes=communes, demand=demand,
                         feedback=feedback, **engine_choice(self, parameters, context))
        places = None
        if window:
            from ...core.indicators.opening import coverage_open_at
            opened, record, places = coverage_open_at(addr, svc, window, thresholds_km=(km,), category=cat,
                                                      communes=communes, demand=demand, week=week,
                                                      min_minutes=minutes)
            table = table.merge(opened, on="code_insee", how="left")
            for line in _inputs.open_at_lines(self, record):
                feedback.info(line)
            feedback.info(json.dumps(record, default=str, ensure_ascii=False))
        table, mmeta = mask_small_counts(table, self.parameterAsInt(parameters, P.MIN_COUNT, context))
        feedback.info(json.dumps(table.attrs.get("coverage", {}), default=str))
        if mmeta["n_masked"]:
            feedback.warning(f"{mmeta['n_masked']} communes masked: {mmeta['rule']}")
        dest = _write_per_commune(self, parameters, context, table, communes, epsg, feedback=feedback)
        result = {P.OUTPUT: dest}
        if places is not None and parameters.get(P.OUTPUT_PLACES):
            result[P.OUTPUT_PLACES] = write_sink(self, parameters, P.OUTPUT_PLACES, context, places,
                                                 geometry="point", epsg=epsg)
            from ...qgis_bridge.hours_style import style_on_load
            style_on_load(result[P.OUTPUT_PLACES], context)
        _carry_provenance(self, parameters, context, (P.ADDRESSES, P.SERVICES, P.COMMUNES, P.POPULATION),
                          list(result.values()))
        return result


class NetworkCoverageAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "network_coverage"
    DISPLAY = "Coverage along the road network"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Travel time (or distance) along the OpenStreetMap road network from every demand point to the nearest "
            "service. Demand points and services join the nearest point of a road (that short distance is walked "
            "at 4.5 km/h); one shortest-path pass from all services on the reversed graph gives every point its "
            "time (one-way streets respected when driving). A point farther than MAX_SNAP_M (1000 m) from a road "
            "— outside a partial OSM extract — gets no time (NULL), never a long walk counted as travel time; a "
            "service that far from a road is left out, and a point it could be nearer to gets no time either. "
            "Demand: ADDRESSES, else the POPULATION layer (IRIS or 200 m grid cells), else one point per commune "
            "(COMMUNES). Per commune: time_mean_min, time_median_min, time_p90_min, share_within_{band}min for "
            "each band (default 15 and 30 minutes), n_unreachable, n_outside_graph and network_known_share (the "
            "share of the population with a time), weighted by population. OUTPUT_AREAS (optional) receives "
            "service-area polygons per band that do not overlap: the network is rasterised at CELL_SIZE metres, "
            "each cell taking the lowest band reached, then polygonised. ENGINE: in process, or Dask — the run cut "
            "by département, each part on the roads and places within a border buffer of it (at first the largest "
            "band at the network's top speed, widened where a point's time cannot be proved the same as on the "
            "whole network: the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on "
            "the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package "
            "distributed.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Addresses (points with code_insee)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True))
        _inputs.add_services_parameter(self)
        self.addParameter(QgsProcessingParameterFile(P.ROADS, self.tr("OpenStreetMap extract (.osm / .osm.pbf)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (polygons with code_insee)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True))
        _inputs.add_population_parameters(self)
        self.addParameter(QgsProcessingParameterEnum(P.MODE, self.tr("Mode"), options=enum_options(NETWORK_MODES),
                                                     defaultValue=position(NETWORK_MODES, TravelMode.DRIVE)))
        self.addParameter(QgsProcessingParameterString(P.BANDS, self.tr("Time bands (minutes)"),
                                                       defaultValue="15,30"))
        self.addParameter(QgsProcessingParameterString(P.CATEGORY, self.tr("Service category (empty: all)"),
                                                       optional=True))
        _inputs.add_max_snap_parameter(self)
        self.addParameter(QgsProcessingParameterNumber(
            P.CELL_SIZE, self.tr("Service-area cell size (m)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=100.0, minValue=5.0))
        self.addParameter(QgsProcessingParameterNumber(
            P.MIN_COUNT, self.tr("Mask communes with fewer addresses than"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=11, minValue=0))
        crs_parameter(self, self.tr("Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)"))
        engine_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Network coverage per commune")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_AREAS, self.tr("Service areas per time band"), QgsProcessing.SourceType.TypeVectorPolygon,
            optional=True, createByDefault=False))

    def execute(self, parameters, context, feedback):
        import json
        import numpy as np

        from ...core.indicators.confidentiality import mask_small_counts
        from ...core.indicators.coverage import _select_services
        from ...core.engine import network_coverage
        from ...core.indicators.network import node_costs, service_areas, snap
        epsg, zoned = run_epsg(self, parameters, context, *_demand_sources(self, parameters, context),
                               feedback=feedback)
        communes = _read_communes(self, parameters, P.COMMUNES, context, epsg)
        addr, demand = _demand(self, parameters, context, epsg, communes, feedback)
        svc = _inputs.read_services(self, parameters, context, epsg)
        graph = _roads(self, parameters, context, None if zoned else epsg, feedback)
        if graph is None:
            raise ParameterError("no road network given", hint="choose an OSM extract for ROADS")
        mode = NETWORK_MODES[self.parameterAsEnum(parameters, P.MODE, context)].value
        bands = _parse_numbers(self.parameterAsString(parameters, P.BANDS, context) or "15,30", P.BANDS)
        cat = _category(self, parameters, context)
        max_snap = self.parameterAsDouble(parameters, P.MAX_SNAP_M, context)
        table, meta = network_coverage(addr, svc, graph, mode=mode, bands=bands, category=cat, communes=communes,
                                       feedback=feedback, demand=demand, max_snap_m=max_snap,
                                       **engine_choice(self, parameters, context))
        table, _ = mask_small_counts(table, self.parameterAsInt(parameters, P.MIN_COUNT, context))
        for line in run_texts.network_lines(meta):
            feedback.warning(line)
        feedback.info(json.dumps(meta, default=str))
        result = {P.OUTPUT: _write_per_commune(self, parameters, context, table, communes, epsg, feedback=feedback)}
        if parameters.get(P.OUTPUT_AREAS):
            sel = _select_services(svc, cat)
            sx, sy = sel["x"].to_numpy(float), sel["y"].to_numpy(float)
            if zoned:     # each territory's areas on its own graph, in its legal CRS, then in the run's
                import pandas as pd

                from ...core import territories
                lx, ly, zone = territories.zone_points(sx, sy, epsg)
                pieces = [(g, lx[zone == key], ly[zone == key]) for key, g in territories.split_graphs(graph).items()]
            else:
                pieces = [(graph, sx, sy)]
            cell = self.parameterAsDouble(parameters, P.CELL_SIZE, context)
            found = []
            for g, px, py in pieces:
                _, sd = snap(g, px, py, mode)
                on = np.isfinite(sd) & (sd <= max_snap)      # places off the graph seed no area
                if on.any():
                    ncost, _ = node_costs(g, px[on], py[on], mode, "time")
                    found.append(service_areas(g, ncost, bands, mode=mode, cell=cell, crs=g.crs).to_crs(epsg))
            if not found:
                raise InputDataError(f"no service place within {max_snap:g} m of the road network",
                                     hint="check that the OSM extract covers the service places")
            areas = found[0] if len(found) == 1 else pd.concat(found, ignore_index=True)
            result[P.OUTPUT_AREAS] = write_sink(self, parameters, P.OUTPUT_AREAS, context, areas,
                                                geometry="polygon", epsg=epsg)
        _carry_provenance(self, parameters, context, (P.ADDRESSES, P.SERVICES, P.COMMUNES, P.POPULATION),
                          list(result.values()), extra=[(graph.meta or {}).get("provenance")])
        return result


class Accessibility2SFCAAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "accessibility_2sfca"
    DISPLAY = "Accessibility (2SFCA / E2SFCA)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Two-step floating catchment area accessibility, as PySAL access computes it. Step 1: each place's "
            "capacity (CAPACITY_FIELD, 1 when empty) divided by the (weighted) population within its catchment; "
            "step 2: each demand point sums the ratios of the places within reach (weighted again). 2SFCA uses "
            "a catchment of MAX_DISTANCE_KM; E2SFCA uses distance-decay STEPS 'km:weight' (default 5:1,10:0.68,"
            "15:0.22, the DREES/Luo-Qi shape). Demand: POPULATION_FIELD of each point, or the population of its "
            "commune (COMMUNES) spread over its addresses, else 1. OUTPUT: one row per demand point with fsca "
            "(places per inhabitant), fsca_per_10k and fsca_norm (1 = territory average); OUTPUT_COMMUNES: the "
            "population-weighted mean per commune. With ROADS (an OSM extract) the catchment is a driving time: "
            "MAX_TIME_MIN for 2SFCA, and the STEPS limits are read in minutes; a demand point farther than "
            "MAX_SNAP_M from a road gets no accessibility (NULL) and a place that far is left out. SERVICES takes "
            "one or several point layers; CAPACITY_FIELD names their capacity field (default: capacity, else 1).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.DEMAND, self.tr("Demand points (addresses or population points)"),
            [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            P.POPULATION_FIELD, self.tr("Population field"), parentLayerParameterName=P.DEMAND,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        _inputs.add_services_parameter(self)
        # a field name, not a field parameter: its parent would have to be a single layer
        self.addParameter(QgsProcessingParameterString(
            P.CAPACITY_FIELD, self.tr("Capacity field of the service places (empty: capacity when present, "
                                      "else 1 per place)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (population per commune)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterEnum(P.METHOD, self.tr("Method"), options=["2SFCA", "E2SFCA"],
                                                     defaultValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            P.MAX_DISTANCE_KM, self.tr("Catchment (km, 2SFCA)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=10.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterString(P.STEPS, self.tr("Decay steps km:weight (E2SFCA)"),
                                                       defaultValue="5:1,10:0.68,15:0.22"))
        self.addParameter(QgsProcessingParameterFile(
            P.ROADS, self.tr("OpenStreetMap extract: catchment by driving time (optional)"),
            behavior=QgsProcessingParameterFile.Behavior.File, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.MAX_TIME_MIN, self.tr("Catchment (minutes, 2SFCA with ROADS)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=20.0, minValue=0.1))
        _inputs.add_max_snap_parameter(self)
        self.addParameter(QgsProcessingParameterString(P.CATEGORY, self.tr("Service category (empty: all)"),
                                                       optional=True))
        crs_parameter(self, self.tr("Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)"))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Accessibility per demand point"),
                                                            QgsProcessing.SourceType.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_COMMUNES, self.tr("Accessibility per commune"), optional=True, createByDefault=False))

    def execute(self, parameters, context, feedback):
        import numpy as np
        import pandas as pd

        from ...core.indicators.coverage import _select_services
        from ...core.indicators.groups import group_codes
        from ...core.indicators.fsca import fsca_points
        csrc = _source(self, parameters, P.COMMUNES, context, required=False)
        dsrc = _source(self, parameters, P.DEMAND, context)
        epsg, zoned = run_epsg(self, parameters, context, csrc, dsrc, feedback=feedback)
        from ...qgis_bridge.fast_read import read_parameter_points
        demand = read_parameter_points(self, parameters, P.DEMAND, context, epsg, categorical=())
        if demand is None:
            demand = points_frame(dsrc, context, epsg)
        if demand.empty:
            raise InputDataError("the demand layer has no point")
        svc = _select_services(_inputs.read_services(self, parameters, context, epsg),
                               _category(self, parameters, context))
        communes = _read_communes(self, parameters, P.COMMUNES, context, epsg)
        feedback.set_progress(20)        # inputs read (also a point where a cancel stops)
        pfield = self.parameterAsString(parameters, P.POPULATION_FIELD, context)
        cfield = (self.parameterAsString(parameters, P.CAPACITY_FIELD, context) or "").strip()
        if cfield and cfield not in svc.columns:
            raise InputDataError(f"the service places have no field {cfield!r}", column=cfield,
                                 hint="leave CAPACITY_FIELD empty for 1 per place")
        if not cfield and "capacity" in svc.columns:
            cfield = "capacity"
        has_code = "code_insee" in demand.columns
        if pfield:
            pop = pd.to_numeric(demand[pfield], errors="coerce").fillna(0.0).to_numpy(float)
            kind = f"field {pfield}"
        elif communes is not None and "population" in communes.columns and has_code:
            g, labels = group_codes(demand["code_insee"])
            cpop = pd.Series(pd.to_numeric(communes["population"], errors="coerce").to_numpy(float),
                             index=communes["code_insee"].astype(str)).groupby(level=0).first()
            cnt = np.bincount(g, minlength=len(labels))
            pop = (cpop.reindex(labels.astype(str)).to_numpy(float) / np.maximum(cnt, 1))[g]
            pop = np.where(np.isfinite(pop), pop, 0.0)
            kind = "commune population spread over its points"
        else:
            pop = np.ones(len(demand))
            kind = "1 per point"
        cap = (pd.to_numeric(svc[cfield], errors="coerce").fillna(1.0).to_numpy(float) if cfield else None)
        method = self.parameterAsEnum(parameters, P.METHOD, context)
        graph = _roads(self, parameters, context, None if zoned else epsg, feedback)
        dx, dy, sx, sy = (v.to_numpy(float) for v in (demand.x, demand.y, svc.x, svc.y))
        zones = None
        if zoned:      # each territory in its legal CRS; no pair across territories
            from ...core import territories
            dx, dy, dz = territories.zone_points(dx, dy, epsg, demand["code_insee"] if has_code else None)
            sx, sy, sz = territories.zone_points(sx, sy, epsg)
            zones = (dz, sz)
        if graph is not None:
            from ...core.indicators.fsca import two_step_fca
            from ...core.indicators.network import network_pairs, on_graph
            if method == 0:
                mx = self.parameterAsDouble(parameters, P.MAX_TIME_MIN, context)
                steps = None
            else:
                steps = _parse_steps(self.parameterAsString(parameters, P.STEPS, context))
                mx = max(k for k, _ in steps)
            max_snap = self.parameterAsDouble(parameters, P.MAX_SNAP_M, context)
            pieces = ([(g, np.flatnonzero(zones[0] == k), np.flatnonzero(zones[1] == k))
                       for k, g in territories.split_graphs(graph).items()] if zoned
                      else [(graph, np.arange(len(dx)), np.arange(len(sx)))])
            off = np.ones(len(dx), bool)
            found = []
            for g, d, sj in pieces:
                pi, pj, pc = network_pairs(g, dx[d], dy[d], sx[sj], sy[sj], mx * 60.0, mode="drive",
                                           max_snap_m=max_snap)
                found.append((d[pi], sj[pj], pc))
                off[d] = ~on_graph(g, dx[d], dy[d], "drive", max_snap)
            i, j, c = (np.concatenate([f[k] for f in found]) for k in range(3))
            a, _ = two_step_fca(pop, np.ones(len(svc)) if cap is None else cap, i, j, c / 60.0, max_cost=mx,
                                steps=steps)
            a = np.where(off, np.nan, a)     # off the road network: no travel time, no accessibility
            if off.any():
                feedback.warning(self.tr("{n} demand points farther than {m} m from a road have no accessibility "
                                         "by driving time.").format(n=int(off.sum()), m=f"{max_snap:g}"))
            feedback.info(f"{'2SFCA' if steps is None else 'E2SFCA'} by driving time, catchment {mx:g} min, "
                          f"steps {steps}, demand: {kind}")
        elif method == 0:
            km = self.parameterAsDouble(parameters, P.MAX_DISTANCE_KM, context)
            a, _ = fsca_points(dx, dy, pop, sx, sy, cap, max_cost=km * 1000.0, zones=zones)
            feedback.info(f"2SFCA, catchment {km:g} km, demand: {kind}")
        else:
            steps = [(k * 1000.0, w) for k, w in _parse_steps(self.parameterAsString(parameters, P.STEPS, context))]
            a, _ = fsca_points(dx, dy, pop, sx, sy, cap, steps=steps, zones=zones)
            feedback.info(f"E2SFCA, steps (m, weight) {steps}, demand: {kind}")
        ok = np.isfinite(a)
        mean = float((pop[ok] * a[ok]).sum() / pop[ok].sum()) if pop[ok].sum() > 0 else np.nan
        out = demand[[c for c in ("code_insee", "x", "y") if c in demand.columns]].copy()
        out["demand"] = pop
        out["fsca"] = a
        out["fsca_per_10k"] = a * 1e4
        out["fsca_norm"] = a / mean if mean else np.nan
        result = {P.OUTPUT: write_sink(self, parameters, P.OUTPUT, context, out, geometry="point", epsg=epsg)}
        if parameters.get(P.OUTPUT_COMMUNES) and has_code:
            g, labels = group_codes(out["code_insee"])
            ok = np.isfinite(a)
            w = np.bincount(g[ok], weights=pop[ok], minlength=len(labels))
            s = np.bincount(g[ok], weights=pop[ok] * a[ok], minlength=len(labels))
            ca = np.where(w > 0, s / np.where(w > 0, w, 1), np.nan)
            table = pd.DataFrame({"code_insee": labels.astype(str), "fsca": ca, "fsca_per_10k": ca * 1e4,
                                  "fsca_norm": ca / mean if mean else np.nan})
            result[P.OUTPUT_COMMUNES] = _write_per_commune(self, parameters, context, table, communes, epsg,
                                                           name=P.OUTPUT_COMMUNES)
        _carry_provenance(self, parameters, context, (P.DEMAND, P.SERVICES, P.COMMUNES), list(result.values()))
        return result


class ConnectivityAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "connectivity"
    DISPLAY = "Connectivity per commune"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Per commune, from ARCEP counts (CONNECTIVITY: one or several tables as imported by 'Import "
            "connectivity data'): share_thd30, share_thd100, share_thd1g (premises eligible to at least these "
            "speeds, 'Ma connexion internet') and share_no_bhd (premises below 8 Mbit/s); share_ftth (premises "
            "connectable to FttH) when a table has it — the FttH observatory with its commune information — "
            "otherwise it is left out and the log says why. With COMMUNES and MOBILE_SITES: "
            "mobile sites per km² and per 1,000 inhabitants by generation. With MOBILE_COVERAGE (polygons with "
            "'niveau') and ADDRESSES: the share of addresses in good or very good coverage (TBC/BC).")

    def initAlgorithm(self, config=None):  # noqa: N802
        _inputs.add_connectivity_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (polygons with code_insee, population)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.MOBILE_SITES, self.tr("Mobile sites (points with has_2g … has_5g)"),
            [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.MOBILE_COVERAGE, self.tr("Mobile coverage polygons (niveau TBC/BC/CL)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Addresses (points with code_insee)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True))
        crs_parameter(self, self.tr("Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)"))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Connectivity per commune")))

    def execute(self, parameters, context, feedback):
        import pandas as pd

        from ...core.indicators.connectivity import (fixed_connectivity_of, good_mobile_coverage,
                                                     mobile_sites_by_commune)
        csrc = _source(self, parameters, P.COMMUNES, context, required=False)
        epsg = _epsg(self, parameters, context, csrc)
        communes = _read_communes(self, parameters, P.COMMUNES, context, epsg)
        parts = []
        conn, names = _inputs.read_connectivity(self, parameters, context, epsg)
        if conn:
            for table in conn:
                _require_fields(table, ["code_insee", "premises"], "connectivity")
            fixed, cmeta = fixed_connectivity_of(conn, names)
            for field, reason in cmeta["absent"].items():
                feedback.info(f"{field}: {reason}")
            parts.append(fixed)
        ssrc = _source(self, parameters, P.MOBILE_SITES, context, required=False)
        if ssrc is not None:
            if communes is None:
                raise ParameterError("mobile site densities need the COMMUNES layer")
            sites = _sites_frame(ssrc, context, epsg)
            parts.append(mobile_sites_by_commune(sites, communes))
        cov, _ = _read_table(self, parameters, P.MOBILE_COVERAGE, context, epsg, required=False)
        if cov is not None:
            addr = _addresses(self, parameters, context, epsg, required=False)
            if addr is None:
                raise ParameterError("the coverage share needs the ADDRESSES layer")
            pop = (pd.Series(pd.to_numeric(communes["population"], errors="coerce").to_numpy(float),
                             index=communes["code_insee"]) if communes is not None and "population" in communes
                   else None)
            parts.append(good_mobile_coverage(addr, cov, population=pop))
        if not parts:
            raise ParameterError("nothing to compute",
                                 hint="give CONNECTIVITY, or COMMUNES + MOBILE_SITES, or MOBILE_COVERAGE + ADDRESSES")
        table = parts[0]
        for p in parts[1:]:
            table = table.merge(p[[c for c in p.columns if c == "code_insee" or c not in table.columns]],
                                on="code_insee", how="outer")
        dest = _write_per_commune(self, parameters, context, table, communes, epsg)
        _carry_provenance(self, parameters, context,
                          (P.CONNECTIVITY, P.COMMUNES, P.MOBILE_SITES, P.MOBILE_COVERAGE, P.ADDRESSES), [dest])
        return {P.OUTPUT: dest}


class TypologyAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "typology"
    DISPLAY = "Typology access × fragility"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Classes each commune by access and fragility so a council sees where to act first: priority (far "
            "and fragile), far, fragile, served (unknown when a value is missing). Far: ACCESS_FIELD below "
            "ACCESS_THRESHOLD (default share_within < 0.8), or above it when ACCESS_DIRECTION says higher is "
            "worse (e.g. dist_median_m > 5000). Fragile: FRAGILITY_FIELD above FRAGILITY_THRESHOLD (default "
            "ifn_global > 100, more fragile than the reference). Adds typology, typology_fr, typology_code.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(P.INPUT, self.tr("Communes with indicators"),
                                                              [QgsProcessing.SourceType.TypeVector]))
        # field parameters left out must not fail: QGIS 3.22 refuses a missing non-optional field value
        # even when it has a default, so they are optional and their default is resolved in execute
        self.addParameter(QgsProcessingParameterField(P.ACCESS_FIELD, self.tr("Access field (empty: share_within)"),
                                                      defaultValue="share_within", parentLayerParameterName=P.INPUT,
                                                      type=QgsProcessingParameterField.DataType.Numeric,
                                                      optional=True))
        self.addParameter(QgsProcessingParameterNumber(P.ACCESS_THRESHOLD, self.tr("Access threshold"),
                                                       QgsProcessingParameterNumber.Type.Double, defaultValue=0.8))
        self.addParameter(QgsProcessingParameterEnum(
            P.ACCESS_DIRECTION, self.tr("Access field direction"),
            options=["higher is better (far = below)", "higher is worse (far = above)"], defaultValue=0))
        self.addParameter(QgsProcessingParameterField(
            P.FRAGILITY_FIELD, self.tr("Fragility field (empty: ifn_global, ifn5_score or composite_score)"),
            defaultValue="ifn_global", parentLayerParameterName=P.INPUT,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterNumber(P.FRAGILITY_THRESHOLD, self.tr("Fragility threshold"),
                                                       QgsProcessingParameterNumber.Type.Double, defaultValue=100.0))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Typology")))

    def execute(self, parameters, context, feedback):
        import json

        from ...core.indicators.typology import typology
        src = _source(self, parameters, P.INPUT, context)
        epsg = _epsg(self, parameters, context, src)
        gdf = geodataframe(src, context, epsg)
        access = self.parameterAsString(parameters, P.ACCESS_FIELD, context) or "share_within"
        fragility = self.parameterAsString(parameters, P.FRAGILITY_FIELD, context)
        if not parameters.get(P.FRAGILITY_FIELD):
            # the default follows the fragility index the layer has (MedNum, IFN or a composite)
            fragility = next((f for f in ("ifn_global", "ifn5_score", "composite_score") if f in gdf.columns),
                             fragility or "ifn_global")
        threshold = self.parameterAsDouble(parameters, P.FRAGILITY_THRESHOLD, context)
        if parameters.get(P.FRAGILITY_THRESHOLD) in (None, ""):      # the reference of each index
            threshold = {"ifn5_score": 5.5, "composite_score": 50.0}.get(fragility, threshold)
        for name, field in ((P.ACCESS_FIELD, access), (P.FRAGILITY_FIELD, fragility)):
            if field not in gdf.columns:
                raise InputDataError(f"the layer has no field {field!r} ({name})", column=field,
                                     hint="run the diagnosis with a fragility index first, or choose the field")
        out, meta = typology(
            gdf, access_field=access,
            access_threshold=self.parameterAsDouble(parameters, P.ACCESS_THRESHOLD, context),
            access_direction=("higher_is_better", "higher_is_worse")[
                self.parameterAsEnum(parameters, P.ACCESS_DIRECTION, context)],
            fragility_field=fragility,
            fragility_threshold=threshold)
        feedback.info(json.dumps(meta["counts"]))
        dest = _write_like(self, parameters, context, out, epsg)
        _carry_provenance(self, parameters, context, (P.INPUT,), [dest])
        return {P.OUTPUT: dest}


def _write_like(alg, parameters, context, gdf, epsg, name=P.OUTPUT):
    """Polygons when the input had polygon geometries, else a table."""
    import pandas as pd

    has_geom = "geometry" in gdf.columns and gdf.geometry.notna().any()
    if has_geom:
        return write_sink(alg, parameters, name, context, gdf, geometry="polygon", epsg=epsg)
    frame = pd.DataFrame(gdf.drop(columns="geometry")) if "geometry" in gdf.columns else gdf
    return write_sink(alg, parameters, name, context, frame, geometry="none")


class AccessSurfaceAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "access_surface"
    DISPLAY = "Accessibility surface (raster)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("A GeoTIFF of the distance (m, as the crow flies) or the travel time (min, road network: give ROADS) "
            "to the nearest service, at CELL_SIZE metres over the communes; cells outside the communes are "
            "nodata. The raster's metadata tags record the method and parameters.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.SERVICES, self.tr("Service places (points)"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (polygons)"), [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterNumber(P.CELL_SIZE, self.tr("Cell size (m)"),
                                                       QgsProcessingParameterNumber.Type.Double, defaultValue=200.0,
                                                       minValue=1.0))
        self.addParameter(QgsProcessingParameterEnum(P.MODE, self.tr("Quantity"),
                                                     options=["distance (crow flies)", "travel time (network)"],
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(P.ROADS, self.tr("OpenStreetMap extract (travel time)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File, optional=True))
        self.addParameter(QgsProcessingParameterString(P.CATEGORY, self.tr("Service category (empty: all)"),
                                                       optional=True))
        crs_parameter(self, self.tr("Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)"))
        self.addParameter(QgsProcessingParameterRasterDestination(P.OUTPUT, self.tr("Accessibility surface")))

    def execute(self, parameters, context, feedback):
        import json

        from ...core.indicators.surface import access_surface
        csrc = _source(self, parameters, P.COMMUNES, context)
        epsg = _epsg(self, parameters, context, csrc)
        communes = geodataframe(csrc, context, epsg)
        svc = _services(self, parameters, context, epsg)
        mode = ("distance", "time")[self.parameterAsEnum(parameters, P.MODE, context)]
        graph = _roads(self, parameters, context, epsg, feedback) if mode == "time" else None
        path = self.parameterAsOutputLayer(parameters, P.OUTPUT, context)
        meta = access_surface(svc, communes, path, cell_size=self.parameterAsDouble(parameters, P.CELL_SIZE, context),
                              mode=mode, graph=graph, category=_category(self, parameters, context),
                              feedback=feedback)
        feedback.info(json.dumps(meta, default=str))
        return {P.OUTPUT: path}


class DiagnosisAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "diagnosis"
    DISPLAY = "Territorial digital diagnosis (all indicators)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("The all-in-one: from the communes, addresses and service places (plus, when given, ARCEP "
            "connectivity, fragility variables per commune and an OSM road network) computes every indicator — "
            "coverage as the crow flies (overall and per service category), road-network times, 2SFCA "
            "accessibility, fixed connectivity shares, the fragility index, the access × fragility typology — "
            "masks address-based values of communes with fewer than MIN_COUNT addresses, and writes one commune "
            "layer ready for styling. Demand (who is measured, weighted by population): the ADDRESSES; where a "
            "commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in "
            "POPULATION_FIELD); else one point inside the commune carrying its whole population. SERVICES takes "
            "one or several point layers (each keeps its sources); SERVICE_CATEGORIES keeps some kinds of places. "
            "Along the road network, a point farther than MAX_SNAP_M from a road (outside a partial OSM extract) "
            "gets no travel time. VARIABLES: fragility variables per commune. METADATA (JSON) lists parameters, "
            "the demand used (demand), what the road network does not cover (steps.network.outside_graph), "
            "sources, vintages, whether any input is synthetic, and a description of every field; "
            "OUTPUT_SERVICES (optional) receives the service places used. OPEN_AT (a time window: Saturday morning, "
            "after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW in the OpenStreetMap opening_hours "
            "syntax) adds open_share_within_{k}km (and _{band}min with ROADS): the shares near a place open then, "
            "and open_or_unknown_share_within_… counting the places of unknown hours as open; "
            "METADATA.steps.open_at says which places were open, closed or of unknown hours, and OUTPUT_SERVICES "
            "then has each place's hours_status. ENGINE: in process, or Dask — the coverage as the crow flies and "
            "along the road network cut by département (the same figures), on a local cluster of WORKERS workers "
            "or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python "
            "package distributed.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (polygons with code_insee, population)"),
            [QgsProcessing.SourceType.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Addresses (points with code_insee)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True))
        _inputs.add_services_parameter(self, categories=True)
        _inputs.add_population_parameters(self)
        _inputs.add_connectivity_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.VARIABLES, self.tr("Fragility variables or census counts, by IRIS or by commune"),
            [QgsProcessing.SourceType.TypeVector], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.IRIS, self.tr("IRIS polygons (map and sheets per IRIS; optional)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFile(P.ROADS, self.tr("OpenStreetMap extract (.osm/.pbf)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.MOBILE_SITES, self.tr("Mobile sites (points with has_2g … has_5g)"),
            [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.DISTANCE_KM, self.tr("Distance threshold (km)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterString(
            P.DISTANCES_KM, self.tr("Other distance thresholds (km, comma-separated)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            P.CATEGORIES, self.tr("Place categories of the headline indicators (comma-separated; "
                                  "empty: France Services and mediation places when present, else all)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(P.BANDS, self.tr("Travel-time bands (minutes, with ROADS)"),
                                                       defaultValue="15,30"))
        _inputs.add_max_snap_parameter(self)
        self.addParameter(QgsProcessingParameterEnum(
            P.FRAGILITY_METHOD, self.tr("Fragility index"), options=enum_options(DIAGNOSIS_METHODS),
            defaultValue=position(DIAGNOSIS_METHODS, FragilityMethod.AUTO)))
        self.addParameter(QgsProcessingParameterEnum(
            P.REFERENCE_LEVEL, self.tr("Reference territory of the fragility index"),
            options=[self.tr("The territory loaded"), self.tr("Each commune's EPCI"),
                     self.tr("Each commune's département"), self.tr("Each commune's région")],
            defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterFile(P.REFERENCE, self.tr("MedNum reference values (CSV)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File, extension="csv",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterString(P.WEIGHTS, self.tr("IFN weights (variable:weight,…)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean(P.FSCA, self.tr("Compute 2SFCA accessibility"),
                                                        defaultValue=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.MIN_COUNT, self.tr("Mask communes with fewer addresses than"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=11, minValue=0))
        _inputs.add_open_at_parameters(self)
        crs_parameter(self, self.tr("Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)"))
        engine_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_IRIS, self.tr("Fragility per IRIS (when the variables are by IRIS)"), optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Diagnosis per commune"),
                                                            QgsProcessing.SourceType.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_SERVICES, self.tr("Service places used"), QgsProcessing.SourceType.TypeVectorPoint,
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputString(names.METADATA, self.tr("Parameters, sources, fields (JSON)")))

    def execute(self, parameters, context, feedback):
        import json
        import pandas as pd

        from ...core.indicators.diagnosis import run_diagnosis
        from ...core.indicators.fragility import read_reference_csv
        csrc = _source(self, parameters, P.COMMUNES, context)
        epsg, zoned = run_epsg(self, parameters, context, csrc, feedback=feedback)
        communes = _read_communes(self, parameters, P.COMMUNES, context, epsg)
        addr = _addresses(self, parameters, context, epsg, required=False)
        units, pfield = _inputs.read_population(self, parameters, context, epsg)
        svc = _inputs.read_services(self, parameters, context, epsg)
        conn, conn_names = _inputs.read_connectivity(self, parameters, context, epsg)
        popv, _ = _read_table(self, parameters, P.VARIABLES, context, epsg, required=False)
        iris, _ = _read_table(self, parameters, P.IRIS, context, epsg, required=False)
        if popv is not None:
            if "code_insee" not in popv.columns and "code_iris" in popv.columns:
                popv["code_insee"] = popv["code_iris"].astype(str).str[:5]
            _require_fields(popv, ["code_insee"], "fragility variables")
            if not popv.geometry.notna().any():
                popv = pd.DataFrame(popv.drop(columns="geometry"))
        graph = _roads(self, parameters, context, None if zoned else epsg, feedback)
        ref_path = self.parameterAsFile(parameters, P.REFERENCE, context)
        method = DIAGNOSIS_METHODS[self.parameterAsEnum(parameters, P.FRAGILITY_METHOD, context)].parameter
        first_km = self.parameterAsDouble(parameters, P.DISTANCE_KM, context)
        more = self.parameterAsString(parameters, P.DISTANCES_KM, context) or ""
        kms = [first_km] + [k for k in (_parse_numbers(more, P.DISTANCES_KM) if more.strip() else [])
                            if k != first_km]
        cats = [c.strip() for c in (self.parameterAsString(parameters, P.CATEGORIES, context) or "").split(",")
                if c.strip()]
        params = {"thresholds_km": tuple(kms), "category": cats or "auto",
                  "network_bands_min": tuple(_parse_numbers(self.parameterAsString(parameters, P.BANDS, context)
                                                            or "15,30", P.BANDS)),
                  "ifn_weights": _parse_weights(self.parameterAsString(parameters, P.WEIGHTS, context)) or None,
                  "fragility_method": method,
                  "fragility_references": read_reference_csv(ref_path) if ref_path else None,
                  "fragility_reference": ("territory", "epci", "departement", "region")[
                      self.parameterAsEnum(parameters, P.REFERENCE_LEVEL, context) or 0],
                  "fsca": self.parameterAsBool(parameters, P.FSCA, context),
                  "confidentiality_threshold": self.parameterAsInt(parameters, P.MIN_COUNT, context),
                  "max_snap_m": self.parameterAsDouble(parameters, P.MAX_SNAP_M, context),
                  "service_categories": _inputs.categories_parameter(self, parameters, context),
                  "population_field": pfield,
                  "connectivity_names": conn_names}
        window, week, minutes = _inputs.open_at_parameters(self, parameters, context)
        if window:
            params.update(open_at=window, open_week=week, open_min_minutes=minutes)
        params.update(engine_choice(self, parameters, context))
        from ...core.indicators.diagnosis import sidecar_provenance
        provs = []
        inputs = (P.COMMUNES, P.ADDRESSES, P.SERVICES, P.POPULATION, P.CONNECTIVITY, P.VARIABLES, P.IRIS, P.ROADS,
                 P.MOBILE_SITES)
        for name in inputs:
            if name in (P.SERVICES, P.CONNECTIVITY):
                layers = (_inputs.service_layers(self, parameters, context) if name == P.SERVICES else
                          _inputs.connectivity_layers(self, parameters, context))
                for layer in layers:
                    provs += sidecar_provenance(layer.source().split("|")[0])
            else:
                provs += sidecar_provenance(self.path_or_layer(parameters, name, context))
        if hasattr(self, "input_provenance"):   # recorded on imported layers
            provs += self.input_provenance(parameters, [n for n in inputs if n != P.ROADS], context)
        ssrc = _source(self, parameters, P.MOBILE_SITES, context, required=False)
        sites = _sites_frame(ssrc, context, epsg) if ssrc is not None else None
        scored_units, with_hours = {}, {}
        out, meta = run_diagnosis(communes, addr, svc, connectivity=conn, population_vars=popv, roads=graph,
                                  params=params, mobile_sites=sites, population_units=units, provenances=provs,
                                  feedback=feedback, iris=iris, units_out=scored_units, services_out=with_hours)
        for line in run_texts.demand_lines(meta["demand"]):
            feedback.info(line)
        if meta["steps"].get("open_at"):
            for line in _inputs.open_at_lines(self, meta["steps"]["open_at"]):
                feedback.info(line)
        for line in run_texts.network_lines(meta["steps"].get("network") or {}):
            feedback.warning(line)
        if meta["synthetic"]:
            feedback.warning("SYNTHETIC input data: the results describe no real place")
        dest = write_sink(self, parameters, P.OUTPUT, context, out, geometry="polygon", epsg=epsg)
        result = {P.OUTPUT: dest}
        if parameters.get(P.OUTPUT_SERVICES):
            from ...core.indicators.coverage import keep_categories
            used = keep_categories(svc, params["service_categories"])
            if with_hours.get("services") is not None:     # the headline places, with their status
                hours = with_hours["services"][["hours_status", "open_minutes", "hours_reason", "hours_comment"]]
                used = used.join(hours, how="left")
                used["hours_status"] = used["hours_status"].fillna("not counted")
            result[P.OUTPUT_SERVICES] = write_sink(self, parameters, P.OUTPUT_SERVICES, context, used,
                                                   geometry="point", epsg=epsg)
            if with_hours.get("services") is not None:
                from ...qgis_bridge.hours_style import style_on_load
                style_on_load(result[P.OUTPUT_SERVICES], context)
        if hasattr(self, "record_provenance"):
            self.record_provenance(dest, meta["sources"])
            if result.get(P.OUTPUT_SERVICES):
                self.record_provenance(result[P.OUTPUT_SERVICES], _inputs.services_provenance(self, parameters, context))
        if scored_units.get("iris") is not None and parameters.get(P.OUTPUT_IRIS):
            result[P.OUTPUT_IRIS] = _write_like(self, parameters, context, scored_units["iris"], epsg,
                                                name=P.OUTPUT_IRIS)
            if hasattr(self, "record_provenance"):
                self.record_provenance(result[P.OUTPUT_IRIS], meta["sources"])
        elif parameters.get(P.OUTPUT_IRIS) and popv is not None:
            feedback.info("no layer per IRIS: the fragility variables are by commune")
        if hasattr(self, "record_run"):      # the outputs read it when METADATA is left empty
            self.record_run(dest, {k: v for k, v in meta.items() if k != "fields"})
        result[names.METADATA] = json.dumps(meta, default=str, ensure_ascii=False)
        return result
