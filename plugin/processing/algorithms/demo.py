"""terridiag:demo_territory — write the synthetic demo territory in the official file formats."""
from __future__ import annotations

from qgis.core import (QgsProcessingOutputString,
                       QgsProcessingParameterFolderDestination, QgsProcessingParameterNumber)

from .base import TerriDiagAlgorithm
from .. import names
from .. import params as P


class DemoTerritoryAlgorithm(TerriDiagAlgorithm):
    ALG_ID = "demo_territory"
    DISPLAY = "Generate the demo territory"
    GROUP = "Data"
    GROUP_ID = "data"
    HELP = ("Writes a synthetic but realistic French territory (about 30 communes, 40,000 BAN addresses, "
            "France Services, mediation places, ARCEP statistics, fragility variables, an OSM road network) "
            "in the official file formats, to try TerriDiag or to train without real data. Everything it "
            "writes is marked as synthetic. The same seed always gives the same files.")

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API name)
        self.addParameter(QgsProcessingParameterNumber(
            P.SEED, self.tr("Random seed (same seed, same territory)"),
            QgsProcessingParameterNumber.Type.Integer, defaultValue=None, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterFolderDestination(
            P.OUTPUT_FOLDER, self.tr("Folder for the demo territory files")))
        self.addOutput(QgsProcessingOutputString(
            names.FILES, self.tr("Files written (JSON: dataset → path)")))

    def execute(self, parameters, context, feedback):
        import json

        from ...core.demo.generator import generate

        folder = self.parameterAsString(parameters, P.OUTPUT_FOLDER, context)
        seed = parameters.get(P.SEED)
        seed = None if seed in (None, "") else self.parameterAsInt(parameters, P.SEED, context)
        feedback.info(self.tr("Generating the demo territory (synthetic data)…"))
        paths = generate(folder, seed=seed, feedback=feedback)
        paths = {str(k): str(v) for k, v in paths.items()}
        for key, path in sorted(paths.items()):
            feedback.info(f"{key}: {path}")
        return {P.OUTPUT_FOLDER: folder, names.FILES: json.dumps(paths)}
