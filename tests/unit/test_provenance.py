"""Provenance helpers: sidecar provenance.json, synthetic resolution, merge."""
from __future__ import annotations

import json


def test_resolve_prefers_a_synthetic_sidecar(tmp_path):
    from terridiag.plugin.core.provenance import LICENCE_OUVERTE, Provenance, resolve, sidecar

    ban = Provenance("BAN — Base Adresse Nationale", licence=LICENCE_OUVERTE)
    data = tmp_path / "adresses-00.csv.gz"
    data.write_bytes(b"")
    assert resolve(ban, data) is ban                     # no sidecar: the producer's data
    (tmp_path / "provenance.json").write_text(json.dumps(
        {"title": "TerriDiag demo territory (SYNTHETIC)", "synthetic": True, "licence": "none"}))
    side = sidecar(data)
    assert len(side) == 1 and side[0].synthetic and side[0].url == str(data)
    assert resolve(ban, data).synthetic and resolve(ban, data).source.startswith("TerriDiag demo")
    (tmp_path / "provenance.json").write_text(json.dumps({"title": "download", "synthetic": False}))
    assert resolve(ban, data) is ban                     # a real download keeps its producer
    (tmp_path / "provenance.json").write_text("{not json")
    assert sidecar(data) == []


def test_merge_deduplicates_and_flags_synthetic():
    from terridiag.plugin.core.provenance import Provenance, any_synthetic, merge

    a = Provenance("ARCEP", vintage="2022-12-31", url="u")
    b = Provenance("demo", synthetic=True)
    assert merge([a, a, b]) == [a.to_dict(), b.to_dict()]
    assert any_synthetic([a, b]) and not any_synthetic([a])
