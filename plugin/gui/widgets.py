"""Small helpers that make the panels' widgets fit a narrow dock: combo boxes that elide their
text with "…" and show it whole in their tooltip, table headers with a short label and the full
text in their tooltip, rows of buttons that wrap when the dock is narrow."""
from __future__ import annotations

import html

from qgis.PyQt import sip
from qgis.PyQt.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from qgis.PyQt.QtWidgets import (QComboBox, QHeaderView, QSizePolicy, QStyle,
                                 QStyledItemDelegate, QStyleOptionComboBox, QStyleOptionViewItem, QStylePainter,
                                 QTableWidgetItem, QWidget)

from ..qgis_bridge.compat import enum_int
from ..i18n import tr


def labelled(label: str, value: str) -> str:
    """"label: value" with the punctuation of the user's language (French: a non-breaking space
    before the colon, from the translation)."""
    return tr("{label}: {value}").format(label=label, value=value)


class _ElidingPainter(QObject):
    """Paints a (non-editable) combo box like QComboBox::paintEvent, with its text elided."""

    def __init__(self, parent, mode):
        super().__init__(parent)
        self.mode = mode

    def eventFilter(self, obj, event):  # noqa: N802 (Qt API name)
        if event.type() != QEvent.Type.Paint or not isinstance(obj, QComboBox) or obj.isEditable():
            return False
        painter = QStylePainter(obj)
        try:
            painter.setPen(obj.palette().color(obj.foregroundRole()))
            opt = QStyleOptionComboBox()
            obj.initStyleOption(opt)
            painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
            field = obj.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                               QStyle.SubControl.SC_ComboBoxEditField, obj)
            width = field.width() - 4
            if not opt.currentIcon.isNull():
                width -= opt.iconSize.width() + 4
            opt.currentText = obj.fontMetrics().elidedText(opt.currentText, self.mode, max(width, 0))
            painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)
        finally:
            painter.end()
        return True


def full_text_tooltip(current: str, description: str = "") -> str:
    """Rich-text tooltip (so that Qt wraps it): the full current text, then what the widget is for."""
    parts = [f"<b>{html.escape(current)}</b>"] if current else []
    if description:
        parts.append(html.escape(description))
    return "<qt>" + "<br>".join(parts) + "</qt>"


def fit_combo(combo: QComboBox, description: str = "", mode=Qt.TextElideMode.ElideRight, min_chars: int = 10) -> None:
    """Let ``combo`` shrink to the dock's width: its text is elided with "…", and its tooltip
    gives the full text followed by ``description`` (kept up to date), as do its items."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    policy = combo.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    combo.setSizePolicy(policy)
    combo._terridiag_eliding = _ElidingPainter(combo, mode)   # noqa: SLF001 - keep it alive
    combo.installEventFilter(combo._terridiag_eliding)

    def update(*_args):
        combo.setToolTip(full_text_tooltip(combo.currentText(), description))
        for i in range(combo.count()):
            if not combo.itemData(i, Qt.ItemDataRole.ToolTipRole):
                combo.setItemData(i, combo.itemText(i), Qt.ItemDataRole.ToolTipRole)

    combo.currentIndexChanged.connect(update)
    model = combo.model()
    for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged, model.modelReset):
        signal.connect(update)
    combo._terridiag_update_tooltip = update   # noqa: SLF001 - for changes made with signals blocked
    update()


def refresh_combo_tooltip(combo) -> None:
    """Bring the tooltip of a :func:`fit_combo` combo up to date (after changes with signals blocked)."""
    update = getattr(combo, "_terridiag_update_tooltip", None)
    if update is not None:
        update()


def set_headers(table, headers, stretch: int = 0) -> None:
    """Header labels for a QTableWidget: ``headers`` are (short label, full text) pairs; the
    full text is the tooltip. Column ``stretch`` takes the room left, the others fit their content."""
    table.setColumnCount(len(headers))
    for col, (short, full) in enumerate(headers):
        item = QTableWidgetItem(short)
        item.setToolTip(full or short)
        table.setHorizontalHeaderItem(col, item)
    header = table.horizontalHeader()
    for col in range(len(headers)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)


class _WrappingDelegate(QStyledItemDelegate):
    """Item heights that fit the text wrapped to the width of its column."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index):  # noqa: N802 (Qt API name)
        size = super().sizeHint(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self.view.header().sectionSize(index.column()) - 8
        if not opt.text or width <= 0:
            return size
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, opt.text)
        return QSize(size.width(), max(size.height(), text.height() + 6))


def fit_tree_height(tree, max_height: int = 400) -> None:
    """A fixed height showing every row of a (short) QTreeWidget, no empty space below."""
    rows = 0
    for i in range(tree.topLevelItemCount()):
        rows += max(tree.visualItemRect(tree.topLevelItem(i)).height(),
                    tree.sizeHintForRow(i) if hasattr(tree, "sizeHintForRow") else 0)
    frame = 2 * tree.frameWidth()
    scroll = tree.horizontalScrollBar().sizeHint().height() if tree.horizontalScrollBar().isVisible() else 0
    height = min(max_height, tree.header().sizeHint().height() + rows + frame + scroll + 2)
    tree.setFixedHeight(height)


