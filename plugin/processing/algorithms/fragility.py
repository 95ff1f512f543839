"""Processing algorithm ``terridiag:fragility_index`` (group "Indicators"): the MedNum 2019 index
by IRIS or by commune (communes aggregate their IRIS by population), the IFN five-indicator score
or a custom composite. The engine is ``core.indicators.mednum`` / ``fragility``."""
from __future__ import annotations

from qgis.core import (QgsProcessing, QgsProcessingOutputString, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFile, QgsProcessingParameterString)

from ...core.errors import ParameterError
from ...core.presentation.vocabulary import INDEX_METHODS, FragilityMethod, position
from ...qgis_bridge.convert import geodataframe, write_sink
from ._common import enum_options
from ._common import metric_epsg as _epsg
from ._common import source_layer as _source
from .base import TerriDiagAlgorithm
from .indicators import (GROUP, GROUP_ID, _carry_provenance, _finite_text, _parse_weights, _read_table,
                         _write_like)
from .. import names
from .. import params as P

REFERENCE_LEVELS = ("territory", "epci", "departement", "region")


def _custom_spec(text: str) -> dict:
    spec = {}
    for part in (text or "").split(","):
        if not part.strip():
            continue
        bits = [b.strip() for b in part.split(":")]
        if len(bits) not in (2, 3):
            raise ParameterError(f"indicator {part.strip()!r} is not 'field:direction:weight'",
                                 hint="e.g. dist_median_m:higher_is_worse:2,share_thd30:higher_is_better:1")
        try:
            spec[bits[0]] = (bits[1], _finite_text(bits[2], f"weight of {bits[0]}") if len(bits) == 3 else 1.0)
        except ValueError:
            raise ParameterError(f"weight of {bits[0]} is not a number") from None
    return spec


class FragilityIndexAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "fragility_index"
    DISPLAY = "Digital fragility index"
    GROUP, GROUP_ID = GROUP, GROUP_ID
    HELP = ("METHOD 0, MedNum 2019, by IRIS (MedNum's level) or by commune. INPUT: units with the variables "
            "thd_coverage, mobile_coverage, poverty_rate, median_income, single_parent_share, "
            "one_person_household_share, public_services_per_capita, unemployment_rate, age_15_29_share, "
            "age_65_plus_share, low_diploma_share (rates as fractions) or the census counts they are made of — "
            "what 'Import census and income' and 'Import IRIS' write. Each variable is compared with the "
            "reference territory's own value: Σ numerators / Σ denominators of its units (a population-weighted "
            "ratio); for income the official median given in REFERENCE (CSV 'variable,value'), otherwise the "
            "population-weighted median of the units' medians, said so in METADATA. REFERENCE_LEVEL: the units "
            "given, or each unit's EPCI (needs COMMUNES or an epci_siren field), département or région; "
            "REFERENCE_UNITS: other units to compute the references on (e.g. the whole département). "
            "Points = 100 × coefficient; each axis is the mean of its variables present, ifn_global the mean of "
            "all variables present (base 100, higher = more fragile); a variable missing or secret for a unit "
            "is left out, never counted as 0 (ifn_n_variables, ifn_missing say which). ifn_global_class: 1-5, "
            "equal intervals. With IRIS, OUTPUT_COMMUNES receives each commune's population-weighted mean of its "
            "IRIS. METHOD 1, IFN: thd_non_coverage, mobile_4g_non_coverage, age_65_plus_share, low_diploma_share, "
            "poverty_rate scored 1-10 by the deciles of REFERENCE_UNITS (default: the input itself), combined "
            "with WEIGHTS ('variable:weight,…'). METHOD 2, custom: INDICATORS 'field:higher_is_worse|"
            "higher_is_better:weight,…', NORMALISATION min-max (0-100) or z-score. Input fields are kept.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.INPUT, self.tr("IRIS or communes with fragility variables or census counts"),
            [QgsProcessing.SourceType.TypeVector]))
        self.addParameter(QgsProcessingParameterEnum(P.METHOD, self.tr("Method"), options=enum_options(INDEX_METHODS),
                                                     defaultValue=position(INDEX_METHODS, FragilityMethod.MEDNUM2019)))
        self.addParameter(QgsProcessingParameterEnum(
            P.REFERENCE_LEVEL, self.tr("Reference territory (MedNum)"),
            options=[self.tr("The units given"), self.tr("Each unit's EPCI"), self.tr("Each unit's département"),
                     self.tr("Each unit's région")], defaultValue=0, optional=True))
        self.addParameter(QgsProcessingParameterFile(P.REFERENCE, self.tr("Reference values (CSV variable,value)"),
                                                     behavior=QgsProcessingParameterFile.Behavior.File, extension="csv",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.REFERENCE_UNITS, self.tr("Units of the reference territory (default: INPUT)"),
            [QgsProcessing.SourceType.TypeVector], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            P.COMMUNES, self.tr("Communes (EPCI membership, for the EPCI reference)"),
            [QgsProcessing.SourceType.TypeVector], optional=True))
        self.addParameter(QgsProcessingParameterString(P.WEIGHTS, self.tr("IFN weights (variable:weight,…)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterString(
            P.INDICATORS, self.tr("Custom indicators (field:direction:weight,…)"), optional=True))
        self.addParameter(QgsProcessingParameterEnum(P.NORMALISATION, self.tr("Custom normalisation"),
                                                     options=["min-max (0-100)", "z-score"], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(P.OUTPUT, self.tr("Fragility index")))
        self.addParameter(QgsProcessingParameterFeatureSink(
            P.OUTPUT_COMMUNES, self.tr("Fragility index per commune (from IRIS)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputString(names.METADATA, self.tr("Method and references (JSON)")))

    def execute(self, parameters, context, feedback):
        import json
        import pandas as pd

        from ...core.indicators.fragility import custom_composite, ifn5, mednum2019, read_reference_csv

        src = _source(self, parameters, P.INPUT, context)
        epsg = _epsg(self, parameters, context, src)
        gdf = geodataframe(src, context, epsg)
        method = INDEX_METHODS[self.parameterAsEnum(parameters, P.METHOD, context)]
        ref_units, _ = _read_table(self, parameters, P.REFERENCE_UNITS, context, epsg, required=False)
        communes_out = None
        if method is FragilityMethod.MEDNUM2019:
            out, meta, communes_out = self._mednum(parameters, context, gdf, ref_units, epsg, mednum2019,
                                                   read_reference_csv)
        elif method is FragilityMethod.IFN5:
            weights = _parse_weights(self.parameterAsString(parameters, P.WEIGHTS, context))
            out, meta = ifn5(gdf, weights=weights or None,
                             reference=None if ref_units is None else pd.DataFrame(ref_units.drop(columns="geometry")))
        else:
            spec = _custom_spec(self.parameterAsString(parameters, P.INDICATORS, context) or "")
            norm = ("minmax", "zscore")[self.parameterAsEnum(parameters, P.NORMALISATION, context)]
            out, meta = custom_composite(gdf, spec, norm)
        text = json.dumps(meta, default=str, ensure_ascii=False)
        feedback.info(text)
        for var, why in (meta.get("variables_missing") or {}).items():
            feedback.warning(f"{var}: {why} — {meta['where_to_get_missing'][var]}")
        dest = _write_like(self, parameters, context, out, epsg)
        results = {P.OUTPUT: dest, names.METADATA: text}
        dests = [dest]
        if communes_out is not None and parameters.get(P.OUTPUT_COMMUNES):
            results[P.OUTPUT_COMMUNES] = write_sink(self, parameters, P.OUTPUT_COMMUNES, context, communes_out,
                                                    geometry="none")
            dests.append(results[P.OUTPUT_COMMUNES])
        _carry_provenance(self, parameters, context, (P.INPUT,), dests)
        return results

    def _mednum(self, parameters, context, gdf, ref_units, epsg, mednum2019, read_reference_csv):
        import pandas as pd

        from ...core.indicators.fragility import mednum_by_commune
        from ...core.indicators.fragility_stage import REFERENCE_LEVELS as COLUMNS
        from ...core.indicators.fragility_stage import _add_group_columns

        ref_path = self.parameterAsFile(parameters, P.REFERENCE, context)
        refs = read_reference_csv(ref_path) if ref_path else None
        level = REFERENCE_LEVELS[self.parameterAsEnum(parameters, P.REFERENCE_LEVEL, context) or 0]
        by = COLUMNS[level]
        units = gdf
        if "code_insee" not in units.columns and "code_iris" in units.columns:
            units = units.assign(code_insee=units["code_iris"].astype(str).str[:5])
        if by:
            communes, _ = _read_table(self, parameters, P.COMMUNES, context, epsg, required=False)
            table = communes if communes is not None else units
            if by == "epci_siren" and "epci_siren" not in table.columns and "epci_siren" not in units.columns:
                raise ParameterError("the EPCI reference needs the EPCI of each commune",
                                     hint="give COMMUNES (the communes imported with their EPCI) or an epci_siren "
                                          "field on the units")
            units = _add_group_columns(units, table if "code_insee" in table.columns else units)
            if ref_units is not None:
                ref_units = _add_group_columns(ref_units, table if "code_insee" in table.columns else ref_units)
        out, meta = mednum2019(units, references=refs, reference_by=by,
                               reference_units=None if ref_units is None else pd.DataFrame(ref_units.drop(
                                   columns="geometry", errors="ignore")))
        meta["reference_level"] = level
        communes_out = None
        if "code_iris" in out.columns:
            communes_out, cmeta = mednum_by_commune(out)
            meta["by_commune"] = cmeta
        return out, meta, communes_out
