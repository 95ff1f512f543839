"""*Results* panel: the commune table (sortable, searchable), the commune sheet (key figures
against the territory's figure, with a small chart), the indicator that styles the map, help on
each indicator, and the buttons to the shared outputs (web map, report, export)."""
from __future__ import annotations

import html
from pathlib import Path

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QRectF, Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPen
from qgis.PyQt.QtWidgets import QHeaderView, QWidget
from qgis.PyQt.QtGui import QTextDocument

from ..core.indicators.catalog import BETTER, WORSE, describe
from ..core.presentation.sources import licences
from ..core.presentation.vocabulary import TypologyClass, is_true
from ..qgis_bridge import styles
from ..qgis_bridge.project import zoom_to_feature
from .results_model import FID_ROLE, CommuneFilter, CommuneModel, _number
from .widgets import fit_combo, labelled, refresh_combo_tooltip
from ..i18n import tr, translate

UI = Path(__file__).resolve().parents[2] / "ui" / "results_panel.ui"


# Key figures of the commune sheet, in reading order (the first ones present are shown).
KEY_FIGURES = ("share_within", "dist_mean_m", "dist_median_m", "time_mean_min", "fsca_norm",
               "share_ftth", "share_thd30", "share_no_bhd", "share_good_mobile", "ifn_global", "ifn5_score")
KEY_PREFIXES = ("share_within_", "pop_share_within_")
MAX_FIGURES = 9

WHY = {
    "coverage": translate("TerriDiag", "Human help with digital life must be near: the national target is a digitally equipped "
                "place within 5 km of every home. Far places are seldom used by those who need them most."),
    "network": translate("TerriDiag", "Straight lines understate the real trip: rivers, hills and sparse roads make some places "
               "much further in time than on the map."),
    "fsca": translate("TerriDiag", "Being near a place is not enough when it serves many people: accessibility weighs each place by "
            "the demand around it (two-step floating catchment area)."),
    "connectivity": translate("TerriDiag", "Without good broadband, online public services cannot be used at home: people then "
                    "depend on places that offer equipment and help."),
    "mobile": translate("TerriDiag", "Mobile coverage decides whether a smartphone can replace a home connection."),
    "fragility": translate("TerriDiag", "Age, diplomas, income and household make-up predict who struggles with digital tools: "
                 "help should go where fragility and distance add up."),
    "typology": translate("TerriDiag", "Crossing access and fragility shows where to act first."),
    "confidentiality": translate("TerriDiag", "Figures computed on a handful of addresses could single out households: they are "
                       "hidden, and the map says so."),
    "id": translate("TerriDiag", "Identifies the commune."),
}

def indicator_help(field: str, vintages: str = "", metadata: dict | None = None) -> str:
    """HTML help of one indicator: definition, formula, unit, what the access indicators were
    measured on (the run's demand: addresses, IRIS, grid cells or one point per commune), source,
    vintage, the licences of the run's sources (as they were recorded, never guessed), why it
    matters."""
    from ..qgis_bridge.run_texts import demand_lines
    entry = describe(field)
    if entry is None:
        return f"<p>{html.escape(field)}</p>"
    direction = {WORSE: tr("higher is worse"), BETTER: tr("higher is better")}.get(entry.direction,
                                                                                 tr("descriptive"))
    lang = styles.language()
    recorded = licences(metadata, lang) if metadata else []
    rows = [(tr("Definition"), entry.description_for(lang)),
            (tr("Formula"), entry.formula_for(lang)),
            (tr("Unit"), styles.display_unit(field)),
            (tr("Measured on"), " ".join(demand_lines(metadata["demand"]))
             if metadata and metadata.get("demand") and entry.group in ("coverage", "network", "fsca") else ""),
            (tr("Reading"), direction),
            (tr("Source"), entry.source_for(lang)),
            (tr("Vintage"), vintages),
            (tr("Licence"), "; ".join(recorded) if recorded else tr("see the data sources of the run")),
            (tr("Why it matters"), tr(WHY[entry.group]) if entry.group in WHY else "")]
    if entry.confidential:
        rows.append((tr("Confidentiality"), tr("Hidden for communes with too few addresses.")))
    body = "".join("<p>" + labelled(f"<b>{html.escape(k)}</b>", html.escape(v)) + "</p>" for k, v in rows if v)
    title = styles.label_of(field, lang, metadata)
    return f"<h3>{html.escape(title)}</h3><p><tt>{html.escape(field)}</tt></p>{body}"


