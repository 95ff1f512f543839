"""Small helpers that make the panels' widgets fit a narrow dock: combo boxes that elide their
text with "…" and show it whole in their tooltip, table headers with a short label and the full
text in their tooltip."""
from __future__ import annotations

import html

from qgis.PyQt.QtCore import QCoreApplication, QEvent, QObject, QRect, QSize, Qt, QTimer
from qgis.PyQt.QtWidgets import (QComboBox, QHeaderView, QSizePolicy, QStyle, QStyledItemDelegate,
                                 QStyleOptionComboBox, QStyleOptionViewItem, QStylePainter, QTableWidgetItem)


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)


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
        if event.type() != QEvent.Paint or not isinstance(obj, QComboBox) or obj.isEditable():
            return False
        painter = QStylePainter(obj)
        try:
            painter.setPen(obj.palette().color(obj.foregroundRole()))
            opt = QStyleOptionComboBox()
            obj.initStyleOption(opt)
            painter.drawComplexControl(QStyle.CC_ComboBox, opt)
            field = obj.style().subControlRect(QStyle.CC_ComboBox, opt, QStyle.SC_ComboBoxEditField, obj)
            width = field.width() - 4
            if not opt.currentIcon.isNull():
                width -= opt.iconSize.width() + 4
            opt.currentText = obj.fontMetrics().elidedText(opt.currentText, self.mode, max(width, 0))
            painter.drawControl(QStyle.CE_ComboBoxLabel, opt)
        finally:
            painter.end()
        return True


def full_text_tooltip(current: str, description: str = "") -> str:
    """Rich-text tooltip (so that Qt wraps it): the full current text, then what the widget is for."""
    parts = [f"<b>{html.escape(current)}</b>"] if current else []
    if description:
        parts.append(html.escape(description))
    return "<qt>" + "<br>".join(parts) + "</qt>"


def fit_combo(combo: QComboBox, description: str = "", mode=Qt.ElideRight, min_chars: int = 10) -> None:
    """Let ``combo`` shrink to the dock's width: its text is elided with "…", and its tooltip
    gives the full text followed by ``description`` (kept up to date), as do its items."""
    combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    policy = combo.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Expanding)
    combo.setSizePolicy(policy)
    combo._terridiag_eliding = _ElidingPainter(combo, mode)   # noqa: SLF001 - keep it alive
    combo.installEventFilter(combo._terridiag_eliding)

    def update(*_args):
        combo.setToolTip(full_text_tooltip(combo.currentText(), description))
        for i in range(combo.count()):
            if not combo.itemData(i, Qt.ToolTipRole):
                combo.setItemData(i, combo.itemText(i), Qt.ToolTipRole)

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
        header.setSectionResizeMode(col, QHeaderView.Stretch if col == stretch else QHeaderView.ResizeToContents)


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
        text = opt.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextWordWrap, opt.text)
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
        tree.doItemsLayout()
        if fit_height:
            fit_tree_height(tree)

    def later(*_args):
        if not pending:
            pending.append(True)
            QTimer.singleShot(0, relayout)

    tree.header().sectionResized.connect(later)
    tree.model().dataChanged.connect(later)
    tree.model().rowsInserted.connect(later)
