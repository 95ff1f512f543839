"""Independent readings of the real data files, for the source tests' oracles."""
from __future__ import annotations

import csv
import hashlib


def digest(path) -> str:
    """SHA-256 of a file: an input must be the same after it was read."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_rows(path, delimiter: str = ",", skip: int = 0) -> list[dict]:
    """The rows of a CSV file as dicts, read with the csv module (BOM-tolerant), after ``skip``
    title lines."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for _ in range(skip):
            fh.readline()
        return list(csv.DictReader(fh, delimiter=delimiter))
