"""Processing algorithms: import addresses and commune boundaries into the normalised schema.

``terridiag:import_addresses``: BAN CSV (plain or .gz), BAL csv-bal, or any CSV / point layer with
a column mapping -> a point layer (id, code_insee, numero, nom_voie, code_postal, nom_commune) in
the territory's metric CRS.
``terridiag:import_communes``: ADMIN EXPRESS (v3 or edition 4), france-geojson or geo.api.gouv.fr
boundaries -> a polygon layer (code_insee, nom, population, code_dep, epci_siren, epci_nom), with
optional population and EPCI files and COG harmonisation of merged communes.
"""
from __future__ import annotations

from qgis.core import (QgsProcessing,
                       QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFile,
                       QgsProcessingParameterString, QgsVectorLayer)

from ...core.errors import InputFormatError, ParameterError
from ...core.sources.formats import ADDRESS_FORMATS, COMMUNE_FORMAT_IDS
from ...qgis_bridge.convert import points_frame, write_sink
from ._common import (declare_report_outputs, encoding_choice, encoding_parameter, epsg_parameter, log_report,
                      report_result)
from .base import TerriDiagAlgorithm
from .. import params as P

ADDRESS_CHOICES = ("auto",) + ADDRESS_FORMATS + ("table",)
COMMUNE_CHOICES = ("auto",) + COMMUNE_FORMAT_IDS
_TEXT_SUFFIXES = (".csv", ".txt", ".tsv", ".gz")
# mapping parameter -> normalised name
_MAPPING_PARAMS = ((P.CODE_FIELD, "code_insee"), (P.X_FIELD, "x"), (P.Y_FIELD, "y"),
                   (P.LON_FIELD, "lon"), (P.LAT_FIELD, "lat"), (P.ID_FIELD, "id"))














def _optional_path(alg, parameters, name, context) -> str:
    value = alg.parameterAsFile(parameters, name, context)
    return value or ""


class ImportAddresses(TerriDiagAlgorithm):
    ALG_ID = "import_addresses"
    DISPLAY = "Import addresses"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Reads addresses as published — a BAN per-département CSV (adresses-XX.csv or .csv.gz, "
            "22 or 23 columns), a BAL 1.3 csv-bal export — or any CSV or point layer whose columns you "
            "name (commune code, and x/y or longitude/latitude). Writes one point layer with the fields "
            "id, code_insee, numero, nom_voie, code_postal, nom_commune in the legal metric CRS of the "
            "territory (Lambert-93 in metropolitan France). x/y are used as published; rows without them "
            "are projected from lon/lat. Rows without a commune code or coordinates, or outside the "
            "territory, are rejected and listed with their line number in the log. Large national files "
            "are streamed. Optional: a decoupage-administratif communes.json to map the codes of merged "
            "communes to the current commune.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("Address file (BAN, BAL, CSV or point layer)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterEnum(P.FORMAT, self.tr("Format"), options=list(ADDRESS_CHOICES),
                                                     defaultValue=0, optional=True))
        labels = {P.CODE_FIELD: "Commune code column (table format)",
                  P.X_FIELD: "X column (table format)", P.Y_FIELD: "Y column (table format)",
                  P.LON_FIELD: "Longitude column (table format)", P.LAT_FIELD: "Latitude column (table format)",
                  P.ID_FIELD: "Identifier column (table format)"}
        for name, _ in _MAPPING_PARAMS:
            self.addParameter(QgsProcessingParameterString(name, self.tr(labels[name]), optional=True))
        self.addParameter(QgsProcessingParameterCrs(P.SOURCE_CRS, self.tr("CRS of the X/Y columns (table format; "
                                                    "default: legal CRS of the territory)"), optional=True))
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Territory metric CRS (default: from the "
                                                    "commune codes)"), optional=True))
        self.addParameter(QgsProcessingParameterFile(P.COG, self.tr("COG communes.json (decoupage-administratif) "
                                                     "to harmonise codes"), optional=True,
                                                     behavior=QgsProcessingParameterFile.Behavior.File, extension="json"))
        encoding_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Addresses"),
                                                            QgsProcessing.SourceType.TypeVectorPoint))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.crs import DEFAULT_EPSG

        path = self.path_or_layer(parameters, P.INPUT, context)
        choice = self.parameterAsEnum(parameters, P.FORMAT, context)
        fmt = None if choice <= 0 else ADDRESS_CHOICES[choice]
        epsg = epsg_parameter(self, parameters, P.CRS, context)
        with encoding_choice(self, parameters, context):
            data, report = self._read(path, fmt, epsg, parameters, context, feedback)
        log_report(feedback, report)
        epsg_out = int(data.attrs.get("crs", DEFAULT_EPSG))
        dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="point", epsg=epsg_out)
        return report_result(self, dest, report)

    def _read(self, path, fmt, epsg, parameters, context, feedback):
        from ...core.sources.addresses import read_addresses
        from ...core.sources.cog import read_cog

        cog_path = _optional_path(self, parameters, P.COG, context)
        cog = read_cog(cog_path) if cog_path else None
        mapping = {key: (self.parameterAsString(parameters, name, context) or "").strip()
                   for name, key in _MAPPING_PARAMS}
        mapping = {k: v for k, v in mapping.items() if v}
        if fmt == "table" or (fmt is None and mapping):
            if "code_insee" not in mapping:
                raise ParameterError("the table format needs the commune code column (CODE_FIELD)",
                                     hint="name the column holding the INSEE commune code")
            return self._read_table(path, mapping, parameters, context, epsg, cog, feedback)
        return read_addresses(path, fmt, epsg=epsg, cog=cog, feedback=feedback)

    def _read_table(self, path, mapping, parameters, context, epsg, cog, feedback):
        from pathlib import Path

        from ...core.sources.addresses import read_address_table

        src_epsg = epsg_parameter(self, parameters, P.SOURCE_CRS, context)
        if Path(path).suffix.lower() in _TEXT_SUFFIXES:
            return read_address_table(path, mapping, crs=src_epsg, epsg=epsg, cog=cog, feedback=feedback)
        # a vector layer: its geometry gives the position, read in degrees so that the codes
        # decide the territory's CRS
        layer = QgsVectorLayer(path, "addresses", "ogr")
        if not layer.isValid():
            raise InputFormatError("cannot open the file as a CSV or a vector layer", path=path,
                                   hint="choose a CSV, GeoPackage, Shapefile or GeoJSON of points")
        fields = [mapping[k] for k in ("code_insee", "id") if k in mapping]
        frame = points_frame(layer, context, 4326, fields=fields)
        frame.attrs["source"] = path
        table_map = {k: mapping[k] for k in ("code_insee", "id") if k in mapping}
        table_map.update(lon="x", lat="y")
        return read_address_table(frame, table_map, epsg=epsg, cog=cog, feedback=feedback)


