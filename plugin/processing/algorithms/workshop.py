"""Processing algorithms for digital-mediation workshops (group "Workshop"): the commune sheet
(``terridiag:workshop_sheet``) and the offline bundle (``terridiag:workshop_bundle``)."""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterString)

from ...core.errors import InputDataError
from . import _inputs
from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P

GROUP, GROUP_ID = "Workshop", "workshop"


def open_at_choice(alg, parameters, context):
    from ...core.indicators.opening import WINDOW_ORDER
    i = alg.parameterAsEnum(parameters, P.OPEN_AT, context) if parameters.get(P.OPEN_AT) not in (None, "") else 1
    return WINDOW_ORDER[i] if 0 < i < len(WINDOW_ORDER) else None


def add_sheet_parameters(alg) -> None:
    """The inputs a sheet is made from (shared by the sheet and the bundle)."""
    from .outputs import _meta_params
    alg.addParameter(QgsProcessingParameterFeatureSource(
        P.COMMUNES, alg.tr("Communes (the diagnosis layer, or communes with code_insee and population)"),
        [QgsProcessing.SourceType.TypeVectorPolygon]))
    _inputs.add_services_parameter(alg)
    alg.addParameter(QgsProcessingParameterString(
        P.CATEGORIES, alg.tr("Kinds of help places (comma-separated; empty: France Services and mediation places)"),
        optional=True))
    alg.addParameter(QgsProcessingParameterFile(
        P.ROADS, alg.tr("OpenStreetMap extract for driving times (optional)"),
        behavior=QgsProcessingParameterFile.Behavior.File, optional=True))
    alg.addParameter(QgsProcessingParameterNumber(
        P.DISTANCE_KM, alg.tr("Distance of the first figure (km)"), QgsProcessingParameterNumber.Type.Double,
        defaultValue=5.0, minValue=0.1))
    alg.addParameter(QgsProcessingParameterNumber(
        P.N_PLACES, alg.tr("Number of places listed"), QgsProcessingParameterNumber.Type.Integer,
        defaultValue=4, minValue=1, maxValue=8))
    alg.addParameter(QgsProcessingParameterEnum(
        P.OPEN_AT, alg.tr("Opening time of the third figure"), options=_inputs.open_at_options(alg)[:4],
        defaultValue=1, optional=True))
    _meta_params(alg)


def build(alg, parameters, context, feedback, codes):
    """(sheets, communes GeoDataFrame) from the parameters."""
    from ...core.indicators.coverage import fmt_km
    from ...core.presentation.sources import source_lines
    from ...core.workshop.sheet import build_sheets
    from ._common import metric_epsg
    from .indicators import _read_communes, _roads
    from .outputs import _lang, _metadata

    csrc = alg.parameterAsSource(parameters, P.COMMUNES, context)
    epsg = metric_epsg(alg, parameters, context, csrc)
    communes = _read_communes(alg, parameters, P.COMMUNES, context, epsg)
    services = _inputs.read_services(alg, parameters, context, epsg)
    roads = _roads(alg, parameters, context, epsg, feedback)
    meta = _metadata(alg, parameters, context)
    lang = _lang(alg, parameters, context)
    km = alg.parameterAsDouble(parameters, P.DISTANCE_KM, context)
    cats = [c.strip() for c in (alg.parameterAsString(parameters, P.CATEGORIES, context) or "").split(",")
            if c.strip()]
    if roads is not None:
        meta.setdefault("sources", []).append((roads.meta or {}).get("provenance") or {})
    sheets = build_sheets(communes, services, codes=codes, roads=roads, distance_km=km,
                          n_places=alg.parameterAsInt(parameters, P.N_PLACES, context), categories=cats or None,
                          open_at=open_at_choice(alg, parameters, context), lang=lang,
                          sources=source_lines(meta, lang, odbl=True),
                          shares_field=f"share_within_{fmt_km(km)}km")
    from ...core.indicators.opening import INSTALL_HINT, available
    if open_at_choice(alg, parameters, context) and not available():
        feedback.warning(alg.tr("Opening hours not evaluated: the Python package opening-hours-py is missing "
                                "({hint}); the third figure counts the places near the commune instead").format(
            hint=INSTALL_HINT))
    for s in sheets:
        feedback.info(f"{s.code} {s.commune}: " + " / ".join(s.figures))
    return sheets, communes


class WorkshopSheetAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "workshop_sheet"
    DISPLAY = "Workshop sheet (one A4 page per commune)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("A plain-language A4 page per commune for a digital-mediation workshop: a map of the commune with the "
            "nearest help places (France Services and mediation places, or CATEGORIES), and for each its name, "
            "address, opening hours in words, services, distance from the centre of the commune as the crow flies "
            "and, with ROADS (an OpenStreetMap extract), the driving time; three figures in plain words (the "
            "share of the inhabitants within DISTANCE_KM of a help place — the diagnosis's own share when "
            "COMMUNES is the diagnosis layer, on its demand —, the nearest place, how many of the listed places "
            "are open at OPEN_AT); the date, sources and licences, and the few words it uses explained. CODES: the "
            "INSEE codes of the communes (empty: every commune). OUTPUT_PDF: one page per commune; OUTPUT_HTML: "
            "the same as an offline web page (no network needed).")

    def initAlgorithm(self, config=None):  # noqa: N802
        add_sheet_parameters(self)
        self.addParameter(QgsProcessingParameterString(
            P.CODES, self.tr("INSEE codes of the communes (comma-separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_PDF, self.tr("Workshop sheets (PDF)"), self.tr("PDF files (*.pdf)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_HTML, self.tr("Workshop sheets (offline HTML)"), self.tr("HTML files (*.html)"), optional=True))

    def execute(self, parameters, context, feedback):
        from ...core.errors import ParameterError
        from ...core.workshop.sheet_render import write_sheets
        pdf = self.parameterAsFileOutput(parameters, P.OUTPUT_PDF, context) if parameters.get(P.OUTPUT_PDF) else ""
        html = self.parameterAsFileOutput(parameters, P.OUTPUT_HTML, context) if parameters.get(P.OUTPUT_HTML) else ""
        if not pdf and not html:
            raise ParameterError("no output file given", hint="choose a PDF and/or an HTML file")
        codes = [c.strip() for c in (self.parameterAsString(parameters, P.CODES, context) or "").replace(";", ",")
                 .split(",") if c.strip()]
        sheets, communes = build(self, parameters, context, feedback, codes)
        if not sheets:
            raise InputDataError("no commune to write a sheet for", hint="check the communes layer and CODES")
        feedback.set_progress(60)
        out = write_sheets(sheets, communes, html or None, pdf or None)
        return {P.OUTPUT_PDF: str(out.get("pdf", "")), P.OUTPUT_HTML: str(out.get("html", ""))}


class WorkshopBundleAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "workshop_bundle"
    DISPLAY = "Offline workshop bundle (USB stick)"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Writes one folder a trainer can put on a USB stick and open with no network and no QGIS: index.html "
            "(the start page), carte.html (the offline web map of COMMUNES, the diagnosis layer, and of the "
            "SERVICES), fiches/ (one workshop sheet per commune, HTML) and fiches.pdf (all the sheets to print), "
            "and with OSM (an OpenStreetMap extract) cartopartie/ (the mapping-party checklist in HTML and PDF and "
            "propositions.osm for JOSM, see OSM completeness pack). Every page has its scripts, styles and "
            "pictures inside it. FOLDER must be new or empty; it appears only once complete.")

    def initAlgorithm(self, config=None):  # noqa: N802
        from qgis.core import QgsProcessingOutputFile, QgsProcessingParameterFolderDestination
        add_sheet_parameters(self)
        self.addParameter(QgsProcessingParameterString(
            P.CODES, self.tr("INSEE codes of the communes with a sheet (comma-separated; empty: all)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            P.INDICATOR, self.tr("Indicator of the web map"), defaultValue="share_within", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            P.OSM, self.tr("OpenStreetMap extract for the mapping-party checklist (optional)"),
            behavior=QgsProcessingParameterFile.Behavior.File, optional=True))
        self.addParameter(QgsProcessingParameterFolderDestination(P.FOLDER, self.tr("Bundle folder")))
        self.addOutput(QgsProcessingOutputFile(names.INDEX, self.tr("Start page of the bundle")))

    def execute(self, parameters, context, feedback):
        import datetime as _dt

        from ...core.workshop.bundle import write_bundle
        from .outputs import _lang, _metadata

        folder = self.parameterAsFileOutput(parameters, P.FOLDER, context) or \
            self.parameterAsString(parameters, P.FOLDER, context)
        codes = [c.strip() for c in (self.parameterAsString(parameters, P.CODES, context) or "").replace(";", ",")
                 .split(",") if c.strip()]
        sheets, communes = build(self, parameters, context, feedback, codes)
        services = _inputs.read_services(self, parameters, context, int(communes.crs.to_epsg() or 2154))
        meta = _metadata(self, parameters, context)
        lang = _lang(self, parameters, context)
        indicator = (self.parameterAsString(parameters, P.INDICATOR, context) or "share_within").strip()
        pack = None
        osm = self.parameterAsFile(parameters, P.OSM, context) if parameters.get(P.OSM) else ""
        if osm:
            from ...core.osm_pack.pack import completeness_pack
            official = services.copy()
            official.attrs["crs"] = int(communes.crs.to_epsg() or 2154)
            pack = completeness_pack(official, osm)
        if "masked" not in communes.columns:
            communes["masked"] = False
        out = write_bundle(folder, sheets, communes, services, meta, indicator=indicator, lang=lang, pack=pack,
                           date=_dt.date.today().isoformat(), feedback=feedback)
        if not out["leaflet_inlined"]:
            feedback.warning(self.tr("Leaflet was not found on this computer: the bundle's map needs the internet"))
        return {P.FOLDER: str(out["folder"]), names.INDEX: str(out["index"])}
