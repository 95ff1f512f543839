"""Styles of TerriDiag's result layers, from the presentation core's one vocabulary and one
classification (``core.presentation``): the QGIS map shows the same classes, colours, numbers and
words as the web map, the report and the atlas.

Communes: one indicator in classes (``presentation.classification``: the darkest class is the one
that needs attention), legend labels carrying the values and units, the indicator's full name (its
threshold stated) in the layer's title, masked communes hatched and labelled as such (statistical
confidentiality), communes without data dotted. Nothing is told by colour alone: classes are
labelled with their values and the masked state is a hatch plus a map label. Service places and the
typology use the ``.qml`` files of ``resources/styles`` (a symbol shape per category), with the
vocabulary's labels and colours.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import (QgsFillSymbol, QgsLinePatternFillSymbolLayer, QgsPalLayerSettings,
                       QgsPointPatternFillSymbolLayer, QgsRuleBasedRenderer, QgsTextBufferSettings,
                       QgsTextFormat, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtGui import QColor

from ..core import display
from ..i18n import language, tr
from ..core.presentation import classification as classes
from ..core.presentation.indicators import field_info, format_field, title, unit_label
from ..core.presentation.numbers import number
from ..core.presentation.vocabulary import Category, TypologyClass, word

STYLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "styles"


# --- names, units, numbers: the presentation core's ---------------------------------------
def label_of(field: str, lang: str | None = None, metadata: dict | None = None, columns=()) -> str:
    """The field's label in ``lang`` (the QGIS session's by default), its threshold stated."""
    return field_info(field, lang or language(), metadata, columns).label


def display_unit(field: str, lang: str | None = None) -> str:
    """The unit values are *shown* in: "%", "km", "min", or words in ``lang``."""
    return unit_label(field_info(field, lang or language()))


def format_value(field: str, value, lang: str | None = None) -> str:
    """A value of ``field`` as every output prints it: 0.4231 -> "42 %", 2350 m -> "2,4 km"."""
    return format_field(field, value, lang or language())


def indicator_title(field: str, lang: str | None = None, metadata: dict | None = None, columns=()) -> str:
    """Legend title: the full indicator name with its unit, said once."""
    return title(field_info(field, lang or language(), metadata, columns))


# --- communes ------------------------------------------------------------------------------
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fill(color: str) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple({"color": color, "outline_color": classes.OUTLINE, "outline_width": "0.2"})


def _hatched() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"color": classes.MASKED, "outline_color": classes.OUTLINE,
                                         "outline_width": "0.2"})
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.6)
    hatch.setLineWidth(0.25)
    hatch.setColor(QColor("#525252"))
    symbol.appendSymbolLayer(hatch)
    return symbol


def _dotted() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"color": classes.NO_DATA, "outline_color": classes.OUTLINE,
                                         "outline_width": "0.2"})
    dots = QgsPointPatternFillSymbolLayer()
    dots.setDistanceX(2.0)
    dots.setDistanceY(2.0)
    dots.subSymbol().setSize(0.5)
    dots.subSymbol().setColor(QColor("#969696"))
    symbol.appendSymbolLayer(dots)
    return symbol


def masked_expression(layer) -> str:
    return 'coalesce("masked", false)' if layer.fields().indexOf("masked") >= 0 else "false"


def _layer_values(layer, field: str) -> list[float]:
    """The finite values of ``field`` (masked communes have none in the confidential fields)."""
    from qgis.core import QgsFeatureRequest

    idx = layer.fields().indexOf(field)
    if idx < 0:
        return []
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry).setSubsetOfAttributes([idx])
    out = []
    for feat in layer.getFeatures(request):
        try:
            out.append(float(feat[idx]))
        except (TypeError, ValueError):
            continue
    return out


def _any(layer, expression: str) -> bool:
    """True when a feature of the layer matches ``expression``."""
    from qgis.core import QgsFeatureRequest

    request = QgsFeatureRequest().setFilterExpression(expression).setLimit(1)
    request.setFlags(QgsFeatureRequest.Flag.NoGeometry)
    return any(True for _ in layer.getFeatures(request))


def communes_classification(layer, field: str, lang: str | None = None, metadata: dict | None = None):
    """The classification of ``field`` over the layer's communes (the web map's and the report's)."""
    lang = lang or language()
    info = field_info(field, lang, metadata, layer.fields().names())
    return classes.classify(_layer_values(layer, field), info.unit, info.direction, lang), info


