"""Print atlas over the communes: one page per commune, exported to one PDF.

Two layouts, built in code so they follow the data (fields present, language, sources):
``a4`` (A4 portrait: map, key figures, legend, sources — the commune sheet to print) and
``poster`` (A3 landscape for workshops: a large map, the commune's name and three numbers in big
type, legible from a distance). Either can be saved as a .qpt template to edit in QGIS's layout
designer. The layout lives in its own QgsProject: the user's project is not touched.
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import (QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemLegend, QgsLayoutItemMap,
                       QgsLayoutItemPage, QgsLayoutItemScaleBar, QgsLayoutObject, QgsLayoutPoint,
                       QgsLayoutSize, QgsPrintLayout, QgsProject, QgsProperty, QgsReadWriteContext,
                       QgsSymbolLayer, QgsUnitTypes, QgsVectorLayer)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from ..core import display
from ..core.errors import ParameterError
from ..core.presentation.classification import HIGHLIGHT
from ..core.presentation.demand import demand_sentence, network_sentence, with_demand, without_unused_counts
from ..core.presentation.indicators import field_info, label_with_unit
from ..core.presentation.language import colon, fr_typography
from ..core.presentation.numbers import format_value
from ..core.presentation.sources import is_synthetic, odbl_notice, source_lines
from ..core.presentation.titles import default_title
from ..core.presentation.vocabulary import TypologyClass, is_true
from ..core.presentation.vocabulary import word as t
from . import styles
from .compat import field_type

MM = QgsUnitTypes.LayoutUnit.LayoutMillimeters
FORMATS = {"a4": ("A4", QgsLayoutItemPage.Orientation.Portrait, 210.0, 297.0),
           "poster": ("A3", QgsLayoutItemPage.Orientation.Landscape, 420.0, 297.0)}
A4_FIELDS = ("population", "n_addresses", "share_within", "dist_median_m", "dist_p90_m", "share_thd30",
             "share_ftth", "ifn_global")
_SLOTS: dict = {}
POSTER_FIELDS = ("share_within", "dist_median_m", "share_thd30")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _epci_names(layer):
    """The layer's EPCI names as a one-column table, for :func:`default_title` (None without the field)."""
    import pandas as pd
    from qgis.core import NULL

    idx = layer.fields().indexOf("epci_nom")
    if idx < 0:
        return None
    return pd.DataFrame({"epci_nom": [v for v in layer.uniqueValues(idx) if v is not None and v != NULL]})


TEXT_PREFIX = "_txt_"


def _commune_table(layer):
    """The layer's attributes as a table (no geometry), for the demand sentence."""
    import pandas as pd
    from qgis.core import NULL, QgsFeatureRequest

    names = [f.name() for f in layer.fields()]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.Flag.NoGeometry)
    rows = [[None if v == NULL else v for v in feat.attributes()] for feat in layer.getFeatures(request)]
    return pd.DataFrame(rows, columns=names)


def add_text_fields(layer, fields, lang: str, metadata: dict | None = None) -> dict[str, str]:
    """Text fields ``_txt_<field>`` holding each value as every output prints it (the presentation
    core's numbers: "83 %", "1,2 km"; "masqué (secret statistique)" for a masked value; the
    vocabulary's typology class), added to ``layer`` (a memory copy); returns field -> text field."""
    from qgis.core import NULL, QgsField

    from ..core.export.report import commune_missing
    from ..core.presentation.demand import outside_graph

    names = layer.fields().names()
    wanted = [f for f in fields if f in names]
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(TEXT_PREFIX + f, field_type("string")) for f in wanted])
    layer.updateFields()
    idx = {f: layer.fields().indexOf(f) for f in wanted}
    tidx = {f: layer.fields().indexOf(TEXT_PREFIX + f) for f in wanted}
    m_idx = layer.fields().indexOf("masked")
    c_idx = layer.fields().indexOf("code_insee")
    outside = {str(c) for c in outside_graph(metadata).get("communes") or []}
    infos = {f: field_info(f, lang, metadata, names) for f in wanted}
    changes = {}
    for feat in layer.getFeatures():
        masked = m_idx >= 0 and is_true(feat[m_idx])
        code = str(feat[c_idx]) if c_idx >= 0 else ""
        values = {}
        for f in wanted:
            v = feat[idx[f]]
            v = None if v == NULL else v
            if f == "typology":
                member = TypologyClass.get(v)
                text = member.label(lang) if member is not None else ("" if v is None else str(v))
            else:
                missing = commune_missing(f, infos[f], masked, code in outside, lang)
                text = format_value(v, infos[f].unit, lang, missing=missing)
            values[tidx[f]] = text
        changes[feat.id()] = values
    if not provider.changeAttributeValues(changes):
        raise ParameterError("the atlas could not write its text fields into the copy of the communes layer",
                             hint="run the diagnosis again and use its commune layer")
    layer.updateFields()
    return {f: TEXT_PREFIX + f for f in wanted}


