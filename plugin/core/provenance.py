"""Provenance and read reports that travel with every table.

Every reader returns a :class:`ReadResult`: the normalised data plus a :class:`ReadReport`
(rows read/kept/rejected with reasons and line numbers, codes remapped, CRS, provenance).
Every output writes the provenance of what it was made from (see :func:`merge`).
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

from .presentation.sources import Licence

# Licence texts stored in provenance records (the presentation core states them in French)
LICENCE_OUVERTE = Licence.OUVERTE.en
ODBL = Licence.ODBL.en
SYNTHETIC = Licence.SYNTHETIC.en


@dataclass
class Provenance:
    """Where a table comes from."""

    source: str                      # e.g. "BAN — Base Adresse Nationale"
    producer: str = ""               # e.g. "IGN / DINUM"
    vintage: str = ""                # e.g. "2024-08-01", "2022-T4"
    licence: str = ""
    url: str = ""                    # published URL, or the local file
    synthetic: bool = False          # True for the demo territory: outputs must say so

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Provenance":
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    def label(self) -> str:
        parts = [self.source]
        if self.vintage:
            parts.append(self.vintage)
        if self.licence:
            parts.append(self.licence)
        text = " — ".join(parts)
        # synthetic data is said so once: a source that already says it gets no marker
        return text + (" [SYNTHETIC]" if self.synthetic and "synthetic" not in text.lower() else "")


MAX_LISTED_REJECTIONS = 1000


@dataclass
class Rejection:
    line: int | None      # 1-based line of the source file (header = line 1), None if not a text file
    reason: str
    value: str = ""


@dataclass
class ReadReport:
    """What a reader did with a file."""

    path: str
    format: str                      # detected or forced format id, e.g. "ban_csv"
    provenance: Provenance
    rows_read: int = 0
    rows_kept: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    rejected_unlisted: int = 0       # rejections counted but not kept in ``rejected`` (list is bounded)
    remapped: dict[str, str] = field(default_factory=dict)   # old code -> current code
    crs: str = ""                    # e.g. "EPSG:2154"
    warnings: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)   # features whose invalid geometry was repaired
    encoding: str = ""               # text files: the encoding read ("utf-8", "cp1252"…)

    @property
    def rows_rejected(self) -> int:
        return len(self.rejected) + self.rejected_unlisted

    def reject(self, line: int | None, reason: str, value: str = "") -> None:
        if len(self.rejected) < MAX_LISTED_REJECTIONS:
            self.rejected.append(Rejection(line, reason, value))
        else:  # a national file may reject millions of rows: count them, list the first ones
            self.rejected_unlisted += 1

    def reject_many(self, lines, reason: str, values=None) -> None:
        """Reject a batch of rows (vectorised readers); only the first ones become objects."""
        n = len(lines)
        room = max(0, MAX_LISTED_REJECTIONS - len(self.rejected))
        for i in range(min(n, room)):
            line = lines[i]
            self.rejected.append(Rejection(None if line is None else int(line), reason,
                                           "" if values is None else str(values[i])))
        self.rejected_unlisted += max(0, n - room)

    def summary(self) -> str:
        text = (f"{self.path} ({self.format}): {self.rows_read} rows read, {self.rows_kept} kept, "
                f"{self.rows_rejected} rejected")
        if self.remapped:
            text += f", {len(self.remapped)} codes remapped"
        if self.encoding and self.encoding not in ("utf-8", "utf-8-sig"):
            from .sources.textio import encoding_label
            text += f"; read as {encoding_label(self.encoding)} text"
        return text

    def rejection_summary(self, limit: int = 10) -> list[str]:
        return [(f"line {r.line}: " if r.line is not None else "") + r.reason + (f" ({r.value})" if r.value else "")
                for r in self.rejected[:limit]]

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["rows_rejected"] = self.rows_rejected
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)


@dataclass
class ReadResult:
    """A normalised table and the report of how it was read."""

    data: Any                        # pandas.DataFrame / geopandas.GeoDataFrame / RoadGraph
    report: ReadReport

    def __iter__(self):              # allows ``data, report = reader(path)``
        yield self.data
        yield self.report


def merge(provenances: list[Provenance]) -> list[dict[str, Any]]:
    """Deduplicated list of provenance dicts, for an output's metadata."""
    seen, out = set(), []
    for p in provenances:
        key = (p.source, p.vintage, p.url)
        if key not in seen:
            seen.add(key)
            out.append(p.to_dict())
    return out


def any_synthetic(provenances: list[Provenance]) -> bool:
    return any(p.synthetic for p in provenances)


def sidecar(path) -> list[Provenance]:
    """Provenance of a file from a ``provenance.json`` next to it (the demo territory and the
    download step write one); [] when there is none or it cannot be read."""
    from pathlib import Path

    if not path:
        return []
    p = Path(str(path).split("|")[0])
    side = p.parent / "provenance.json" if p.suffix else p / "provenance.json"
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict):
        return []
    return [Provenance(source=str(data.get("title") or data.get("source") or side.parent.name),
                       producer=str(data.get("producer") or ""),   # never "generator": a program
                       vintage=str(data.get("vintage") or ""),  # a generator version is not a data vintage
                       licence=str(data.get("licence", "")), url=str(p),
                       synthetic=bool(data.get("synthetic", False)))]


def resolve(provenance: Provenance, path) -> Provenance:
    """The provenance to state for a file: a file in the official format of a producer (BAN,
    ANCT…) but written by TerriDiag's demo generator is synthetic, not the producer's data."""
    for side in sidecar(path):
        if side.synthetic:
            return side
    return provenance
