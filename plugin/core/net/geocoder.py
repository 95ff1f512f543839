"""Client of the BAN geocoding API (addok): single search for the locator, batch CSV geocoding.

Base URL from :func:`settings.geocoder_base_url` (``https://data.geopf.fr/geocodage`` by
default; ``https://api-adresse.data.gouv.fr`` is the same API). Requests go through an
:class:`HttpClient` limited to 50 requests/s as the service asks, with retries on 429/5xx.
"""
from __future__ import annotations

import io
import time
from dataclasses import dataclass
from typing import Optional
from urllib.parse import urlencode

from ..crs import LAMBERT93, legal_crs
from ..errors import NetworkError, ParameterError
from ..progress import Feedback, ensure
from ..provenance import LICENCE_OUVERTE, Provenance, ReadReport, ReadResult
from . import settings
from .http import Fetch, HttpClient, RateLimiter, Request, encode_multipart

BATCH_ROWS = 5000
ROW_ID = "terridiag_row"
RESULT_COLUMNS = ("latitude", "longitude", "result_label", "result_score", "result_score_next",
                  "result_type", "result_id", "result_housenumber", "result_name", "result_street",
                  "result_postcode", "result_city", "result_citycode", "result_status")
TYPES = ("housenumber", "street", "locality", "municipality")


@dataclass
class GeocodeResult:
    label: str
    score: float
    type: str
    lon: float
    lat: float
    id: str = ""
    housenumber: str = ""
    name: str = ""
    street: str = ""
    postcode: str = ""
    citycode: str = ""
    city: str = ""
    context: str = ""
    x: Optional[float] = None        # as given by the API (legal CRS of the territory)
    y: Optional[float] = None


def _opt_float(value) -> Optional[float]:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


