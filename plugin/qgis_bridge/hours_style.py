"""Map style of the places' opening status (hours-aware access): open, closed, unknown hours —
told apart by shape as well as colour (colour-blind safe), with translated legend labels; and
the post-processor that applies it when Processing loads the layer."""
from __future__ import annotations

from qgis.core import (QgsCategorizedSymbolRenderer, QgsMarkerSymbol, QgsProcessingLayerPostProcessorInterface,
                       QgsRendererCategory)

from ..i18n import tr


def _mark(context: str, text: str) -> str:
    """Marks a legend text for scripts/i18n.py; tr() translates it when the style is made."""
    return text


translate = _mark

# status -> (marker shape, fill, size, legend text)
_SYMBOLS = {
    "open": ("circle", "#1b9e77", 3.2, translate("TerriDiag", "Open in the time window")),
    "closed": ("cross2", "#636363", 2.8, translate("TerriDiag", "Closed in the time window")),
    "unknown": ("triangle", "#e6ab02", 3.0, translate("TerriDiag", "Opening hours unknown")),
    "not counted": ("circle", "#bdbdbd", 1.8, translate("TerriDiag", "Not among the places measured")),
}


def style_hours_status(layer) -> None:
    """A category per hours_status value."""
    cats = []
    for value, (shape, color, size, label) in _SYMBOLS.items():
        symbol = QgsMarkerSymbol.createSimple({"name": shape, "color": color, "size": str(size),
                                               "outline_color": "#222222" if shape != "cross2" else color,
                                               "outline_width": "0.4"})
        cats.append(QgsRendererCategory(value, symbol, tr(label)))
    layer.setRenderer(QgsCategorizedSymbolRenderer("hours_status", cats).clone())
    layer.setName(tr("Places by opening status"))
    layer.triggerRepaint()


class _HoursStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API name)
        if layer is not None and layer.fields().indexOf("hours_status") >= 0:
            style_hours_status(layer)


# Processing keeps only a pointer to the post-processor: it must outlive the algorithm run
_POST_PROCESSOR = None


def style_on_load(dest_id: str, context) -> None:
    """Style the output ``dest_id`` when Processing loads it into the project."""
    global _POST_PROCESSOR
    if not context.willLoadLayerOnCompletion(dest_id):
        return
    if _POST_PROCESSOR is None:
        _POST_PROCESSOR = _HoursStylePostProcessor()
    context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(_POST_PROCESSOR)
