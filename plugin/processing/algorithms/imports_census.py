"""Processing algorithms: import the INSEE census and Filosofi tables, the IRIS, the 200 m grid and
the QPV.

``terridiag:import_census``: census "bases infracommunales" / communal files, Filosofi tables and
published fragility rates (CSV, zip, XLSX, any vintage) -> one table by IRIS or by commune with
vintage-free counts and the MedNum variables computed from them.
``terridiag:import_iris``: IGN CONTOURS-IRIS (or an IRIS GeoJSON) joined with census files, so the
layer carries ``population`` (the demand layer of the diagnosis) and the fragility variables, plus
the QPV flag of each IRIS.
``terridiag:import_grid``: the Filosofi 200 m grid (GeoPackage) cut to the communes -> cells with
``population``.
``terridiag:import_qpv``: ANCT QPV polygons (and an attribute table by QPV code).
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingParameterCrs, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                       QgsProcessingParameterMultipleLayers)

from ...core.errors import InputDataError
from ...qgis_bridge.convert import geodataframe, write_sink
from ._common import declare_report_outputs, epsg_parameter, log_report, report_result
from .base import TerriDiagAlgorithm
from .. import params as P

GROUP, GROUP_ID = "Data", "data"
FILES = QgsProcessing.SourceType.TypeFile


def _communes_param(alg) -> None:
    alg.addParameter(QgsProcessingParameterFeatureSource(
        P.COMMUNES, alg.tr("Communes of the territory (to cut national files; optional)"),
        [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))


def _communes(alg, parameters, context, epsg=None):
    """(set of INSEE codes, GeoDataFrame) of the COMMUNES parameter, (None, None) when not given."""
    if parameters.get(P.COMMUNES) in (None, ""):
        return None, None
    src = alg.parameterAsSource(parameters, P.COMMUNES, context)
    if src is None:
        return None, None
    gdf = geodataframe(src, context, epsg or 2154)
    for alt in ("code_insee", "INSEE_COM", "code", "CODE_INSEE"):
        if alt in gdf.columns:
            gdf = gdf.rename(columns={alt: "code_insee"})
            break
    if "code_insee" not in gdf.columns:
        raise InputDataError("the communes layer has no 'code_insee' field", column="code_insee",
                             hint="choose the communes imported with 'Import communes'")
    gdf["code_insee"] = gdf["code_insee"].astype(str)
    return set(gdf["code_insee"]), gdf


def _files(alg, parameters, name, context) -> list[str]:
    """Paths of a multiple-file parameter (a layer given instead of a file: its source file)."""
    values = alg.parameterAsFileList(parameters, name, context) if hasattr(alg, "parameterAsFileList") else []
    if not values:
        raw = parameters.get(name) or []
        values = [raw] if isinstance(raw, str) else list(raw)
    out = []
    for v in values:
        layer = v if hasattr(v, "source") else None
        text = layer.source() if layer is not None else str(v)
        out.append(text.split("|")[0])
    return [p for p in out if p]


def _census_frame(feedback, paths, communes, what="census"):
    from ...core.indicators.mednum import add_rates
    from ...core.sources.census import read_fragility_inputs

    data, report = read_fragility_inputs(paths, communes=communes, feedback=feedback)
    for rep in data.attrs.get("reports", [report]):
        log_report(feedback, rep)
    data, made = add_rates(data)
    for var, formula in made.items():
        feedback.info(f"{var} = {formula}")
    return data, report


class ImportCensus(TerriDiagAlgorithm):
    ALG_ID = "import_census"
    DISPLAY = "Import census and income (INSEE)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Reads INSEE tables as INSEE publishes them (CSV, the zip of the CSV, or the XLSX workbook): the "
            "census 'bases infracommunales' by IRIS (base-ic-…) or communal files (base-cc-…) of the themes "
            "evol-struct-pop, diplomes-formation, activite-residents and couples-familles-menages, of any vintage "
            "(P20_…, C20_…), the Filosofi tables by IRIS or commune (median income, poverty rate) and published "
            "fragility rates. The files are joined on their IRIS or commune code into one table with "
            "vintage-free counts (population, pop_15_29, pop_65_plus, nscol15p, households, families, "
            "active_15_64…), median_income, poverty_rate, and the MedNum variables computed from the counts "
            "(age_15_29_share, age_65_plus_share, low_diploma_share, one_person_household_share, "
            "single_parent_share, unemployment_rate). Secret values (blank, 's', a median income of 0) are "
            "missing, never 0. COMMUNES cuts national files to the territory. The result is the 'fragility "
            "variables' input of the diagnosis and of the fragility index.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterMultipleLayers(P.INPUT, self.tr("INSEE census / Filosofi files"),
                                                               FILES))
        _communes_param(self)
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Census and income"),
                                                            QgsProcessing.SourceType.TypeVector))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        paths = _files(self, parameters, P.INPUT, context)
        codes, _ = _communes(self, parameters, context)
        data, report = _census_frame(feedback, paths, codes)
        dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="none")
        return report_result(self, dest, report)


class ImportIris(TerriDiagAlgorithm):
    ALG_ID = "import_iris"
    DISPLAY = "Import IRIS (contours, census, QPV)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Reads the IRIS contours — IGN CONTOURS-IRIS (GeoPackage or Shapefile, fields CODE_IRIS/code_iris…) "
            "or an IRIS GeoJSON — and joins the INSEE census (and Filosofi) files by IRIS given in CENSUS, so each "
            "IRIS carries population (the field the diagnosis uses as its population layer) and the fragility "
            "variables. With QPV (ANCT priority neighbourhoods), each IRIS gets qpv (true when at least 1 % of "
            "its area lies in a QPV), qpv_share and qpv_codes. COMMUNES keeps the IRIS of the territory's "
            "communes. Output: IRIS polygons in the territory's metric CRS.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("IRIS contours"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            P.CENSUS, self.tr("INSEE census / Filosofi files by IRIS (optional)"), FILES, optional=True))
        self.addParameter(QgsProcessingParameterFile(P.QPV, self.tr("QPV polygons (ANCT, optional)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File,
                                                     optional=True))
        _communes_param(self)
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Metric CRS (default: legal CRS of the territory)"),
                                                    optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("IRIS"),
                                                            QgsProcessing.SourceType.TypeVectorPolygon))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.sources.iris import flag_qpv, join_census, read_iris
        from ...core.sources.qpv import read_qpv

        path = self.path_or_layer(parameters, P.INPUT, context)
        epsg = epsg_parameter(self, parameters, P.CRS, context)
        codes, _ = _communes(self, parameters, context, epsg)
        iris, report = read_iris(path, epsg=epsg, communes=codes, feedback=feedback)
        extra = []
        census_paths = _files(self, parameters, P.CENSUS, context)
        if census_paths:
            census, crep = _census_frame(feedback, census_paths, codes)
            extra.append(crep)
            iris = join_census(iris, census, report)
        else:
            feedback.warning("no census file given: the IRIS have no population (give the INSEE "
                             "base-ic-evol-struct-pop file in CENSUS)")
        qpv_path = self.parameterAsFile(parameters, P.QPV, context)
        if qpv_path:
            qpv, qrep = read_qpv(qpv_path, epsg=int(iris.attrs["crs"]), communes=codes, feedback=feedback)
            log_report(feedback, qrep)
            extra.append(qrep)
            iris = flag_qpv(iris, qpv)
            feedback.info(f"{int(iris['qpv'].sum())} IRIS overlap a QPV")
        log_report(feedback, report)
        epsg = int(iris.attrs.get("crs") or iris.crs.to_epsg())
        dest = write_sink(self, parameters, P.OUTPUT, context, iris, geometry="polygon", epsg=epsg)
        return report_result(self, dest, report, extra)


class ImportGrid(TerriDiagAlgorithm):
    ALG_ID = "import_grid"
    DISPLAY = "Import the 200 m population grid (INSEE Filosofi)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Reads the INSEE Filosofi 200 m grid ('données carroyées', GeoPackage, any vintage: Ind/ind, "
            "Idcar_200m/IdINSPIRE…) and writes its cells with population (inhabitants of the cell), households, "
            "poor_households and code_insee (the commune holding the cell's centre), in the territory's metric "
            "CRS. With COMMUNES, only the cells whose centre lies in one of them are kept (a national file is "
            "read for the territory's extent only). INSEE publishes only cells with enough households: the log "
            "says which share of the communes' population the cells hold.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("Filosofi 200 m grid (GeoPackage)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        _communes_param(self)
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Metric CRS (default: the communes' CRS)"),
                                                    optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("200 m grid"),
                                                            QgsProcessing.SourceType.TypeVectorPolygon))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.sources.grid import read_grid

        path = self.path_or_layer(parameters, P.INPUT, context)
        epsg = epsg_parameter(self, parameters, P.CRS, context) or 2154
        _, communes = _communes(self, parameters, context, epsg)
        cells, report = read_grid(path, communes=communes, epsg=epsg, feedback=feedback)
        log_report(feedback, report)
        dest = write_sink(self, parameters, P.OUTPUT, context, cells, geometry="polygon", epsg=int(cells.attrs["crs"]))
        return report_result(self, dest, report)


class ImportQpv(TerriDiagAlgorithm):
    ALG_ID = "import_qpv"
    DISPLAY = "Import priority neighbourhoods (QPV)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Reads the ANCT quartiers prioritaires de la politique de la ville (GeoJSON, Shapefile or GeoPackage; "
            "code_qp or CODE_QP) and writes polygons with code_qp, nom_qp and communes in the territory's metric "
            "CRS. ATTRIBUTES: a table keyed by the QPV code (e.g. the CNAF/ANCT data of the QPV, CODGEO = QP…) "
            "whose columns are joined (POP_MUN becomes population_qpv). COMMUNES keeps the QPV of the territory.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("QPV polygons"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterFile(P.ATTRIBUTES, self.tr("QPV attributes (table by QPV code)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File,
                                                     optional=True))
        _communes_param(self)
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Metric CRS (default: legal CRS of the territory)"),
                                                    optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("QPV"),
                                                            QgsProcessing.SourceType.TypeVectorPolygon))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.sources.qpv import attach_attributes, read_qpv, read_qpv_attributes

        path = self.path_or_layer(parameters, P.INPUT, context)
        epsg = epsg_parameter(self, parameters, P.CRS, context)
        codes, _ = _communes(self, parameters, context, epsg)
        qpv, report = read_qpv(path, epsg=epsg, communes=codes, feedback=feedback)
        extra = []
        attr_path = self.parameterAsFile(parameters, P.ATTRIBUTES, context)
        if attr_path:
            attrs, arep = read_qpv_attributes(attr_path, feedback=feedback)
            log_report(feedback, arep)
            extra.append(arep)
            qpv = attach_attributes(qpv, attrs, report)
        log_report(feedback, report)
        dest = write_sink(self, parameters, P.OUTPUT, context, qpv, geometry="polygon", epsg=int(qpv.attrs["crs"]))
        return report_result(self, dest, report, extra)
