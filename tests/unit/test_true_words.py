"""One "is this a yes?" for every reader (issue 13): the one-value and the column forms agree, and
the readers of mobile places and mobile sites use them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from terridiag.plugin.core.presentation.vocabulary import TRUE_WORDS, is_true, true_mask

VALUES = [True, False, 1, 0, 2.5, float("nan"), None, "Oui", " vrai ", "x", "X", "non", "", "0", "bus", "yes", "T"]


def test_column_form_equals_the_one_value_form():
    expected = [is_true(v) for v in VALUES]
    assert expected == [True, False, True, False, True, False, False, True, True, True, True, False, False,
                        False, False, True, True]
    assert true_mask(pd.Series(VALUES, dtype=object)).tolist() == expected
    texts = [v for v in VALUES if isinstance(v, str)]
    assert true_mask(pd.Series(texts)).tolist() == [is_true(v) for v in texts]
    assert true_mask(pd.Series(texts, dtype="string")).tolist() == [is_true(v) for v in texts]
    assert true_mask(np.array([1.0, 0.0, np.nan])).tolist() == [True, False, False]
    assert true_mask(pd.Series([True, False])).tolist() == [True, False]
    # a domain's extra words, on top of the shared ones
    assert true_mask(pd.Series(["bus", "Itinérant", "oui", "non"]), also=("bus", "itinérant")).tolist() == \
        [True, True, True, False]
    assert {"oui", "vrai", "true", "1", "x"} <= TRUE_WORDS


def test_yes_words_are_listed_once():
    """No module of plugin/ but the vocabulary lists yes words of its own (there were six lists)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "plugin"
    found = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
                if {"oui", "true"} <= {w.lower() for w in words}:
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    assert [f for f in found if not f.startswith("core/presentation/vocabulary.py")] == [], found
