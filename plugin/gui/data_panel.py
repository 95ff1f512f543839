"""*Territory & data* panel: the datasets the diagnosis uses, with provenance, counts and the
rejection report of each.

A file chosen here goes through the matching import algorithm (``terridiag:import_…``) when it
exists: the file is read as published, normalised, and its report (rows read, kept, rejected with
reasons, vintage, licence) is shown. The normalised layer joins the "TerriDiag — data" group.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import QgsApplication, QgsProject, QgsTask, QgsVectorLayer
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QTreeWidgetItem, QWidget

from ..core import provenance as core_provenance
from ..core.presentation.vocabulary import TERRITORY_KINDS, TerritoryKind, position
from ..qgis_bridge import project as qproject
from ..qgis_bridge import provenance as layer_provenance
from ..qgis_bridge.styles import language
from ..processing.names import import_result
from ..processing import names
from ..processing.params import (DemoTerritory, DownloadTerritory, ImportAddresses, ImportCommunes,
                                 ImportConnectivity, ImportIris, ImportServices)
from . import tasks
from .widgets import labelled, wrap_row, wrap_tree
from ..i18n import tr, translate

UI = Path(__file__).resolve().parents[2] / "ui" / "data_panel.ui"


# role -> (label, import algorithm or "", required for the diagnosis)
ROLES = {
    "communes": (translate("TerriDiag", "Communes (boundaries, population)"), ImportCommunes.ID, True),
    "addresses": (translate("TerriDiag", "Addresses (BAN)"), ImportAddresses.ID, False),
    "demand_population": (translate("TerriDiag", "Population (IRIS, grid)"), "", False),
    "services": (translate("TerriDiag", "Service and mediation places"), ImportServices.ID, True),
    "connectivity": (translate("TerriDiag", "Connectivity (ARCEP)"), ImportConnectivity.ID, False),
    "population": (translate("TerriDiag", "Fragility variables (INSEE)"), "", False),
    "iris": (translate("TerriDiag", "IRIS (census, income, QPV)"), ImportIris.ID, False),
    "roads": (translate("TerriDiag", "Road network (OSM)"), "", False),
}
# what the diagnosis does without an optional dataset that changes its figures
OPTIONAL_HINTS = {
    "addresses": translate("TerriDiag", "Optional: without addresses the diagnosis places the inhabitants with the "
                                        "IRIS or grid-cell population when you give it, else at one point per "
                                        "commune."),
    "demand_population": translate("TerriDiag", "Optional: IRIS or 200 m grid cells with a population field "
                                                "(population, P16_POP, Ind…). Where a commune has no address, they "
                                                "say where its inhabitants live; without them, the commune is one "
                                                "point."),
    "roads": translate("TerriDiag", "Optional: without roads, distances are as the crow flies. Outside the extract, "
                                    "no travel time is given."),
}
# tree columns
COL_NAME, COL_ROWS, COL_REJECTED, COL_VINTAGE = range(4)

# a road-network file is read by the algorithms; a small one is counted at once, a large one in the background
ROADS_COUNT_NOW_BYTES = 20_000_000
FILE_FILTER = "Data (*.csv *.csv.gz *.gz *.txt *.json *.geojson *.gpkg *.shp *.osm *.pbf *.zip *.xlsx);;All (*)"


@dataclass
class Dataset:
    role: str
    sources: list = field(default_factory=list)       # files or layer sources given by the user
    layers: list = field(default_factory=list)        # layer ids in the project (normalised when imported)
    rows_read: int | None = None
    rows_kept: int | None = None
    rejected: int | None = None
    vintage: str = ""
    provenance: str = ""
    licence: str = ""
    synthetic: bool = False
    log: list = field(default_factory=list)
    error: str = ""
    done: set = field(default_factory=set)             # sources whose import has finished

    def inputs(self) -> list[str]:
        """What to pass to an algorithm: the project layers' sources, else the files."""
        out = []
        for lid in self.layers:
            layer = QgsProject.instance().mapLayer(lid)
            if layer is not None:
                out.append(layer.source())
        return out or list(self.sources)


