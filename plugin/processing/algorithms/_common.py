"""Helpers shared by the algorithms (imports, indicators, scenarios, outputs): CRS parameters, the
metric CRS of a run, source lookup, read-report logging and outputs with their provenance.

(The leading underscore keeps the provider's discovery from looking for algorithms here.)
"""
from __future__ import annotations

from qgis.core import QgsProcessingOutputNumber, QgsProcessingOutputString

from ...core.errors import ParameterError
from .. import names
from .. import params as P



def enum_options(members) -> list[str]:
    """The labels of vocabulary members (``core.presentation.vocabulary``) in the interface's language, as
    the options of a Processing enum; the enum's value is the member's position in ``members``."""
    from ...i18n import language

    lang = language()
    return [m.label(lang) for m in members]


def epsg_parameter(alg, parameters, name, context):
    """EPSG code of a CRS parameter, None when not set."""
    crs = alg.parameterAsCrs(parameters, name, context)
    if crs is None or not crs.isValid():
        return None
    authid = crs.authid()
    if not authid.upper().startswith("EPSG:"):
        raise ParameterError(f"the CRS {authid} has no EPSG code",
                             hint="choose a projected EPSG CRS, e.g. EPSG:2154")
    return int(authid.split(":")[1])


def log_report(feedback, report) -> None:
    """The read report in the algorithm log: counts, source, remapped codes, warnings, rejections.
    (The readers themselves log nothing of it: each line appears once.) The source stated is the
    resolved one: a file written by the demo generator is synthetic, whatever format it imitates."""
    from ...core.provenance import resolve

    report.provenance = resolve(report.provenance, report.path)
    feedback.info(report.summary())
    feedback.info(f"Source: {report.provenance.label()}" + (f"; CRS {report.crs}" if report.crs else ""))
    for old, new in sorted(report.remapped.items()):
        feedback.info(f"code {old} remapped to {new} (COG)")
    for text in report.warnings:
        feedback.warning(text)
    for text in report.rejection_summary(limit=20):
        feedback.warning(f"rejected {text}")
    if report.rows_rejected > 20:
        feedback.warning(f"… and {report.rows_rejected - 20} more rejected rows")


def declare_report_outputs(alg) -> None:
    """The structured result of an import (``processing.names``): the dock reads these, not the log."""
    alg.addOutput(QgsProcessingOutputNumber(names.ROWS_READ, alg.tr("Rows read")))
    alg.addOutput(QgsProcessingOutputNumber(names.ROWS_KEPT, alg.tr("Rows kept")))
    alg.addOutput(QgsProcessingOutputNumber(names.ROWS_REJECTED, alg.tr("Rows rejected")))
    alg.addOutput(QgsProcessingOutputString(names.FORMAT_DETECTED, alg.tr("Format read")))
    alg.addOutput(QgsProcessingOutputString(names.PROVENANCE, alg.tr("Provenance")))
    alg.addOutput(QgsProcessingOutputString(names.PROVENANCE_JSON, alg.tr("Provenance records (JSON)")))


def report_result(alg, dest, report, extra_reports=()) -> dict:
    """Outputs of an import; the provenance of the file (and of the files joined to it, e.g.
    populations) is attached to the written layer."""
    import json

    from ...core.provenance import merge, resolve

    for rep in (report, *extra_reports):
        rep.provenance = resolve(rep.provenance, rep.path)
    provenances = [rep.provenance for rep in (report, *extra_reports)]
    alg.record_provenance(dest, provenances)
    return {names.OUTPUT: dest, names.ROWS_READ: report.rows_read, names.ROWS_KEPT: report.rows_kept,
            names.ROWS_REJECTED: report.rows_rejected, names.FORMAT_DETECTED: report.format,
            names.PROVENANCE: report.provenance.label(),
            names.PROVENANCE_JSON: json.dumps(merge(provenances), ensure_ascii=False)}


def encoding_parameter(alg) -> None:
    """ENCODING (advanced): the text encoding of a CSV/JSON input; 'auto' detects it on the whole
    file (UTF-8, UTF-8 with BOM, Windows-1252/Latin-1, UTF-16 with BOM)."""
    from qgis.core import QgsProcessingParameterDefinition, QgsProcessingParameterEnum

    from ...core.sources.formats import ENCODING_CHOICES

    labels = [alg.tr("auto (detect)")] + list(ENCODING_CHOICES)[1:]
    param = QgsProcessingParameterEnum(P.ENCODING, alg.tr("Text encoding of the file"), options=labels,
                                       defaultValue=0, optional=True)
    param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
    alg.addParameter(param)


def encoding_choice(alg, parameters, context):
    """A context manager reading every text file of the block in the chosen encoding."""
    from ...core.sources.textio import ENCODING_CHOICES, forced_encoding

    codecs = list(ENCODING_CHOICES.values())
    index = alg.parameterAsEnum(parameters, P.ENCODING, context) if parameters.get(P.ENCODING) is not None else 0
    return forced_encoding(codecs[index] if 0 <= index < len(codecs) else None)


def crs_parameter(alg, description: str) -> None:
    """The optional metric CRS parameter "CRS" of the indicator and scenario algorithms."""
    from qgis.core import QgsProcessingParameterCrs

    alg.addParameter(QgsProcessingParameterCrs(P.CRS, description, optional=True))