def _text_height(text: str, width_mm: float, size_pt: float) -> float:
    """The height (mm) a wrapped label needs: DejaVu Sans averages 0.55 em a character, a line is
    1.25 em (a generous estimate: a cut source line is worse than a blank line)."""
    import math

    em = size_pt * 0.3528
    per_line = max(20, int(width_mm / (0.55 * em)))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return lines * 1.25 * em + 2.0


def _fitted_title(layout, text: str, name: str, x, y, w, h, sizes) -> None:
    """A commune's name as big as its length allows: one label per (font size, longest name it
    fits), each printed only on the pages whose name fits it and not a smaller size before it
    (a long name must not wrap into the lines below)."""
    low = 0
    for size, longest in sizes:
        item = _label(layout, text, x, y, w, h, size, bold=True)
        shown = f"length({name}) > {low} AND length({name}) <= {longest}" if low else f"length({name}) <= {longest}"
        item.dataDefinedProperties().setProperty(QgsLayoutObject.DataDefinedProperty.ExcludeFromExports,
                                                 QgsProperty.fromExpression(f"NOT ({shown})"))
        low = longest


def _label(layout, text: str, x, y, w, h, size: float, bold=False, colour="#111111", align=Qt.AlignmentFlag.AlignLeft,
           background: str | None = None):
    item = QgsLayoutItemLabel(layout)
    item.setText(text)
    font = QFont("DejaVu Sans")
    font.setPointSizeF(size)
    font.setBold(bold)
    item.setFont(font)
    item.setFontColor(QColor(colour))
    item.setHAlign(align)
    item.setVAlign(Qt.AlignmentFlag.AlignVCenter if h < 30 else Qt.AlignmentFlag.AlignTop)
    item.setMode(QgsLayoutItemLabel.Mode.ModeFont)
    if background:
        item.setBackgroundEnabled(True)
        item.setBackgroundColor(QColor(background))
    item.attemptMove(QgsLayoutPoint(x, y, MM))
    item.attemptResize(QgsLayoutSize(w, h, MM))
    layout.addLayoutItem(item)
    return item


def _follow_atlas(mapitem, width_mm: float, height_mm: float, margin: float) -> None:
    """Centre the map on each atlas commune with ``margin`` around it, keeping the item's size.
    (QGIS 3.22's "auto" atlas scaling resizes the map item to the commune's shape, which breaks the
    page layout: the extent is set here, at the item's aspect ratio, when the atlas moves on.)"""
    from qgis.core import QgsRectangle
    ratio = width_mm / height_mm

    def on_feature(feature):
        from qgis.core import QgsCoordinateTransform, QgsCsException
        geom = feature.geometry() if feature is not None else None
        if geom is None or geom.isEmpty():
            return
        box = geom.boundingBox()
        layer = mapitem.layout().atlas().coverageLayer()
        if layer is not None and layer.crs() != mapitem.crs():       # an atlas per département: its legal CRS
            try:
                box = QgsCoordinateTransform(layer.crs(), mapitem.crs(),
                                             mapitem.layout().project()).transformBoundingBox(box)
            except QgsCsException:
                return          # the commune cannot be put in the map's CRS: the map stays where it is
        w = max(box.width(), box.height() * ratio, 1.0) * (1 + 2 * margin)
        h = w / ratio
        c = box.center()
        mapitem.attemptResize(QgsLayoutSize(width_mm, height_mm, MM))
        mapitem.zoomToExtent(QgsRectangle(c.x() - w / 2, c.y() - h / 2, c.x() + w / 2, c.y() + h / 2))

    atlas = mapitem.layout().atlas()
    atlas.featureChanged.connect(on_feature)
    _SLOTS[id(atlas)] = on_feature   # keep the Python slot alive while the layout lives


