"""Styles of TerriDiag's result layers.

Communes: one indicator in five classes (quantiles) with a colour-blind-safe ColorBrewer ramp in
which darker always means *worse* (the catalogue says whether higher is worse or better), legend
labels carrying the values and units, the indicator's full name in the layer's title, masked
communes hatched and labelled as such (statistical confidentiality), communes without data dotted.
Nothing is told by colour alone: classes are labelled with their values and the masked state is a
hatch plus a map label. Service places and the typology use the ``.qml`` files of
``resources/styles`` (symbol shape per category), relabelled in the user's language.
"""
from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import numpy as np
from qgis.core import (QgsApplication, QgsFillSymbol, QgsLinePatternFillSymbolLayer, QgsPalLayerSettings,
                       QgsPointPatternFillSymbolLayer, QgsRuleBasedRenderer, QgsTextBufferSettings,
                       QgsTextFormat, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QCoreApplication, QTranslator
from qgis.PyQt.QtGui import QColor

from ..core import display
from ..core.export import fields as export_fields
from ..core.indicators.catalog import BETTER, WORSE, describe

STYLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "styles"

# ColorBrewer, colour-blind safe (colorbrewer2.org): light = better, dark = worse.
RAMP_WORSE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]     # YlOrRd 5
RAMP_NEUTRAL = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"]   # Blues 5


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)


@lru_cache(maxsize=4)
def _translator(lang: str):
    translator = QTranslator()
    qm = Path(__file__).resolve().parents[2] / "i18n" / f"terridiag_{lang}.qm"
    return translator if translator.load(str(qm)) else None


def say(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang``: the installed translation serves the language QGIS runs in; an output
    asked for in another one (a French atlas from an English QGIS) reads that language's .qm."""
    if not lang or lang == language():
        return tr(text)
    translator = _translator(lang)
    return (translator.translate("TerriDiag", text) if translator else "") or text

def translate(context: str, text: str) -> str:
    """Marks a constant for scripts/i18n.py; it is translated with tr() when shown."""
    return text


def language() -> str:
    """Two-letter language QGIS runs in."""
    return (QgsApplication.locale() or "en")[:2]


# --- names, units, numbers -----------------------------------------------------------------
# units of the catalogue shown in words (the others are symbols: %, km, min, km²)
UNIT_WORDS = {
    "inhabitants": translate("TerriDiag", "inhabitants"),
    "count": translate("TerriDiag", "count"),
    "per inhabitant": translate("TerriDiag", "per inhabitant"),
    "places per inhabitant": translate("TerriDiag", "places per inhabitant"),
    "places per 10,000 inhabitants": translate("TerriDiag", "places per 10,000 inhabitants"),
    "ratio to territory mean": translate("TerriDiag", "ratio to territory mean"),
    "EUR per consumption unit": translate("TerriDiag", "EUR per consumption unit"),
    "base 100": translate("TerriDiag", "base 100"),
    "0-100 or z": translate("TerriDiag", "0-100 or z"),
}


def label_of(field: str, lang: str | None = None) -> str:
    entry = describe(field)
    if entry is None:
        return field
    text = entry.label_fr if (lang or language()) == "fr" else entry.label_en
    # per-category fields name the category by its id ("(france_services)"): show its name
    for cat, name in SERVICE_LABELS.items():
        text = text.replace(f"({cat})", f"({say(name, lang)})")
    return text


def display_unit(field: str, lang: str | None = None) -> str:
    """The unit values are *shown* in: fractions as %, metres as km, words in the user's language."""
    entry = describe(field)
    unit = entry.unit if entry else ""
    unit = {"fraction": "%", "m": "km"}.get(unit, unit)
    if unit in UNIT_WORDS:
        return say(UNIT_WORDS[unit], lang)
    return entry.unit_for(lang or language()) if entry is not None and unit == entry.unit else unit


def _scale(field: str) -> float:
    entry = describe(field)
    unit = entry.unit if entry else ""
    return {"fraction": 100.0, "m": 0.001}.get(unit, 1.0)


def format_value(field: str, value, lang: str | None = None, with_unit: bool = True) -> str:
    """A value as shown to people: 0.4231 -> '42,3 %', 2350 m -> '2,4 km'."""
    if value is None:
        return "—"
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(v):
        return "—"
    v *= _scale(field)
    unit = display_unit(field, lang)
    raw_unit = describe(field).unit if describe(field) else ""
    if raw_unit in ("count", "inhabitants") or (v == int(v) and abs(v) >= 100):
        text = f"{v:,.0f}".replace(",", "\u202f")
    elif abs(v) >= 100:
        text = f"{v:.0f}"
    elif abs(v) >= 10:
        text = f"{v:.1f}"
    else:
        text = f"{v:.2f}" if unit not in ("%", "km", "min") else f"{v:.1f}"
    if (lang or language()) == "fr":
        text = text.replace(".", ",")
    if with_unit and unit and raw_unit not in ("count", "bool", "inhabitants"):
        text = f"{text}\u00a0{unit}"
    return text


def indicator_title(field: str, lang: str | None = None) -> str:
    """Legend title: the full indicator name with its unit."""
    entry = describe(field)
    raw_unit = entry.unit if entry else ""
    unit = display_unit(field, lang)
    name = label_of(field, lang)
    # counts and people need no unit after a name that says it ("Population", "Addresses")
    if not unit or raw_unit in ("bool", "count", "inhabitants"):
        return name
    return export_fields.with_unit(name, unit)         # the unit said once ("… pour 10 000 habitants" keeps one)


def darker_is_worse_ramp(field: str) -> list[str]:
    """Colours for the classes in increasing value order (darker = worse)."""
    entry = describe(field)
    direction = entry.direction if entry else None
    if direction == WORSE:
        return list(RAMP_WORSE)
    if direction == BETTER:
        return list(reversed(RAMP_WORSE))
    return list(RAMP_NEUTRAL)


def class_breaks(values, classes: int = 5) -> list[float]:
    """Quantile class bounds (classes + 1 values, duplicates dropped) of the finite values."""
    arr = np.asarray([v for v in values if v is not None], dtype=float)
    arr = arr[np.isfinite(arr)]
    if arr.size == 0:
        return []
    bounds = np.unique(np.quantile(arr, np.linspace(0.0, 1.0, classes + 1)))
    if bounds.size == 1:
        return [float(bounds[0]), float(bounds[0])]
    return [float(b) for b in bounds]


# --- communes ------------------------------------------------------------------------------
def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _fill(color: str) -> QgsFillSymbol:
    return QgsFillSymbol.createSimple({"color": color, "outline_color": "#4d4d4d", "outline_width": "0.2"})


def _hatched() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"color": "#f0f0f0", "outline_color": "#4d4d4d", "outline_width": "0.2"})
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.6)
    hatch.setLineWidth(0.25)
    hatch.setColor(QColor("#525252"))
    symbol.appendSymbolLayer(hatch)
    return symbol


