"""The TerriDiag dock: *Territory & data*, *Indicators* and *Results* panels, one progress bar and
one cancel button for the background work.

Every computation is a Processing algorithm run in the QGIS task manager (``tasks.AlgorithmRun``),
one at a time from a small queue, so QGIS never freezes; results only reach the project when a
run succeeds.
"""
from __future__ import annotations

import gc
import json
from pathlib import Path

from qgis.core import Qgis, QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QScrollArea, QWidget

from ..log import log
from ..processing import names
from ..processing import params as P
from ..processing.params import Diagnosis
from ..qgis_bridge import project as qproject
from ..qgis_bridge import styles
from . import settings, tasks
from .data_panel import DataPanel
from .indicators_panel import IndicatorsPanel
from .results_panel import ResultsPanel
from .scenario_panel import ScenarioPanel
from ..i18n import tr

UI = Path(__file__).resolve().parents[2] / "ui" / "dock.ui"
DIAGNOSIS = Diagnosis.ID
DEFAULT_STYLE_FIELDS = ("share_within", "dist_mean_m", "ifn_global")


class _Job:
    def __init__(self, alg_id, params, description, callback, run_dir):
        self.alg_id, self.params, self.description = alg_id, params, description
        self.callback, self.run_dir = callback, run_dir