def _highlight_atlas_feature(layer) -> None:
    """Thick dark outline on the atlas's commune, thin grey elsewhere (data-defined: no extra
    legend entry)."""
    # the legend draws its swatches with the atlas feature as context feature: its variables
    # (@legend_column_count) keep the swatches plain
    current = "@atlas_featureid = $id AND @legend_column_count IS NULL"
    renderer = layer.renderer()
    rules = renderer.rootRule().children() if hasattr(renderer, "rootRule") else []
    for rule in rules:
        symbol = rule.symbol()
        if symbol is None:
            continue
        for k in range(symbol.symbolLayerCount()):
            sl = symbol.symbolLayer(k)
            if sl.layerType() != "SimpleFill":     # the outline only: a hatch or dot pattern keeps its own
                continue
            sl.setDataDefinedProperty(QgsSymbolLayer.Property.PropertyStrokeWidth,
                                      QgsProperty.fromExpression(f"if({current}, 1.4, 0.2)"))
            sl.setDataDefinedProperty(QgsSymbolLayer.Property.PropertyStrokeColor,
                                      QgsProperty.fromExpression(f"if({current}, '{HIGHLIGHT}', '#555555')"))


def _legend_style(legend) -> None:
    """The layer's name already is the indicator's title: no separate legend title."""
    from qgis.core import QgsLegendStyle
    legend.setTitle("")
    for part, size in ((QgsLegendStyle.Style.Subgroup, 9.0), (QgsLegendStyle.Style.SymbolLabel, 8.0)):
        font = QFont("DejaVu Sans")
        font.setPointSizeF(size)
        font.setBold(part == QgsLegendStyle.Style.Subgroup)
        legend.setStyleFont(part, font)
    legend.setResizeToContents(True)


def _scalebar(layout, mapitem, x, y) -> None:
    """A kilometre scale bar that fits each atlas page's scale."""
    from qgis.core import QgsScaleBarSettings
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(mapitem)
    bar.setUnits(QgsUnitTypes.DistanceUnit.DistanceKilometers)
    bar.setUnitLabel("km")
    bar.setNumberOfSegments(2)
    bar.setNumberOfSegmentsLeft(0)
    bar.setSegmentSizeMode(QgsScaleBarSettings.SegmentSizeMode.SegmentSizeFitWidth)
    bar.setMinimumBarWidth(20.0)
    bar.setMaximumBarWidth(45.0)
    bar.setUnitsPerSegment(1.0)
    bar.setBackgroundEnabled(True)
    bar.attemptMove(QgsLayoutPoint(x, y, MM))
    layout.addLayoutItem(bar)
    bar.update()


def _rows_text(texts: dict, fields, lang, metadata, names, with_labels=True) -> str:
    lines = []
    for name in fields:
        if name in texts:
            value = "[% " + _quote(texts[name]) + " %]"
            label = label_with_unit(field_info(name, lang, metadata, names))
            lines.append(f"{label}{colon(lang)}{value}" if with_labels else value)
    return "\n".join(lines)


DEPARTEMENT_VARIABLE = "terridiag_departement"


def departement_expression() -> str:
    """The QGIS expression of a commune's département code (two characters, three for 97x)."""
    return "if(left(\"code_insee\", 2) = '97', left(\"code_insee\", 3), left(\"code_insee\", 2))"


