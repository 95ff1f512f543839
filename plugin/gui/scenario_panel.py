"""*Scenario* panel: try new places (or closing one) and see who gains, per commune
(``terridiag:what_if``); ask for the best N new sites with the demand each one adds
(``terridiag:optimal_sites``).

Places to open or close are picked on the map (a ``QgsMapToolEmitPoint``) or taken from a point
layer; they live in two small memory layers of the project so that people see them, and are
written to the run folder before a run (the background task never reads a layer being edited).
"""
from __future__ import annotations

import html
import math
from pathlib import Path

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeature, QgsFeatureRequest,
                       QgsGeometry, QgsMapLayerProxyModel, QgsPointXY, QgsProject, QgsVectorFileWriter,
                       QgsVectorLayer, QgsWkbTypes)
from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QFormLayout, QListWidgetItem, QTableWidgetItem, QWidget

from ..core.presentation.numbers import format_value, number
from ..core.presentation.vocabulary import PLACEMENT_OBJECTIVES, PlacementObjective, position
from ..core.scenario.methods import AUTO, METHODS
from ..qgis_bridge import project as qproject
from ..qgis_bridge import styles
from ..processing import names
from ..processing.params import OptimalSites, WhatIf
from . import tasks
from .widgets import fit_combo, refresh_combo_tooltip, set_headers, wrap_row
from ..i18n import tr, translate

UI = Path(__file__).resolve().parents[2] / "ui" / "scenario_panel.ui"
WHAT_IF = WhatIf.ID
OPTIMAL = OptimalSites.ID
ADDED, REMOVED = "added", "removed"
# a what-if tries a few places: a layer with more points than this is refused (40,000 addresses
# would freeze the dock and mean nothing); its selected points can be tried instead
MAX_TRY_POINTS = 500
NAME_FIELDS = ("name", "nom", "libelle", "label")


WEIGHTS = (("population", translate("TerriDiag", "Inhabitants (commune population)")),
           ("fragility", translate("TerriDiag", "Inhabitants × digital fragility")),
           ("address", translate("TerriDiag", "Addresses")))


def _commune_name(feature, fields) -> str:
    """The commune of a best site, as terridiag:optimal_sites wrote it: its name, else its code."""
    for name in ("nom", "code_insee"):
        if fields.indexOf(name) >= 0 and feature[name] not in (None, "") and str(feature[name]) != "NULL":
            return str(feature[name])
    return ""


def _fmt(value, decimals: int = 0) -> str:
    """A number for people, as every output prints it (presentation core): thin-space thousands,
    decimal comma in French."""
    return number(value, decimals, styles.language())


def _pct(value) -> str:
    return format_value(value, "share", styles.language())


def _km(metres) -> str:
    return format_value(metres, "m", styles.language())


