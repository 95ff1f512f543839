"""Processing algorithms of the scenario tools (group "Scenarios").

``terridiag:what_if``: add / remove places and get, per commune, the indicators before and after
(and optionally a point layer of the gain of each address). ``terridiag:optimal_sites``: the best
N new sites (maximal covering or p-median) among candidate points or a grid, with the demand each
one gains, its rank, the method that found the set and the gap bound.
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingOutputNumber, QgsProcessingOutputString,
                       QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterNumber)

from ...core.errors import InputDataError, ParameterError
from ...core.presentation.vocabulary import PLACEMENT_OBJECTIVES, PlacementObjective, position
from ...core.scenario.methods import AUTO, METHODS
from ...qgis_bridge.convert import geodataframe, points_frame, write_sink
from ._common import crs_parameter, enum_options, metric_epsg as _epsg, source_layer as _source
from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P

GROUP, GROUP_ID = "Scenarios", "scenarios"








def _points(alg, parameters, name, context, epsg, required=True, what="points"):
    src = _source(alg, parameters, name, context, required)
    if src is None:
        return None
    frame = points_frame(src, context, epsg)
    if required and frame.empty:
        raise InputDataError(f"the {what} layer has no point with a geometry",
                             hint=f"choose a layer of {what}")
    return frame


class WhatIf(TerriDiagAlgorithm):
    ALG_ID = "what_if"
    DISPLAY = "What-if: add or remove service places"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Adds places (ADDED: points drawn on the map or from a layer) and removes places (REMOVED: "
            "points on or near existing places, matched to the nearest one within REMOVE_TOLERANCE_M), "
            "then recomputes the indicators and writes, per commune, the values before and after and their "
            "difference: people (or addresses) within DISTANCE_KM of a place (people_within_before/after, "
            "people_gained), mean, median and 90th-percentile distance, share of addresses within the "
            "distance, and 2SFCA accessibility (catchment = DISTANCE_KM, supply = capacity × presence). "
            "Each address weighs WEIGHT_FIELD if given, else 1. Mobile places (field mobile true, with "
            "days_per_week, weeks_per_year or days) count for the share of the week they are there: a "
            "bus two days a week covers 2/5 of the people around its stop. GAINS (optional) is a point "
            "layer of the addresses with their distance before and after and their gain, for a map. "
            "OUTPUT_GAINS (optional, with COMMUNES: the commune polygons, such as the diagnosis) is the map the "
            "dock shows: every commune with its addresses gained, its share within the distance before and "
            "after and the change of its mean distance; when each address weighs 1 and COMMUNES has a "
            "population, also the inhabitants behind the addresses gained (inhabitants_gained: the gain × "
            "population / n_addresses of the commune; INHABITANTS_GAINED is their total).")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Addresses (points with code_insee)"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            P.WEIGHT_FIELD, self.tr("Population field of the addresses (default: 1 per address)"),
            parentLayerParameterName=P.ADDRESSES, type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.SERVICES, self.tr("Existing service places"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDED, self.tr("Places to add"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.REMOVED, self.tr("Places to remove (points on existing places)"),
            [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.DISTANCE_KM, self.tr("Distance threshold (km)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterNumber(
            P.REMOVE_TOLERANCE_M, self.tr("Tolerance to match a removed point to a place (m)"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=10.0, minValue=0.0))
        crs_parameter(self, self.tr("Metric CRS for distances (default: the addresses' CRS if projected, else Lambert-93)"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT, self.tr("Before / after per commune"), QgsProcessing.SourceType.TypeVector))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.GAINS, self.tr("Gain per address"), QgsProcessing.SourceType.TypeVectorPoint, optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (polygons with code_insee, for the map of the gains)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_GAINS, self.tr("Gains per commune (map)"), QgsProcessing.SourceType.TypeVectorPolygon,
            optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(names.PEOPLE_GAINED, self.tr("People newly within the distance")))
        self.addOutput(QgsProcessingOutputNumber(names.SHARE_BEFORE, self.tr("Share within the distance, before")))
        self.addOutput(QgsProcessingOutputNumber(names.SHARE_AFTER, self.tr("Share within the distance, after")))
        self.addOutput(QgsProcessingOutputNumber(names.DIST_MEAN_DELTA_M, self.tr("Change of the mean distance (m)")))
        self.addOutput(QgsProcessingOutputNumber(names.INHABITANTS_GAINED, self.tr(
            "Inhabitants behind the addresses gained (with COMMUNES and their population)")))

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.scenario.whatif import what_if

        asrc = _source(self, parameters, P.ADDRESSES, context)
        ssrc = _source(self, parameters, P.SERVICES, context)
        epsg = _epsg(self, parameters, context, asrc, ssrc)
        addr = points_frame(asrc, context, epsg)
        if "code_insee" not in addr.columns:
            raise InputDataError("the addresses layer has no field 'code_insee'", column="code_insee",
                                 hint="import the addresses with TerriDiag or add the INSEE code of each")
        if addr.empty:
            raise InputDataError("the addresses layer has no point", hint="load addresses first")
        svc = points_frame(ssrc, context, epsg)
        if svc.empty:
            raise InputDataError("the services layer has no point", hint="load service places first")
        added = _points(self, parameters, P.ADDED, context, epsg, required=False)
        removed = _points(self, parameters, P.REMOVED, context, epsg, required=False)
        if (added is None or added.empty) and (removed is None or removed.empty):
            feedback.warning("no place added or removed: after = before")
        weight = self.parameterAsString(parameters, P.WEIGHT_FIELD, context) or None
        km = self.parameterAsDouble(parameters, P.DISTANCE_KM, context)
        tol = self.parameterAsDouble(parameters, P.REMOVE_TOLERANCE_M, context)
        res = what_if(addr, svc, add=added, remove=removed, threshold_km=km, weight_field=weight,
                      tolerance_m=tol, feedback=feedback)
        t = res.totals
        feedback.info(f"{res.params['added']} place(s) added, {res.params['removed']} removed; "
                      f"within {km:g} km: {t['people_within_before']:,.0f} -> {t['people_within_after']:,.0f} "
                      f"({t['people_gained']:+,.0f}); mean distance {t['dist_mean_before_m']:,.0f} -> "
                      f"{t['dist_mean_after_m']:,.0f} m")
        dest = write_sink(self, parameters, P.OUTPUT, context, res.communes, geometry="none")
        out = {P.OUTPUT: dest, names.PEOPLE_GAINED: t["people_gained"],
               names.SHARE_BEFORE: t["share_within_before"], names.SHARE_AFTER: t["share_within_after"],
               names.DIST_MEAN_DELTA_M: t["dist_mean_delta_m"]}
        if parameters.get(P.OUTPUT_GAINS):
            from ...core.scenario.whatif import gains_by_commune

            csrc = _source(self, parameters, P.COMMUNES, context, required=False)
            if csrc is None:
                raise ParameterError("the map of the gains (OUTPUT_GAINS) needs the commune polygons",
                                     column=P.COMMUNES, hint="give the communes (or the diagnosis) as COMMUNES")
            communes = geodataframe(csrc, context, epsg)
            if "code_insee" not in communes.columns:
                raise InputDataError("the communes layer has no field 'code_insee'", column="code_insee",
                                     hint="import the communes with TerriDiag, or give the diagnosis")
            gains, inhabitants = gains_by_commune(communes, res.communes, per_address=weight is None)
            out[P.OUTPUT_GAINS] = write_sink(self, parameters, P.OUTPUT_GAINS, context, gains,
                                             geometry="polygon", epsg=epsg)
            out[names.INHABITANTS_GAINED] = inhabitants
        if parameters.get(P.GAINS):
            out[P.GAINS] = write_sink(self, parameters, P.GAINS, context, res.addresses,
                                      geometry="point", epsg=epsg)
        return out


class OptimalSites(TerriDiagAlgorithm):
    ALG_ID = "optimal_sites"
    DISPLAY = "Optimal sites for new places"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Chooses COUNT new sites among CANDIDATES (any points: town halls, libraries…; without it, a "
            "regular grid of GRID_KM cells inside COMMUNES, or over the cells where addresses are) that "
            "maximise the demand within DISTANCE_KM of a place (maximal covering), existing places "
            "(SERVICES) counted first — a mobile place (field mobile true, with days_per_week, "
            "weeks_per_year or days) for the share of the week it is there — or that minimise the mean "
            "distance to the nearest place (p-median). Demand: the addresses, each weighing WEIGHT_FIELD, "
            "else its commune's population (field population of COMMUNES) spread over the commune's "
            "addresses, else 1; with FRAGILITY_FIELD (an index on base 100 per commune, such as the "
            "MedNum ifn_global), each weight is multiplied by index / 100 so that the fragile count "
            "more. Addresses that share the same set of "
            "candidates in reach are merged first (exact), so a département of a million addresses "
            "stays fast. METHOD auto solves the exact integer programme (HiGHS) when the instance is "
            "small enough, else greedy plus interchange; the output says which, with the gap to an upper "
            "bound of the best possible (0 = proven optimal). OUTPUT: the chosen sites in rank order, "
            "with the demand each one adds (gain), the demand in its reach (served), the cumulated "
            "coverage, method and gap, and the commune it lies in (code_insee, nom) when COMMUNES_FOR_LABELS "
            "or COMMUNES is given (COMMUNES_FOR_LABELS only names the sites: the candidates and the demand "
            "stay as they are).")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Demand points (addresses)"), [QgsProcessing.SourceType.TypeVectorPoint]))
        self.addParameter(QgsProcessingParameterField(
            P.WEIGHT_FIELD, self.tr("Demand weight field (default: 1 per point)"),
            parentLayerParameterName=P.ADDRESSES, type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.SERVICES, self.tr("Existing places"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.CANDIDATES, self.tr("Candidate sites (default: a grid)"), [QgsProcessing.SourceType.TypeVectorPoint],
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (for the grid of candidates)"), [QgsProcessing.SourceType.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            P.FRAGILITY_FIELD, self.tr("Fragility index field of the communes (base 100, e.g. ifn_global)"),
            parentLayerParameterName=P.COMMUNES, type=QgsProcessingParameterField.DataType.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES_FOR_LABELS, self.tr("Communes naming each site (default: COMMUNES; changes neither the "
                                           "candidates nor the demand)"),
            [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.GRID_KM, self.tr("Grid cell for candidates (km)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=1.0, minValue=0.01))
        self.addParameter(QgsProcessingParameterNumber(
            P.COUNT, self.tr("Number of new sites"), QgsProcessingParameterNumber.Type.Integer,
            defaultValue=3, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            P.DISTANCE_KM, self.tr("Covering distance (km)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=5.0, minValue=0.001))
        self.addParameter(QgsProcessingParameterEnum(
            P.OBJECTIVE, self.tr("Objective"), options=enum_options(PLACEMENT_OBJECTIVES),
            defaultValue=position(PLACEMENT_OBJECTIVES, PlacementObjective.COVERING)))
        self.addParameter(QgsProcessingParameterEnum(
            P.METHOD, self.tr("Method"), options=list(METHODS), defaultValue=METHODS.index(AUTO)))
        self.addParameter(QgsProcessingParameterNumber(
            P.TIME_LIMIT, self.tr("Time limit of the exact solver (s)"), QgsProcessingParameterNumber.Type.Double,
            defaultValue=60.0, minValue=1.0))
        crs_parameter(self, self.tr("Metric CRS for distances (default: the addresses' CRS if projected, else Lambert-93)"))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT, self.tr("Chosen sites"), QgsProcessing.SourceType.TypeVectorPoint))
        self.addOutput(QgsProcessingOutputString(names.METHOD_USED, self.tr("Method used")))
        self.addOutput(QgsProcessingOutputNumber(names.OBJECTIVE_VALUE, self.tr(
            "Covered demand (maximal covering) or mean distance in m (p-median)")))
        self.addOutput(QgsProcessingOutputNumber(names.BASELINE, self.tr("Same, with the existing places only")))
        self.addOutput(QgsProcessingOutputNumber(names.GAP, self.tr("Relative gap to the bound (0 = optimal)")))

    def execute(self, parameters, context, feedback) -> dict:
        import numpy as np
        import pandas as pd

        from ...core.scenario.candidates import communes_at, grid_candidates, grid_from_points
        from ...core.scenario.demand import demand_weights
        from ...core.scenario.mobile import services_presence
        from ...core.scenario.placement import maximal_covering, p_median

        asrc = _source(self, parameters, P.ADDRESSES, context)
        epsg = _epsg(self, parameters, context, asrc)
        addr = points_frame(asrc, context, epsg)
        if addr.empty:
            raise InputDataError("the demand layer has no point", hint="load addresses first")
        weight_field = self.parameterAsString(parameters, P.WEIGHT_FIELD, context) or None
        if weight_field:
            raw = pd.to_numeric(addr[weight_field], errors="coerce").to_numpy(float)
            if (raw < 0).any():
                k = int(np.flatnonzero(raw < 0)[0])
                raise InputDataError(f"negative weight {raw[k]:g} on demand point {k + 1}",
                                     column=weight_field, hint="weights must be >= 0")
        csrc = _source(self, parameters, P.COMMUNES, context, required=False)
        communes = geodataframe(csrc, context, epsg) if csrc is not None else None
        population = fragility = None
        frag_field = self.parameterAsString(parameters, P.FRAGILITY_FIELD, context) or None
        if communes is not None and "code_insee" in communes.columns:
            codes = communes["code_insee"].astype(str)
            if not weight_field and "population" in communes.columns and "code_insee" in addr.columns:
                population = pd.Series(pd.to_numeric(communes["population"], errors="coerce").to_numpy(float),
                                       index=codes.to_numpy())
            if frag_field:
                fragility = pd.Series(pd.to_numeric(communes[frag_field], errors="coerce").to_numpy(float),
                                      index=codes.to_numpy())
        elif frag_field:
            raise InputDataError("a fragility field needs a COMMUNES layer with code_insee",
                                 column="code_insee", hint="give the communes layer of the fragility index")
        if (population is not None or fragility is not None) and "code_insee" not in addr.columns:
            raise InputDataError("the demand layer has no field 'code_insee' to join the communes",
                                 column="code_insee", hint="give the INSEE code of each address")
        weights = demand_weights(addr, population, weight_field, fragility)
        feedback.info(f"demand: {len(addr):,} points, total weight {weights.sum():,.1f} "
                      f"({weight_field or ('commune population' if population is not None else '1 per point')}"
                      f"{', x fragility / 100' if fragility is not None else ''})")
        svc = _points(self, parameters, P.SERVICES, context, epsg, required=False)
        existing = presence = None
        if svc is not None and not svc.empty:
            existing = svc[["x", "y"]].to_numpy(float)
            presence = services_presence(svc)
        cand = _points(self, parameters, P.CANDIDATES, context, epsg, required=False)
        grid_km = self.parameterAsDouble(parameters, P.GRID_KM, context)
        if cand is None or cand.empty:
            if communes is not None:
                cand = grid_candidates(communes, grid_km * 1000.0)
            else:
                cand = grid_from_points(addr["x"], addr["y"], grid_km * 1000.0)
            feedback.info(f"{len(cand):,} candidate sites on a {grid_km:g} km grid")
        cxy = cand[["x", "y"]].to_numpy(float)
        n = self.parameterAsInt(parameters, P.COUNT, context)
        km = self.parameterAsDouble(parameters, P.DISTANCE_KM, context)
        method = METHODS[self.parameterAsEnum(parameters, P.METHOD, context)]
        limit = self.parameterAsDouble(parameters, P.TIME_LIMIT, context)
        axy = addr[["x", "y"]].to_numpy(float)
        objective = PLACEMENT_OBJECTIVES[self.parameterAsEnum(parameters, P.OBJECTIVE, context)]
        if objective is PlacementObjective.P_MEDIAN:
            res = p_median(axy, weights, cxy, n, existing_xy=existing, method=method,
                           time_limit_s=limit, feedback=feedback)
        else:
            res = maximal_covering(axy, weights, cxy, n, km * 1000.0, existing_xy=existing,
                                   existing_presence=presence, method=method, time_limit_s=limit,
                                   feedback=feedback)
        for note in res.notes:
            feedback.info(note)
        feedback.info(f"{res.problem}: {res.method}, objective {res.objective:,.2f} "
                      f"(existing only {res.baseline:,.2f}), bound {res.bound:,.2f}, gap {res.gap:.2%}, "
                      f"{res.seconds:.1f} s")
        table = res.table(cxy)
        keep = [c for c in cand.columns if c not in ("x", "y") and c not in table.columns]
        if keep:
            extra = cand.iloc[table["candidate"].to_numpy()][keep].reset_index(drop=True)
            table = pd.concat([table, extra], axis=1)
        # the commune of each site (code_insee, nom), named by COMMUNES_FOR_LABELS, else by COMMUNES
        lsrc = _source(self, parameters, P.COMMUNES_FOR_LABELS, context, required=False)
        labels = geodataframe(lsrc, context, epsg) if lsrc is not None else communes
        if labels is not None:
            where = communes_at(table["x"], table["y"], labels)
            table = pd.concat([table.drop(columns=[c for c in where.columns if c in table.columns]), where], axis=1)
        dest = write_sink(self, parameters, P.OUTPUT, context, table, geometry="point", epsg=epsg)
        return {P.OUTPUT: dest, names.METHOD_USED: res.method, names.OBJECTIVE_VALUE: float(res.objective),
                names.BASELINE: float(res.baseline), names.GAP: float(res.gap)}