def departements_in(layer, codes=None) -> list[str]:
    """The départements of the layer's communes (of ``codes`` when given), in code order."""
    from ..core.crs import department_of

    idx = layer.fields().indexOf("code_insee")
    if idx < 0:
        return []
    wanted = None if not codes else {str(c) for c in codes}
    found = {department_of(str(v)) for v in layer.uniqueValues(idx)
             if v is not None and str(v) and (wanted is None or str(v) in wanted)}
    return sorted(found, key=lambda c: (len(c), c))


def build_layout(project: QgsProject, layer: QgsVectorLayer, indicator: str, metadata: dict | None = None, *,
                 fmt: str = "a4", lang: str = "fr", codes=None, by_departement: bool = False) -> QgsPrintLayout:
    """A print layout with an atlas over ``layer`` (one page per commune, sorted by INSEE code).
    ``by_departement``: the layout of :func:`export_atlas_by_departement` (the département's name
    on every page, from the layout variable ``terridiag_departement``)."""
    if fmt not in FORMATS:
        raise ParameterError(f"unknown atlas format '{fmt}'", hint="use 'a4' or 'poster'")
    if layer.fields().indexOf(indicator) < 0:
        raise ParameterError(f"the communes layer has no indicator field '{indicator}'", column=indicator,
                             hint="choose a numeric field of the diagnosis layer")
    meta = display.metadata(metadata or {})       # titles and sources as plain, bounded text
    if layer.providerType() != "memory":      # text fields are added: never to the user's file
        from qgis.core import QgsFeatureRequest
        layer = layer.materialize(QgsFeatureRequest())
        if project.addMapLayer(layer) is None:
            raise ParameterError("the communes layer cannot be read for the atlas",
                                 hint="choose the polygon layer written by the diagnosis")
    paper, orientation, width, height = FORMATS[fmt]
    names = layer.fields().names()
    table = _commune_table(layer)
    meta = with_demand(meta, table)          # labels and sentences say what the figures rest on
    styles.style_communes(layer, indicator, lang=lang, metadata=meta)     # the web map's classes
    _highlight_atlas_feature(layer)
    # the figures the data give for at least one commune (an empty column is no key figure)
    shown = [f for f in dict.fromkeys([*A4_FIELDS, *POSTER_FIELDS, indicator, "typology"])
             if f in table.columns and table[f].notna().any()]
    shown = without_unused_counts(shown, meta, table) if indicator != "n_addresses" else shown
    texts = add_text_fields(layer, shown, lang, meta)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(f"TerriDiag atlas {fmt}")
    layout.pageCollection().page(0).setPageSize(paper, orientation)

    atlas = layout.atlas()
    atlas.setCoverageLayer(layer)
    atlas.setEnabled(True)
    name_field = "nom" if layer.fields().indexOf("nom") >= 0 else "code_insee"
    atlas.setPageNameExpression(_quote(name_field))
    if layer.fields().indexOf("code_insee") >= 0:
        atlas.setSortFeatures(True)
        atlas.setSortExpression('"code_insee"')
        if codes:
            quoted = ", ".join("'" + str(c).replace("'", "''") + "'" for c in codes)
            atlas.setFilterFeatures(True)
            atlas.setFilterExpression(f'"code_insee" IN ({quoted})')

    synthetic = is_synthetic(meta)
    top = 0.0
    if synthetic:
        _label(layout, t("synthetic_banner", lang), 0, 0, width, 9, 9 if fmt == "a4" else 14, bold=True,
               colour="#ffffff", align=Qt.AlignmentFlag.AlignHCenter, background="#b30000")
        top = 9.0
    title = default_title(meta, _epci_names(layer), lang)     # the web map's and the report's rule
    if by_departement:
        title = f"{title} — [% @{DEPARTEMENT_VARIABLE} %]"
    info = field_info(indicator, lang, meta, names)
    commune_names = (dict(zip(table["code_insee"].astype(str), table["nom"].astype(str)))
                     if table is not None and {"code_insee", "nom"} <= set(table.columns) else None)
    demand = " ".join(s for s in (demand_sentence(meta, lang, table), network_sentence(meta, lang, commune_names))
                      if s)
    sources = source_lines(meta, lang) + ([odbl_notice(lang)] if _uses_osm(meta) else [])
    sources_text = fr_typography(t("sources", lang) + colon(lang) + " · ".join(sources), lang) if sources else \
        fr_typography(t("sources", lang) + colon(lang) + {"fr": "non indiquées par les données d’entrée",
                                                           "en": "not stated by the input data"}[lang], lang)
    foot = (demand + "\n" if demand else "") + sources_text

    mapitem = QgsLayoutItemMap(layout)
    mapitem.setCrs(layer.crs())
    mapitem.setLayers([layer])
    mapitem.setKeepLayerSet(True)
    mapitem.setFrameEnabled(False)
    layout.addLayoutItem(mapitem)
    # a map item has an empty extent at first, and resizing it then makes the extent NaN
    mapitem.attemptResize(QgsLayoutSize(100, 100, MM))
    mapitem.zoomToExtent(layer.extent())

    typology = texts.get("typology")
    if fmt == "a4":
        name = display.qgis_expression(_quote(name_field), 60)
        heading = f"[% {name} %] ([% \"code_insee\" %])" if name_field == "nom" else f"[% {name} %]"
        _fitted_title(layout, heading, name, 10, top + 6, 190, 12, ((20, 34), (13, 60)))
        _label(layout, f"{title} — {info.label}", 10, top + 18, 190, 7, 10, colour="#444444")
        foot_h = max(26.0, _text_height(foot, 190, 6.5))     # the sources are never cut: the map gives way
        map_h = min(140 - top, 288 - foot_h - top - 99)
        mapitem.attemptMove(QgsLayoutPoint(10, top + 28, MM))
        mapitem.attemptResize(QgsLayoutSize(190, map_h, MM))
        _follow_atlas(mapitem, 190, map_h, 0.9)    # the neighbours frame the commune
        legend_y = top + 32 + map_h
        legend = QgsLayoutItemLegend(layout)
        legend.setLinkedMap(mapitem)
        _legend_style(legend)
        legend.attemptMove(QgsLayoutPoint(10, legend_y, MM))
        layout.addLayoutItem(legend)
        _label(layout, t("key_figures", lang), 105, legend_y, 95, 7, 11, bold=True)
        _label(layout, _rows_text(texts, A4_FIELDS, lang, meta, names), 105, legend_y + 8, 95, 45, 9)
        if typology:
            _label(layout, t("typology", lang) + colon(lang) + f"[% {_quote(typology)} %]",
                   105, legend_y + 55, 95, 8, 10, bold=True)
        _scalebar(layout, mapitem, 13, top + 14 + map_h)
        _label(layout, foot, 10, 288 - foot_h, 190, foot_h, 6.5, colour="#333333")
        _label(layout, f"{title} — [% @atlas_featurenumber %] / [% @atlas_totalfeatures %]", 10, 289, 190, 5, 7,
               colour="#666666", align=Qt.AlignmentFlag.AlignRight)
    else:  # A3 landscape poster: big map, big name, three numbers
        foot_h = max(16.0, _text_height(foot, 404, 8))
        map_h = height - top - 8 - foot_h - 6
        mapitem.attemptMove(QgsLayoutPoint(8, top + 8, MM))
        mapitem.attemptResize(QgsLayoutSize(290, map_h, MM))
        _follow_atlas(mapitem, 290, map_h, 0.7)
        name = display.qgis_expression(_quote(name_field), 60)
        _fitted_title(layout, f"[% {name} %]", name, 305, top + 10, 108, 30, ((36, 24), (24, 60)))
        _label(layout, title, 305, top + 42, 108, 12, 13, colour="#444444")
        y = top + 62
        for name in POSTER_FIELDS:
            if name not in texts:
                continue
            _label(layout, field_info(name, lang, meta, names).label, 305, y, 108, 10, 14, colour="#444444")
            _label(layout, f"[% {_quote(texts[name])} %]", 305, y + 10, 108, 24, 26, bold=True)
            y += 40
        if typology:
            _label(layout, f"[% {_quote(typology)} %]", 305, y, 108, 16, 18, bold=True, colour="#7a0000")
        legend = QgsLayoutItemLegend(layout)
        legend.setLinkedMap(mapitem)
        _legend_style(legend)
        legend.attemptMove(QgsLayoutPoint(305, max(y + 20, 200), MM))
        layout.addLayoutItem(legend)
        _label(layout, foot, 8, height - 2 - foot_h, 404, foot_h, 8, colour="#333333")
    mapitem.zoomToExtent(layer.extent())
    return layout


