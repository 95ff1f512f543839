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

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QCoreApplication, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QFileDialog, QHeaderView, QTreeWidgetItem, QWidget

from ..qgis_bridge import project as qproject
from . import tasks

UI = Path(__file__).resolve().parents[2] / "ui" / "data_panel.ui"


def tr(text: str) -> str:
    return QCoreApplication.translate("TerriDiag", text)

def translate(context: str, text: str) -> str:
    """Marks a constant for scripts/i18n.py; it is translated with tr() when shown."""
    return text


# role -> (label, import algorithm or "", required for the diagnosis)
ROLES = {
    "communes": (translate("TerriDiag", "Communes (boundaries, population)"), "terridiag:import_communes", True),
    "addresses": (translate("TerriDiag", "Addresses (BAN)"), "terridiag:import_addresses", True),
    "services": (translate("TerriDiag", "Service and mediation places"), "terridiag:import_services", True),
    "connectivity": (translate("TerriDiag", "Connectivity (ARCEP)"), "terridiag:import_connectivity", False),
    "population": (translate("TerriDiag", "Fragility variables (INSEE)"), "", False),
    "roads": (translate("TerriDiag", "Road network (OSM)"), "", False),
}
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


# files written by terridiag:demo_territory / download_territory -> role (the first match wins;
# the mediation places come in two formats with the same places: only one is read)
KNOWN_KEYS = {"communes": "communes", "addresses": "addresses", "france_services": "services",
              "mediation_csv": "services", "mediation": "services", "arcep_debit": "connectivity",
              "mobile_sites": "connectivity", "fragility": "population", "roads_osm": "roads", "roads": "roads"}
# extra inputs of an import algorithm found among the same files: role -> {parameter: key}
EXTRA_KEYS = {"communes": {"POPULATION": "communes_population", "EPCI": "epci"}}
DOWNLOAD_OUTPUTS = {"BAN": "addresses", "COMMUNES": "communes", "FRANCE_SERVICES": "france_services",
                    "MEDIATION": "mediation", "ARCEP": "arcep_debit"}
SKIP_KEYS = {"territory", "epci", "communes_population", "readme", "provenance", "mediation_json"}


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
                        ("roads", ("road", "osm", "route", "highway")),
                        ("services", ("service", "mediation", "place", "lieu", "amenit", "bpe")),
                        ("communes", ("commune",))):
        if any(w in k for w in words):
            return role
    return None


_NUM = r"([0-9][0-9\s\u202f,.]*)"


def _int(text: str) -> int | None:
    digits = re.sub(r"[^0-9]", "", text or "")
    return int(digits) if digits else None


