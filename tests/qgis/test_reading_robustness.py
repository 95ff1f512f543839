"""The import algorithms on odd files (issue 16): bounded reading, encodings and the ENCODING
parameter, through Processing as a user runs them."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.qgis

HEADER = "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;x;y;lon;lat"


def _run(alg, params):
    import processing
    return processing.run(alg, params)


def _ban(path, n_plain, names, encoding):
    rows = [HEADER] + [f"90010_{i:05d};{i};;Rue du Pont;90000;90010;Belfort;991000;6729000;6.86;47.64"
                       for i in range(n_plain)]
    rows += [f"90010_x{j};{j};;{name};90000;90010;Belfort;991000;6729000;6.86;47.64" for j, name in enumerate(names)]
    path.write_bytes(("\n".join(rows) + "\n").encode(encoding))
    return path


def test_import_addresses_refuses_a_50_mb_line_at_once(terridiag_provider, tmp_path):
    from qgis.core import QgsProcessingException

    path = tmp_path / "export.csv"
    with open(path, "wb") as fh:           # a one-line JSON renamed .csv, 50 MB
        fh.write(b'[{"id": "90010_00001", "numero": "1", "nom_voie": "Rue du Pont"}')
        for _ in range(50):
            fh.write(b', {"id": "90010_00002", "numero": "2"}' * 27_000)
        fh.write(b"]")
    assert path.stat().st_size > 50_000_000
    with pytest.raises(QgsProcessingException) as exc:
        _run("terridiag:import_addresses", {"INPUT": str(path), "OUTPUT": "memory:"})
    assert "export.csv: not a CSV table: it looks like JSON data" in str(exc.value)


def test_import_addresses_windows_1252_late_and_forced(terridiag_provider, tmp_path):
    names = ["Rue de l’Église", "Allée des Œillets"]
    path = _ban(tmp_path / "late.csv", 1500, names, "cp1252")
    res = _run("terridiag:import_addresses", {"INPUT": str(path), "OUTPUT": "memory:"})
    layer = res["OUTPUT"]
    assert res["ROWS_KEPT"] == 1502 and layer.featureCount() == 1502
    assert [f["nom_voie"] for f in layer.getFeatures()][-2:] == names
    # forced UTF-8 on the same file: refused with the true line and column of the first "’"
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException) as exc:
        _run("terridiag:import_addresses", {"INPUT": str(path), "ENCODING": 1, "OUTPUT": "memory:"})
    text = path.read_bytes().decode("cp1252")
    before = text[:text.index("’")]                       # oracle: where the first "’" is
    line, col = before.count("\n") + 1, len(before) - before.rfind("\n")
    assert (line, col) == (1502, 21)
    assert f"late.csv, line {line}, column {col}: the byte 0x92 is not UTF-8" in str(exc.value)
    # forced Windows-1252 on a Latin-1 file reads it
    latin = _ban(tmp_path / "latin.csv", 10, ["Chemin du Château"], "latin-1")
    res = _run("terridiag:import_addresses", {"INPUT": str(latin), "ENCODING": 2, "OUTPUT": "memory:"})
    assert [f["nom_voie"] for f in res["OUTPUT"].getFeatures()][-1] == "Chemin du Château"