def _uses_osm(meta) -> bool:
    from ..core.presentation.sources import uses_osm
    return uses_osm(meta)


def export_atlas_pdf(layout: QgsPrintLayout, path, dpi: int = 150, feedback=None) -> Path:
    """Every atlas page into one PDF (written beside, then renamed: no half-written file)."""
    import os
    import tempfile

    out = Path(path)
    atlas = layout.atlas()
    atlas.updateFeatures()
    if atlas.count() == 0:
        raise ParameterError("the atlas has no page: no commune matches", hint="check the INSEE codes given")
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}-", suffix=".part.pdf", dir=str(out.parent))
    os.close(fd)
    settings = QgsLayoutExporter.PdfExportSettings()
    settings.dpi = dpi
    settings.forceVectorOutput = False
    settings.rasterizeWholeImage = False
    try:
        result, error = QgsLayoutExporter.exportToPdf(atlas, tmp, settings, feedback)
        if result == QgsLayoutExporter.ExportResult.Canceled:
            from ..core.errors import Cancelled
            raise Cancelled()
        if result != QgsLayoutExporter.ExportResult.Success:
            raise ParameterError(f"the atlas could not be exported ({error or result})", path=str(out),
                                 hint="check that the folder is writable")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)   # mkstemp made it private; a shared PDF gets the usual mode
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


