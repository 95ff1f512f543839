"""Processing algorithms: import service places and connectivity files into the normalised schema.

``terridiag:import_services`` and ``terridiag:import_connectivity`` take ``INPUT`` (a file, or a
layer whose source is a file), an optional ``FORMAT`` (0 = detect from the header/extension) and
write ``OUTPUT``. Rows that cannot be used are listed in the log with their line number.
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingOutputMultipleLayers,
                       QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterString)

from ...core.sources.formats import CONNECTIVITY_FORMATS, SERVICE_FORMATS
from ...qgis_bridge.convert import write_sink
from ._common import (declare_report_outputs, encoding_choice, encoding_parameter, epsg_parameter, log_report,
                      report_result)
from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P

SERVICE_CHOICES = ("auto",) + tuple(f for f in SERVICE_FORMATS if f != "table")
CONNECTIVITY_CHOICES = ("auto",) + CONNECTIVITY_FORMATS














class ImportServices(TerriDiagAlgorithm):
    ALG_ID = "import_services"
    DISPLAY = "Import service places"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Reads a file of public-service or digital-mediation places as published — France Services "
            "(ANCT CSV), mediation places (national schema, CSV/JSON/GeoJSON), INSEE BPE, or an "
            "OpenStreetMap extract (.osm/.osm.pbf: town halls, libraries, post offices, community centres, "
            "social facilities, government offices, public internet access) — and writes one point layer "
            "with the fields id, name, category, code_insee, address, opening_hours, services, source, "
            "mobile, capacity in the legal CRS of the territory. The format is detected from the header; "
            "FORMAT forces one. A file whose places lie in several French territories (the national lists "
            "with the overseas départements) is kept whole, in EPSG:4326; TERRITORIES also writes one layer "
            "per territory, each in its legal CRS (Lambert-93, RGAF09 / UTM 20N, RGFG95 / UTM 22N, "
            "RGR92 / UTM 40S, RGM04 / UTM 38S, RGSPM06 / UTM 21N). CRS forces one CRS: places in "
            "territories it does not cover are then rejected. Rows without usable coordinates are rejected "
            "and listed with their line number in the log; the rest is imported.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("Service places file"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterEnum(P.FORMAT, self.tr("Format"), options=list(SERVICE_CHOICES),
                                                     defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterString(
            P.TYPEQU, self.tr("BPE equipment types (comma-separated TYPEQU codes, BPE only)"), optional=True))
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Metric CRS (default: legal CRS of the territory)"),
                                                    optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            P.TERRITORIES, self.tr("Places in several territories"),
            options=[self.tr("one layer (in EPSG:4326 when the territories' legal CRSs differ)"),
                     self.tr("also one layer per territory, each in its legal CRS")],
            defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_TERRITORIES, self.tr("One layer per territory (GeoPackage)"), "GeoPackage (*.gpkg)",
            optional=True, createByDefault=False))
        encoding_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Service places"),
                                                            QgsProcessing.SourceType.TypeVectorPoint))
        declare_report_outputs(self)
        self.addOutput(QgsProcessingOutputMultipleLayers(names.TERRITORY_LAYERS, self.tr("Layers per territory")))

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.crs import DEFAULT_EPSG
        from ...core.sources.services import read_services

        path = self.path_or_layer(parameters, P.INPUT, context)
        choice = self.parameterAsEnum(parameters, P.FORMAT, context)
        fmt = None if choice <= 0 else SERVICE_CHOICES[choice]
        typequ = [t.strip() for t in (self.parameterAsString(parameters, P.TYPEQU, context) or "").split(",") if t.strip()]
        with encoding_choice(self, parameters, context):
            data, report = read_services(path, fmt, epsg=epsg_parameter(self, parameters, P.CRS, context),
                                         typequ=typequ or None, feedback=feedback)
        log_report(feedback, report)
        epsg = int(data.attrs.get("crs", DEFAULT_EPSG))
        dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="point", epsg=epsg)
        result = report_result(self, dest, report)
        if self.parameterAsEnum(parameters, P.TERRITORIES, context) == 1:
            result[names.TERRITORY_LAYERS] = self._per_territory(data, report, parameters, context, feedback)
        return result

    def _per_territory(self, data, report, parameters, context, feedback) -> list[str]:
        """One layer per territory in its legal CRS, in one GeoPackage; their URIs."""
        from qgis.core import QgsProcessingUtils

        from ...core.crs import BY_KEY, crs_label
        from ...core.export.gpkg import write_geopackage
        from ...core.sources.points import by_territory

        path = (self.parameterAsFileOutput(parameters, P.OUTPUT_TERRITORIES, context)
                if parameters.get(P.OUTPUT_TERRITORIES) else "")
        path = path or QgsProcessingUtils.generateTempFilename("places_by_territory.gpkg")
        parts = by_territory(data)
        layers = {f"places_{key}": part for key, part in parts.items()}
        if not layers:
            feedback.warning("no place in a French territory: no layer per territory")
            return []
        write_geopackage(path, layers, {"sources": [report.provenance.to_dict()],
                                        "territories": {k: BY_KEY[k].name for k in parts}})
        for key, part in parts.items():
            feedback.info(f"{BY_KEY[key].name}: {len(part)} places in {crs_label(part.attrs['crs'])} "
                          f"(layer places_{key})")
        return [f"{path}|layername={name}" for name in layers]


class ImportConnectivity(TerriDiagAlgorithm):
    ALG_ID = "import_connectivity"
    DISPLAY = "Import connectivity data"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Reads ARCEP connectivity open data as published: 'Ma connexion internet' statistics per commune "
            "(commune_debit, commune_debit_filaire, commune_techno, commune_meilleure_techno_thd), the FttH "
            "deployment observatory (premises connectable at the latest quarter; with INFOS, its commune "
            "information file, the premises that make the FttH share) and that information file alone, the list of mobile sites (points), or mobile coverage polygons (GeoPackage with 'niveau' "
            "TBC/BC/CL). Commune statistics become a table with code_insee, premises and eligibility counts; "
            "sites a point layer; coverage a polygon layer, in the metric CRS. FORMAT forces the format.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("Connectivity file"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterEnum(P.FORMAT, self.tr("Format"), options=list(CONNECTIVITY_CHOICES),
                                                     defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Metric CRS (default: legal CRS of the territory)"),
                                                    optional=True))
        encoding_parameter(self)
        self.addParameter(QgsProcessingParameterFile(
            P.INFOS, self.tr("FttH observatory: its commune information file (premises, for the FttH share)"),
            behavior=QgsProcessingParameterFile.Behavior.File, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Connectivity"),
                                                            QgsProcessing.SourceType.TypeVector))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.crs import DEFAULT_EPSG
        from ...core.sources.connectivity import read_connectivity

        path = self.path_or_layer(parameters, P.INPUT, context)
        choice = self.parameterAsEnum(parameters, P.FORMAT, context)
        fmt = None if choice <= 0 else CONNECTIVITY_CHOICES[choice]
        with encoding_choice(self, parameters, context):
            data, report = read_connectivity(path, fmt, epsg=epsg_parameter(self, parameters, P.CRS, context),
                                             infos=self.parameterAsFile(parameters, P.INFOS, context) or None,
                                             feedback=feedback)
        log_report(feedback, report)
        if report.format == "mobile_coverage":
            epsg = int(data.crs.to_epsg() or DEFAULT_EPSG)
            dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="polygon", epsg=epsg)
        elif report.format == "mobile_sites":
            dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="point",
                              epsg=int(data.attrs.get("crs", DEFAULT_EPSG)))
        else:
            dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="none")
        return report_result(self, dest, report)
