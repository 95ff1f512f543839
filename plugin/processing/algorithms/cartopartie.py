"""Processing algorithm of the mapping-party pack (group "Workshop"): ``terridiag:osm_completeness``.

Official places (France Services, mediation places, BPE town halls, libraries, post offices, as
imported by ``terridiag:import_services``) against an OpenStreetMap extract: a layer of the
official places with their status, a layer of the OSM places to complete, the printable
checklist (HTML, PDF) and the proposed additions as an .osm file for JOSM. Nothing is uploaded.
"""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterString)

from ...core.presentation.language import LANGUAGES, Language, language_index
from . import _inputs
from .base import TerriDiagAlgorithm
from .. import params as P

GROUP, GROUP_ID = "Workshop", "workshop"
WGS84 = 4326

# which provenance record is which official source, for the proposals' source tags
_SOURCE_WORDS = (("france services", "france_services"), ("médiation", "mediation"), ("mediation", "mediation"),
                 ("équipements", "bpe"), ("bpe", "bpe"))


def _vintages(provenances) -> dict:
    out = {}
    for p in provenances:
        text = f"{p.get('source', '')} {p.get('producer', '')}".lower()
        for word, key in _SOURCE_WORDS:
            if word in text and p.get("vintage"):
                out.setdefault(key, str(p["vintage"]))
    return out


class OsmCompletenessAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "osm_completeness"
    DISPLAY = "OSM completeness pack for a mapping party"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("Compares the official places (SERVICES: France Services, mediation places, BPE town halls, libraries "
            "and post offices, as imported by Import service places) with an OpenStreetMap extract (OSM, .osm or "
            ".osm.pbf). An official place is in OSM when an OSM place less than MAX_DISTANCE_M away has a similar "
            "name (similarity of the words of the names, 0 to 1, at least MIN_SIMILARITY), or when an OSM place of "
            "the same kind (town hall, library, post office, public-service counter) lies less than SAME_KIND_M "
            "away; official places outside the extract (its bounds, or the extent of its data for a .pbf) are "
            "not checked and said so. Distances are measured in the legal CRS of the extract's territory "
            "(overseas included). OUTPUT: the official places with status (in_osm, missing, outside_extract), the "
            "OSM place matched, the distance, the name similarity and the nearest OSM place. OUTPUT_OSM: the OSM "
            "public-service places that lack a name, opening hours, a website or wheelchair information. "
            "OUTPUT_CHECKLIST (HTML) and OUTPUT_CHECKLIST_PDF: the printable checklist with the thresholds, sources "
            "and licences. OUTPUT_JOSM: the missing places as new nodes (negative ids, action=modify, each with its "
            "source and a fixme) in an .osm file marked upload='false', to open in JOSM and check on the ground. "
            "TerriDiag never uploads anything to OpenStreetMap.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(P.OSM, self.tr("OpenStreetMap extract (.osm / .osm.pbf)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File))
        _inputs.add_services_parameter(self)
        self.addParameter(QgsProcessingParameterString(
            P.CATEGORIES, self.tr("Kinds of official places checked (comma-separated)"),
            defaultValue="france_services,mediation,townhall,library,post_office"))
        self.addParameter(QgsProcessingParameterNumber(
            P.MAX_DISTANCE_M, self.tr("Largest distance to an OSM place with a similar name (m)"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=200.0, minValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            P.SAME_KIND_M, self.tr("Largest distance to an OSM place of the same kind, whatever its name (m)"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=100.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            P.MIN_SIMILARITY, self.tr("Smallest name similarity (0 to 1)"),
            QgsProcessingParameterNumber.Type.Double, defaultValue=0.6, minValue=0.01, maxValue=1.0))
        self.addParameter(QgsProcessingParameterEnum(P.LANGUAGE, self.tr("Language"),
                                                     options=[lang.label for lang in LANGUAGES],
                                                     defaultValue=language_index(Language.FR.value)))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT, self.tr("Official places and their presence in OpenStreetMap"),
            QgsProcessing.SourceType.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_OSM, self.tr("OpenStreetMap places to complete"), QgsProcessing.SourceType.TypeVectorPoint,
            optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_CHECKLIST, self.tr("Checklist (HTML)"), self.tr("HTML files (*.html)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_CHECKLIST_PDF, self.tr("Checklist (PDF)"), self.tr("PDF files (*.pdf)"), optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            P.OUTPUT_JOSM, self.tr("Proposed additions for JOSM (.osm)"), self.tr("OSM files (*.osm)"),
            optional=True))

    def execute(self, parameters, context, feedback):
        from pathlib import Path

        from ...core.osm_pack.checklist import write_checklist
        from ...core.osm_pack.josm import write_osm_file
        from ...core.osm_pack.matching import Thresholds
        from ...core.osm_pack.pack import completeness_pack
        from ...qgis_bridge.convert import write_sink

        path = self.parameterAsFile(parameters, P.OSM, context)
        official = _inputs.read_services(self, parameters, context, WGS84)
        official.attrs["crs"] = WGS84
        cats = [c.strip() for c in (self.parameterAsString(parameters, P.CATEGORIES, context) or "").split(",")
                if c.strip()]
        thresholds = Thresholds(self.parameterAsDouble(parameters, P.MAX_DISTANCE_M, context),
                                self.parameterAsDouble(parameters, P.SAME_KIND_M, context),
                                self.parameterAsDouble(parameters, P.MIN_SIMILARITY, context))
        provs = _inputs.services_provenance(self, parameters, context)
        result = completeness_pack(official, path, thresholds=thresholds, categories=cats or None,
                                   vintages=_vintages(provs), feedback=feedback)
        meta = result.meta
        counts = meta["official"]
        feedback.info(self.tr("Official places: {in_osm} in OpenStreetMap, {missing} missing, {outside} outside the "
                              "extract (not checked)").format(in_osm=counts["in_osm"], missing=counts["missing"],
                                                              outside=counts["outside_extract"]))
        feedback.info(self.tr("Matching: a similar name (at least {s:g}) less than {d:g} m away, or the same kind "
                              "less than {k:g} m away; distances in EPSG:{epsg}").format(
            s=thresholds.min_similarity, d=thresholds.max_distance_m, k=thresholds.same_kind_m, epsg=meta["epsg"]))
        feedback.info(self.tr("OpenStreetMap places of the extract: {n}, {todo} to complete").format(
            n=meta["extract"]["osm_places_inside"], todo=len(result.to_complete)))
        epsg = meta["epsg"]
        cols = [c for c in ("id", "name", "category", "address", "opening_hours", "source", "status", "match_rule",
                            "osm_ref", "osm_name", "osm_kind", "match_distance_m", "name_similarity", "nearest_osm",
                            "nearest_osm_m", "lon", "lat", "x", "y") if c in result.official.columns]
        official_out = result.official[cols].copy()
        official_out.attrs["crs"] = epsg
        out = {P.OUTPUT: write_sink(self, parameters, P.OUTPUT, context, official_out, geometry="point", epsg=epsg)}
        if parameters.get(P.OUTPUT_OSM):
            osm_cols = ["osm_ref", "kind", "name", "missing_tags", "opening_hours", "website_value", "wheelchair",
                        "official_name", "lon", "lat", "x", "y"]
            todo = result.osm[osm_cols].rename(columns={"website_value": "website"})
            out[P.OUTPUT_OSM] = write_sink(self, parameters, P.OUTPUT_OSM, context, todo, geometry="point", epsg=epsg)
        josm = self.parameterAsFileOutput(parameters, P.OUTPUT_JOSM, context) if parameters.get(P.OUTPUT_JOSM) else ""
        if josm:
            out[P.OUTPUT_JOSM] = str(write_osm_file(josm, result))
        html = self.parameterAsFileOutput(parameters, P.OUTPUT_CHECKLIST, context) \
            if parameters.get(P.OUTPUT_CHECKLIST) else ""
        pdf = self.parameterAsFileOutput(parameters, P.OUTPUT_CHECKLIST_PDF, context) \
            if parameters.get(P.OUTPUT_CHECKLIST_PDF) else ""
        lang = LANGUAGES[self.parameterAsEnum(parameters, P.LANGUAGE, context)].value
        written = write_checklist(result, html or None, pdf or None, lang=lang,
                                  josm_name=Path(josm).name if josm else "propositions.osm")
        out[P.OUTPUT_CHECKLIST] = str(written.get("html", ""))
        out[P.OUTPUT_CHECKLIST_PDF] = str(written.get("pdf", ""))
        out.setdefault(P.OUTPUT_JOSM, "")
        from ...core.sources.osm import osm_provenance
        if hasattr(self, "record_provenance"):
            for key in (P.OUTPUT, P.OUTPUT_OSM):
                if out.get(key):
                    self.record_provenance(out[key], provs + [osm_provenance(path).to_dict()])
        return out