# the import algorithm of each role, by its parameter names
IMPORTS = {ns.ID: ns for ns in (ImportCommunes, ImportAddresses, ImportServices, ImportConnectivity, ImportIris)}

# files written by terridiag:demo_territory / download_territory -> role (the first match wins;
# the mediation places come in two formats with the same places: only one is read)
KNOWN_KEYS = {"communes": "communes", "addresses": "addresses", "france_services": "services",
              "mediation_csv": "services", "mediation": "services", "arcep_debit": "connectivity",
              "mobile_sites": "connectivity", "fragility": "population", "roads_osm": "roads", "roads": "roads",
              "iris": "iris", "bpe": "services"}
# extra inputs of an import algorithm found among the same files: role -> {parameter: key or keys}
EXTRA_KEYS = {"communes": {ImportCommunes.POPULATION: "communes_population", ImportCommunes.EPCI: "epci"},
              "iris": {ImportIris.CENSUS: ("census", "filosofi"), ImportIris.QPV: "qpv"}}
# fixed parameters of an import when the files come from a download: the BPE gives the town halls,
# libraries and post offices (its France Services are those of ANCT's list, loaded too)
DOWNLOAD_PARAMS = {"services": {ImportServices.TYPEQU: "A129,A206,A207,A208,F307"}}
# terridiag:download_territory's file outputs read (output name -> file key)
DOWNLOAD_OUTPUTS = {names.DATASET_OUTPUTS[dataset]: key for dataset, key in (
    ("ban", "addresses"), ("communes", "communes"), ("france_services", "france_services"),
    ("mediation", "mediation"), ("arcep", "arcep_debit"))}
SKIP_KEYS = {"territory", "epci", "communes_population", "readme", "provenance", "mediation_json", "census",
             "filosofi", "qpv", "grid"}


def role_of_key(key: str) -> str | None:
    """Map a file key of the demo/download algorithms (e.g. 'ban_addresses') to a role."""
    k = key.lower()
    if k in KNOWN_KEYS:
        return KNOWN_KEYS[k]
    if k in SKIP_KEYS:
        return None
    for role, words in (("addresses", ("adresse", "address", "ban", "bal")),
                        ("connectivity", ("arcep", "connect", "debit", "ftth", "thd", "mobile")),
                        ("population", ("fragil", "variable")),
                        ("demand_population", ("iris", "carreau", "grid", "filosofi")),
                        ("roads", ("road", "osm", "route", "highway")),
                        ("services", ("service", "mediation", "place", "lieu", "amenit", "bpe")),
                        ("communes", ("commune",))):
        if any(w in k for w in words):
            return role
    return None


_DEP_RE = re.compile(r"0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-6]")
_EPCI_RE = re.compile(r"[0-9]{9}")
_INSEE_RE = re.compile(r"[0-9]{5}|2[AB][0-9]{3}")


def parse_territory(text: str) -> tuple[TerritoryKind, list[str]] | None:
    """The kind (a ``TerritoryKind``: DEP, EPCI or COMMUNES) and the codes of what the user typed, or None.

    A département is 2 or 3 characters (01…95, 2A, 2B, 971…976), an EPCI its 9-digit SIREN, a
    list of communes one or more 5-character INSEE codes separated by commas, spaces or semicolons
    (each code once, in the order typed)."""
    codes = [c for c in re.split(r"[\s,;]+", (text or "").strip().upper()) if c]
    if len(codes) == 1 and _DEP_RE.fullmatch(codes[0]):
        return TerritoryKind.DEP, codes
    if len(codes) == 1 and _EPCI_RE.fullmatch(codes[0]):
        return TerritoryKind.EPCI, codes
    if codes and all(_INSEE_RE.fullmatch(c) for c in codes):
        return TerritoryKind.COMMUNES, list(dict.fromkeys(codes))
    return None