def source_layer(alg, parameters, name, context, required=True):
    """The feature source of parameter ``name`` (None when optional and not given)."""
    src = alg.parameterAsSource(parameters, name, context) if parameters.get(name) not in (None, "") else None
    if src is None and required:
        raise ParameterError(f"the layer {name} cannot be read", hint="choose a valid vector layer")
    return src


def metric_epsg(alg, parameters, context, *sources) -> int:
    """The metric CRS of a computation by ``crs.metric_crs``'s rule: the CRS parameter (when the
    algorithm has one), else the first projected source CRS, else the legal CRS of the territory
    of the first commune code found (overseas too), else Lambert-93."""
    from qgis.core import QgsFeatureRequest

    from ...core.crs import metric_crs
    from ...qgis_bridge.convert import features

    requested = None
    crs = alg.parameterAsCrs(parameters, P.CRS, context) if parameters.get(P.CRS) else None
    if crs is not None and crs.isValid():
        if crs.isGeographic():
            raise ParameterError(f"{crs.authid()} is not a metric CRS",
                                 hint="choose a projected CRS, e.g. EPSG:2154")
        requested = int(crs.postgisSrid())
    projected = [int(s.sourceCrs().postgisSrid()) for s in sources
                 if s is not None and s.sourceCrs().isValid() and not s.sourceCrs().isGeographic()
                 and s.sourceCrs().postgisSrid()]

    def first_codes():
        for src in sources:
            if src is None or src.fields().indexOf("code_insee") < 0:
                continue
            request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setLimit(1)
            request.setSubsetOfAttributes(["code_insee"], src.fields())
            for feat in features(src, request):
                code = feat["code_insee"]
                if code is not None and str(code).strip() and str(code) != "NULL":
                    yield str(code)

    return metric_crs(requested, projected, first_codes())


def run_epsg(alg, parameters, context, *sources, feedback=None) -> tuple[int, bool]:
    """(CRS the inputs of an indicator run are read in, zoned). Communes (the first source with a
    code_insee field) in several territories make a zoned run: inputs are read in EPSG:4326 (or
    the CRS parameter) and each territory is computed in its legal CRS (``core.territories``);
    otherwise the metric CRS of :func:`metric_epsg`."""
    from ...core.crs import WGS84, crs_label
    from ...core.territories import names, territories_in

    codes = set()
    for src in sources:
        if src is None or src.fields().indexOf("code_insee") < 0:
            continue
        # the distinct codes: the provider's own query (SELECT DISTINCT on a file) where the
        # source is a whole layer, QGIS iterates the features otherwise (selection, filter, limit);
        # iterating a million addresses here took 4 s of a run without communes
        values = src.uniqueValues(src.fields().indexOf("code_insee"))
        codes = {str(v) for v in values
                 if v is not None and v != "" and not (hasattr(v, "isNull") and v.isNull())}
        break
    keys = territories_in(sorted(codes))
    if len(keys) < 2:
        return metric_epsg(alg, parameters, context, *sources), False
    crs = alg.parameterAsCrs(parameters, P.CRS, context) if parameters.get(P.CRS) else None
    epsg = int(crs.postgisSrid()) if crs is not None and crs.isValid() and crs.postgisSrid() else WGS84
    if feedback is not None:
        feedback.info(f"The communes lie in {len(keys)} territories ({names(keys)}): each is computed in its "
                      f"legal CRS and served by its own places only; the layers are read and written in "
                      f"{crs_label(epsg)}.")
    return epsg, True


def engine_parameters(alg) -> None:
    """ENGINE (in process, or Dask partitioned by département), SCHEDULER (a Dask scheduler's
    address; empty: a LocalCluster) and WORKERS (its number of workers), all advanced."""
    from qgis.core import (QgsProcessingParameterDefinition, QgsProcessingParameterEnum,
                           QgsProcessingParameterNumber, QgsProcessingParameterString)

    params = [
        QgsProcessingParameterEnum(P.ENGINE, alg.tr("Engine"),
                                   options=[alg.tr("In process"), alg.tr("Dask (partitioned by département)")],
                                   defaultValue=0, optional=True),
        QgsProcessingParameterString(P.SCHEDULER, alg.tr("Dask scheduler address (empty: a local cluster)"),
                                     optional=True),
        QgsProcessingParameterNumber(P.WORKERS, alg.tr("Workers of the local Dask cluster"),
                                     QgsProcessingParameterNumber.Type.Integer, defaultValue=2, minValue=1,
                                     optional=True),
    ]
    for param in params:
        param.setFlags(param.flags() | QgsProcessingParameterDefinition.Flag.FlagAdvanced)
        alg.addParameter(param)


def engine_choice(alg, parameters, context) -> dict:
    """The keyword arguments of ``core.engine.coverage`` the engine parameters ask for."""
    from ...core.engine import ENGINES

    index = alg.parameterAsEnum(parameters, P.ENGINE, context) if parameters.get(P.ENGINE) is not None else 0
    return {"engine": ENGINES[index],
            "scheduler": (alg.parameterAsString(parameters, P.SCHEDULER, context) or "").strip() or None,
            "workers": alg.parameterAsInt(parameters, P.WORKERS, context) if parameters.get(P.WORKERS) else 2}