class TerriDiagDock(QgsDockWidget):
    def __init__(self, iface, parent=None):
        super().__init__(tr("TerriDiag"), parent)
        self.iface = iface
        self.setObjectName("TerriDiagDock")
        self.body = QWidget(self)
        uic.loadUi(str(UI), self.body)
        self.setWidget(self.body)
        self.queue: list[_Job] = []
        self.current = None            # the AlgorithmRun in progress
        self.last_run = None           # the run whose callback is being called
        self.result_layer_id = ""
        self.result_iris_id = ""        # the diagnosis's IRIS layer, when its variables were by IRIS
        self.result_group = None
        self.result_services = ""      # the service places the last diagnosis used
        self.result_metadata = ""      # its METADATA (a .json file in its run folder)
        self.result_demand = ""        # what its demand was, in plain words
        self.outputs: dict[str, dict] = {}   # kind -> results of the last shared output
        self.closing = False
        self.in_batch = False          # from the first queued run until the queue is empty
        self.batch_ok = True           # every run of the batch succeeded so far

        self.data_panel = DataPanel(self)
        self.indicators_panel = IndicatorsPanel()
        self.results_panel = ResultsPanel(self)
        self.scenario_panel = ScenarioPanel(self)
        for panel, title, tip in (
                (self.data_panel, tr("Territory && data"), tr("Choose or download the data of the territory")),
                (self.indicators_panel, tr("Indicators"), tr("What the diagnosis computes")),
                (self.results_panel, tr("Results"), tr("Communes, maps and shared outputs")),
                (self.scenario_panel, tr("Scenarios"), tr("Try new places, find the best sites"))):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(panel)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            index = self.body.tabs.addTab(scroll, title)
            self.body.tabs.setTabToolTip(index, tip)
        # in a narrow dock the tab titles are shortened with "…" (whole in their tooltips) rather
        # than hidden behind scroll arrows
        self.body.tabs.setUsesScrollButtons(False)
        self.body.tabs.setElideMode(Qt.TextElideMode.ElideRight)
        self.body.cancelButton.clicked.connect(self.cancel)
        self.indicators_panel.runRequested.connect(self.run_diagnosis)
        self.results_panel.styleRequested.connect(self.style_results)
        self.results_panel.outputRequested.connect(self.run_output)
        self.data_panel.datasetsChanged.connect(self._update_run_button)
        self.data_panel.datasetsChanged.connect(self.scenario_panel.update_state)
        QgsProject.instance().layerWillBeRemoved.connect(self._layer_removed)
        settings.apply()
        self.set_busy(False)
        self._update_run_button()

    # --- jobs ------------------------------------------------------------------------------
    def submit(self, alg_id: str, params, description: str, callback=None, run_dir=None) -> None:
        """Queue an algorithm run; ``params`` may be a callable evaluated when the run starts
        (so that it sees the outputs of the runs before it)."""
        self.queue.append(_Job(alg_id, params, description, callback, run_dir))
        if self.current is None:
            self._next()

    def _next(self) -> None:
        if self.current is not None or not self.queue or self.closing:
            return
        job = self.queue.pop(0)
        if not self.in_batch:          # a new batch of work starts
            self.in_batch, self.batch_ok = True, True
        try:
            params = job.params() if callable(job.params) else job.params
        except ValueError as exc:
            self.set_status(str(exc), error=True)
            self.batch_ok = False
            self._next()
            if self.current is None and not self.queue:
                self.in_batch = False
                self.set_busy(False)
            return
        run = tasks.AlgorithmRun(job.alg_id, params, job.description, job.run_dir, self)
        run.progress.connect(self._progress)
        run.finished.connect(lambda ok, res, msg, r=run, j=job: self._job_done(r, j, ok, res, msg))
        self.current = run
        self.set_busy(True, job.description)
        log(f"{job.alg_id} {json.dumps(params, default=str)}")
        try:
            run.start()
        except Exception as exc:  # noqa: BLE001 - never leave the dock stuck as busy
            run._finish(False, {}, str(exc))

    def _job_done(self, run, job, ok: bool, results: dict, message: str) -> None:
        self.current = None
        self.last_run = run
        self.batch_ok = self.batch_ok and ok
        if ok:
            self.set_status(tr("Done: {what}.").format(what=job.description))
        elif run.was_cancelled:
            self.set_status(tr("Cancelled: {what}. Nothing was added to the project.").format(what=job.description))
        else:
            self.set_status(message, error=True)
            log(f"{job.alg_id}: {message}", Qgis.MessageLevel.Warning)
        try:
            if job.callback is not None and not self.closing:
                job.callback(ok, results, message)
        finally:
            self.last_run = None
            run.deleteLater()
            if self.current is None and not self.queue:
                self.in_batch = False
                self.set_busy(False, succeeded=self.batch_ok)
            # Free the finished run's geometries now, between runs: shapely 1.8 shares one GEOS
            # handle between threads, and a garbage collection in this thread while the next
            # run builds geometries in its worker thread can crash QGIS.
            gc.collect()
            self._next()

    def cancel(self) -> None:
        """Stop the running job and forget the queued ones (and their run folders)."""
        import shutil

        for job in self.queue:
            if job.run_dir is not None:
                shutil.rmtree(job.run_dir, ignore_errors=True)
        self.queue.clear()
        if self.current is not None:
            self.set_status(tr("Cancelling…"))
            self.current.cancel()

    def busy(self) -> bool:
        return self.current is not None or bool(self.queue)

    # --- progress and status -----------------------------------------------------------------
    def _progress(self, value: float) -> None:
        self.body.progressBar.setValue(int(value))

    def set_busy(self, busy: bool, description: str = "", succeeded: bool = False) -> None:
        """Busy: the bar counts from 0. Idle: full after a successful end, empty (no text) otherwise."""
        bar = self.body.progressBar
        self.body.cancelButton.setEnabled(busy)
        bar.setRange(0, 100)
        if busy:
            bar.setValue(0)
            bar.setFormat(f"{description} — %p%" if description else "%p%")
        elif succeeded:
            bar.setValue(100)
            bar.setFormat("%p%")
        else:
            bar.setValue(0)
            bar.setFormat("")
        if busy and description:
            self.set_status(description + "…")
        self._update_run_button()
        if hasattr(self, "scenario_panel"):
            self.scenario_panel.update_state()

    def set_status(self, text: str, error: bool = False) -> None:
        label = self.body.statusLabel
        label.setText(("⚠ " if error else "") + text)
        label.setStyleSheet("color: #a50f15;" if error else "")
        label.setToolTip(text)

    def _update_run_button(self) -> None:
        panel = self.indicators_panel
        available = tasks.algorithm(DIAGNOSIS) is not None
        missing = self.data_panel.missing_required()
        panel.runButton.setEnabled(available and not missing and not self.busy())
        if not available:
            hint = tr("The diagnosis algorithm is not available in this version.")
        elif missing:
            hint = tr("Still needed: {names}. Use “Load the demo territory” in the first panel to try.").format(
                names=", ".join(missing))
        elif self.busy():
            hint = tr("Wait for the current work to finish (or cancel it).")
        else:
            hint = self.demand_plan()
        panel.runHintLabel.setText(hint)

    def demand_plan(self) -> str:
        """What the diagnosis will place the inhabitants on, from the data chosen (what
        ``core.indicators.demand`` does with them)."""
        data = self.data_panel
        has = lambda role: bool(data.inputs(role) or role == "demand_population" and data.inputs("iris"))  # noqa: E731
        if has("addresses"):
            if has("demand_population"):
                return tr("Demand: the addresses; the IRIS or grid-cell population where a commune has none.")
            return tr("Demand: the addresses (a commune without any is one point).")
        if has("demand_population"):
            return tr("Without addresses: the population of the IRIS or grid cells (one point per commune where "
                      "there are none).")
        return tr("Without addresses or IRIS population: one point per commune carrying its population — a "
                  "commune is wholly within a distance or wholly beyond it.")

    # --- the diagnosis -------------------------------------------------------------------------
    def diagnosis_parameters(self, out_path: Path) -> dict:
        """Parameters of ``terridiag:diagnosis`` from the two panels, named by ``params.Diagnosis``: one
        Processing call that ``qgis_process`` and the modeler reproduce (every service layer in
        SERVICES, the kinds of places kept in SERVICE_CATEGORIES, the places used in
        OUTPUT_SERVICES next to the result). An empty value is left out (the algorithm's default)."""
        from ..core.schema import SERVICE_CATEGORIES

        values = self.indicators_panel.values()
        data = self.data_panel
        first = lambda role: (data.inputs(role) or [None])[0]  # noqa: E731
        tables, sites = self._connectivity_inputs()
        params = {
            Diagnosis.COMMUNES: first("communes"),
            Diagnosis.ADDRESSES: first("addresses"),
            Diagnosis.POPULATION: first("demand_population") or first("iris"),
            Diagnosis.SERVICES: data.inputs("services"),
            Diagnosis.CONNECTIVITY: tables,
            Diagnosis.MOBILE_SITES: sites[0] if sites else None,
            # IRIS imported with their census: the fragility variables (when no other table is given), the
            # IRIS map, and the population of the demand where there are no addresses
            Diagnosis.VARIABLES: first("population") or first("iris"),
            Diagnosis.IRIS: first("iris"),
            Diagnosis.REFERENCE: data.reference_file if Path(data.reference_file or "").exists() else None,
            Diagnosis.DISTANCE_KM: values["distances_km"][0],
            Diagnosis.DISTANCES_KM: ",".join(f"{d:g}" for d in values["distances_km"]),
            Diagnosis.FRAGILITY_METHOD: values["method"],
            Diagnosis.MIN_COUNT: values["confidentiality"],
            Diagnosis.OUTPUT: str(out_path),
            Diagnosis.OUTPUT_SERVICES: str(out_path.with_name("services.gpkg")),
        }
        if set(values["categories"]) != set(SERVICE_CATEGORIES):
            params[Diagnosis.SERVICE_CATEGORIES] = ",".join(values["categories"])
        if values["network"]:
            params[Diagnosis.ROADS] = (data.datasets["roads"].sources or [None])[0]
            params[Diagnosis.BANDS] = ",".join(f"{m:g}" for m in values["minutes"])
        if values["weights"]:
            params[Diagnosis.WEIGHTS] = ",".join(f"{k}:{w:g}" for k, w in values["weights"].items())
        if first("iris") or first("population"):
            params[Diagnosis.OUTPUT_IRIS] = str(out_path.with_name("iris.gpkg"))
        return {k: v for k, v in params.items() if v not in (None, "", [])}

    def _connectivity_inputs(self) -> tuple[list, list]:
        """The connectivity dataset's ARCEP tables (CONNECTIVITY: 'Ma connexion internet', FttH
        observatory) and its mobile-site point layers (MOBILE_SITES)."""
        from qgis.core import QgsVectorLayer, QgsWkbTypes

        ds = self.data_panel.datasets["connectivity"]
        tables, sites = [], []
        for lid in ds.layers:
            layer = QgsProject.instance().mapLayer(lid)
            if not isinstance(layer, QgsVectorLayer):
                continue
            kind = QgsWkbTypes.geometryType(layer.wkbType())
            if kind == QgsWkbTypes.GeometryType.PointGeometry:
                sites.append(layer.source())
            elif kind in (QgsWkbTypes.GeometryType.NullGeometry, QgsWkbTypes.GeometryType.UnknownGeometry):
                tables.append(layer.source())
        if not ds.layers:
            tables = list(ds.sources)
        return tables, sites

    def run_diagnosis(self) -> None:
        try:
            self.indicators_panel.values()
        except ValueError as exc:
            self.set_status(str(exc), error=True)
            return
        missing = self.data_panel.missing_required()
        if missing:
            self.set_status(tr("Still needed: {names}.").format(names=", ".join(missing)), error=True)
            return
        run_dir = tasks.new_run_dir("diagnosis")
        out = run_dir / "diagnosis.gpkg"
        self.submit(DIAGNOSIS, lambda: self.diagnosis_parameters(out), tr("Diagnosis of the territory"),
                    lambda ok, res, msg: self._diagnosis_done(ok, res, run_dir, out), run_dir=run_dir)

    def _diagnosis_done(self, ok: bool, results: dict, run_dir: Path, out: Path) -> None:
        if not ok:
            return
        services = str(results.get(Diagnosis.OUTPUT_SERVICES) or "")
        self.result_services = services if services and Path(services.split("|")[0]).exists() else ""
        self.result_metadata = ""
        if results.get(names.METADATA):
            meta = run_dir / "metadata.json"
            meta.write_text(str(results[names.METADATA]), encoding="utf-8")
            self.result_metadata = str(meta)
        dest = str(results.get(Diagnosis.OUTPUT) or out)
        layer = qproject.load_vector(dest, tr("Communes"))
        if layer is None:
            self.set_status(tr("The diagnosis finished but its layer cannot be opened: {path}").format(path=dest),
                            error=True)
            return
        group = qproject.run_group(tr("Diagnosis"))
        qproject.set_aliases(layer)
        field = next((f for f in DEFAULT_STYLE_FIELDS if layer.fields().indexOf(f) >= 0), None)
        if field is None:
            field = next((f.name() for f in layer.fields() if f.name().startswith("share_within")), None)
        if field:
            styles.style_communes(layer, field, confidentiality=self.indicators_panel.confidentialitySpin.value(),
                                  metadata=self.run_metadata())
        qproject.add_layer(layer, group)
        if layer.fields().indexOf("typology") >= 0:
            typ = qproject.load_vector(dest, tr("Typology"))
            if typ is not None and styles.style_typology(typ):
                qproject.set_aliases(typ)
                qproject.add_layer(typ, group, visible=False)
        # the fragility index by IRIS, when the variables were by IRIS (each IRIS with its QPV flag)
        iris_path = str(results.get(Diagnosis.OUTPUT_IRIS) or "")
        iris = qproject.load_vector(iris_path, tr("IRIS — digital fragility")) \
            if iris_path and Path(iris_path.split("|")[0]).exists() else None
        if iris is not None:
            field = "ifn_global" if iris.fields().indexOf("ifn_global") >= 0 else "share_within"
            styles.style_communes(iris, field, confidentiality=self.indicators_panel.confidentialitySpin.value())
            iris.setName(tr("IRIS — {indicator}").format(indicator=iris.name()))
            qproject.set_aliases(iris)
            qproject.add_layer(iris, group, visible=False)
            qpv = self._qpv_overlay(iris_path)
            if qpv is not None:
                qproject.add_layer(qpv, group, position=0, visible=False)
        self.result_iris_id = iris.id() if iris is not None else ""
        # the places the diagnosis used (every layer, the kinds kept), once, with category symbols
        places = qproject.load_vector(self.result_services, tr("Service and mediation places")) \
            if self.result_services else None
        if places is not None:
            styles.style_services(places)
            qproject.add_layer(places, group, position=0)
        self.result_group = group
        self.result_layer_id = layer.id()
        vintages = "; ".join(sorted({self.data_panel.vintage_text(d) for d in self.data_panel.datasets.values()
                                     if d.sources or d.layers} - {""}))
        self.result_demand = self._demand_text(results.get(names.METADATA))
        self.results_panel.set_units(layer, iris, vintages)
        self.scenario_panel.update_state()
        self.body.tabs.setCurrentIndex(2)
        if self.iface is not None:
            canvas = self.iface.mapCanvas()
            canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent()))
            canvas.refresh()
        self.set_status(tr("Diagnosis done: {n} communes. Select one in the table to read its sheet.").format(
            n=layer.featureCount()) + (" " + self.result_demand if self.result_demand else ""))

    @staticmethod
    def _demand_text(metadata) -> str:
        """The run's demand in plain words (its metadata), e.g. "Demand: 121 IRIS in 101 communes…"."""
        from ..qgis_bridge.run_texts import demand_lines

        try:
            meta = json.loads(metadata) if isinstance(metadata, str) else (metadata or {})
        except ValueError:
            return ""
        return demand_lines(meta["demand"])[0] if meta.get("demand") else ""   # the rest: the help pane

    def result_layer(self):
        return QgsProject.instance().mapLayer(self.result_layer_id) if self.result_layer_id else None

    def run_metadata(self) -> dict:
        """The last diagnosis's METADATA (its demand, thresholds, sources), {} when there is none."""
        import json

        try:
            meta = json.loads(Path(self.result_metadata).read_text(encoding="utf-8")) if self.result_metadata else {}
        except (OSError, ValueError):
            meta = {}
        return meta if isinstance(meta, dict) else {}

    def _qpv_overlay(self, iris_path: str):
        """The IRIS in a priority neighbourhood, drawn over the map as hatched outlines (the IRIS layer
        carries the flag; the QPV polygons themselves may be on the Data tab)."""
        layer = qproject.load_vector(iris_path, tr("IRIS in a priority neighbourhood (QPV)"))
        if layer is None or layer.fields().indexOf("qpv") < 0:
            return None
        if not layer.setSubsetString('"qpv"') or layer.featureCount() == 0:
            return None
        styles.style_qpv(layer)
        return layer

    def result_iris(self):
        return QgsProject.instance().mapLayer(self.result_iris_id) if self.result_iris_id else None

    def style_results(self, field: str) -> None:
        if self.results_panel.unit() == "iris":
            layer = self.result_iris()
            if layer is not None and layer.fields().indexOf(field) >= 0:
                styles.style_communes(layer, field, confidentiality=self.indicators_panel.confidentialitySpin.value(),
                                      metadata=self.results_panel.run_metadata())
                layer.setName(tr("IRIS — {indicator}").format(indicator=layer.name()))
                return
        layer = self.result_layer()
        if layer is not None:
            styles.style_communes(layer, field, confidentiality=self.indicators_panel.confidentialitySpin.value(),
                                  metadata=self.results_panel.run_metadata())
            if self.iface is not None and hasattr(self.iface, "layerTreeView") and self.iface.layerTreeView():
                self.iface.layerTreeView().refreshLayerSymbology(layer.id())

    def _layer_removed(self, layer_id: str) -> None:
        if layer_id == self.result_iris_id:
            self.result_iris_id = ""
            if self.results_panel.layers.get("iris") is not None:
                self.results_panel.set_units(self.result_layer(), None, self.results_panel.vintages)
        if layer_id == self.result_layer_id:
            self.result_layer_id = ""
            self.results_panel.set_units(None)

    # --- shared outputs -----------------------------------------------------------------------
    # kind -> (the algorithm's parameter names, {file output parameter: file name}, the output to open:
    # a destination parameter, or an output of processing.names)
    OUTPUTS = {"web_map": (P.WebMap, {P.WebMap.OUTPUT: "web_map.html"}, P.WebMap.OUTPUT),
               "report": (P.Report, {P.Report.OUTPUT_HTML: "report.html", P.Report.OUTPUT_PDF: "report.pdf"},
                          P.Report.OUTPUT_HTML),
               "export": (P.Export, {P.Export.OUTPUT_GPKG: "terridiag.gpkg", P.Export.OUTPUT_CSV: "communes.csv",
                                     P.Export.OUTPUT_XLSX: "terridiag.xlsx"}, ""),
               "atlas": (P.Atlas, {P.Atlas.OUTPUT: "atlas.pdf"}, P.Atlas.OUTPUT),
               "workshop_sheet": (P.WorkshopSheet, {P.WorkshopSheet.OUTPUT_PDF: "fiche_atelier.pdf",
                                                    P.WorkshopSheet.OUTPUT_HTML: "fiche_atelier.html"},
                                  P.WorkshopSheet.OUTPUT_PDF),
               "workshop_bundle": (P.WorkshopBundle, {P.WorkshopBundle.FOLDER: "atelier"}, names.INDEX)}
    MAPS = ("web_map", "report", "export", "atlas")                # they take the IRIS layer too
    WITH_INDICATOR = ("web_map", "report", "atlas", "workshop_bundle")
    WORKSHOPS = ("workshop_sheet", "workshop_bundle")

    def output_parameters(self, kind: str, run_dir: Path) -> dict:
        """Parameters of a shared output from the last diagnosis, named by the algorithm's namespace of
        ``processing.params``. An empty value is left out (the algorithm's default)."""
        from ..core.presentation.language import language_index

        layer = self.result_layer()
        ns, files, _open = self.OUTPUTS[kind]
        field = self.results_panel.current_field()
        iris = self.result_iris()
        services = self.result_services or None
        params = {
            # the project layer itself (not its file), so that the export keeps its current style
            ns.COMMUNES: layer.id(),
            ns.SERVICES: services,
            ns.METADATA: self.result_metadata if self.result_metadata and Path(self.result_metadata).is_file()
            else None,
            ns.LANGUAGE: language_index(styles.language()),     # the algorithms' enum order
        }
        if kind in self.WITH_INDICATOR:
            params[ns.INDICATOR] = field if field and layer.fields().indexOf(field) >= 0 else "share_within"
        if kind in self.MAPS and iris is not None:
            params[ns.IRIS] = iris.source()       # the diagnosis by IRIS: a layer and a sheet per IRIS
        if kind == "atlas" and iris is not None:
            params[P.Atlas.OUTPUT_IRIS] = str(run_dir / "atlas_iris.pdf")
        if kind == "workshop_sheet":             # the commune picked in the table (all when none is)
            params[P.WorkshopSheet.CODES] = self.results_panel.selected_code()
        if kind in self.WORKSHOPS:
            roads = (self.data_panel.datasets["roads"].sources or [None])[0] \
                if "roads" in self.data_panel.datasets else None
            params[ns.ROADS] = roads              # driving times on the sheets
            params[ns.SERVICES] = [services] if services else None
            if kind == "workshop_bundle":
                params[P.WorkshopBundle.OSM] = roads     # the bundle's mapping-party checklist
        for name, file_name in files.items():
            params[name] = str(run_dir / file_name)
        return {k: v for k, v in params.items() if v not in (None, "")}

    def run_output(self, kind: str) -> None:
        layer = self.result_layer()
        if layer is None or kind not in self.OUTPUTS:
            return
        run_dir = tasks.new_run_dir(kind)
        label = {"web_map": tr("Web map"), "report": tr("Report"), "export": tr("Export"),
                 "atlas": tr("Atlas"), "workshop_sheet": tr("Workshop sheet"),
                 "workshop_bundle": tr("Workshop bundle")}[kind]
        self.submit(self.OUTPUTS[kind][0].ID, self.output_parameters(kind, run_dir), label,
                    lambda ok, res, msg: self._output_done(kind, ok, res, run_dir), run_dir)

    def _output_done(self, kind: str, ok: bool, results: dict, run_dir: Path) -> None:
        if not ok:
            return
        self.outputs[kind] = dict(results)
        key = self.OUTPUTS[kind][2]
        target = str(results.get(key) or "") if key else ""
        target = target if target and Path(target).exists() else str(run_dir)
        self.set_status(tr("Written: {path}").format(path=target))
        if QCoreApplication.instance().platformName() not in ("offscreen", "minimal"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(target))

    # --- unload -------------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Cancel the work in progress and disconnect from QGIS before the plugin unloads."""
        self.closing = True
        self.cancel()
        self.data_panel.cleanup()
        self.scenario_panel.cleanup()
        try:
            QgsProject.instance().layerWillBeRemoved.disconnect(self._layer_removed)
        except TypeError:
            pass
