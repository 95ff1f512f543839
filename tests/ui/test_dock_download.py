"""The Data tab's "Download my territory": the code typed says the kind of territory (département,
EPCI SIREN or INSEE commune codes), the download runs through terridiag:download_territory against
the producers' URL layout served on 127.0.0.1 (tests/support/loopback.py, real files of
../shared/data), each dataset is read and listed with its row count, and the status line sums up."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from dock_download import download as _download  # noqa: E402
from loopback import ban_rows_per_commune  # noqa: E402

pytestmark = [pytest.mark.qgis, pytest.mark.network]
ALG = "terridiag:download_territory"


@pytest.mark.parametrize("text, expected", [
    ("90", ("dep", ["90"])), (" 2a ", ("dep", ["2A"])), ("974", ("dep", ["974"])), ("01", ("dep", ["01"])),
    ("200070019", ("epci", ["200070019"])),
    ("90010", ("communes", ["90010"])), ("90010, 90099", ("communes", ["90010", "90099"])),
    ("90010;90099 2A004", ("communes", ["90010", "90099", "2A004"])), ("90010,90010", ("communes", ["90010"])),
    ("", None), ("1", None), ("20", None), ("96", None), ("977", None), ("9001", None), ("2490002", None),
    ("90, 25", None), ("90010, 200070019", None), ("Belfort", None),
])
def test_kind_is_inferred_from_the_code(qgis_app, text, expected):
    from terridiag.plugin.gui.data_panel import parse_territory

    assert parse_territory(text) == expected


def _rows_shown(panel) -> dict:
    from terridiag.plugin.gui.data_panel import COL_ROWS

    return {role: item.text(COL_ROWS) for role, item in panel.items.items()}


def test_download_departement_90(download_dock, qtbot, tmp_path, artifacts):
    dock, srv, facts, submitted = download_dock
    panel = dock.data_panel
    assert panel.territoryLabel.text().replace("&", "").startswith("Territory")
    _download(dock, qtbot, "90")

    downloads = [p for alg, p in submitted if alg == ALG]
    assert len(downloads) == 1
    params = downloads[0]
    assert (params["TERRITORY"], params["KIND"]) == ("90", 0)
    man = json.loads((Path(params["OUTPUT_DIR"]) / "manifest.json").read_text(encoding="utf-8"))
    assert man["territory"]["kind"] == "dep" and man["territory"]["codes"] == ["90"]
    # the files came from the loopback server, and every dataset was read by its import algorithm
    assert {e.path for e in srv.requests()} >= {"/communes", "/data/ban/adresses/latest/csv/adresses-90.csv.gz"}
    ds = panel.datasets
    assert not [d.error for d in ds.values() if d.error]
    n_addresses = sum(facts["ban"].values())
    assert (ds["communes"].rows_kept, ds["addresses"].rows_kept, ds["connectivity"].rows_kept) == (101, n_addresses, 101)
    # France Services + mediation places + the BPE's town halls, libraries and post offices (its France
    # Services are those of ANCT's list: not taken twice)
    bpe_kept = sum(1 for r in facts["bpe_rows"] if r[10] == "90" and r[14] in ("A129", "A206", "A207", "A208", "F307"))
    assert bpe_kept == 1                                           # the town hall of the OSM extract
    assert ds["services"].rows_kept == 4 + 8 + bpe_kept
    assert len(ds["services"].sources) == 3
    assert ds["iris"].rows_kept == 123 and len(ds["iris"].layers) == 1
    assert ds["roads"].rows_kept > 300
    assert _rows_shown(panel) == {"communes": "101", "addresses": "255", "services": "13", "connectivity": "101",
                                  "population": "—", "demand_population": "—", "iris": "123", "roads": ds["roads"].rows_kept and
                                  panel._count(ds["roads"].rows_kept)}
    for role in ("communes", "addresses", "services", "connectivity", "iris"):
        assert ds[role].layers and ds[role].licence.startswith("Licence Ouverte"), role
    assert "ODbL" in ds["roads"].licence
    status = dock.body.statusLabel.text()
    assert status == "Territory 90 loaded: 6 datasets, 255 addresses.", status
    assert dock.indicators_panel.runButton.isEnabled()

    dock.resize(470, 900)                                          # the dock's width in the README pictures
    dock.body.tabs.setCurrentIndex(0)
    panel.datasetTree.setCurrentItem(panel.items["addresses"])
    qtbot.wait(100)
    assert dock.grab().save(str(artifacts / "dock_download_90.png"))


@pytest.mark.parametrize("text, kind, label, query, n_communes", [
    ("249000241", 1, "249000241", "codeEpci=249000241", 27),            # CC du Sud Territoire
    ("90010 ; 90099", 2, "90010, 90099", "codeDepartement=90", 2),       # Belfort, Valdoie
])
def test_download_epci_and_communes(download_dock, qtbot, shared_data, text, kind, label, query, n_communes):
    dock, srv, facts, submitted = download_dock
    panel = dock.data_panel
    _download(dock, qtbot, text)

    params = next(p for alg, p in submitted if alg == ALG)
    assert params["KIND"] == kind and params["TERRITORY"] == label.replace(", ", ",")
    assert [e.query.split("&")[0] for e in srv.requests("/communes")] == [query]
    man = json.loads((Path(params["OUTPUT_DIR"]) / "manifest.json").read_text(encoding="utf-8"))
    assert man["territory"]["kind"] == ("epci", "communes")[kind - 1]
    codes = set(man["territory"]["communes"])
    assert len(codes) == n_communes
    if kind == 1:
        members = next(e for e in json.loads((shared_data / "territoire_90" / "epci_90.json").read_text())
                       if e["code"] == "249000241")["membres"]
        assert codes == {m["code"] for m in members}
    n_addresses = sum(ban_rows_per_commune(c) for c in codes)
    ds = panel.datasets
    assert not [d.error for d in ds.values() if d.error]
    assert (ds["communes"].rows_kept, ds["addresses"].rows_kept, ds["connectivity"].rows_kept) == \
        (n_communes, n_addresses, n_communes)
    shown = _rows_shown(panel)
    assert (shown["communes"], shown["addresses"]) == (str(n_communes), str(n_addresses))
    assert dock.body.statusLabel.text() == f"Territory {label} loaded: 6 datasets, {n_addresses} addresses."


def test_a_code_that_is_no_territory_says_what_is_accepted(dock, qtbot):
    from qgis.PyQt.QtCore import Qt

    panel = dock.data_panel
    submitted = []
    dock.submit = lambda *args, **kwargs: submitted.append(args)
    for text in ("", "9001", "Belfort"):
        panel.territoryEdit.setText(text)
        qtbot.mouseClick(panel.downloadButton, Qt.LeftButton)
        status = dock.body.statusLabel.text()
        assert status.startswith("⚠ ") and "EPCI" in status and "INSEE" in status, status
        if text:
            assert f"“{text}” is not a territory code" in status
            assert "département (01 to 95, 2A, 2B, 971 to 976)" in status and "9-digit SIREN" in status
    assert submitted == []



def test_french_field_and_summary(french, download_dock, qtbot, artifacts):
    dock, srv, facts, submitted = download_dock
    panel = dock.data_panel
    assert panel.territoryLabel.text() == "&Territoire\u00a0:"
    assert panel.territoryEdit.placeholderText() == "23, 200070019 ou 90010, 90099"
    assert "SIREN" in panel.territoryEdit.toolTip()
    dock.resize(470, 900)
    qtbot.wait(50)
    assert dock.grab().save(str(artifacts / "dock_download_empty_fr.png"))
    panel.territoryEdit.setText("9001")
    panel.downloadButton.click()
    assert dock.body.statusLabel.text().startswith("⚠ «\u00a09001\u00a0» n’est pas un code de territoire.")
    _download(dock, qtbot, "90010, 90099")
    assert dock.body.statusLabel.text() == \
        "Territoire 90010, 90099 chargé\u00a0: 6 jeux de données, 7 adresses."
    assert dock.grab().save(str(artifacts / "dock_download_fr.png"))