def bar_chart(rows, width: int = 330) -> QImage:
    """Small horizontal bars: for each (label, commune share 0-1, territory share 0-1, worse) the
    commune's bar and a black tick for the territory's figure; values are also written as text
    in the sheet, so nothing is told by colour alone."""
    line_h, pad = 30, 4
    img = QImage(width, pad * 2 + line_h * len(rows), QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont()
    font.setPointSizeF(7.5)
    p.setFont(font)
    fm = QFontMetrics(font)
    for i, (label, value, avg, worse) in enumerate(rows):
        y = pad + i * line_h
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(0, y, width, fm.height()), Qt.AlignmentFlag.AlignLeft,
                   fm.elidedText(label, Qt.TextElideMode.ElideRight, width))
        bar_y = y + fm.height() + 1
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#eeeeee"))
        p.drawRect(QRectF(0, bar_y, width - 1, 9))
        if value is not None:
            p.setBrush(QColor("#d95f02") if worse else QColor("#1b9e77"))
            p.drawRect(QRectF(0, bar_y, max(1.0, (width - 1) * min(max(value, 0.0), 1.0)), 9))
        if avg is not None:
            x = (width - 1) * min(max(avg, 0.0), 1.0)
            p.setPen(QPen(QColor("black"), 2))
            p.drawLine(int(x), int(bar_y - 2), int(x), int(bar_y + 11))
    p.end()
    return img


