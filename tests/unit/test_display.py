"""Text from the data made displayable (core.display, issue 16)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from terridiag.plugin.core import display

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from hostile import EMOJI, LONG, RTL, SCRIPT, hostile_sample  # noqa: E402


def test_text_rules():
    assert display.text(SCRIPT) == SCRIPT                 # markup stays text: the writers escape it
    assert display.text(RTL) == "exe.GNP مكتبة عامة \u200f(RTL)"   # the override goes, Arabic and marks stay
    assert display.text(EMOJI) == EMOJI
    assert display.text("a\x00b\tc\n\n d\x85e") == "a b c d e"
    cut = display.text(LONG)
    assert len(cut) == display.NAME_LIMIT and cut.endswith("…") and LONG.startswith(cut[:-1])
    assert display.text(LONG, 10) == "Saint-Lon…"
    assert display.text(None) == "" and display.text(float("nan")) == "" and display.text(12) == "12"


def test_frames_and_metadata_are_copies():
    communes, services, meta = hostile_sample()
    before = communes["nom"].tolist(), services["address"].tolist(), meta["title"]
    c, s, m = display.for_display(communes, services, meta)
    assert (communes["nom"].tolist(), services["address"].tolist(), meta["title"]) == before   # inputs unchanged
    assert c["nom"].str.len().max() <= display.NAME_LIMIT
    assert s["address"].str.len().max() <= display.ADDRESS_LIMIT
    assert not c["nom"].str.contains("\u202e").any()
    assert m["sources"][0]["source"] == "Communes \"><img src=x onerror=alert(1)>"
    assert c.crs == communes.crs and s.attrs == services.attrs
    # numbers and missing values are left alone
    frame = pd.DataFrame({"nom": ["A", None, np.nan], "v": [1, 2, 3]})
    out = display.frame(frame)
    assert out["nom"].iloc[0] == "A" and pd.isna(out["nom"].iloc[1]) and out["v"].tolist() == [1, 2, 3]

