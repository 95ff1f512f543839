"""Processing algorithms that use the network: BAN geocoding and "download my territory".

Both go through QGIS's network stack (``qgis_bridge.network.qgis_fetch``): the proxy, SSL and
authentication settings of QGIS apply.
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingOutputFile, QgsProcessingOutputString,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterString)

from ...core.errors import InputDataError, ParameterError
from ...core.net import settings
from ...core.net.catalog import DEFAULT_DATASETS, SOURCES
from ...core.presentation.vocabulary import TERRITORY_KINDS, TerritoryKind, position
from ...qgis_bridge.convert import write_sink
from ._common import enum_options
from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P

DATASET_KEYS = tuple(SOURCES)
DATASET_OUTPUTS = names.DATASET_OUTPUTS


def _columns(text: str) -> list:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


class Geocode(TerriDiagAlgorithm):
    ALG_ID = "geocode"
    DISPLAY = "Geocode addresses (BAN)"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Geocodes a table of addresses (CSV file) with the BAN geocoding API (batch /search/csv/, "
            "5,000 rows per request, at most 50 requests per second). ADDRESS_FIELDS lists the column(s) "
            "whose values, joined, form the address (e.g. 'numero,voie,code_postal,commune'); an optional "
            "INSEE code or postcode column narrows the search. A row is kept when the geocoder found it "
            "with a score at least THRESHOLD (0.8 by default) and, if MIN_GAP is above 0, a score at least "
            "MIN_GAP above the next candidate. Output: points in the legal metric CRS of the territory with "
            "the address fields (code_insee, numero, nom_voie, code_postal, nom_commune), the score and the "
            "input columns. Rejected rows (not found, low score, ambiguous) are listed in the log with their "
            "line number and, if REJECTED is set, written to a CSV. The service URL is a setting "
            "(data.geopf.fr/geocodage by default; api-adresse.data.gouv.fr is accepted). The addresses are "
            "sent to that service.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterFile(
            P.INPUT, self.tr("Table of addresses (CSV)"), behavior=QgsProcessingParameterFile.Behavior.File,
            fileFilter=self.tr("CSV files (*.csv *.txt *.csv.gz);;All files (*.*)")))
        self.addParameter(QgsProcessingParameterString(
            P.ADDRESS_FIELDS, self.tr("Address column(s), comma-separated")))
        self.addParameter(QgsProcessingParameterString(
            P.CITYCODE_FIELD, self.tr("INSEE commune code column"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            P.POSTCODE_FIELD, self.tr("Postcode column"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            P.THRESHOLD, self.tr("Minimum score"), QgsProcessingParameterNumber.Type.Double, 0.8,
            minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            P.MIN_GAP, self.tr("Minimum gap to the next candidate (0 = no check)"),
            QgsProcessingParameterNumber.Type.Double, 0.0, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterString(
            P.GEOCODER_URL, self.tr("Geocoder URL (empty = setting)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT, self.tr("Geocoded addresses"), QgsProcessing.SourceType.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.REJECTED, self.tr("Rejected rows"), self.tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(names.ROWS_READ, self.tr("Rows read")))
        self.addOutput(QgsProcessingOutputNumber(names.ROWS_KEPT, self.tr("Rows geocoded")))
        self.addOutput(QgsProcessingOutputNumber(names.ROWS_REJECTED, self.tr("Rows rejected")))

    def execute(self, parameters, context, feedback) -> dict:
        import csv
        from pathlib import Path

        from ...core.net.geocoder import Geocoder
        from ...core.sources.textio import read_table, sniff
        from ...qgis_bridge.network import qgis_fetch

        path = self.path_or_layer(parameters, P.INPUT, context)
        if "?" in path and not Path(path).exists():      # delimited-text layer URI: keep the file
            path = path.split("?", 1)[0]
        columns = _columns(self.parameterAsString(parameters, P.ADDRESS_FIELDS, context))
        citycode = self.parameterAsString(parameters, P.CITYCODE_FIELD, context).strip() or None
        postcode = self.parameterAsString(parameters, P.POSTCODE_FIELD, context).strip() or None
        threshold = self.parameterAsDouble(parameters, P.THRESHOLD, context)
        gap = self.parameterAsDouble(parameters, P.MIN_GAP, context)
        url = self.parameterAsString(parameters, P.GEOCODER_URL, context).strip() or None
        if not columns:
            raise ParameterError("no address column given", hint="e.g. 'adresse' or 'numero,voie,commune'")
        fmt = sniff(path, expect_any=tuple(columns))
        frame = read_table(path, fmt)
        if frame.empty:
            raise InputDataError("the table has no rows", path=path, hint="choose a file with addresses")
        result = Geocoder(url, fetch=qgis_fetch).geocode_csv(
            frame, columns, citycode_col=citycode, postcode_col=postcode, threshold=threshold,
            min_gap=gap if gap > 0 else None, first_line=fmt.header_line + 1, source=path, feedback=feedback)
        out, report = result.data, result.report
        feedback.info(report.summary())
        for text in report.rejection_summary(limit=20):
            feedback.warning(f"rejected {text}")
        if report.rows_rejected > 20:
            feedback.warning(f"… and {report.rows_rejected - 20} more rejected rows")
        dest = write_sink(self, parameters, P.OUTPUT, context, out, geometry="point", epsg=out.attrs["crs"])
        results = {P.OUTPUT: dest, "ROWS_READ": report.rows_read, "ROWS_KEPT": report.rows_kept,
                   "ROWS_REJECTED": report.rows_rejected}
        rejected_path = self.parameterAsFileOutput(parameters, P.REJECTED, context)
        if rejected_path:
            tmp = Path(rejected_path).with_name(Path(rejected_path).name + ".tmp")
            with open(tmp, "w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(["line", "reason", "address"])
                w.writerows([r.line, r.reason, r.value] for r in report.rejected)
            tmp.replace(rejected_path)
            results[P.REJECTED] = rejected_path
        return results


class DownloadTerritory(TerriDiagAlgorithm):
    ALG_ID = "download_territory"
    DISPLAY = "Download the open data of a territory"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Downloads, for a département, an EPCI (SIREN) or a list of communes (INSEE codes, comma-"
            "separated), the open data TerriDiag uses, from the producers' published addresses: BAN "
            "addresses (adresse.data.gouv.fr), communes with population and EPCI (geo.api.gouv.fr), "
            "France Services (data.gouv.fr, ANCT), digital mediation places (national export), ARCEP "
            "'Ma connexion internet' statistics per commune, the INSEE census by IRIS (four themes) and Filosofi "
            "incomes (IRIS and communes, with the official values of the territory when INSEE publishes them, "
            "written as a REFERENCE file for the fragility index), the IRIS contours (IGN), the BPE equipment, "
            "the QPV (ANCT), the OpenStreetMap roads of the territory's box (Overpass API) and, on request, the "
            "200 m population grid. National files are cut to the territory. Files "
            "are cached in CACHE_DIR: an unchanged file is not downloaded twice (conditional requests), and "
            "an interrupted download resumes where it stopped. OUTPUT_DIR receives one file per dataset in "
            "its published format plus manifest.json (URLs, sizes, SHA-256, dates, licences). Uses the "
            "proxy and SSL settings of QGIS.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterString(P.TERRITORY, self.tr("Territory code(s)"), "90"))
        self.addParameter(QgsProcessingParameterEnum(
            P.KIND, self.tr("Territory kind"), options=enum_options(TERRITORY_KINDS),
            defaultValue=position(TERRITORY_KINDS, TerritoryKind.DEP)))
        self.addParameter(QgsProcessingParameterEnum(
            P.DATASETS, self.tr("Datasets"), options=[self.tr(SOURCES[k].title) for k in DATASET_KEYS],
            allowMultiple=True, defaultValue=[DATASET_KEYS.index(k) for k in DEFAULT_DATASETS]))
        self.addParameter(QgsProcessingParameterFile(
            P.CACHE_DIR, self.tr("Cache folder (empty = setting)"), behavior=QgsProcessingParameterFile.Behavior.Folder,
            optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(P.OUTPUT_DIR, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputFile(names.MANIFEST, self.tr("Manifest")))
        self.addOutput(QgsProcessingOutputString(names.FILES, self.tr("Files written per dataset (JSON)")))
        for key, name in DATASET_OUTPUTS.items():
            self.addOutput(QgsProcessingOutputFile(name, self.tr(SOURCES[key].title)))

    def execute(self, parameters, context, feedback) -> dict:
        import json

        from ...core.net.download import download_territory
        from ...qgis_bridge.network import qgis_fetch

        code = self.parameterAsString(parameters, P.TERRITORY, context)
        kind = TERRITORY_KINDS[self.parameterAsEnum(parameters, P.KIND, context)].value
        datasets = [DATASET_KEYS[i] for i in self.parameterAsEnums(parameters, P.DATASETS, context)]
        cache_dir = self.parameterAsFile(parameters, P.CACHE_DIR, context) or str(settings.cache_dir())
        out_dir = self.parameterAsString(parameters, P.OUTPUT_DIR, context)
        result = download_territory(kind, code, out_dir, datasets, cache_dir=cache_dir, fetch=qgis_fetch,
                                    feedback=feedback)
        outputs = {P.OUTPUT_DIR: str(result.out_dir), names.MANIFEST: str(result.manifest),
                   names.FILES: json.dumps({k: r.outputs for k, r in result.datasets.items()}, ensure_ascii=False)}
        for key, r in result.datasets.items():
            outputs[DATASET_OUTPUTS[key]] = r.output
            feedback.info(f"{SOURCES[key].title}: {r.rows_kept} rows ({r.filter}) -> {r.output}")
        return outputs