def _num(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


class ScenarioPanel(QWidget):
    def __init__(self, dock, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        self.dock = dock
        self.layers = {ADDED: "", REMOVED: ""}   # memory layer ids of the places to open / close
        self.what_if_results: dict = {}
        self.optimal_results: dict = {}
        self.gains_layer_id = ""
        self.sites_layer_id = ""
        self.sites: list[tuple[float, float]] = []     # the last best sites, in their layer's CRS
        self.sites_crs = QgsCoordinateReferenceSystem()
        self.tool = None
        canvas = self.canvas()
        if canvas is not None:
            self.tool = QgsMapToolEmitPoint(canvas)
            self.tool.canvasClicked.connect(self._map_clicked)
            self.tool.deactivated.connect(self._tool_off)
        for combo in (self.pointLayerCombo, self.candidatesCombo):
            combo.setFilters(QgsMapLayerProxyModel.Filter.PointLayer)
        # no layer until the user picks one (the first point layer is often the addresses); the
        # addresses, the mobile sites and the scenario's own layers are not offered
        self.pointLayerCombo.setAllowEmptyLayer(True, tr("(choose a point layer…)"))
        self.pointLayerCombo.setLayer(None)
        self._excepted_ids: set = set()
        QgsProject.instance().layersRemoved.connect(self._update_point_layers)
        # no layer: the candidate sites are a regular grid over the territory
        self.candidatesCombo.setAllowEmptyLayer(True, tr("(regular grid)"))
        self.candidatesCombo.setLayer(None)
        for objective in PLACEMENT_OBJECTIVES:
            self.objectiveCombo.addItem(objective.label(styles.language()), objective.value)
        for key, label in WEIGHTS:
            self.weightCombo.addItem(tr(label), key)
        for combo in (self.pointLayerCombo, self.objectiveCombo, self.weightCombo, self.candidatesCombo):
            fit_combo(combo, combo.toolTip())
        # a narrow dock: rows of buttons wrap, fields go under their label when a row does not fit
        for row in (self.pickLayout, self.layerPickLayout, self.whatIfButtons):
            wrap_row(self.whatIfLayout, row)
        self.optimalLayout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        set_headers(self.whatIfTable, (
            (tr("Commune"), ""),
            (tr("Gained"), tr("Addresses newly within the distance of a place")),
            (tr("Before"), tr("Share of the addresses within the distance, before")),
            (tr("After"), tr("Share of the addresses within the distance, after")),
            (tr("Δ distance"), tr("Change of the mean distance to the nearest place"))))
        set_headers(self.sitesTable, (
            (tr("Rank"), tr("The order in which the sites were picked")),
            (tr("Gain"), tr("What the site adds: addresses newly within the distance (or, for the shortest "
                            "mean distance, the mean distance saved)")),
            (tr("Cumulated"), tr("Covered so far by the sites up to this one (or the mean distance so far)")),
            (tr("Commune"), tr("The commune where the site lies"))), stretch=3)
        for table in (self.whatIfTable, self.sitesTable):
            table.verticalHeader().setVisible(False)
            table.setWordWrap(False)
        self.addOnMapButton.toggled.connect(lambda on: self._pick(ADDED, on))
        self.removeOnMapButton.toggled.connect(lambda on: self._pick(REMOVED, on))
        self.addLayerButton.clicked.connect(self.add_layer_points)
        self.clearButton.clicked.connect(self.clear)
        self.whatIfButton.clicked.connect(self.run_what_if)
        self.optimalButton.clicked.connect(self.run_optimal)
        self.trySitesButton.clicked.connect(self.try_sites)
        self.candidatesCombo.layerChanged.connect(lambda layer: self.gridSpin.setEnabled(layer is None))
        self.pointLayerCombo.layerChanged.connect(lambda _layer: self.update_state())
        self.changeList.installEventFilter(self)
        self.trySitesButton.setEnabled(False)
        self.update_state()

    # --- helpers --------------------------------------------------------------------------------
    def canvas(self):
        return self.dock.iface.mapCanvas() if self.dock.iface is not None else None

    def _layer(self, kind: str, create: bool = False):
        layer = QgsProject.instance().mapLayer(self.layers[kind]) if self.layers[kind] else None
        if layer is None and create:
            canvas = self.canvas()
            crs = canvas.mapSettings().destinationCrs() if canvas is not None else QgsCoordinateReferenceSystem()
            if not crs.isValid():    # no canvas CRS: the communes', else the core default
                from ..core.crs import DEFAULT_EPSG
                base = self.dock.result_layer() or self._communes_layer()
                crs = (base.crs() if base is not None and base.crs().isValid()
                       else QgsCoordinateReferenceSystem.fromEpsgId(DEFAULT_EPSG))
            name = tr("Scenario: places to open") if kind == ADDED else tr("Scenario: places to close")
            layer = QgsVectorLayer(f"Point?crs={crs.authid()}&field=label:string", name, "memory")
            styles.style_scenario_points(layer, kind == ADDED)
            qproject.add_layer(layer, qproject.scenario_group(), position=0)
            self.layers[kind] = layer.id()
        return layer

    def points(self, kind: str) -> int:
        layer = self._layer(kind)
        return layer.featureCount() if layer is not None else 0

    def not_places(self) -> list:
        """Point layers that are not places to try: the addresses and the mobile sites of the first
        panel, the scenario's places to open / close."""
        data = self.dock.data_panel
        ids = [lid for role in ("addresses", "connectivity") for lid in data.datasets[role].layers]
        ids += [lid for lid in self.layers.values() if lid]
        return [layer for layer in (QgsProject.instance().mapLayer(lid) for lid in ids) if layer is not None]

    def _update_point_layers(self, *_args) -> None:
        combo = self.pointLayerCombo
        excepted = self.not_places()
        ids = {layer.id() for layer in excepted}
        # the ids are kept here: the combo's own list holds bare pointers, dangling once a layer is deleted
        if ids != self._excepted_ids:
            self._excepted_ids = ids
            current = combo.currentLayer()
            combo.blockSignals(True)
            combo.setExceptedLayerList(excepted)
            combo.setLayer(current if current is not None and current.id() not in ids else None)
            combo.blockSignals(False)
            refresh_combo_tooltip(combo)
        layer = combo.currentLayer()
        self.addLayerButton.setEnabled(layer is not None)
        if layer is None:
            self.addLayerButton.setToolTip(tr("Choose a layer of places first (town halls, libraries…)"))
        else:
            self.addLayerButton.setToolTip(tr("Add every point of the chosen layer (or only its selected points) "
                                              "as a place to try, up to {max}").format(max=MAX_TRY_POINTS))

    def update_state(self) -> None:
        self._update_point_layers()
        data = self.dock.data_panel
        has_data = bool(data.inputs("addresses")) and bool(self.dock.result_services or data.inputs("services"))
        free = not self.dock.busy()
        n_changes = self.points(ADDED) + self.points(REMOVED)
        self.whatIfButton.setEnabled(has_data and free and n_changes > 0 and tasks.algorithm(WHAT_IF) is not None)
        self.optimalButton.setEnabled(has_data and free and tasks.algorithm(OPTIMAL) is not None)
        if not has_data:
            hint = tr("Load the addresses and the places first (first panel).")
        elif not n_changes:
            hint = tr("Add a place on the map or from a layer first.")
        else:
            hint = ""
        self.whatIfButton.setToolTip(hint or tr("Compute the indicators before and after, per commune, in the "
                                                "background"))
        weighted = self.dock.result_layer() is not None
        for i, (key, _label) in enumerate(WEIGHTS):
            item = self.weightCombo.model().item(i)
            ok = key == "address" or (weighted and (key == "population" or bool(self._fragility_field())))
            item.setEnabled(ok)
            if not ok and self.weightCombo.currentIndex() == i:
                self.weightCombo.setCurrentIndex(len(WEIGHTS) - 1)

    def _fragility_field(self) -> str:
        layer = self.dock.result_layer()
        if layer is None:
            return ""
        return next((f for f in ("ifn_global", "ifn5_score") if layer.fields().indexOf(f) >= 0), "")

    # --- picking places ---------------------------------------------------------------------------
    def _pick(self, kind: str, on: bool) -> None:
        other = self.removeOnMapButton if kind == ADDED else self.addOnMapButton
        canvas = self.canvas()
        if on:
            other.blockSignals(True)
            other.setChecked(False)
            other.blockSignals(False)
            self.picking = kind
            if canvas is not None:
                canvas.setMapTool(self.tool)
            self.dock.set_status(tr("Click on the map where a place would open.") if kind == ADDED
                                 else tr("Click on the map near the place that would close."))
        elif canvas is not None and canvas.mapTool() is self.tool and not other.isChecked():
            canvas.unsetMapTool(self.tool)

    def _tool_off(self) -> None:
        for button in (self.addOnMapButton, self.removeOnMapButton):
            button.blockSignals(True)
            button.setChecked(False)
            button.blockSignals(False)

    def _map_clicked(self, point, button=None) -> None:
        if self.addOnMapButton.isChecked():
            self.add_point(ADDED, point, self.canvas().mapSettings().destinationCrs())
        elif self.removeOnMapButton.isChecked():
            self.remove_near(point, self.canvas().mapSettings().destinationCrs())

    def add_point(self, kind: str, point: QgsPointXY, crs, label: str = "") -> None:
        self.add_points(kind, [(point, label)], crs)

    def add_points(self, kind: str, points, crs) -> None:
        """Add (point, label) pairs in ``crs`` to the places to open / close, in one edit."""
        layer = self._layer(kind, create=True)
        transform = QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()) \
            if crs.isValid() and crs != layer.crs() else None
        n = layer.featureCount()
        # labels name the places in the list and are how a line is deleted: each one is unique
        used = {str(f["label"]) for f in layer.getFeatures()}
        feats = []
        self.changeList.setUpdatesEnabled(False)
        try:
            for point, label in points:
                if transform is not None:
                    point = transform.transform(point)
                n += 1
                label = label or (tr("new place {n}").format(n=n) if kind == ADDED
                                  else tr("closed place {n}").format(n=n))
                base, k = label, 1
                while label in used:
                    k += 1
                    label = f"{base} ({k})"
                used.add(label)
                feat = QgsFeature(layer.fields())
                feat.setGeometry(QgsGeometry.fromPointXY(point))
                feat.setAttributes([label])
                feats.append(feat)
                item = QListWidgetItem(("+ " if kind == ADDED else "− ") + label, self.changeList)
                item.setData(Qt.ItemDataRole.UserRole, (kind, label))
                item.setToolTip(f"{point.x():.0f}, {point.y():.0f} ({layer.crs().authid()})")
        finally:
            self.changeList.setUpdatesEnabled(True)
        layer.dataProvider().addFeatures(feats)
        layer.updateExtents()
        layer.triggerRepaint()
        self.update_state()

    def services_layer(self):
        """A layer of the places the diagnosis used (to find the one to close)."""
        source = self.dock.result_services or (self.dock.data_panel.inputs("services") or [""])[0]
        for layer in QgsProject.instance().mapLayers().values():
            if isinstance(layer, QgsVectorLayer) and layer.source() == source:
                return layer
        layer = QgsVectorLayer(source, "places", "ogr") if source else None
        return layer if layer is not None and layer.isValid() else None

    def remove_near(self, point: QgsPointXY, crs) -> bool:
        """Mark the existing place nearest to ``point`` as closed (its exact position is used)."""
        places = self.services_layer()
        if places is None:
            self.dock.set_status(tr("Load the places first (first panel)."), error=True)
            return False
        if crs.isValid() and crs != places.crs():
            point = QgsCoordinateTransform(crs, places.crs(), QgsProject.instance()).transform(point)
        best, best_d = None, math.inf
        # a few thousand places at most: a plain scan is instant and needs no index to keep up to date
        for feat in places.getFeatures(QgsFeatureRequest().setNoAttributes()):
            if not feat.hasGeometry():
                continue
            d = feat.geometry().asPoint().sqrDist(point)
            if d < best_d:
                best, best_d = feat, d
        if best is None:
            return False
        name = places.getFeature(best.id())
        label = next((str(name[f]) for f in ("name", "nom") if places.fields().indexOf(f) >= 0 and name[f]), "")
        self.add_point(REMOVED, best.geometry().asPoint(), places.crs(), label)
        return True

    @staticmethod
    def count_points(layer, limit: int) -> int:
        """The layer's features, counted up to ``limit`` + 1 when the provider does not know."""
        n = layer.featureCount()
        if n >= 0:
            return n
        request = QgsFeatureRequest().setNoAttributes().setFlags(QgsFeatureRequest.Flag.NoGeometry).setLimit(limit + 1)
        return sum(1 for _ in layer.getFeatures(request))

    def add_layer_points(self) -> bool:
        """Add the points of the chosen layer (its selected points when some are selected) as
        places to try; a layer of more than MAX_TRY_POINTS points is refused with a message."""
        layer = self.pointLayerCombo.currentLayer()
        if layer is None:
            self.dock.set_status(tr("Choose a layer of places first (town halls, libraries…)."), error=True)
            return False
        selected = layer.selectedFeatureCount()
        n = selected or self.count_points(layer, MAX_TRY_POINTS)
        if n > MAX_TRY_POINTS:
            self.dock.set_status(tr("“{layer}” has {n} points: too many places for a what-if (at most {max}). "
                                    "Select the places to try in that layer, or choose a smaller one.").format(
                layer=layer.name(), n=_fmt(n), max=MAX_TRY_POINTS), error=True)
            return False
        names = layer.fields().names()
        name_field = next((f for f in NAME_FIELDS if f in names), "")
        request = QgsFeatureRequest()
        if selected:
            request.setFilterFids(layer.selectedFeatureIds())
        if name_field:
            request.setSubsetOfAttributes([name_field], layer.fields())
        else:
            request.setNoAttributes()
        points = []
        for feat in layer.getFeatures(request):
            if (feat.hasGeometry() and QgsWkbTypes.geometryType(feat.geometry().wkbType())
                    == QgsWkbTypes.GeometryType.PointGeometry):
                geom = feat.geometry()
                point = geom.asMultiPoint()[0] if geom.isMultipart() else geom.asPoint()
                name = feat[name_field] if name_field else None
                label = str(name) if name not in (None, "") and not (hasattr(name, "isNull") and name.isNull()) else ""
                points.append((QgsPointXY(point), label))
        if not points:
            self.dock.set_status(tr("“{layer}” has no point to add.").format(layer=layer.name()), error=True)
            return False
        self.add_points(ADDED, points, layer.crs())
        self.dock.set_status(tr("{n} places of “{layer}” added to try.").format(n=_fmt(len(points)),
                                                                              layer=layer.name()))
        return True

    def clear(self) -> None:
        layers = [self._layer(kind) for kind in (ADDED, REMOVED)]
        self.layers = {ADDED: "", REMOVED: ""}
        self._update_point_layers()          # before the layers are deleted
        for layer in layers:
            if layer is not None:
                QgsProject.instance().removeMapLayer(layer.id())
        self.changeList.clear()
        self.update_state()

    def eventFilter(self, obj, event):  # noqa: N802 (Qt API name)
        from qgis.PyQt.QtCore import QEvent
        from qgis.PyQt.QtGui import QKeySequence

        if (obj is self.changeList and event.type() == QEvent.Type.KeyPress
                and event.matches(QKeySequence.StandardKey.Delete)):
            self.delete_selected()
            return True
        return super().eventFilter(obj, event)

    def delete_selected(self) -> None:
        item = self.changeList.currentItem()
        if item is None:
            return
        kind, label = item.data(Qt.ItemDataRole.UserRole)
        layer = self._layer(kind)
        if layer is not None:
            ids = [f.id() for f in layer.getFeatures() if f["label"] == label]
            layer.dataProvider().deleteFeatures(ids)
            layer.triggerRepaint()
        self.changeList.takeItem(self.changeList.row(item))
        self.update_state()

    # --- inputs of the algorithms ------------------------------------------------------------------
    def _write_points(self, kind: str, run_dir: Path) -> str:
        layer = self._layer(kind)
        if layer is None or layer.featureCount() == 0:
            return ""
        path = run_dir / f"{kind}.gpkg"
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        err = QgsVectorFileWriter.writeAsVectorFormatV2(layer, str(path), QgsProject.instance().transformContext(),
                                                        options)
        if err[0] != QgsVectorFileWriter.WriterError.NoError:
            raise ValueError(tr("Cannot write the places to try: {error}").format(error=err[1]))
        return str(path)

    def _common(self, ns) -> dict:
        """What the what-if and the best sites share: the addresses, the places the diagnosis used (else
        those of the first panel), the distance. ``ns``: the algorithm's namespace of parameter names."""
        data = self.dock.data_panel
        services = self.dock.result_services or (data.inputs("services") or [""])[0]
        return {ns.ADDRESSES: data.inputs("addresses")[0], ns.SERVICES: services,
                ns.DISTANCE_KM: self.distanceSpin.value()}

    def _communes_source(self) -> str:
        """The commune polygons of the territory, as a file (the diagnosis, else the communes of the first
        panel), so that ``qgis_process`` reproduces the run."""
        layer = self.dock.result_layer() or self._communes_layer()
        return layer.source() if layer is not None else ""

    def what_if_parameters(self, run_dir: Path) -> dict:
        """Parameters of ``terridiag:what_if``: the places to open / close written to the run folder, the
        table per commune (OUTPUT) and the map of who gains (OUTPUT_GAINS, on the commune polygons)."""
        params = self._common(WhatIf)
        params[WhatIf.ADDED] = self._write_points(ADDED, run_dir)
        params[WhatIf.REMOVED] = self._write_points(REMOVED, run_dir)
        params[WhatIf.OUTPUT] = str(run_dir / "what_if.gpkg")
        communes = self._communes_source()
        if communes:
            params[WhatIf.COMMUNES] = communes
            params[WhatIf.OUTPUT_GAINS] = str(run_dir / "gains.gpkg")
        return {k: v for k, v in params.items() if v not in ("", None)}

    def optimal_parameters(self, run_dir: Path) -> dict:
        params = self._common(OptimalSites)
        weight = self.weightCombo.currentData()
        result = self.dock.result_layer()
        if weight in ("population", "fragility") and result is not None:
            params[OptimalSites.COMMUNES] = result.source()
            if weight == "fragility":
                params[OptimalSites.FRAGILITY_FIELD] = self._fragility_field()
        else:       # the communes only name the sites (the candidates and the demand stay as chosen)
            params[OptimalSites.COMMUNES_FOR_LABELS] = self._communes_source()
        candidates = self.candidatesCombo.currentLayer()
        if candidates is not None:
            params[OptimalSites.CANDIDATES] = candidates.id()
        params.update({OptimalSites.GRID_KM: self.gridSpin.value(), OptimalSites.COUNT: self.countSpin.value(),
                       OptimalSites.OBJECTIVE: position(PLACEMENT_OBJECTIVES, self.objectiveCombo.currentData()),
                       OptimalSites.METHOD: METHODS.index(AUTO),
                       OptimalSites.TIME_LIMIT: 30.0, OptimalSites.OUTPUT: str(run_dir / "best_sites.gpkg")})
        return {k: v for k, v in params.items() if v not in ("", None)}

    # --- what if ---------------------------------------------------------------------------------
    def run_what_if(self) -> None:
        if not self.points(ADDED) + self.points(REMOVED):
            self.dock.set_status(tr("Add a place on the map or from a layer first."), error=True)
            return
        run_dir = tasks.new_run_dir("what-if")
        try:
            params = self.what_if_parameters(run_dir)
        except ValueError as exc:
            self.dock.set_status(str(exc), error=True)
            return
        self.dock.submit(WHAT_IF, params, tr("Who gains from the new places"),
                         lambda ok, res, msg: self._what_if_done(ok, res, params), run_dir=run_dir)
        self.update_state()

    def _communes_layer(self):
        for lid in self.dock.data_panel.datasets["communes"].layers:
            layer = QgsProject.instance().mapLayer(lid)
            if layer is not None:
                return layer
        return None

    def _what_if_done(self, ok: bool, results: dict, params: dict) -> None:
        """Show what the algorithm returned: its totals, its table per commune, its map of who gains."""
        self.update_state()
        if not ok:
            return
        path = str(results.get(WhatIf.OUTPUT) or params[WhatIf.OUTPUT])
        table = QgsVectorLayer(path, "what_if", "ogr")
        if not table.isValid():
            self.dock.set_status(tr("The result cannot be opened: {path}").format(path=path), error=True)
            return
        rows = [{f.name(): feat[f.name()] for f in table.fields()} for feat in table.getFeatures()]
        rows.sort(key=lambda r: (-(_num(r.get("people_gained")) or 0.0), str(r.get("code_insee"))))
        self.what_if_results = {"totals": {k: _num(results.get(k)) for k in names.WHAT_IF_TOTALS},
                                "rows": rows, "path": path}
        gains = self._gains_map(results.get(WhatIf.OUTPUT_GAINS))
        commune_names = {str(f["code_insee"]): str(f["nom"]) for f in gains.getFeatures()} \
            if gains is not None else {}
        km = _fmt(params.get(WhatIf.DISTANCE_KM, self.distanceSpin.value()), 1)
        t = self.what_if_results["totals"]
        people = t[names.INHABITANTS_GAINED]
        summary = tr("{n} addresses newly within {km} km of a place").format(n=_fmt(t[names.PEOPLE_GAINED]), km=km)
        if people is not None:
            summary += " " + tr("(about {p} inhabitants)").format(p=_fmt(people))
        summary += ". " + tr("Share of addresses within {km} km: {before} → {after}; mean distance {delta}.").format(
            km=km, before=_pct(t[names.SHARE_BEFORE]), after=_pct(t[names.SHARE_AFTER]),
            delta=("+" if (t[names.DIST_MEAN_DELTA_M] or 0) > 0 else "") + _km(t[names.DIST_MEAN_DELTA_M]))
        self.whatIfSummary.setText(summary)
        self.whatIfTable.setSortingEnabled(False)
        self.whatIfTable.setRowCount(len(rows))
        for i, r in enumerate(rows):
            code = str(r.get("code_insee"))
            cells = (commune_names.get(code, code), _fmt(_num(r.get("people_gained"))),
                     _pct(_num(r.get("share_within_before"))), _pct(_num(r.get("share_within_after"))),
                     _km(_num(r.get("dist_mean_delta_m"))))
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                if j == 0:
                    item.setData(Qt.ItemDataRole.UserRole, code)
                self.whatIfTable.setItem(i, j, item)
        self.whatIfTable.resizeColumnsToContents()
        self.dock.set_status(summary)

    def _gains_map(self, path):
        """The what-if's map of who gains (its OUTPUT_GAINS), styled, in place of the previous one."""
        old = QgsProject.instance().mapLayer(self.gains_layer_id) if self.gains_layer_id else None
        if old is not None:
            QgsProject.instance().removeMapLayer(old.id())
        self.gains_layer_id = ""
        if not path:
            return None
        layer = QgsVectorLayer(str(path), tr("Scenario: addresses newly within reach"), "ogr")
        if not layer.isValid():
            return None
        styles.style_gains(layer, "people_gained")
        qproject.add_layer(layer, qproject.scenario_group(), position=len(qproject.scenario_group().children()))
        self.gains_layer_id = layer.id()
        return layer

    # --- best sites ------------------------------------------------------------------------------
    def run_optimal(self) -> None:
        run_dir = tasks.new_run_dir("best-sites")
        params = self.optimal_parameters(run_dir)
        self.dock.submit(OPTIMAL, params, tr("Finding the best sites"),
                         lambda ok, res, msg: self._optimal_done(ok, res, params), run_dir=run_dir)
        self.update_state()

    def _optimal_done(self, ok: bool, results: dict, params: dict) -> None:
        self.update_state()
        if not ok:
            return
        path = str(results.get(OptimalSites.OUTPUT) or params[OptimalSites.OUTPUT])
        layer = QgsVectorLayer(path, tr("Scenario: best {n} sites").format(n=params.get(OptimalSites.COUNT, "")), "ogr")
        if not layer.isValid():
            self.dock.set_status(tr("The result cannot be opened: {path}").format(path=path), error=True)
            return
        feats = sorted(layer.getFeatures(), key=lambda f: int(f["rank"]))
        self.sites = [(f.geometry().asPoint().x(), f.geometry().asPoint().y()) for f in feats]
        self.sites_crs = layer.crs()
        self.optimal_results = {"method": str(results.get(names.METHOD_USED) or ""),
                                "objective": _num(results.get(names.OBJECTIVE_VALUE)),
                                "baseline": _num(results.get(names.BASELINE)), "gap": _num(results.get(names.GAP)),
                                "gains": [_num(f["gain"]) for f in feats], "path": path}
        communes = [_commune_name(f, layer.fields()) for f in feats]     # the algorithm names each site's commune
        covering = PLACEMENT_OBJECTIVES[params[OptimalSites.OBJECTIVE]] is PlacementObjective.COVERING
        self.sitesTable.setRowCount(len(feats))
        for i, f in enumerate(feats):
            gain = _num(f["gain"])
            cum = _num(f["share_cum"]) if covering and layer.fields().indexOf("share_cum") >= 0 else \
                _num(f["mean_dist_cum_m"]) if layer.fields().indexOf("mean_dist_cum_m") >= 0 else None
            cells = (str(f["rank"]), _fmt(gain) if covering else _km(-gain if gain is not None else None),
                     _pct(cum) if covering else _km(cum), communes[i])
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j in (1, 2):
                    item.setTextAlignment(int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
                self.sitesTable.setItem(i, j, item)
        self.sitesTable.resizeColumnsToContents()
        o = self.optimal_results
        gap = o["gap"] or 0.0
        exactness = tr("proven optimal") if gap <= 1e-9 else tr("at most {gap} from the optimum").format(
            gap=_pct(gap))
        if covering:
            summary = tr("{n} new sites reach {gain} more (from {before} to {after}); method: {method}, {exact}.")
            summary = summary.format(n=len(feats), gain=_fmt((o["objective"] or 0) - (o["baseline"] or 0)),
                                     before=_fmt(o["baseline"]), after=_fmt(o["objective"]), method=o["method"],
                                     exact=exactness)
        else:
            summary = tr("{n} new sites bring the mean distance from {before} to {after}; method: {method}, "
                         "{exact}.").format(n=len(feats), before=_km(o["baseline"]), after=_km(o["objective"]),
                                           method=o["method"], exact=exactness)
        self.optimalSummary.setText(summary)
        old = QgsProject.instance().mapLayer(self.sites_layer_id) if self.sites_layer_id else None
        if old is not None:
            QgsProject.instance().removeMapLayer(old.id())
        styles.style_sites(layer)
        qproject.add_layer(layer, qproject.scenario_group(), position=0)
        self.sites_layer_id = layer.id()
        self.trySitesButton.setEnabled(bool(self.sites))
        self.dock.set_status(summary)

    def try_sites(self) -> None:
        """Copy the best sites into the what-if list."""
        for i, (x, y) in enumerate(self.sites, start=1):
            self.add_point(ADDED, QgsPointXY(x, y), self.sites_crs, tr("best site {n}").format(n=i))

    def cleanup(self) -> None:
        try:
            QgsProject.instance().layersRemoved.disconnect(self._update_point_layers)
        except TypeError:
            pass
        canvas = self.canvas()
        if canvas is not None and self.tool is not None and canvas.mapTool() is self.tool:
            canvas.unsetMapTool(self.tool)