def style_communes(layer, field: str, lang: str | None = None, confidentiality: int | None = None,
                   metadata: dict | None = None) -> list[float]:
    """Graduated style of ``field`` on a commune layer; returns the class limits used."""
    lang = lang or language()
    masked = masked_expression(layer)
    classification, info = communes_classification(layer, field, lang, metadata)
    root = QgsRuleBasedRenderer.Rule(None)
    qf = _quote(field)
    bounds = classification.breaks
    for i, (colour, label) in enumerate(zip(classification.colours, classification.labels)):
        lo, hi = bounds[i], bounds[i + 1]
        op = ">=" if i == 0 else ">"
        expr = f"{qf} {op} {lo!r} AND {qf} <= {hi!r}"
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(colour), 0, 0, expr, label))
    hidden = f"{masked} AND {qf} IS NULL"
    if masked != "false" and _any(layer, hidden):      # a legend lists only what the map shows
        text = (word("masked_legend_n", lang, n=confidentiality) if confidentiality else
                word("masked_legend", lang))
        root.appendChild(QgsRuleBasedRenderer.Rule(_hatched(), 0, 0, hidden, text))
    root.appendChild(QgsRuleBasedRenderer.Rule(_dotted(), 0, 0, "ELSE", word("no_data_legend", lang)))
    # Hand QGIS a C++ clone and let Python free the renderer it built. A renderer created from Python
    # is a sip-derived object: once the layer owned it, a Python reference to it still alive when
    # the layer replaced it (the next restyle, or ``layer.renderer()`` kept in the console, a test,
    # another plugin) made its wrapper free the rule tree a second time, corrupting the heap; the
    # crash came later, anywhere (QTextDocument, QTextFrame destructors when the dock closed).
    built = QgsRuleBasedRenderer(root)
    layer.setRenderer(built.clone())
    label_communes(layer, lang)
    layer.setName(title(info))
    layer.setCustomProperty("terridiag/style_field", field)
    layer.triggerRepaint()
    return bounds


def label_communes(layer, lang: str | None = None) -> None:
    """Commune names; masked communes get a second line saying so."""
    names = layer.fields().names()
    name = "nom" if "nom" in names else ("name" if "name" in names else "code_insee")
    masked = masked_expression(layer)
    text = word("masked_short", lang or language()).replace("'", "''")
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    shown = display.qgis_expression(_quote(name))       # a hostile or endless name stays one short text
    settings.fieldName = f"CASE WHEN {masked} THEN {shown} || '\\n(' || '{text}' || ')' ELSE {shown} END"
    fmt = QgsTextFormat()
    fmt.setSize(8)
    fmt.setColor(QColor("#111111"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    buffer.setColor(QColor("#ffffff"))
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


# --- services, typology: .qml in resources/styles ------------------------------------------
def _apply_qml(layer, name: str, vocabulary, lang: str) -> bool:
    """The .qml's symbols (a shape per category), with the vocabulary's label and colour of each."""
    qml = STYLES_DIR / f"{name}.qml"
    if not qml.exists():
        return False
    _msg, ok = layer.loadNamedStyle(str(qml))
    if not ok:
        return False
    renderer = layer.renderer()
    if hasattr(renderer, "categories"):
        for i, cat in enumerate(renderer.categories()):
            key = str(cat.value())
            if key in ("", "NULL", "None"):      # the catch-all category
                key = "other"
            member = vocabulary.get(key)
            if member is None:
                continue
            renderer.updateCategoryLabel(i, member.label(lang))
            symbol = cat.symbol().clone()
            if symbol.symbolLayerCount():
                symbol.symbolLayer(0).setColor(QColor(member.colour))
            renderer.updateCategorySymbol(i, symbol)
    layer.triggerRepaint()
    return True


def style_services(layer, lang: str | None = None) -> bool:
    """Category symbols (a different shape per category) with the vocabulary's names and colours."""
    ok = _apply_qml(layer, "services", Category, lang or language())
    layer.setName(tr("Service and mediation places"))
    return ok


QPV_COLOUR = "#6a3d9a"     # the priority neighbourhoods' outline and hatch (not a class colour)


def style_qpv(layer) -> None:
    """Priority neighbourhoods (or the IRIS in one) over a choropleth: no fill, a purple outline and a
    sparse hatch, so the classes below stay readable."""
    from qgis.core import QgsSingleSymbolRenderer

    symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": QPV_COLOUR, "outline_width": "0.6"})
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(-45)
    hatch.setDistance(3.0)
    hatch.setLineWidth(0.3)
    hatch.setColor(QColor(QPV_COLOUR))
    symbol.appendSymbolLayer(hatch)
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))


