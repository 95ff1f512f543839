"""Processing algorithms that make the outputs people share (group "Outputs").

``terridiag:web_map`` (offline HTML map), ``terridiag:report`` (HTML/PDF territory report and
commune sheets) and ``terridiag:export`` (GeoPackage with styles and metadata, CSV, XLSX). They
read the diagnosis's commune layer (and optionally services, areas), take the diagnosis METADATA
(JSON text, a .json file, or nothing when the communes come from a TerriDiag GeoPackage that holds
it) and call ``core.export``.
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterFolderDestination, QgsProcessingParameterString)

from ...core.errors import InputFormatError, ParameterError
from ...core.presentation.language import LANGUAGES, Language, language_index
from ...qgis_bridge.convert import geodataframe, points_frame
from ._common import metric_epsg, source_layer
from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P

GROUP, GROUP_ID = "Outputs", "outputs"
DEFAULT_INDICATOR = "share_within"


def _communes_params(alg, indicator=True):
    alg.addParameter(QgsProcessingParameterFeatureSource(
        P.COMMUNES, alg.tr("Communes with indicators (the diagnosis layer)"),
        [QgsProcessing.SourceType.TypeVectorPolygon]))
    if indicator:
        # optional, with its default: QGIS 3.22 refuses a missing value of a required field parameter
        # even when it has a default ("Incorrect parameter value"), from Python and qgis_process
        alg.addParameter(QgsProcessingParameterField(
            P.INDICATOR, alg.tr("Indicator to map (default: the share within the distance threshold)"),
            defaultValue=DEFAULT_INDICATOR, parentLayerParameterName=P.COMMUNES,
            type=QgsProcessingParameterField.DataType.Numeric, optional=True))
    alg.addParameter(QgsProcessingParameterFeatureSource(
        P.SERVICES, alg.tr("Service places (points)"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True))


def _meta_params(alg):
    alg.addParameter(QgsProcessingParameterString(
        P.METADATA, alg.tr("Diagnosis metadata (JSON text or .json file; empty: read from the communes GeoPackage)"),
        optional=True, multiLine=True))
    alg.addParameter(QgsProcessingParameterString(P.TITLE, alg.tr("Title"), optional=True))
    alg.addParameter(QgsProcessingParameterEnum(P.LANGUAGE, alg.tr("Language"),
                                                options=[lang.label for lang in LANGUAGES],
                                                defaultValue=language_index(Language.FR.value)))


def _layer_sources(alg, parameters, name, context) -> list[dict]:
    """The sources an input layer carries: TerriDiag's provenance (the GeoPackage's table, the
    layer's property, each input of a merged layer), else its QGIS metadata's licences."""
    from ...qgis_bridge.provenance import of_parameter

    found = of_parameter(alg, parameters, name, context)
    if found or not parameters.get(name):
        return found
    try:
        layer = alg.parameterAsVectorLayer(parameters, name, context)
    except Exception:  # noqa: BLE001 - a feature source that is not a layer has no metadata
        layer = None
    if layer is None:
        return []
    md = layer.metadata()
    licences = [str(x) for x in md.licenses() if str(x).strip()]
    rights = [str(x) for x in md.rights() if str(x).strip()]
    if not licences and not rights:
        return []
    return [{"source": md.title() or layer.name(), "producer": "; ".join(rights), "vintage": "",
             "licence": "; ".join(licences), "url": md.identifier() or "", "synthetic": False}]


def _metadata(alg, parameters, context) -> dict:
    """The run's metadata: the METADATA parameter (JSON text or a .json file), else what the communes
    layer carries (the diagnosis's run record, a TerriDiag GeoPackage's metadata); in both cases
    completed with the sources of every input layer (communes, services — each input of a merged
    layer —, areas, addresses), so an output never loses a source."""
    import json
    from pathlib import Path

    from ...core.presentation.sources import with_sources
    from ...qgis_bridge.provenance import run_of_parameter

    text = (alg.parameterAsString(parameters, P.METADATA, context) or "").strip()
    meta: dict = {}
    if text:
        if not text.startswith("{") and Path(text).is_file():
            path = text
            text = Path(path).read_text(encoding="utf-8")
        else:
            path = P.METADATA
        try:
            meta = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputFormatError(f"the metadata is not valid JSON ({exc.msg})", path=path, line=exc.lineno,
                                   hint="pass the METADATA output of terridiag:diagnosis, or leave it empty") from None
        if not isinstance(meta, dict):
            raise InputFormatError("the metadata must be a JSON object", path=path)
    else:
        meta = run_of_parameter(alg, parameters, P.COMMUNES, context)
        source = alg.path_or_layer(parameters, P.COMMUNES, context).split("|")[0]   # "x.gpkg|layername=…"
        if not meta and source.lower().endswith(".gpkg"):
            from ...core.export.gpkg import read_metadata
            meta = read_metadata(source)
    extra = []
    for name in (P.COMMUNES, P.SERVICES, P.AREAS, P.ADDRESSES, P.IRIS):
        if name in parameters:
            extra += _layer_sources(alg, parameters, name, context)
    meta = with_sources(meta, extra)
    title = (alg.parameterAsString(parameters, P.TITLE, context) or "").strip()
    if title:
        meta["title"] = title
    return meta


def _statements(meta: dict, communes, lang: str) -> dict:
    """The metadata with what an exported table must say in words: what the figures rest on, how they
    were made, the sources with their licences (and the ODbL notice when OpenStreetMap was used)."""
    from ...core.export.notes import method_notes
    from ...core.presentation.demand import demand_of, demand_sentence
    from ...core.presentation.sources import source_lines

    out = dict(meta)
    demand = demand_of(meta, communes)
    if demand and "demand" not in out:
        out["demand"] = {k: v for k, v in demand.items() if k != "derived"}
    out["statements"] = {"lang": lang, "demand": demand_sentence(meta, lang, communes),
                         "notes": method_notes(meta, lang, communes, demand=False),
                         "sources": source_lines(meta, lang, odbl=True)}
    return out


def _lang(alg, parameters, context) -> str:
    return LANGUAGES[alg.parameterAsEnum(parameters, P.LANGUAGE, context)].value


def _indicator(alg, parameters, context, columns, numeric=lambda name: True) -> str:
    """The INDICATOR field: the one given, else the default when the layer has it, else the first
    key indicator the layer has."""
    from ...core.presentation.indicators import KEY_FIELDS

    given = (alg.parameterAsString(parameters, P.INDICATOR, context) or "").strip()
    if given:
        return given
    columns = list(columns)
    if DEFAULT_INDICATOR in columns:
        return DEFAULT_INDICATOR
    for name in KEY_FIELDS:
        if name in columns and name != "typology" and numeric(name):
            return name
    raise ParameterError("the communes layer has none of TerriDiag's indicators", column=P.INDICATOR,
                         hint="give the diagnosis's commune layer, or choose a numeric field as INDICATOR")


def _read(alg, parameters, context, name=P.COMMUNES):
    src = source_layer(alg, parameters, name, context)
    epsg = metric_epsg(alg, parameters, context, src)
    gdf = geodataframe(src, context, epsg)
    gdf = gdf[gdf.geometry.notna()].reset_index(drop=True)
    if len(gdf) == 0:
        raise ParameterError(f"the layer {name} has no feature with a geometry")
    return gdf, epsg


def _optional_points(alg, parameters, context, name, epsg):
    src = alg.parameterAsSource(parameters, name, context) if parameters.get(name) else None
    return points_frame(src, context, epsg) if src is not None else None


def _iris_param(alg):
    alg.addParameter(QgsProcessingParameterFeatureSource(
        P.IRIS, alg.tr("The diagnosis by IRIS (its OUTPUT_IRIS layer; optional)"),
        [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))


def _optional_polygons(alg, parameters, context, name, epsg):
    src = alg.parameterAsSource(parameters, name, context) if parameters.get(name) else None
    return geodataframe(src, context, epsg) if src is not None else None


class WebMapAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "web_map"
    DISPLAY = "Offline web map"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("One self-contained HTML file to share with people who have no QGIS: it works offline (Leaflet is "
            "inlined from the computer's installed copy; no basemap, the communes are the map). Communes are "
            "coloured by INDICATOR with a legend (masked communes hatched), service places by category with "
            "popups, optional coverage AREAS, a layer switcher, and the title, date, sources and licences "
            "(ODbL notice when OpenStreetMap data were used). METADATA is the diagnosis's METADATA output. With "
            "IRIS (the diagnosis's OUTPUT_IRIS), the IRIS of the communes split into IRIS are a layer of their own "
            "with a sheet per IRIS in its popup, and those in a priority neighbourhood (QPV) an overlay.")

    def initAlgorithm(self, config=None):  # noqa: N802
        _communes_params(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.AREAS, self.tr("Coverage areas (polygons)"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        _iris_param(self)
        _meta_params(self)
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT, self.tr("Web map"), self.tr("HTML files (*.html)")))

    def execute(self, parameters, context, feedback):
        import pandas as pd

        from ...core.export.webmap import write_web_map
        communes, epsg = _read(self, parameters, context)
        services = _optional_points(self, parameters, context, P.SERVICES, epsg)
        areas = _optional_polygons(self, parameters, context, P.AREAS, epsg)
        iris = _optional_polygons(self, parameters, context, P.IRIS, epsg)
        feedback.set_progress(30)        # inputs read (also a point where a cancel stops)
        indicator = _indicator(self, parameters, context, communes.columns,
                               lambda c: pd.api.types.is_numeric_dtype(communes[c]))
        out = self.parameterAsFileOutput(parameters, P.OUTPUT, context)
        path = write_web_map(out, communes, services, _metadata(self, parameters, context), indicator,
                             areas=areas, lang=_lang(self, parameters, context), iris=iris)
        feedback.info(f"web map written to {path}")
        return {P.OUTPUT: str(path)}


class ReportAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "report"
    DISPLAY = "Diagnosis report (HTML and PDF)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("A territory page and one sheet per commune (or per commune listed in CODES): a map, the key figures "
            "against the territory, charts, the typology class, a plain-language reading of the numbers, method "
            "notes and the sources with vintages and licences. Masked indicators stay masked. With IRIS (the "
            "diagnosis's OUTPUT_IRIS), each commune split into IRIS is followed by a sheet per IRIS (its map, its "
            "figures against the territory, its QPV and fragility). Give an HTML and/or a PDF output.")

    def initAlgorithm(self, config=None):  # noqa: N802
        _communes_params(self)
        _meta_params(self)
        _iris_param(self)
        self.addParameter(QgsProcessingParameterString(
            P.CODES, self.tr("Only these communes (INSEE codes, comma separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_HTML, self.tr("Report (HTML)"), self.tr("HTML files (*.html)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_PDF, self.tr("Report (PDF)"), self.tr("PDF files (*.pdf)"), optional=True))

    def execute(self, parameters, context, feedback):
        import pandas as pd

        from ...core.export.report import write_report
        communes, epsg = _read(self, parameters, context)
        services = _optional_points(self, parameters, context, P.SERVICES, epsg)
        iris = _optional_polygons(self, parameters, context, P.IRIS, epsg)
        feedback.set_progress(10)        # inputs read (also a point where a cancel stops)
        feedback.info(f"{len(communes)} communes read")
        codes_text = (self.parameterAsString(parameters, P.CODES, context) or "").strip()
        codes = [c.strip() for c in codes_text.replace(";", ",").split(",") if c.strip()] or None
        html = self.parameterAsFileOutput(parameters, P.OUTPUT_HTML, context) if parameters.get(P.OUTPUT_HTML) else None
        pdf = self.parameterAsFileOutput(parameters, P.OUTPUT_PDF, context) if parameters.get(P.OUTPUT_PDF) else None
        out = write_report(communes, services, _metadata(self, parameters, context),
                           _indicator(self, parameters, context, communes.columns,
                                      lambda c: pd.api.types.is_numeric_dtype(communes[c])),
                           html_path=html or None, pdf_path=pdf or None, lang=_lang(self, parameters, context),
                           codes=codes, feedback=feedback, iris=iris)
        return {P.OUTPUT_HTML: str(out.get("html", "")), P.OUTPUT_PDF: str(out.get("pdf", ""))}


def _qml(alg, parameters, name, context) -> str | None:
    """The layer's current QGIS style, to store in the GeoPackage with it."""
    from qgis.PyQt.QtXml import QDomDocument
    try:
        layer = alg.parameterAsVectorLayer(parameters, name, context)
    except Exception:  # noqa: BLE001 - a feature source that is not a layer has no style
        layer = None
    if layer is None:
        return None
    doc = QDomDocument()
    error = layer.exportNamedStyle(doc)
    return doc.toString() if not error else None


class ExportAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "export"
    DISPLAY = "Export results (GeoPackage, CSV, XLSX)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Writes the results with their provenance: a GeoPackage with every layer given (communes, services, "
            "areas, addresses, the diagnosis by IRIS), each layer's current style, and the metadata (sources, vintages, licences, "
            "method parameters) in a terridiag_metadata table and the GeoPackage metadata extension; a CSV of the "
            "communes for Excel (UTF-8 with BOM, ';', decimal comma); an XLSX workbook with a data dictionary "
            "sheet. Every file is written completely or not at all.")

    def initAlgorithm(self, config=None):  # noqa: N802
        _communes_params(self, indicator=False)
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.AREAS, self.tr("Coverage areas (polygons)"), [QgsProcessing.SourceType.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.ADDRESSES, self.tr("Addresses (points)"), [QgsProcessing.SourceType.TypeVectorPoint], optional=True))
        _iris_param(self)
        _meta_params(self)
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_GPKG, self.tr("GeoPackage"), self.tr("GeoPackage (*.gpkg)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_CSV, self.tr("Communes table (CSV)"), self.tr("CSV files (*.csv)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_XLSX, self.tr("Workbook (XLSX)"), self.tr("Excel workbooks (*.xlsx)"), optional=True))

    def execute(self, parameters, context, feedback):
        from ...core.export.gpkg import write_geopackage
        from ...core.export.tables import write_csv, write_xlsx
        outputs = {k: (self.parameterAsFileOutput(parameters, k, context) if parameters.get(k) else "")
                   for k in (P.OUTPUT_GPKG, P.OUTPUT_CSV, P.OUTPUT_XLSX)}
        if not any(outputs.values()):
            raise ParameterError("no output file given", hint="choose a GeoPackage, a CSV and/or an XLSX file")
        communes, epsg = _read(self, parameters, context)
        services = _optional_points(self, parameters, context, P.SERVICES, epsg)
        areas = _optional_polygons(self, parameters, context, P.AREAS, epsg)
        addresses = _optional_points(self, parameters, context, P.ADDRESSES, epsg)
        iris = _optional_polygons(self, parameters, context, P.IRIS, epsg)
        lang = _lang(self, parameters, context)
        meta = _statements(_metadata(self, parameters, context), communes, lang)
        feedback.set_progress(20)        # inputs read (also a point where a cancel stops)
        result = {k: "" for k in outputs}
        if outputs[P.OUTPUT_GPKG]:
            styles = {name: q for name, q in (("communes", _qml(self, parameters, P.COMMUNES, context)),
                                              ("services", _qml(self, parameters, P.SERVICES, context)),
                                              ("iris", _qml(self, parameters, P.IRIS, context))) if q}
            layers = {"communes": communes, "services": services, "areas": areas, "addresses": addresses,
                      "iris": iris}
            result[P.OUTPUT_GPKG] = str(write_geopackage(outputs[P.OUTPUT_GPKG], layers, meta, styles=styles,
                                                         lang=lang))
            feedback.info(f"GeoPackage written: {result['OUTPUT_GPKG']}")
            feedback.set_progress(60)
        if outputs[P.OUTPUT_CSV]:
            result[P.OUTPUT_CSV] = str(write_csv(outputs[P.OUTPUT_CSV], communes))
            feedback.info(f"CSV written: {result['OUTPUT_CSV']}")
            feedback.set_progress(70)
        if outputs[P.OUTPUT_XLSX]:
            result[P.OUTPUT_XLSX] = str(write_xlsx(outputs[P.OUTPUT_XLSX], communes, services, meta, lang=lang))
        feedback.set_progress(100)
        return result


class AtlasAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "atlas"
    DISPLAY = "Print atlas of the communes (PDF)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("One page per commune (or per commune listed in CODES) in one PDF, from a print layout with an atlas "
            "over the communes: A4 portrait (map, key figures, legend, typology, sources) or A3 landscape poster "
            "for workshops (large map, the commune's name and three numbers in big type). The map is coloured by "
            "INDICATOR (masked communes hatched). TEMPLATE saves the layout as a .qpt to adjust in the layout "
            "designer. With IRIS (the diagnosis's OUTPUT_IRIS) and OUTPUT_IRIS, a second PDF has one page per IRIS "
            "of the communes split into IRIS. Communes of several départements (a national diagnosis) give one "
            "atlas per département instead of OUTPUT: <name>_<code>.pdf (atlas_2A.pdf, atlas_971.pdf… for "
            "OUTPUT atlas.pdf) in OUTPUT_FOLDER, or beside OUTPUT when OUTPUT_FOLDER is empty; each has the pages "
            "of its communes only, its map in the legal CRS of its territory and the département's name on every "
            "page. Your project and layers are not modified.")

    def initAlgorithm(self, config=None):  # noqa: N802
        _communes_params(self)
        _meta_params(self)
        self.addParameter(QgsProcessingParameterEnum(P.FORMAT, self.tr("Format"),
                                                     options=[self.tr("A4 portrait"), self.tr("A3 landscape poster")],
                                                     defaultValue=0))
        _iris_param(self)
        self.addParameter(QgsProcessingParameterString(
            P.CODES, self.tr("Only these communes (INSEE codes, comma separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT, self.tr("Atlas (PDF)"), self.tr("PDF files (*.pdf)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_IRIS, self.tr("Atlas of the IRIS of the communes split into IRIS (PDF)"),
            self.tr("PDF files (*.pdf)"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.TEMPLATE, self.tr("Layout template (.qpt)"), self.tr("QGIS layout templates (*.qpt)"), optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(
            P.OUTPUT_FOLDER, self.tr("Folder of the atlases per département (communes of several départements)"),
            optional=True, createByDefault=False))

    def execute(self, parameters, context, feedback):
        from qgis.core import QgsFeatureRequest, QgsProject

        from ...core.export.atomic import check_output_path
        from ...qgis_bridge.atlas import (build_layout, departements_in, export_atlas_by_departement,
                                          export_atlas_pdf, save_template)
        src = source_layer(self, parameters, P.COMMUNES, context)
        out = check_output_path(self.parameterAsFileOutput(parameters, P.OUTPUT, context), (".pdf",))
        layer = src.materialize(QgsFeatureRequest())   # a copy: the user's layer keeps its style
        layer.setName("communes")
        project = QgsProject()
        if project.addMapLayer(layer) is None:
            raise InputFormatError("the communes layer cannot be read for the atlas",
                                   hint="choose the polygon layer written by the diagnosis")
        codes_text = (self.parameterAsString(parameters, P.CODES, context) or "").strip()
        codes = [c.strip() for c in codes_text.replace(";", ",").split(",") if c.strip()] or None
        fmt = ("a4", "poster")[self.parameterAsEnum(parameters, P.FORMAT, context)]
        several = len(departements_in(layer, codes)) > 1
        layout = build_layout(project, layer, _indicator(self, parameters, context, layer.fields().names(),
                                                         lambda c: layer.fields().field(c).isNumeric()),
                              _metadata(self, parameters, context), fmt=fmt, lang=_lang(self, parameters, context),
                              codes=codes, by_departement=several)
        try:
            result = {P.OUTPUT: "", P.TEMPLATE: "", P.OUTPUT_IRIS: "", P.OUTPUT_FOLDER: ""}
            if several:         # one atlas per département
                folder = (self.parameterAsFileOutput(parameters, P.OUTPUT_FOLDER, context)
                          if parameters.get(P.OUTPUT_FOLDER) else "") or str(out.parent)
                written = export_atlas_by_departement(layout, folder, out.stem, codes=codes,
                                                      feedback=self.qgis_feedback)
                for dep, path in written.items():
                    feedback.info(f"{dep}: {path}")
                result[P.OUTPUT_FOLDER] = folder
                result[names.ATLASES] = {dep: str(path) for dep, path in written.items()}
            else:
                result[P.OUTPUT] = str(export_atlas_pdf(layout, out, feedback=self.qgis_feedback))
            if parameters.get(P.TEMPLATE):
                result[P.TEMPLATE] = str(save_template(layout,
                                                       self.parameterAsFileOutput(parameters, P.TEMPLATE, context)))
        finally:
            # the layout refers to the project and its layer: destroy it first, then empty the project
            # (left to Python's garbage collector, the order is random and QGIS can crash)
            layout.atlas().setCoverageLayer(None)
            del layout
            project.removeAllMapLayers()
        if parameters.get(P.IRIS) and parameters.get(P.OUTPUT_IRIS):
            result[P.OUTPUT_IRIS] = self._iris_atlas(parameters, context, fmt, codes)
        return result

    def _iris_atlas(self, parameters, context, fmt, codes) -> str:
        """One page per IRIS of the communes split into IRIS (of CODES' communes when given)."""
        from qgis.core import QgsFeatureRequest, QgsProject

        from ...core.export.atomic import check_output_path
        from ...qgis_bridge.atlas import build_layout, export_atlas_pdf
        out = check_output_path(self.parameterAsFileOutput(parameters, P.OUTPUT_IRIS, context), (".pdf",))
        src = source_layer(self, parameters, P.IRIS, context)
        where = "right(\"code_iris\", 4) <> '0000'"
        if codes:
            where += " AND left(\"code_iris\", 5) IN (" + ", ".join("'" + c.replace("'", "''") + "'" for c in codes) + ")"
        layer = src.materialize(QgsFeatureRequest().setFilterExpression(where))
        if layer.featureCount() == 0:
            raise ParameterError("no IRIS of a commune split into IRIS in the IRIS layer",
                                 hint="give the diagnosis's OUTPUT_IRIS, or leave OUTPUT_IRIS empty")
        # the atlas pages are named and sorted by code: the IRIS code takes the commune code's place
        provider = layer.dataProvider()
        fields = layer.fields()
        provider.renameAttributes({fields.indexOf("code_insee"): "commune_insee",
                                   fields.indexOf("code_iris"): "code_insee"})
        layer.updateFields()
        layer.setName("iris")
        names = layer.fields().names()
        wanted = (self.parameterAsString(parameters, P.INDICATOR, context) or "").strip()
        indicator = next((f for f in (wanted, "ifn_global", "share_within") if f and f in names
                          and layer.fields().field(f).isNumeric()), None)
        if indicator is None:
            raise ParameterError("the IRIS layer has neither the indicator nor a fragility score", column=P.INDICATOR,
                                 hint="give the diagnosis's OUTPUT_IRIS")
        project = QgsProject()
        if project.addMapLayer(layer) is None:
            raise InputFormatError("the IRIS layer cannot be read for the atlas",
                                   hint="choose the IRIS layer written by the diagnosis (OUTPUT_IRIS)")
        layout = build_layout(project, layer, indicator, _metadata(self, parameters, context), fmt=fmt,
                              lang=_lang(self, parameters, context))
        try:
            return str(export_atlas_pdf(layout, out, feedback=self.qgis_feedback))
        finally:
            layout.atlas().setCoverageLayer(None)
            del layout
            project.removeAllMapLayers()