class ResultsPanel(QWidget):
    styleRequested = pyqtSignal(str)
    outputRequested = pyqtSignal(str)     # "web_map", "report", "export", "atlas"

    def __init__(self, dock, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        self.dock = dock
        self.layer = None
        self.vintages = ""
        self._territory = None          # (figures, ranges) of the layer shown, computed once
        self.model = CommuneModel(None, self)
        self.proxy = CommuneFilter(self)
        self.proxy.setSourceModel(self.model)
        self.communeTable.setModel(self.proxy)
        self.communeTable.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.communeTable.verticalHeader().setVisible(False)
        self.communeTable.setTabKeyNavigation(False)
        self.searchEdit.textChanged.connect(self.proxy.set_search)
        self.communeTable.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._row_selected(cur))
        self.indicatorCombo.currentIndexChanged.connect(self._indicator_chosen)
        fit_combo(self.indicatorCombo, self.indicatorCombo.toolTip(), min_chars=12)
        self.helpButton.clicked.connect(self.show_help)
        self.webMapButton.clicked.connect(lambda: self.outputRequested.emit("web_map"))
        self.reportButton.clicked.connect(lambda: self.outputRequested.emit("report"))
        self.exportButton.clicked.connect(lambda: self.outputRequested.emit("export"))
        self.atlasButton.clicked.connect(lambda: self.outputRequested.emit("atlas"))
        self.sheetButton.clicked.connect(lambda: self.outputRequested.emit("workshop_sheet"))
        self.bundleButton.clicked.connect(lambda: self.outputRequested.emit("workshop_bundle"))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        # communes split into IRIS: the table, the map and the sheets switch between communes and IRIS
        from qgis.PyQt.QtWidgets import QComboBox
        self.unitCombo = QComboBox(self)
        self.unitCombo.setToolTip(tr("Show the communes, or the IRIS (the INSEE's units inside the communes "
                                     "split into IRIS)"))
        self.unitCombo.addItem(tr("Communes"), "communes")
        self.unitCombo.addItem(tr("IRIS"), "iris")
        self.unitCombo.setVisible(False)
        self.indicatorLayout.insertWidget(0, self.unitCombo)
        self.unitCombo.currentIndexChanged.connect(self._unit_chosen)
        self.layers = {"communes": None, "iris": None}
        self.set_layer(None)

    # --- layer -----------------------------------------------------------------------------
    def set_units(self, communes, iris=None, vintages: str = "") -> None:
        """The diagnosis's commune layer and, when it gave one, its IRIS layer: the table shows the
        communes; the unit list offers the IRIS."""
        self.layers = {"communes": communes, "iris": iris}
        self.unitCombo.blockSignals(True)
        self.unitCombo.setCurrentIndex(self.unitCombo.findData("communes"))
        self.unitCombo.blockSignals(False)
        self.unitCombo.setVisible(iris is not None)
        self.set_layer(communes, vintages)

    def unit(self) -> str:
        return self.unitCombo.currentData() if self.unitCombo.isVisible() else "communes"

    def _unit_chosen(self, *_):
        layer = self.layers.get(self.unit())
        if layer is not None:
            self.set_layer(layer, self.vintages)
            self.searchEdit.setPlaceholderText(tr("Search an IRIS (name, commune or code)") if self.unit() == "iris"
                                               else tr("Search a commune (name or INSEE code)"))

    def set_layer(self, layer, vintages: str = "") -> None:
        self.layer = layer
        self.vintages = vintages
        self._territory = None
        self._metadata = None
        self.model.metadata = self.run_metadata() if layer is not None else {}
        self.model.set_layer(layer)
        has = layer is not None
        self.emptyLabel.setVisible(not has)
        for w in (self.indicatorCombo, self.helpButton, self.searchEdit, self.communeTable, self.sheetBrowser):
            w.setEnabled(has)
        self.indicatorCombo.blockSignals(True)
        self.indicatorCombo.clear()
        if has:
            for field in self.model.columns:
                entry = describe(field)
                if entry is None or entry.group == "id" and field != "population":
                    continue
                self.indicatorCombo.addItem(styles.indicator_title(field, None, self.run_metadata(),
                                                                   self.model.columns), field)
                self.indicatorCombo.setItemData(self.indicatorCombo.count() - 1,
                                                 entry.description_for(styles.language()), Qt.ItemDataRole.ToolTipRole)
            current = layer.customProperty("terridiag/style_field")
            pos = self.indicatorCombo.findData(current) if current else -1
            self.indicatorCombo.setCurrentIndex(max(pos, 0))
            self.communeTable.resizeColumnsToContents()
            self.communeTable.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.indicatorCombo.blockSignals(False)
        refresh_combo_tooltip(self.indicatorCombo)
        self.update_outputs()
        prompt = (tr("Select an IRIS in the table to read its sheet.") if self.is_iris()
                  else tr("Select a commune in the table to read its sheet."))
        self._show(f"<p>{html.escape(prompt)}</p>" if has else "")

    def is_iris(self) -> bool:
        """The table shows IRIS (the layer has IRIS codes)."""
        return self.layer is not None and self.layer.fields().indexOf("code_iris") >= 0

    def update_outputs(self) -> None:
        from . import tasks
        for button, alg in ((self.webMapButton, "terridiag:web_map"), (self.reportButton, "terridiag:report"),
                            (self.exportButton, "terridiag:export"), (self.atlasButton, "terridiag:atlas"),
                            (self.sheetButton, "terridiag:workshop_sheet"),
                            (self.bundleButton, "terridiag:workshop_bundle")):
            available = tasks.algorithm(alg) is not None
            button.setEnabled(self.layer is not None and available)
            if not available:
                button.setToolTip(tr("Not available: the algorithm {id} is missing.").format(id=alg))

    def current_field(self) -> str:
        return self.indicatorCombo.currentData() or ""

    def _indicator_chosen(self, *_):
        field = self.current_field()
        if field:
            self.styleRequested.emit(field)

    def show_help(self) -> None:
        field = self.current_field()
        if field:
            self._show(indicator_help(field, self.vintages, self.run_metadata()))

    def _show(self, text: str, image: QImage | None = None, url: QUrl | None = None) -> None:
        """Show HTML in the sheet pane in a fresh document (with its chart image, if any)."""
        doc = QTextDocument(self.sheetBrowser)
        if image is not None:
            doc.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        doc.setHtml(text)
        self.sheetBrowser.setDocument(doc)   # Qt deletes the previous one (a child of the browser)

    # --- selection ----------------------------------------------------------------------------
    def select_code(self, code: str) -> bool:
        """Select the row of a commune by INSEE code, or of an IRIS by IRIS code (keyboard users, tests)."""
        key = "code_iris" if self.is_iris() else "code_insee"
        for r in range(self.proxy.rowCount()):
            src = self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            if str(self.model.value(src, key)) == code:
                self.communeTable.selectRow(r)
                self.communeTable.setCurrentIndex(self.proxy.index(r, 0))
                return True
        return False

    def selected_code(self) -> str:
        """The INSEE code of the commune selected in the table ("" when none is)."""
        index = self.communeTable.currentIndex()
        if not index.isValid() or self.layer is None or not self.communeTable.selectionModel().hasSelection():
            return ""
        return str(self.model.value(self.proxy.mapToSource(index).row(), "code_insee"))

    def _row_selected(self, index) -> None:
        if not index.isValid() or self.layer is None:
            return
        src = self.proxy.mapToSource(index).row()
        fid = self.model.fids[src]
        canvas = self.dock.iface.mapCanvas() if self.dock.iface is not None else None
        if canvas is not None:
            zoom_to_feature(canvas, self.layer, fid)
        self.layer.selectByIds([fid])
        self._show(*self.sheet_html(src))

    def territory_value(self, field: str):
        """(territory figure, min, max over the communes) of a key field, as
        ``core.export.report.territory_ranges`` gives them (the report's figure: sums for counts,
        otherwise weighted by addresses or population; masked communes' hidden values left out)."""
        if self._territory is None:
            from ..core.export.report import territory_ranges

            m = self.model
            fields = [f for f in dict.fromkeys([*self.key_fields(), "n_addresses", "population"]) if f in m.columns]
            values = {f: [_number(m.value(r, f)) for r in range(m.rowCount())] for f in fields}
            masked = [bool(m.masked[r]) for r in range(m.rowCount())]
            self._territory = territory_ranges(values, masked, self.run_metadata())
        return self._territory.get(field, (None, None, None))

    def run_metadata(self) -> dict:
        """The diagnosis's METADATA (demand, thresholds, territory figures, sources) for the layer
        shown: the dock's run file, else what the layer carries; read once per layer."""
        import json

        if self._metadata is None:
            from ..qgis_bridge.provenance import run_of_layer

            path = getattr(self.dock, "result_metadata", "") if self.dock is not None else ""
            try:
                meta = json.loads(Path(path).read_text(encoding="utf-8")) if path else {}
            except (OSError, ValueError):
                meta = {}
            self._metadata = meta if isinstance(meta, dict) and meta else run_of_layer(self.layer)
        return self._metadata

    def key_fields(self) -> list[str]:
        cols = self.model.columns
        out = [f for f in KEY_FIGURES if f in cols]
        out += [c for c in cols if c.startswith(KEY_PREFIXES) and c not in out]
        return out[:MAX_FIGURES]

    def sheet_html(self, row: int) -> str:
        m = self.model
        from ..core import display

        name = display.text(m.value(row, "nom") or "")     # no bidi override, no 10,000 characters
        code = display.text(m.value(row, "code_iris") or m.value(row, "code_insee") or "", 12)
        masked = m.masked[row]
        lang, meta, columns = styles.language(), self.run_metadata(), m.columns

        def label(field):
            return styles.label_of(field, lang, meta, columns)

        parts = [f"<h3>{html.escape(name)} <small>({html.escape(code)})</small></h3>"]
        facts = []
        for field in ("population", "n_addresses"):
            if field in m.columns and _number(m.value(row, field)) is not None:
                facts.append(labelled(html.escape(label(field)),
                                      f"<b>{styles.format_value(field, m.value(row, field))}</b>"))
        if "qpv" in m.columns and is_true(m.value(row, "qpv")):
            facts.append("<b>" + html.escape(tr("In a priority neighbourhood (QPV)")) + "</b>")
        if "typology" in m.columns and m.value(row, "typology") not in (None, ""):
            ident = str(m.value(row, "typology"))
            member = TypologyClass.get(ident)     # the vocabulary's word, as on every output
            value = member.label(lang) if member is not None else ident
            facts.append(labelled(html.escape(label("typology")), f"<b>{html.escape(value)}</b>"))
        if facts:
            parts.append("<p>" + " · ".join(facts) + "</p>")
        if masked:
            parts.append("<p><b>▨ " + html.escape(tr("Masked: too few addresses here, the address-based indicators "
                                                      "are hidden (statistical confidentiality).")) + "</b></p>")
        chart_rows, table = [], []
        for field in self.key_fields():
            entry = describe(field)
            hidden = masked and entry.confidential
            value = None if hidden else _number(m.value(row, field))
            mean, lo, hi = self.territory_value(field)
            text = tr("masked") if hidden else styles.format_value(field, value)
            table.append(f"<tr><td>{html.escape(label(field))}</td><td align='right'><b>{html.escape(text)}</b></td>"
                         f"<td align='right'>{html.escape(styles.format_value(field, mean))}</td></tr>")
            if hi is None:
                continue
            top = 1.0 if entry.unit == "fraction" else (hi if hi > 0 else 1.0)
            chart_rows.append((label(field), None if value is None else value / top,
                               None if mean is None else mean / top, entry.direction == WORSE))
        if table:
            parts.append("<table width='100%' cellspacing='1' cellpadding='2'><tr>"
                         f"<th align='left'>{html.escape(tr('Indicator'))}</th>"
                         f"<th align='right'>{html.escape(tr('IRIS') if self.is_iris() else tr('Commune'))}</th>"
                         f"<th align='right'>{html.escape(tr('Territory'))}</th></tr>"
                         + "".join(table) + "</table>")
        img = url = None
        if chart_rows:
            img = bar_chart(chart_rows)
            url = QUrl(f"terridiag://chart/{code}")
            parts.append(f"<p><img src='{url.toString()}'></p><p><small>"
                         + html.escape(tr("Bar: the commune (scale 0–100 % for shares, else the territory's "
                                          "maximum); black tick: the territory.")) + "</small></p>")
        return "".join(parts), img, url