def _dotted() -> QgsFillSymbol:
    symbol = QgsFillSymbol.createSimple({"color": "#ffffff", "outline_color": "#4d4d4d", "outline_width": "0.2"})
    dots = QgsPointPatternFillSymbolLayer()
    dots.setDistanceX(2.0)
    dots.setDistanceY(2.0)
    dots.subSymbol().setSize(0.5)
    dots.subSymbol().setColor(QColor("#969696"))
    symbol.appendSymbolLayer(dots)
    return symbol


def masked_expression(layer) -> str:
    return 'coalesce("masked", false)' if layer.fields().indexOf("masked") >= 0 else "false"


def style_communes(layer, field: str, classes: int = 5, lang: str | None = None,
                   confidentiality: int | None = None) -> list[float]:
    """Graduated style of ``field`` on a commune layer; returns the class bounds used."""
    lang = lang or language()
    masked = masked_expression(layer)
    idx = layer.fields().indexOf(field)
    values = []
    if idx >= 0:
        mask_idx = layer.fields().indexOf("masked")
        for feat in layer.getFeatures():
            if mask_idx >= 0 and feat[mask_idx] not in (None, False, 0) and str(feat[mask_idx]) not in ("NULL", "false"):
                continue
            v = feat[idx]
            try:
                values.append(float(v))
            except (TypeError, ValueError):
                continue
    bounds = class_breaks(values, classes)
    colors = darker_is_worse_ramp(field)
    root = QgsRuleBasedRenderer.Rule(None)
    qf = _quote(field)
    if len(bounds) >= 2:
        n = len(bounds) - 1
        # spread the ramp over the classes actually present
        picks = [colors[round(i * (len(colors) - 1) / max(n - 1, 1))] for i in range(n)]
        for i in range(n):
            lo, hi = bounds[i], bounds[i + 1]
            op = ">=" if i == 0 else ">"
            expr = f"NOT {masked} AND {qf} {op} {lo!r} AND {qf} <= {hi!r}"
            label = f"{format_value(field, lo, lang, False)} – {format_value(field, hi, lang)}"
            root.appendChild(QgsRuleBasedRenderer.Rule(_fill(picks[i]), 0, 0, expr, label))
    if masked != "false":
        text = say("Masked: too few addresses (statistical confidentiality)", lang)
        if confidentiality:
            text = say("Masked: fewer than {n} addresses (statistical confidentiality)", lang).format(n=confidentiality)
        root.appendChild(QgsRuleBasedRenderer.Rule(_hatched(), 0, 0, masked, text))
    root.appendChild(QgsRuleBasedRenderer.Rule(_dotted(), 0, 0, "ELSE", say("No data", lang)))
    # Hand QGIS a C++ clone and let Python free the renderer it built. A renderer created from Python
    # is a sip-derived object: once the layer owned it, a Python reference to it still alive when
    # the layer replaced it (the next restyle, or ``layer.renderer()`` kept in the console, a test,
    # another plugin) made its wrapper free the rule tree a second time, corrupting the heap; the
    # crash came later, anywhere (QTextDocument, QTextFrame destructors when the dock closed).
    built = QgsRuleBasedRenderer(root)
    layer.setRenderer(built.clone())
    label_communes(layer, lang)
    layer.setName(indicator_title(field, lang))
    layer.setCustomProperty("terridiag/style_field", field)
    layer.triggerRepaint()
    return bounds