def parse_report(lines: list[str], results: dict) -> dict:
    """Counts, vintage and provenance from an import algorithm's results and log lines."""
    out = {}
    for key in ("REPORT", "REPORT_JSON"):
        raw = results.get(key)
        if isinstance(raw, str) and raw.strip().startswith("{"):
            try:
                rep = json.loads(raw)
            except ValueError:
                continue
            for name, dest in (("rows_read", "rows_read"), ("rows_kept", "rows_kept"),
                               ("rejected", "rejected"), ("n_rejected", "rejected")):
                if isinstance(rep.get(name), (int, float)):
                    out[dest] = int(rep[name])
            if isinstance(rep.get("rejected"), list):
                out["rejected"] = len(rep["rejected"])
            prov = rep.get("provenance") or {}
            if isinstance(prov, dict):
                out["vintage"] = str(prov.get("vintage") or "")
                out["licence"] = str(prov.get("licence") or "")
                out["provenance"] = str(prov.get("source") or prov.get("url") or "")
    for key, dest in (("ROWS_READ", "rows_read"), ("ROWS_KEPT", "rows_kept"), ("ROWS_REJECTED", "rejected"),
                      ("VINTAGE", "vintage"), ("LICENCE", "licence"), ("SOURCE", "provenance")):
        if key in results and results[key] not in (None, ""):
            value = results[key]
            if dest.startswith(("rows", "rej")):
                try:
                    out[dest] = int(float(value))
                except (TypeError, ValueError):
                    out[dest] = _int(str(value))
            else:
                out[dest] = str(value)
    prov = results.get("PROVENANCE")
    if isinstance(prov, str) and prov:
        # "source — vintage — licence", where the source itself may contain " — "
        parts = [p.strip() for p in prov.replace(" [SYNTHETIC]", "").split(" — ")]
        if len(parts) > 1 and re.search(r"licen|odbl|synthetic|cc[- ]by", parts[-1], re.IGNORECASE):
            out.setdefault("licence", parts.pop())
        if len(parts) > 1 and re.search(r"\d{4}", parts[-1]):
            out.setdefault("vintage", parts.pop())
        out.setdefault("provenance", " — ".join(parts) + (" [SYNTHETIC]" if "[SYNTHETIC]" in prov else ""))
    text = "\n".join(lines)
    for pattern, dest in ((r"rows? read\s*[:=]?\s*" + _NUM, "rows_read"),
                          (r"(?:rows? )?kept\s*[:=]?\s*" + _NUM, "rows_kept"),
                          (r"rejected\s*[:=]?\s*" + _NUM, "rejected")):
        if dest not in out:
            m = re.search(pattern, text, re.IGNORECASE)
            if m:
                out[dest] = _int(m.group(1))
    for pattern, dest in ((r"vintage\s*[:=]\s*(.+)", "vintage"), (r"licen[cs]e\s*[:=]\s*(.+)", "licence"),
                          (r"source\s*[:=]\s*(.+)", "provenance")):
        if not out.get(dest):
            m = re.search(pattern, text, re.IGNORECASE)
            if m:
                out[dest] = m.group(1).strip()
    return out