def export_atlas_by_departement(layout: QgsPrintLayout, folder, stem: str, codes=None, dpi: int = 150,
                                feedback=None) -> dict[str, Path]:
    """One PDF per département, ``<folder>/<stem>_<code>.pdf``: the pages of its communes only (of
    ``codes`` when given), its map in the legal CRS of its territory, its name and code on every
    page. ``layout``: from :func:`build_layout` with ``by_departement=True``. Returns
    {département code: path}."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsExpressionContextUtils

    from ..core.crs import legal_crs
    from ..core.presentation.departements import departement_label

    atlas = layout.atlas()
    layer = atlas.coverageLayer()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    mapitem = next(item for item in layout.items() if isinstance(item, QgsLayoutItemMap))
    wanted = ""
    if codes:
        wanted = " AND \"code_insee\" IN (" + ", ".join("'" + str(c).replace("'", "''") + "'" for c in codes) + ")"
    out = {}
    deps = departements_in(layer, codes)
    for k, dep in enumerate(deps):
        if feedback is not None and feedback.isCanceled():
            from ..core.errors import Cancelled
            raise Cancelled()
        QgsExpressionContextUtils.setLayoutVariable(layout, DEPARTEMENT_VARIABLE, departement_label(dep))
        atlas.setFilterFeatures(True)
        atlas.setFilterExpression(f"{departement_expression()} = '{dep}'{wanted}")
        mapitem.setCrs(QgsCoordinateReferenceSystem(f"EPSG:{legal_crs(dep)}"))
        out[dep] = export_atlas_pdf(layout, folder / f"{stem}_{dep}.pdf", dpi=dpi, feedback=feedback)
        if feedback is not None:
            feedback.setProgress(100.0 * (k + 1) / len(deps))
    return out


def save_template(layout: QgsPrintLayout, path) -> Path:
    """The layout as a .qpt template, to adjust in the layout designer and reuse."""
    if not layout.saveAsTemplate(str(path), QgsReadWriteContext()):
        raise ParameterError("the layout template could not be written", path=str(path))
    return Path(path)