def label_communes(layer, lang: str | None = None) -> None:
    """Commune names; masked communes get a second line saying so."""
    names = layer.fields().names()
    name = "nom" if "nom" in names else ("name" if "name" in names else "code_insee")
    masked = masked_expression(layer)
    word = say("masked", lang).replace("'", "''")
    settings = QgsPalLayerSettings()
    settings.isExpression = True
    shown = display.qgis_expression(_quote(name))       # a hostile or endless name stays one short text
    settings.fieldName = f"CASE WHEN {masked} THEN {shown} || '\\n(' || '{word}' || ')' ELSE {shown} END"
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
SERVICE_LABELS = {
    "france_services": translate("TerriDiag", "France Services"),
    "mediation": translate("TerriDiag", "Digital mediation place"),
    "townhall": translate("TerriDiag", "Town hall"),
    "library": translate("TerriDiag", "Library"),
    "post_office": translate("TerriDiag", "Post office"),
    "other": translate("TerriDiag", "Other place"),
}

TYPOLOGY_LABELS = {
    "priority": translate("TerriDiag", "Priority: far and fragile"),
    "far": translate("TerriDiag", "Far from help"),
    "fragile": translate("TerriDiag", "Fragile population"),
    "served": translate("TerriDiag", "Served"),
    "unknown": translate("TerriDiag", "Unknown (missing data)"),
}


def _apply_qml(layer, name: str, labels: dict) -> bool:
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
            if key in ("", "NULL", "None") and "other" in labels:   # the catch-all category
                key = "other"
            if key in labels:
                renderer.updateCategoryLabel(i, tr(labels[key]))
    layer.triggerRepaint()
    return True


def style_services(layer) -> bool:
    """Category symbols (a different shape per category) with translated legend labels."""
    ok = _apply_qml(layer, "services", SERVICE_LABELS)
    layer.setName(tr("Service and mediation places"))
    return ok


def style_typology(layer) -> bool:
    ok = _apply_qml(layer, "typology", TYPOLOGY_LABELS)
    if ok:
        label_communes(layer)
        layer.setName(tr("Typology: where to act first"))
    return ok


# --- scenarios ------------------------------------------------------------------------------
RAMP_GAIN = ["#c7e9c0", "#74c476", "#31a354", "#006d2c"]    # Greens: darker = more people reached


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


def style_gains(layer, field: str = "people_gained", classes: int = 4) -> list[float]:
    """Communes by the addresses a scenario brings within reach: no change in grey, gains in
    greens (classes labelled with their values), losses (a place closed) hatched."""
    idx = layer.fields().indexOf(field)
    values = [float(f[idx]) for f in layer.getFeatures() if f[idx] is not None and str(f[idx]) != "NULL"]
    positive = [v for v in values if v > 0]
    bounds = class_breaks(positive, classes)
    root = QgsRuleBasedRenderer.Rule(None)
    qf = _quote(field)
    unit = tr("addresses")
    if len(bounds) >= 2:
        n = len(bounds) - 1
        picks = [RAMP_GAIN[round(i * (len(RAMP_GAIN) - 1) / max(n - 1, 1))] for i in range(n)]
        for i in range(n):
            lo, hi = bounds[i], bounds[i + 1]
            op = ">=" if i == 0 else ">"
            label = f"+{_count(lo)} – {_count(hi)} {unit}" if lo != hi else f"+{_count(hi)} {unit}"
            root.appendChild(QgsRuleBasedRenderer.Rule(_fill(picks[i]), 0, 0,
                                                       f"{qf} {op} {lo!r} AND {qf} <= {hi!r} AND {qf} > 0", label))
    if any(v < 0 for v in values):
        root.appendChild(QgsRuleBasedRenderer.Rule(_hatched(), 0, 0, f"{qf} < 0", tr("Fewer within reach")))
    root.appendChild(QgsRuleBasedRenderer.Rule(_fill("#f0f0f0"), 0, 0, "ELSE", tr("No change")))
    layer.setRenderer(QgsRuleBasedRenderer(root).clone())
    label_communes(layer)
    layer.setCustomProperty("terridiag/style_field", field)
    layer.triggerRepaint()
    return bounds


def _count(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")