class DataPanel(QWidget):
    datasetsChanged = pyqtSignal()

    def __init__(self, dock, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        self.dock = dock
        self.datasets = {role: Dataset(role) for role in ROLES}
        self.items = {}
        self._busy: set[str] = set()          # roles being read
        self._count_tasks: dict = {}          # role -> QgsTask counting road ways
        self._closing = False
        self._loading: dict | None = None     # a territory being loaded: its name and the roles still read
        self.reference_file = ""              # official reference values written by a download
        self._fit_columns()
        # the territory field shows its whole example (it takes a list of communes): in a narrow
        # dock the download button goes to the next line rather than squeezing the field
        edit = self.territoryEdit
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 20)
        # the rows of buttons wrap in a narrow dock (long French labels) instead of scrolling sideways
        wrap_row(self.territoryLayout, self.downloadLayout)
        wrap_row(self.datasetsLayout, self.datasetButtons)
        for role in ROLES:
            item = QTreeWidgetItem(self.datasetTree)
            item.setData(COL_NAME, Qt.ItemDataRole.UserRole, role)
            self.items[role] = item
            self._refresh(role)
        self.datasetTree.setCurrentItem(self.items["communes"])
        self.datasetTree.currentItemChanged.connect(lambda *_: self._show_report())
        self.demoButton.clicked.connect(self.load_demo)
        self.downloadButton.clicked.connect(self.download)
        self.fileButton.clicked.connect(self.choose_file)
        self.layerButton.clicked.connect(self.use_active_layer)
        self.clearButton.clicked.connect(self.clear_current)
        self.territoryEdit.returnPressed.connect(self.download)
        self.update_availability()
        self._show_report()

    def _fit_columns(self) -> None:
        """The four columns fit the dock: the names take what the figures leave and wrap (full
        text in the tooltips); the vintage column is as wide as a date, longer text wraps."""
        tree = self.datasetTree
        wrap_tree(tree, fit_height=True)
        header = tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for col in (COL_ROWS, COL_REJECTED):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        fm = tree.fontMetrics()
        longest_word = max((fm.horizontalAdvance(w) for text in (tr("synthetic data"), "2024-06-30")
                            for w in text.split()), default=0)
        header.setSectionResizeMode(COL_VINTAGE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_VINTAGE, max(longest_word, fm.horizontalAdvance(
            tree.headerItem().text(COL_VINTAGE))) + 16)
        for col in range(tree.columnCount()):
            tree.headerItem().setToolTip(col, tree.headerItem().text(col))

    # --- availability of the algorithms (they land progressively) -------------------------
    def update_availability(self) -> None:
        for button, alg in ((self.demoButton, DemoTerritory.ID), (self.downloadButton, DownloadTerritory.ID)):
            ok = tasks.algorithm(alg) is not None
            button.setEnabled(ok)
            if not ok:
                button.setToolTip(tr("Not available: the algorithm {id} is missing.").format(id=alg))

    def current_role(self) -> str:
        item = self.datasetTree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else "communes"

    # --- user actions ---------------------------------------------------------------------
    def choose_file(self) -> None:
        role = self.current_role()
        paths, _ = QFileDialog.getOpenFileNames(self, tr("Choose the file(s) for: {role}").format(
            role=tr(ROLES[role][0])), "", FILE_FILTER)
        if paths:
            self.set_sources(role, paths)

    def use_active_layer(self) -> None:
        layer = self.dock.iface.activeLayer() if self.dock.iface is not None else None
        if layer is None:
            self.dock.set_status(tr("Select a layer in the Layers panel first."), error=True)
            return
        self.set_sources(self.current_role(), [layer.source()], existing_layer=layer)

    def clear_current(self) -> None:
        role = self.current_role()
        self._loading = None
        self._cancel_count(role)
        self.datasets[role] = Dataset(role)
        self._refresh(role)
        self._show_report()
        self.datasetsChanged.emit()

    def load_demo(self) -> None:
        out = tasks.runs_root() / "demo-territory"
        self.dock.set_status(tr("Writing the demo territory…"))
        self.dock.submit(DemoTerritory.ID, {DemoTerritory.OUTPUT_FOLDER: str(out)}, tr("TerriDiag: demo territory"),
                         lambda ok, res, msg: self._demo_done(ok, res, msg, territory=""))

    def download(self) -> None:
        text = self.territoryEdit.text().strip()
        if not text:
            self.dock.set_status(tr("Type a territory first: a département (e.g. 23), an EPCI SIREN "
                                    "(e.g. 200070019) or INSEE commune codes (e.g. 90010, 90099)."), error=True)
            self.territoryEdit.setFocus()
            return
        territory = parse_territory(text)
        if territory is None:
            self.dock.set_status(tr("“{text}” is not a territory code. Accepted: a département (01 to 95, 2A, "
                                    "2B, 971 to 976), an EPCI by its 9-digit SIREN, or 5-character INSEE "
                                    "commune codes separated by commas, spaces or semicolons.").format(
                text=text), error=True)
            self.territoryEdit.setFocus()
            return
        kind, codes = territory
        code = ", ".join(codes)          # what the status lines show
        label = codes[0] if kind is not TerritoryKind.COMMUNES else (
            f"communes-{codes[0]}" + (f"-{len(codes)}" if len(codes) > 1 else ""))
        folder = tasks.runs_root() / f"territory-{label}"
        params = {DownloadTerritory.TERRITORY: ",".join(codes), DownloadTerritory.KIND: position(TERRITORY_KINDS, kind),
                  DownloadTerritory.OUTPUT_DIR: str(folder)}
        if kind is TerritoryKind.DEP:
            status = tr("Downloading the open data of département {code}…")
        elif kind is TerritoryKind.EPCI:
            status = tr("Downloading the open data of EPCI {code}…")
        elif len(codes) == 1:
            status = tr("Downloading the open data of commune {code}…")
        else:
            status = tr("Downloading the open data of communes {code}…")
        self.dock.set_status(status.format(code=code))
        self.dock.submit(DownloadTerritory.ID, params, tr("TerriDiag: download {code}").format(code=code),
                         lambda ok, res, msg: self._demo_done(ok, res, msg, territory=code))

    def _demo_done(self, ok: bool, results: dict, message: str, territory: str = "") -> None:
        """The files of the demo territory (``territory`` empty) or of a downloaded one were
        written: read each dataset; when all are read, the status line sums them up."""
        if not ok:
            return
        files = results.get(names.FILES) or "{}"
        try:
            files = json.loads(files) if isinstance(files, str) else dict(files)
        except ValueError:
            files = {}
        # terridiag:download_territory returns one file output per dataset
        for out, key in DOWNLOAD_OUTPUTS.items():
            if results.get(out) and Path(str(results[out])).exists():
                files.setdefault(key, str(results[out]))
        # a dataset may have written several files (the census themes, Filosofi's levels)
        files = {str(k): ([str(p) for p in v if p] if isinstance(v, (list, tuple)) else [str(v)] if v else [])
                 for k, v in files.items()}
        # official values of the territory, the fragility index's reference (see download_territory)
        self.reference_file = next((p for paths in files.values() for p in paths
                                    if Path(p).name.startswith("reference-")), "")
        by_role: dict[str, list[str]] = {}
        for key, paths in files.items():
            role = role_of_key(key)
            if role is not None and paths:      # FILES and the per-dataset outputs name the same files
                by_role.setdefault(role, []).extend(p for p in paths if p not in by_role.get(role, []))
        if not by_role:
            self.dock.set_status(tr("No dataset was found in the files written."), error=True)
            return
        self._loading = {"territory": territory, "roles": set(by_role), "all": list(by_role)}
        for role in ROLES:
            if role in by_role:
                extra = {}
                for param, keys in EXTRA_KEYS.get(role, {}).items():
                    found = [p for k in ((keys,) if isinstance(keys, str) else keys) for p in files.get(k, [])
                             if not Path(p).name.startswith("reference-")]
                    if found:
                        extra[param] = found if not isinstance(keys, str) else found[0]
                if territory:
                    extra.update(DOWNLOAD_PARAMS.get(role, {}))
                self.set_sources(role, by_role[role], extra_params=extra, _loading=True)

    def loaded_summary(self, territory: str = "", roles=None) -> tuple[str, bool]:
        """What the status line says once a territory is loaded (and whether a dataset failed):
        "Demo territory loaded: 6 datasets, 40 000 addresses." ``roles``: the roles it brought
        (default: every role with data)."""
        chosen = [ds for ds in self.datasets.values() if (ds.sources or ds.layers)
                  and (roles is None or ds.role in roles)]
        failed = [tr(ROLES[ds.role][0]) for ds in chosen if ds.error]
        n = len(chosen) - len(failed)
        datasets = tr("1 dataset") if n == 1 else tr("{n} datasets").format(n=n)
        addresses = self.datasets["addresses"].rows_kept
        if addresses is not None and not self.datasets["addresses"].error and (roles is None or "addresses" in roles):
            datasets = tr("{datasets}, {n} addresses").format(datasets=datasets, n=self._count(addresses))
        text = (tr("Territory {code} loaded: {datasets}.").format(code=territory, datasets=datasets) if territory
                else tr("Demo territory loaded: {datasets}.").format(datasets=datasets))
        if failed:
            text += " " + tr("Could not be read: {names} (select the row to read why).").format(
                names=", ".join(failed))
        return text, bool(failed)

    # --- reading one role's sources --------------------------------------------------------
    def set_sources(self, role: str, paths: list[str], existing_layer=None, extra_params=None,
                    _loading: bool = False) -> None:
        """Read (import) the sources of a role in the background and list the result."""
        if not _loading:
            self._loading = None          # the user changes the data: no territory summary any more
        self.datasets[role] = ds = Dataset(role, sources=list(paths))
        self._cancel_count(role)
        self._refresh(role, busy=True)
        alg = ROLES[role][1]
        if existing_layer is not None and not (alg and tasks.algorithm(alg)):
            ds.layers = [existing_layer.id()]
            if isinstance(existing_layer, QgsVectorLayer) and existing_layer.featureCount() >= 0:
                ds.rows_read = ds.rows_kept = existing_layer.featureCount()
                ds.rejected = 0
            self._add_provenance(ds, layer_provenance.of_layer(existing_layer)
                                 or [p.to_dict() for p in core_provenance.sidecar(existing_layer.source())])
            self._finished_role(role)
            return
        if alg and tasks.algorithm(alg) is not None:
            self._busy.add(role)
            for path in paths:
                run_dir = tasks.new_run_dir(f"import-{role}")
                out = run_dir / f"{role}.gpkg"
                params = {IMPORTS[alg].INPUT: path, IMPORTS[alg].OUTPUT: str(out), **(extra_params or {})}
                self.dock.submit(alg, params, tr("TerriDiag: reading {file}").format(file=Path(path).name),
                                 lambda ok, res, msg, r=role, p=path, o=out: self._imported(r, p, o, ok, res, msg),
                                 run_dir=run_dir)
        else:
            for path in paths:
                self._add_plain_file(ds, path)
            self._finished_role(role)

    @staticmethod
    def _add_provenance(ds: Dataset, provenances) -> None:
        """Merge recorded provenance (dicts of core.provenance.Provenance) into the dataset."""
        for prov in provenances or []:
            if not isinstance(prov, dict):
                continue
            ds.synthetic = ds.synthetic or bool(prov.get("synthetic"))
            for key, attr in (("vintage", "vintage"), ("licence", "licence"), ("source", "provenance")):
                value = str(prov.get(key) or "").strip()
                if value and value not in [v.strip() for v in getattr(ds, attr).split(";")]:
                    setattr(ds, attr, "; ".join(x for x in (getattr(ds, attr), value) if x))

    def _add_plain_file(self, ds: Dataset, path: str) -> None:
        name = Path(path).name
        self._add_provenance(ds, [p.to_dict() for p in core_provenance.sidecar(path)])
        if ds.role == "roads":   # read by the algorithms from the file; an OSM layer is slow to draw
            ds.log.append(tr("{file}: used as a file by the road-network indicators.").format(file=name))
            self._count_roads(ds, path)
            return
        layer = QgsVectorLayer(self._ogr_uri(path), f"{tr(ROLES[ds.role][0])} — {name}", "ogr")
        if not layer.isValid():
            ds.log.append(tr("{file}: kept as a file (not a layer QGIS can show).").format(file=name))
            return
        qproject.add_layer(layer, qproject.data_group(), visible=ds.role not in ("roads", "population"))
        ds.layers.append(layer.id())
        if layer.featureCount() >= 0:      # -1: unknown without a full scan (OSM files)
            # a plain table is shown as it is: every row read is kept
            ds.rows_read = (ds.rows_read or 0) + layer.featureCount()
            ds.rows_kept = (ds.rows_kept or 0) + layer.featureCount()
            ds.rejected = ds.rejected or 0

    # --- road network: ways counted from the file (in the background when it is large) ---------
    def _count_roads(self, ds: Dataset, path: str) -> None:
        from ..core.sources.roads import count_road_ways   # numpy/pandas only once a file is chosen

        try:
            size = Path(path).stat().st_size
        except OSError:
            return
        if size <= ROADS_COUNT_NOW_BYTES:
            try:
                self._roads_counted(ds, path, count_road_ways(path))
            except Exception as exc:  # noqa: BLE001 - a count is only informative
                ds.log.append(tr("{file}: the road ways could not be counted ({error}).").format(
                    file=Path(path).name, error=exc))
            return
        self._busy.add(ds.role)
        task = QgsTask.fromFunction(tr("TerriDiag: counting the roads of {file}").format(file=Path(path).name),
                                    lambda _task: count_road_ways(path),
                                    on_finished=lambda exc, result=None: self._count_done(ds, path, exc, result))
        self._count_tasks[ds.role] = task
        QgsApplication.taskManager().addTask(task)

    def _count_done(self, ds: Dataset, path: str, exc, result) -> None:
        if self._closing or self.datasets.get(ds.role) is not ds:
            return                         # the panel is going away, or the role was changed meanwhile
        self._count_tasks.pop(ds.role, None)
        self._busy.discard(ds.role)
        if exc is None and result:
            self._roads_counted(ds, path, result)
        elif exc is not None:
            ds.log.append(tr("{file}: the road ways could not be counted ({error}).").format(
                file=Path(path).name, error=exc))
        self._finished_role(ds.role)

    def _roads_counted(self, ds: Dataset, path: str, result: dict) -> None:
        ds.rows_read = (ds.rows_read or 0) + result["tagged"]
        ds.rows_kept = (ds.rows_kept or 0) + result["roads"]
        ds.rejected = (ds.rejected or 0) + result["tagged"] - result["roads"]
        if not ds.provenance:              # no sidecar: OpenStreetMap, dated by its objects
            self._add_provenance(ds, [result["provenance"]])

    def _cancel_count(self, role: str) -> None:
        task = self._count_tasks.pop(role, None)
        self._busy.discard(role)
        if task is not None:
            try:
                task.cancel()
            except RuntimeError:           # already finished and deleted
                pass

    def cleanup(self) -> None:
        self._closing = True
        for role in list(self._count_tasks):
            self._cancel_count(role)

    @staticmethod
    def _ogr_uri(path: str) -> str:
        if path.lower().endswith(".osm.pbf") or path.lower().endswith(".osm"):
            return f"{path}|layername=lines"
        return path

    def _imported(self, role, path, out, ok, results, message) -> None:
        ds = self.datasets[role]
        if path not in ds.sources:           # the role was changed meanwhile
            return
        run = self.dock.last_run
        lines = list(run.lines) if run is not None else []
        ds.log.extend(lines)
        if not ok:
            ds.error = (ds.error + "\n" if ds.error else "") + labelled(Path(path).name, message)
        else:
            parsed = import_result(results)
            for key in ("rows_read", "rows_kept", "rejected"):
                if parsed.get(key) is not None:
                    setattr(ds, key, (getattr(ds, key) or 0) + parsed[key])
            dest = results.get(names.OUTPUT) or str(out)
            layer = QgsVectorLayer(str(dest), f"{tr(ROLES[role][0])} — {Path(path).name}", "ogr")
            # the provenance records the import returned (source, vintage, licence, synthetic), else
            # those it recorded on its output
            recorded = parsed["provenance"] or (layer_provenance.of_layer(layer) if layer.isValid() else [])
            self._add_provenance(ds, recorded)
            if layer.isValid():
                if role == "services":
                    from ..qgis_bridge.styles import style_services
                    style_services(layer)
                    layer.setName(f"{layer.name()} — {Path(path).name}")
                qproject.set_aliases(layer)
                qproject.add_layer(layer, qproject.data_group(), visible=role in ("communes", "services"))
                ds.layers.append(layer.id())
                if parsed.get("rows_kept") is None:
                    ds.rows_kept = (ds.rows_kept or 0) + layer.featureCount()
        ds.done.add(path)
        if ds.done >= set(ds.sources):
            self._busy.discard(role)
            self._finished_role(role)
        else:
            self._refresh(role, busy=True)

    def _finished_role(self, role: str) -> None:
        self._refresh(role)
        if self.current_role() == role:
            self._show_report()
        self.datasetsChanged.emit()
        loading = self._loading
        if loading is not None and role in loading["roles"]:
            loading["roles"].discard(role)
            if not loading["roles"]:
                self._loading = None
                text, failed = self.loaded_summary(loading["territory"], loading["all"])
                self.dock.set_status(text, error=failed)

    # --- display ----------------------------------------------------------------------------
    @staticmethod
    def _count(n) -> str:
        return "" if n is None else f"{n:,}".replace(",", "\u202f")

    @staticmethod
    def source_text(ds: Dataset) -> str:
        """The source(s) in the user's language, saying once when the data is synthetic."""
        from ..core.presentation.sources import known_text
        text = "; ".join(known_text(s, language()) for s in (x.strip() for x in ds.provenance.split(";")) if s)
        if ds.synthetic and "synth" not in text.lower():
            text = (text + " — " if text else "") + tr("synthetic data")
        return text

    @staticmethod
    def licence_text(ds: Dataset) -> str:
        from ..core.presentation.sources import known_text
        return "; ".join(known_text(s, language()) for s in (x.strip() for x in ds.licence.split(";")) if s)

    @staticmethod
    def vintage_text(ds: Dataset) -> str:
        """The vintage(s); for synthetic data without one, says it is synthetic."""
        if ds.vintage:
            return ds.vintage + (" (" + tr("synthetic") + ")" if ds.synthetic else "")
        return tr("synthetic data") if ds.synthetic else ""

    def _refresh(self, role: str, busy: bool = False) -> None:
        ds, item = self.datasets[role], self.items[role]
        label = tr(ROLES[role][0]) + ("\u00a0*" if ROLES[role][2] else "")
        chosen = bool(ds.sources or ds.layers)
        item.setText(COL_NAME, ("⚠ " if ds.error else "") + label)
        need = tr("Required for the diagnosis") if ROLES[role][2] else tr("Optional")
        files = "\n".join(ds.sources) if chosen else tr("Choose a file or a layer")
        item.setToolTip(COL_NAME, f"{tr(ROLES[role][0])} — {need}\n{files}")
        busy = busy or role in self._busy
        # a narrow column (the names take the width): a sign in the cell, the words in its tooltip
        if busy:
            rows, rows_tip = "…", tr("reading…")
        elif not chosen:
            rows, rows_tip = "—", tr("not chosen")
        else:
            rows = rows_tip = self._count(ds.rows_kept)
        item.setText(COL_ROWS, rows)
        if busy or not chosen:
            item.setToolTip(COL_ROWS, rows_tip)
        elif role == "roads" and ds.rows_kept is not None:
            item.setToolTip(COL_ROWS, tr("{n} OpenStreetMap ways kept as roads").format(n=rows))
        elif ds.rows_read is not None and ds.rows_kept is not None:
            item.setToolTip(COL_ROWS, tr("{kept} rows kept of {read} read").format(
                kept=rows, read=self._count(ds.rows_read)))
        else:
            item.setToolTip(COL_ROWS, rows)
        rejected = "" if busy else self._count(ds.rejected)
        item.setText(COL_REJECTED, rejected)
        item.setToolTip(COL_REJECTED, tr("{n} rows rejected: select the row to read why").format(n=rejected)
                        if ds.rejected else rejected)
        vintage = "" if busy else self.vintage_text(ds)
        item.setText(COL_VINTAGE, vintage)
        item.setToolTip(COL_VINTAGE, vintage)
        for col in (COL_ROWS, COL_REJECTED):
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def _show_report(self) -> None:
        role = self.current_role()
        ds = self.datasets[role]
        label = tr(ROLES[role][0])
        parts = [f"<h3>{html.escape(label)}</h3>"]
        if not ds.sources and not ds.layers:
            hint = (tr("Required for the diagnosis.") if ROLES[role][2] else
                    tr(OPTIONAL_HINTS[role]) if role in OPTIONAL_HINTS else tr("Optional: the diagnosis runs without it."))
            parts.append(f"<p>{html.escape(tr('Not chosen yet.'))} {html.escape(hint)}</p>")
        else:
            count = self._count
            if role == "roads":
                counts = [(tr("Ways with a highway tag"), count(ds.rows_read)),
                          (tr("Road ways kept"), count(ds.rows_kept)),
                          (tr("Set aside (not roads)"), count(ds.rejected))]
            else:
                counts = [(tr("Rows read"), count(ds.rows_read)),
                          (tr("Rows kept"), count(ds.rows_kept)),
                          (tr("Rows rejected"), count(ds.rejected))]
            vintage = self.vintage_text(ds) or (tr("not stated") if role not in self._busy else "")
            rows = [(tr("Files"), "<br>".join(html.escape(s) for s in ds.sources)), *counts,
                    (tr("Vintage"), html.escape(vintage)),
                    (tr("Source"), html.escape(self.source_text(ds))),
                    (tr("Licence"), html.escape(self.licence_text(ds)))]
            parts.append("<table>" + "".join(
                f"<tr><td valign='top'><b>{html.escape(k)}</b>&nbsp;</td><td>{v}</td></tr>"
                for k, v in rows if v) + "</table>")
            if ds.error:
                parts.append(f"<p><b>⚠ {html.escape(tr('Could not be read:'))}</b><br>"
                             f"{html.escape(ds.error).replace(chr(10), '<br>')}</p>")
            log = self.log_lines(ds)
            if log:
                parts.append(f"<p><b>{html.escape(tr('Report'))}</b></p><pre style='white-space: pre-wrap'>"
                             + html.escape("\n".join(log[-60:])) + "</pre>")
        self.reportBrowser.setHtml("".join(parts))

    @staticmethod
    def log_lines(ds: Dataset) -> list[str]:
        """The import log, each line once (files of one dataset often share their source line),
        files named without their folder (listed above)."""
        folders = sorted({str(Path(s.split("|")[0]).parent) + "/" for s in ds.sources}, key=len, reverse=True)
        seen, out = set(), []
        for line in ds.log:
            line = line.rstrip()
            for folder in folders:
                line = line.replace(folder, "")
            if line.strip() and line not in seen:
                seen.add(line)
                out.append(line)
        return out

    # --- for the diagnosis --------------------------------------------------------------------
    def missing_required(self) -> list[str]:
        return [tr(ROLES[r][0]) for r, (_l, _a, req) in ROLES.items()
                if req and not (self.datasets[r].layers or self.datasets[r].sources)]

    def inputs(self, role: str) -> list[str]:
        return self.datasets[role].inputs()

    def busy(self) -> bool:
        """True while a role is being read (imported, or its road ways counted)."""
        return bool(self._busy)