def wrap_tree(tree, fit_height: bool = False) -> None:
    """Let the cells of a QTreeWidget wrap their words to the width of their column (rows grow),
    rather than cut them: a narrow dock shows every word. ``fit_height``: the tree is as tall as
    its rows."""
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setItemDelegate(_WrappingDelegate(tree))
    pending = []

    def relayout():
        pending.clear()
        if sip.isdeleted(tree):         # the dock was closed or the plugin unloaded meanwhile
            return
        tree.doItemsLayout()
        if fit_height:
            fit_tree_height(tree)
            # the new height can show or hide the vertical scroll bar, which changes the columns'
            # width and so the wrapped rows' heights: fit once more when that has settled
            QTimer.singleShot(0, refit)

    def refit():
        if not sip.isdeleted(tree):
            tree.doItemsLayout()
            fit_tree_height(tree)

    def later(*_args):
        if not pending:
            pending.append(True)
            QTimer.singleShot(0, relayout)

    tree.header().sectionResized.connect(later)
    tree.model().dataChanged.connect(later)
    tree.model().rowsInserted.connect(later)


class WrappingRow(QWidget):
    """A row of widgets (buttons, a label and its field) that goes on to a next line when the
    dock is narrower than the row, rather than making the panel scroll sideways. The widgets are
    placed by hand (a layout inside would hide the height-for-width from the parent layout)."""

    def __init__(self, widgets, spacing: int = -1, parent=None):
        super().__init__(parent)
        self.items = list(widgets)
        for widget in self.items:
            widget.setParent(self)
            widget.show()
        if spacing < 0:
            spacing = self.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        self.spacing = spacing if spacing >= 0 else 6
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def _widgets(self):
        return [w for w in self.items if not w.isHidden()]

    @staticmethod
    def _width(widget) -> int:
        """The least width a layout would give it (as Qt's qSmartMinSize: its size hint unless
        its policy lets it shrink)."""
        shrinks = enum_int(widget.sizePolicy().horizontalPolicy()) & enum_int(QSizePolicy.PolicyFlag.ShrinkFlag)
        least = widget.minimumSizeHint().width() if shrinks else widget.sizeHint().width()
        return max(least, widget.minimumWidth())

    def row_width(self) -> int:
        widgets = self._widgets()
        return sum(self._width(w) for w in widgets) + self.spacing * max(len(widgets) - 1, 0)

    def lines(self, width: int) -> list[list]:
        """The widgets in lines of at most ``width`` (as many on a line as fit, in order)."""
        lines, line, used = [], [], 0
        for w in self._widgets():
            need = self._width(w) + (self.spacing if line else 0)
            if line and used + need > width:
                lines.append(line)
                line, used = [], 0
                need = self._width(w)
            line.append(w)
            used += need
        if line:
            lines.append(line)
        return lines

    def sizeHint(self):  # noqa: N802 (Qt API name)
        return QSize(self.row_width(), self.heightForWidth(self.row_width()))

    def minimumSizeHint(self):  # noqa: N802 (Qt API name)
        width = max((self._width(w) for w in self._widgets()), default=0)
        return QSize(width, self.heightForWidth(width))

    def hasHeightForWidth(self):  # noqa: N802 (Qt API name)
        return True

    def heightForWidth(self, width):  # noqa: N802 (Qt API name)
        lines = self.lines(width)
        return sum(max(w.sizeHint().height() for w in line) for line in lines) + self.spacing * max(len(lines) - 1, 0)

    def resizeEvent(self, event):  # noqa: N802 (Qt API name)
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event):  # noqa: N802 (Qt API name)
        super().showEvent(event)
        self._place()

    def _place(self) -> None:
        """Each line fills the width: the room left goes to the widgets that want to grow (a line
        edit), else is shared by all."""
        width, y = self.width(), 0
        for line in self.lines(width):
            height = max(w.sizeHint().height() for w in line)
            expand = enum_int(QSizePolicy.PolicyFlag.ExpandFlag)
            growing = [w for w in line if enum_int(w.sizePolicy().horizontalPolicy()) & expand] or line
            room = width - sum(self._width(w) for w in line) - self.spacing * (len(line) - 1)
            each, rest = divmod(max(room, 0), len(growing))
            x = 0
            for w in line:
                share = each + (rest if w is growing[-1] else 0) if any(w is g for g in growing) else 0
                wide = min(self._width(w) + share, width - x)
                h = w.sizeHint().height()
                w.setGeometry(QRect(x, y + (height - h) // 2, wide, h))
                x += wide + self.spacing
            y += height + self.spacing


def wrap_row(parent_layout, row_layout) -> WrappingRow | None:
    """Replace the QHBoxLayout ``row_layout`` (an item of ``parent_layout``, a box layout) by a
    :class:`WrappingRow` of the same widgets; spacers are dropped."""
    index = next((i for i in range(parent_layout.count()) if parent_layout.itemAt(i).layout() is row_layout), -1)
    if index < 0:
        return None
    widgets = []
    while row_layout.count():
        item = row_layout.takeAt(0)
        if item.widget() is not None:
            widgets.append(item.widget())
    parent_layout.removeItem(row_layout)
    row = WrappingRow(widgets, row_layout.spacing(), parent_layout.parentWidget())
    row.setObjectName(row_layout.objectName() + "Row")
    row_layout.setParent(None)
    parent_layout.insertWidget(index, row)
    return row