class ImportCommunes(TerriDiagAlgorithm):
    ALG_ID = "import_communes"
    DISPLAY = "Import communes"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Reads commune boundaries as published — IGN ADMIN EXPRESS (v3 fields INSEE_COM, NOM, "
            "POPULATION… or edition 4 fields code_insee, nom_officiel, population…), france-geojson "
            "(code, nom) or geo.api.gouv.fr GeoJSON — and writes a polygon layer with the fields "
            "code_insee, nom, population, code_dep, epci_siren, epci_nom in the territory's metric CRS. "
            "Optional inputs: a population file (INSEE legal populations CSV, the territory CSV or "
            "decoupage-administratif communes.json), an EPCI file (decoupage-administratif epci.json), "
            "and a COG communes.json: codes of communes merged since the boundary vintage are mapped to "
            "the current commune, their polygons dissolved and populations summed; each remapped code is "
            "listed in the log.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(P.INPUT, self.tr("Commune boundaries"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterEnum(P.FORMAT, self.tr("Format"), options=list(COMMUNE_CHOICES),
                                                     defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterFile(P.POPULATION, self.tr("Population file (CSV or communes.json)"),
                                                     optional=True, behavior=QgsProcessingParameterFile.Behavior.File))
        self.addParameter(QgsProcessingParameterFile(P.EPCI, self.tr("EPCI membership (epci.json)"), optional=True,
                                                     behavior=QgsProcessingParameterFile.Behavior.File, extension="json"))
        self.addParameter(QgsProcessingParameterFile(P.COG, self.tr("COG communes.json (decoupage-administratif) "
                                                     "to harmonise codes"), optional=True,
                                                     behavior=QgsProcessingParameterFile.Behavior.File, extension="json"))
        self.addParameter(QgsProcessingParameterCrs(P.CRS, self.tr("Territory metric CRS (default: from the "
                                                    "commune codes)"), optional=True))
        encoding_parameter(self)
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Communes"),
                                                            QgsProcessing.SourceType.TypeVectorPolygon))
        declare_report_outputs(self)

    def execute(self, parameters, context, feedback) -> dict:
        from ...core.crs import DEFAULT_EPSG
        from ...core.sources.cog import harmonise, read_cog
        from ...core.sources.communes import (attach_epci, attach_populations, read_communes, read_epci,
                                              read_populations)

        path = self.path_or_layer(parameters, P.INPUT, context)
        choice = self.parameterAsEnum(parameters, P.FORMAT, context)
        fmt = None if choice <= 0 else COMMUNE_CHOICES[choice]
        cog_path = _optional_path(self, parameters, P.COG, context)
        cog = read_cog(cog_path) if cog_path else None
        data, report = read_communes(path, epsg=epsg_parameter(self, parameters, P.CRS, context), format=fmt,
                                     cog=cog, feedback=feedback)
        extra = []
        pop_path = _optional_path(self, parameters, P.POPULATION, context)
        if pop_path:
            with encoding_choice(self, parameters, context):
                pops, pop_report = read_populations(pop_path, feedback=feedback)
            log_report(feedback, pop_report)
            extra.append(pop_report)
            if cog is not None:   # a population table of an older vintage: sum merged communes
                pops = harmonise(pops, cog, report=pop_report, merge=True)
            data = attach_populations(data, pops, report=report)
        epci_path = _optional_path(self, parameters, P.EPCI, context)
        if epci_path:
            epci, epci_report = read_epci(epci_path, feedback=feedback)
            log_report(feedback, epci_report)
            extra.append(epci_report)
            data = attach_epci(data, epci, report=report)
        log_report(feedback, report)
        epsg = int(data.attrs.get("crs") or data.crs.to_epsg() or DEFAULT_EPSG)
        dest = write_sink(self, parameters, P.OUTPUT, context, data, geometry="polygon", epsg=epsg)
        return report_result(self, dest, report, extra)