class DataPanel(QWidget):
    datasetsChanged = pyqtSignal()

    def __init__(self, dock, parent=None):
        super().__init__(parent)
        uic.loadUi(str(UI), self)
        self.dock = dock
        self.datasets = {role: Dataset(role) for role in ROLES}
        self.items = {}
        header = self.datasetTree.header()
        header.setStretchLastSection(False)
        for col in range(header.count()):     # the file names take what the figures leave
            header.setSectionResizeMode(col, QHeaderView.Stretch if col == 1 else QHeaderView.ResizeToContents)
        for role, (label, _alg, required) in ROLES.items():
            item = QTreeWidgetItem(self.datasetTree)
            item.setData(0, Qt.UserRole, role)
            item.setText(0, tr(label) + (" *" if required else ""))
            item.setToolTip(0, tr("Required for the diagnosis") if required else tr("Optional"))
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

    # --- availability of the algorithms (they land progressively) -------------------------
    def update_availability(self) -> None:
        for button, alg in ((self.demoButton, "terridiag:demo_territory"),
                            (self.downloadButton, "terridiag:download_territory")):
            ok = tasks.algorithm(alg) is not None
            button.setEnabled(ok)
            if not ok:
                button.setToolTip(tr("Not available: the algorithm {id} is missing.").format(id=alg))

    def current_role(self) -> str:
        item = self.datasetTree.currentItem()
        return item.data(0, Qt.UserRole) if item is not None else "communes"

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
        self.datasets[role] = Dataset(role)
        self._refresh(role)
        self._show_report()
        self.datasetsChanged.emit()

    def load_demo(self) -> None:
        out = tasks.runs_root() / "demo-territory"
        self.dock.set_status(tr("Writing the demo territory…"))
        self.dock.submit("terridiag:demo_territory", {"OUTPUT_FOLDER": str(out)}, tr("TerriDiag: demo territory"),
                         self._demo_done)

    def download(self) -> None:
        code = self.territoryEdit.text().strip().upper()
        if not code:
            self.dock.set_status(tr("Type the code of a département first (e.g. 23)."), error=True)
            self.territoryEdit.setFocus()
            return
        names = tasks.parameter_names("terridiag:download_territory")
        params = {}
        for name in ("DEPARTEMENT", "TERRITORY", "CODE", "DEPARTMENT"):
            if name in names:
                params[name] = code
                break
        folder = tasks.runs_root() / f"territory-{code}"
        for name in ("OUTPUT_DIR", "OUTPUT_FOLDER", "FOLDER", "OUTPUT"):
            if name in names:
                params[name] = str(folder)
                break
        self.dock.set_status(tr("Downloading the open data of {code}…").format(code=code))
        self.dock.submit("terridiag:download_territory", params, tr("TerriDiag: download {code}").format(code=code),
                         self._demo_done)

    def _demo_done(self, ok: bool, results: dict, message: str) -> None:
        if not ok:
            return
        files = results.get("FILES") or results.get("PATHS") or "{}"
        try:
            files = json.loads(files) if isinstance(files, str) else dict(files)
        except ValueError:
            files = {}
        # terridiag:download_territory returns one file output per dataset
        for out, key in DOWNLOAD_OUTPUTS.items():
            if results.get(out) and Path(str(results[out])).exists():
                files.setdefault(key, str(results[out]))
        by_role: dict[str, list[str]] = {}
        for key, path in files.items():
            role = role_of_key(str(key))
            if role is not None and path:
                by_role.setdefault(role, []).append(str(path))
        if not by_role:
            self.dock.set_status(tr("No dataset was found in the files written."), error=True)
            return
        for role in ROLES:
            if role in by_role:
                extra = {param: str(files[key]) for param, key in EXTRA_KEYS.get(role, {}).items()
                         if files.get(key)}
                self.set_sources(role, by_role[role], extra_params=extra)

    # --- reading one role's sources --------------------------------------------------------
    def set_sources(self, role: str, paths: list[str], existing_layer=None, extra_params=None) -> None:
        """Read (import) the sources of a role in the background and list the result."""
        self.datasets[role] = ds = Dataset(role, sources=list(paths))
        self._refresh(role, busy=True)
        alg = ROLES[role][1]
        if existing_layer is not None and not (alg and tasks.algorithm(alg)):
            ds.layers = [existing_layer.id()]
            ds.rows_kept = existing_layer.featureCount() if isinstance(existing_layer, QgsVectorLayer) else None
            self._finished_role(role)
            return
        if alg and tasks.algorithm(alg) is not None:
            for path in paths:
                run_dir = tasks.new_run_dir(f"import-{role}")
                out = run_dir / f"{role}.gpkg"
                params = {"INPUT": path, "OUTPUT": str(out)}
                names = tasks.parameter_names(alg)
                params.update({k: v for k, v in (extra_params or {}).items() if k in names})
                self.dock.submit(alg, params, tr("TerriDiag: reading {file}").format(file=Path(path).name),
                                 lambda ok, res, msg, r=role, p=path, o=out: self._imported(r, p, o, ok, res, msg),
                                 run_dir=run_dir)
        else:
            for path in paths:
                self._add_plain_file(ds, path)
            self._finished_role(role)

    def _add_plain_file(self, ds: Dataset, path: str) -> None:
        name = Path(path).name
        if ds.role == "roads":   # read by the algorithms from the file; an OSM layer is slow to draw
            ds.log.append(tr("{file}: used as a file by the road-network indicators.").format(file=name))
            return
        layer = QgsVectorLayer(self._ogr_uri(path), f"{tr(ROLES[ds.role][0])} — {name}", "ogr")
        if not layer.isValid():
            ds.log.append(tr("{file}: kept as a file (not a layer QGIS can show).").format(file=name))
            return
        qproject.add_layer(layer, qproject.data_group(), visible=ds.role not in ("roads", "population"))
        ds.layers.append(layer.id())
        if layer.featureCount() >= 0:      # -1: unknown without a full scan (OSM files)
            ds.rows_kept = (ds.rows_kept or 0) + layer.featureCount()

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
            ds.error = (ds.error + "\n" if ds.error else "") + f"{Path(path).name}: {message}"
        else:
            parsed = parse_report(lines, results)
            for key in ("rows_read", "rows_kept", "rejected"):
                if parsed.get(key) is not None:
                    setattr(ds, key, (getattr(ds, key) or 0) + parsed[key])
            for key in ("vintage", "licence", "provenance"):
                if parsed.get(key) and parsed[key] not in getattr(ds, key):
                    setattr(ds, key, "; ".join(x for x in (getattr(ds, key), parsed[key]) if x))
            dest = results.get("OUTPUT") or str(out)
            layer = QgsVectorLayer(str(dest), f"{tr(ROLES[role][0])} — {Path(path).name}", "ogr")
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
            self._finished_role(role)
        else:
            self._refresh(role, busy=True)

    def _finished_role(self, role: str) -> None:
        self._refresh(role)
        if self.current_role() == role:
            self._show_report()
        self.datasetsChanged.emit()

    # --- display ----------------------------------------------------------------------------
    def _refresh(self, role: str, busy: bool = False) -> None:
        ds, item = self.datasets[role], self.items[role]
        if not ds.sources and not ds.layers:
            source = tr("not chosen")
        else:
            names = [Path(s.split("|")[0]).name for s in ds.sources]
            source = ", ".join(names[:2]) + (f" (+{len(names) - 2})" if len(names) > 2 else "")
        if busy:
            source = tr("reading…") + " " + source
        if ds.error:
            source = "⚠ " + source
        item.setText(1, source)
        item.setToolTip(1, "\n".join(ds.sources) or tr("Choose a file or a layer"))
        item.setText(2, "" if ds.rows_kept is None else f"{ds.rows_kept:,}".replace(",", "\u202f"))
        item.setText(3, "" if ds.rejected is None else f"{ds.rejected:,}".replace(",", "\u202f"))
        item.setText(4, ds.vintage)
        for col in (2, 3):
            item.setTextAlignment(col, Qt.AlignRight | Qt.AlignVCenter)

    def _show_report(self) -> None:
        role = self.current_role()
        ds = self.datasets[role]
        label = tr(ROLES[role][0])
        parts = [f"<h3>{html.escape(label)}</h3>"]
        if not ds.sources and not ds.layers:
            hint = tr("Required for the diagnosis.") if ROLES[role][2] else tr("Optional: the diagnosis runs without it.")
            parts.append(f"<p>{html.escape(tr('Not chosen yet.'))} {html.escape(hint)}</p>")
        else:
            count = lambda n: "" if n is None else f"{n:,}".replace(",", "\u202f")  # noqa: E731
            rows = [(tr("Files"), "<br>".join(html.escape(s) for s in ds.sources)),
                    (tr("Rows read"), count(ds.rows_read)),
                    (tr("Rows kept"), count(ds.rows_kept)),
                    (tr("Rows rejected"), count(ds.rejected)),
                    (tr("Vintage"), html.escape(ds.vintage)),
                    (tr("Source"), html.escape(ds.provenance)),
                    (tr("Licence"), html.escape(ds.licence))]
            parts.append("<table>" + "".join(
                f"<tr><td><b>{html.escape(k)}</b>&nbsp;</td><td>{v}</td></tr>" for k, v in rows if v) + "</table>")
            if ds.error:
                parts.append(f"<p><b>⚠ {html.escape(tr('Could not be read:'))}</b><br>"
                             f"{html.escape(ds.error).replace(chr(10), '<br>')}</p>")
            log = [line for line in ds.log if line.strip()]
            if log:
                parts.append(f"<p><b>{html.escape(tr('Report'))}</b></p><pre>"
                             + html.escape("\n".join(log[-60:])) + "</pre>")
        self.reportBrowser.setHtml("".join(parts))

    # --- for the diagnosis --------------------------------------------------------------------
    def missing_required(self) -> list[str]:
        return [tr(ROLES[r][0]) for r, (_l, _a, req) in ROLES.items()
                if req and not (self.datasets[r].layers or self.datasets[r].sources)]

    def inputs(self, role: str) -> list[str]:
        return self.datasets[role].inputs()

    def busy(self) -> bool:
        return any(self.items[r].text(1).startswith(tr("reading…")) for r in ROLES)