class Geocoder:
    def __init__(self, base_url: Optional[str] = None, fetch: Optional[Fetch] = None,
                 client: Optional[HttpClient] = None, rate: float = 50.0, timeout: float = 30.0,
                 csv_timeout: float = 600.0):
        base = (base_url or settings.geocoder_base_url()).strip().rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise ParameterError(f"geocoder URL {base!r} must start with http:// or https://",
                                 hint=f"use {settings.DEFAULT_GEOCODER_URL} or {settings.LEGACY_GEOCODER_URL}")
        self.base = base
        self.client = client or HttpClient(fetch=fetch, limiter=RateLimiter(rate=rate, burst=rate / 10))
        self.timeout = timeout
        self.csv_timeout = csv_timeout

    # -- single search ----------------------------------------------------------------------
    def _get_json(self, path: str, params: dict, feedback: Optional[Feedback]) -> dict:
        url = f"{self.base}{path}?{urlencode({k: v for k, v in params.items() if v not in (None, '')})}"
        resp = self.client.send(Request(url, headers={"Accept": "application/json"}, timeout=self.timeout),
                                feedback=feedback)
        try:
            import json
            data = json.loads(resp.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise NetworkError(f"{url} did not return JSON ({exc})", path=url,
                               hint="check the geocoder URL in the settings") from exc
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise NetworkError(f"{url} did not return a GeoCodeJSON FeatureCollection", path=url,
                               hint="check the geocoder URL in the settings")
        return data

    @staticmethod
    def _results(data: dict) -> list:
        out = []
        for f in data["features"]:
            p = f.get("properties") or {}
            coords = (f.get("geometry") or {}).get("coordinates") or [None, None]
            out.append(GeocodeResult(
                label=str(p.get("label", "")), score=float(p.get("score") or 0.0), type=str(p.get("type", "")),
                lon=_opt_float(coords[0]), lat=_opt_float(coords[1]), id=str(p.get("id") or ""),
                housenumber=str(p.get("housenumber") or ""), name=str(p.get("name") or ""),
                street=str(p.get("street") or ""), postcode=str(p.get("postcode") or ""),
                citycode=str(p.get("citycode") or ""), city=str(p.get("city") or ""),
                context=str(p.get("context") or ""), x=_opt_float(p.get("x")), y=_opt_float(p.get("y"))))
        return out

    def search(self, q: str, limit: int = 5, lat: Optional[float] = None, lon: Optional[float] = None,
               type: Optional[str] = None, postcode: Optional[str] = None, citycode: Optional[str] = None,
               autocomplete: bool = False, feedback: Optional[Feedback] = None) -> list:
        """Best matches for a free-text address, best first."""
        q = (q or "").strip()
        if len(q) < 3:
            raise ParameterError("the address to search must have at least 3 characters")
        if type and type not in TYPES:
            raise ParameterError(f"unknown result type {type!r}", hint=f"use one of {', '.join(TYPES)}")
        params = {"q": q, "limit": int(limit), "autocomplete": int(bool(autocomplete)), "type": type,
                  "postcode": postcode, "citycode": citycode}
        if lat is not None and lon is not None:
            params.update(lat=f"{lat:.6f}", lon=f"{lon:.6f}")
        return self._results(self._get_json("/search/", params, feedback))

    def reverse(self, lon: float, lat: float, limit: int = 1, type: Optional[str] = None,
                feedback: Optional[Feedback] = None) -> list:
        return self._results(self._get_json("/reverse/", {"lon": f"{lon:.6f}", "lat": f"{lat:.6f}",
                                                          "limit": int(limit), "type": type}, feedback))

    # -- batch ------------------------------------------------------------------------------
    def _post_batch(self, frame, columns, citycode_col, postcode_col, feedback):
        import pandas as pd

        url = f"{self.base}/search/csv/"
        data = frame.to_csv(index=False).encode("utf-8")
        fields = [("columns", c) for c in columns]
        if citycode_col:
            fields.append(("citycode", citycode_col))
        if postcode_col:
            fields.append(("postcode", postcode_col))
        fields += [("result_columns", c) for c in RESULT_COLUMNS]
        body, ctype = encode_multipart(fields, [("data", "addresses.csv", data, "text/csv")])
        resp = self.client.send(Request(url, method="POST", body=body, timeout=self.csv_timeout,
                                        headers={"Content-Type": ctype}), feedback=feedback)
        text = resp.body.decode("utf-8-sig", errors="replace")
        first = text.split("\n", 1)[0]
        sep = ";" if first.count(";") > first.count(",") else ","
        try:
            out = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        except (ValueError, pd.errors.ParserError) as exc:
            raise NetworkError(f"{url} returned an unreadable CSV ({exc})", path=url,
                               hint="check the geocoder URL in the settings") from exc
        if ROW_ID not in out.columns or "result_score" not in out.columns or len(out) != len(frame):
            raise NetworkError(f"{url} returned {len(out)} rows for {len(frame)} sent, or no result columns",
                               path=url, hint="check the geocoder URL in the settings")
        return out

    def geocode_csv(self, frame, columns, citycode_col: Optional[str] = None,
                    postcode_col: Optional[str] = None, threshold: float = 0.8,
                    min_gap: Optional[float] = None, batch_size: int = BATCH_ROWS, first_line: int = 2,
                    source: str = "", epsg: Optional[int] = None,
                    feedback: Optional[Feedback] = None) -> ReadResult:
        """Geocode a table of addresses with ``/search/csv/``.

        ``columns``: the column(s) whose values, joined with spaces, form the address. A row is
        kept when result_status is ok and score ≥ ``threshold`` (and, if ``min_gap`` is set,
        score − score_next ≥ ``min_gap``); others are reported with their line (row ``i`` is line
        ``first_line + i`` of the source) and the reason: not found, low score, ambiguous.
        Output: the address schema (x/y in ``epsg``, by default the legal CRS of the found
        communes) plus ``geocode_score``, ``geocode_label``, ``geocode_type`` and the input columns.
        """
        import numpy as np
        import pandas as pd

        fb = ensure(feedback)
        if isinstance(columns, str):
            columns = [columns]
        columns = list(columns)
        if not columns:
            raise ParameterError("no address column given", hint="choose the column(s) holding the address")
        needed = columns + [c for c in (citycode_col, postcode_col) if c]
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise ParameterError(f"column(s) {', '.join(missing)} not in the table; columns are: "
                                 f"{', '.join(map(str, frame.columns[:15]))}",
                                 path=source or None, hint="choose existing columns")
        if not 0.0 <= threshold <= 1.0:
            raise ParameterError(f"score threshold {threshold} must be between 0 and 1")
        n = len(frame)
        send = frame[needed].copy()
        for c in needed:
            send[c] = send[c].astype(object).where(send[c].notna(), "").astype(str)
        send.insert(0, ROW_ID, np.arange(n).astype(str))
        parts = []
        for start in range(0, n, max(1, int(batch_size))):
            fb.check()
            parts.append(self._post_batch(send.iloc[start:start + batch_size], columns, citycode_col,
                                          postcode_col, fb))
            fb.set_progress(100.0 * min(n, start + batch_size) / max(1, n))
        res = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[ROW_ID, *RESULT_COLUMNS])
        res = res.set_index(res[ROW_ID].astype(int)).reindex(np.arange(n))

        def col(name):
            return res[name].fillna("").astype(str).to_numpy() if name in res else np.full(n, "", dtype=object)

        status = col("result_status")
        score = pd.to_numeric(pd.Series(col("result_score")), errors="coerce").to_numpy(dtype=float)
        nxt = pd.to_numeric(pd.Series(col("result_score_next")), errors="coerce").to_numpy(dtype=float)
        lat = pd.to_numeric(pd.Series(col("latitude")), errors="coerce").to_numpy(dtype=float)
        lon = pd.to_numeric(pd.Series(col("longitude")), errors="coerce").to_numpy(dtype=float)
        if "result_status" not in res:                    # older addok: no status column
            status = np.where(np.isfinite(score), "ok", "not-found").astype(object)
        found = (status == "ok") & np.isfinite(score) & np.isfinite(lat) & np.isfinite(lon)
        low = found & (score < threshold)
        ambiguous = found & ~low & (np.isfinite(nxt) & (score - nxt < min_gap)) if min_gap is not None \
            else np.zeros(n, dtype=bool)
        keep = found & ~low & ~ambiguous

        url = f"{self.base}/search/csv/"
        report = ReadReport(path=source or "table", format="ban_geocoder_csv",
                            provenance=Provenance("BAN — géocodage (API Adresse)", "IGN / DINUM",
                                                  time.strftime("%Y-%m-%d"), LICENCE_OUVERTE, url),
                            rows_read=n, rows_kept=int(keep.sum()))
        joined = send[columns[0]].str.cat([send[c] for c in columns[1:]], sep=" ") if columns[1:] \
            else send[columns[0]]
        address = joined.str.replace(r"\s+", " ", regex=True).str.strip().to_numpy(dtype=object)
        for i in np.flatnonzero(~keep):
            if status[i] == "skipped" or not address[i]:
                reason = "skipped: empty address"
            elif not found[i]:
                reason = "not found"
            elif low[i]:
                reason = f"low score {score[i]:.2f} < {threshold:g}"
            else:
                reason = f"ambiguous: score {score[i]:.2f}, next {nxt[i]:.2f} (gap < {min_gap:g})"
            report.reject(first_line + int(i), reason, str(address[i]))

        citycode = col("result_citycode")
        if epsg is None:
            codes = pd.Series(citycode[keep])
            epsg = legal_crs(codes.mode().iloc[0]) if len(codes) and codes.ne("").any() else LAMBERT93
        x = np.full(n, np.nan)
        y = np.full(n, np.nan)
        if keep.any():
            from pyproj import Transformer
            tr = Transformer.from_crs(4326, int(epsg), always_xy=True)
            x[keep], y[keep] = tr.transform(lon[keep], lat[keep])
        report.crs = f"EPSG:{int(epsg)}"
        street = col("result_street")
        out = pd.DataFrame({
            "id": col("result_id"), "code_insee": citycode, "numero": col("result_housenumber"),
            "nom_voie": np.where(street != "", street, col("result_name")),
            "code_postal": col("result_postcode"), "nom_commune": col("result_city"),
            "x": x, "y": y, "geocode_score": score, "geocode_label": col("result_label"),
            "geocode_type": col("result_type"), "line": first_line + np.arange(n)})
        extra = [c for c in frame.columns if c not in out.columns]
        out = pd.concat([out, frame[extra].reset_index(drop=True)], axis=1)
        out = out[keep].reset_index(drop=True)
        out.attrs["crs"] = int(epsg)
        fb.info(report.summary())
        return ReadResult(out, report)