def style_typology(layer, lang: str | None = None) -> bool:
    ok = _apply_qml(layer, "typology", TypologyClass, lang or language())
    if ok:
        label_communes(layer, lang)
        layer.setName(tr("Typology: where to act first"))
    return ok


# --- scenarios ------------------------------------------------------------------------------
def _marker(shape: str, color: str, size: float, outline: str = "#222222"):
    from qgis.core import QgsMarkerSymbol
    return QgsMarkerSymbol.createSimple({"name": shape, "color": color, "size": str(size),
                                         "outline_color": outline, "outline_width": "0.4"})


def style_scenario_points(layer, added: bool) -> None:
    """Places to open: a green cross; places to close: a red X (shapes differ, not only colours)."""
    from qgis.core import QgsSingleSymbolRenderer
    symbol = _marker("cross_fill", "#1b9e77", 4.5) if added else _marker("x", "#d95f02", 4.5, "#d95f02")
    layer.setRenderer(QgsSingleSymbolRenderer(symbol).clone())   # a C++ copy, see style_communes
    layer.triggerRepaint()


def style_sites(layer) -> None:
    """Best sites: a star labelled with its rank."""
    from qgis.core import QgsSingleSymbolRenderer
    layer.setRenderer(QgsSingleSymbolRenderer(_marker("star", "#7570b3", 6.0)).clone())
    settings = QgsPalLayerSettings()
    settings.fieldName = "rank"
    fmt = QgsTextFormat()
    fmt.setSize(10)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    settings.placement = QgsPalLayerSettings.Placement.OverPoint
    settings.yOffset = -4.0
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


def style_gains(layer, field: str = "people_gained", n: int = 4) -> list[float]:
    """Communes by the addresses a scenario brings within reach: no change in grey, gains in
    greens (the presentation core's classes and gain ramp, labelled with their values), losses (a
    place closed) hatched."""
    lang = language()
    values = _layer_values(layer, field)
    positive = [v for v in values if v > 0]
    gains = classes.classify(positive, "count", classes.GAIN, lang, n)
    root = QgsRuleBasedRenderer.Rule(None)
    qf = _quote(field)
    unit = tr("addresses")
    for i, colour in enumerate(gains.colours):
        lo, hi = gains.breaks[i], gains.breaks[i + 1]
        op = ">=" if i == 0 else ">"
        label = f"+{number(lo, 0, lang)} – {number(hi, 0, lang)} {unit}" if lo != hi else f"+{number(hi, 0, lang)} {unit}"
        root.appendChild(QgsRuleBasedRenderer.Rule(_fill(colour), 0, 0,
                                                   f"{qf} {op} {lo!r} AND {qf} <= {hi!r} AND {qf} > 0", label))
    if any(v < 0 for v in values):
        root.appendChild(QgsRuleBasedRenderer.Rule(_hatched(), 0, 0, f"{qf} < 0", tr("Fewer within reach")))
    root.appendChild(QgsRuleBasedRenderer.Rule(_fill(classes.NO_DATA), 0, 0, "ELSE", tr("No change")))
    layer.setRenderer(QgsRuleBasedRenderer(root).clone())
    label_communes(layer)
    layer.setCustomProperty("terridiag/style_field", field)
    layer.triggerRepaint()
    return gains.breaks
