"""A real HTTP server on 127.0.0.1 for network tests (never the internet).

Serves files or bytes under the producers' URL paths with ETag / Last-Modified, conditional
requests (304), ``Range`` requests (206) and ``HEAD``; simulates faults per path (status codes
with Retry-After, connections cut mid-body, slow answers); logs every request. Also a tiny
deterministic fake of the addok geocoder (``/search/`` and the multipart ``/search/csv/``).

Import it from a test with::

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
    from loopback import LoopbackServer
"""
from __future__ import annotations

import csv
import email.parser
import email.policy
import hashlib
import io
import json
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import parse_qs, urlsplit


@dataclass
class Incoming:
    method: str
    path: str
    query: dict            # name -> list of values
    headers: dict          # lower-case names
    body: bytes = b""

    def arg(self, name: str, default: str = "") -> str:
        return self.query.get(name, [default])[0]


@dataclass
class _Fault:
    status: int = 0
    times: int = 1
    retry_after: Optional[str] = None
    cut_after: Optional[int] = None
    delay: float = 0.0


@dataclass
class LogEntry:
    method: str
    path: str
    query: str
    headers: dict
    status: int
    sent: int                # body bytes actually written


class LoopbackServer:
    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root else None
        self.routes: dict[str, Callable[[Incoming], tuple]] = {}
        self.faults: dict[str, list] = {}
        self.log: list[LogEntry] = []
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):      # keep test output clean
                pass

            def _handle(self):
                server._dispatch(self)

            do_GET = do_POST = do_HEAD = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> "LoopbackServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    # -- content -----------------------------------------------------------------------------
    def add_bytes(self, path: str, data: bytes, content_type: str = "application/octet-stream",
                  mtime: float = 1_700_000_000.0) -> None:
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        self.routes[path] = lambda req: ("static", data, content_type, etag, mtime)

    def add_file(self, path: str, file: Path, content_type: str = "") -> None:
        file = Path(file)
        ctype = content_type or _guess_type(file.name)
        self.add_bytes(path, file.read_bytes(), ctype, file.stat().st_mtime)

    def add_handler(self, path: str, fn: Callable[[Incoming], tuple]) -> None:
        """``fn(Incoming) -> (status, headers dict, body bytes)``."""
        self.routes[path] = fn

    def redirect(self, path: str, target: str, status: int = 302) -> None:
        self.routes[path] = lambda req: (status, {"Location": target}, b"")

    # -- faults ------------------------------------------------------------------------------
    def fail(self, path: str, status: int, times: int = 1, retry_after: Optional[str] = None) -> None:
        self.faults.setdefault(path, []).append(_Fault(status=status, times=times, retry_after=retry_after))

    def cut(self, path: str, after_bytes: int, times: int = 1) -> None:
        """Send the headers announcing the full length, then only ``after_bytes``, then close."""
        self.faults.setdefault(path, []).append(_Fault(cut_after=after_bytes, times=times))

    def slow(self, path: str, seconds: float, times: int = 1) -> None:
        self.faults.setdefault(path, []).append(_Fault(delay=seconds, times=times))

    # -- log ---------------------------------------------------------------------------------
    def requests(self, path: Optional[str] = None) -> list:
        """Logged requests; waits (≤ 5 s) for handlers still writing their answer."""
        with self._idle:
            self._idle.wait_for(lambda: self._in_flight == 0, timeout=5.0)
            return [e for e in self.log if path is None or e.path == path]

    def bytes_sent(self, path: Optional[str] = None) -> int:
        return sum(e.sent for e in self.requests(path))

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    # -- serving -----------------------------------------------------------------------------
    def _take_fault(self, path: str) -> Optional[_Fault]:
        with self._lock:
            queue = self.faults.get(path) or []
            while queue and queue[0].times <= 0:
                queue.pop(0)
            if not queue:
                return None
            queue[0].times -= 1
            return queue[0]

    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        headers = {k.lower(): v for k, v in h.headers.items()}
        length = int(headers.get("content-length") or 0)
        body = h.rfile.read(length) if length else b""
        req = Incoming(h.command, parts.path, parse_qs(parts.query), headers, body)
        status, sent = 500, 0
        with self._lock:
            self._in_flight += 1
        try:
            fault = self._take_fault(parts.path)
            if fault is not None and fault.delay:
                time.sleep(fault.delay)
            if fault is not None and fault.status:
                extra = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
                status, sent = self._send(h, fault.status, extra, b"simulated failure\n")
                return
            route = self.routes.get(parts.path)
            if route is None and self.root is not None:
                file = (self.root / parts.path.lstrip("/")).resolve()
                if file.is_file() and self.root.resolve() in file.parents:
                    data = file.read_bytes()
                    route = lambda r: ("static", data, _guess_type(file.name),  # noqa: E731
                                       '"' + hashlib.sha1(data).hexdigest()[:16] + '"', file.stat().st_mtime)
            if route is None:
                status, sent = self._send(h, 404, {}, b"not found\n")
                return
            answer = route(req)
            if answer[0] == "static":
                status, sent = self._static(h, req, *answer[1:], cut=None if fault is None else fault.cut_after)
            else:
                status, hdrs, data = answer
                status, sent = self._send(h, status, hdrs, data,
                                          cut=None if fault is None else fault.cut_after)
        finally:
            with self._idle:
                self.log.append(LogEntry(h.command, parts.path, parts.query, headers, status, sent))
                self._in_flight -= 1
                self._idle.notify_all()

    def _static(self, h, req: Incoming, data: bytes, ctype: str, etag: str, mtime: float, cut=None):
        last_modified = formatdate(mtime, usegmt=True)
        base = {"ETag": etag, "Last-Modified": last_modified, "Content-Type": ctype,
                "Accept-Ranges": "bytes"}
        inm = req.headers.get("if-none-match")
        ims = req.headers.get("if-modified-since")
        if inm is not None:
            if etag in [t.strip() for t in inm.split(",")] or inm.strip() == "*":
                return self._send(h, 304, base, b"")
        elif ims:
            try:
                if int(mtime) <= parsedate_to_datetime(ims).timestamp():
                    return self._send(h, 304, base, b"")
            except (TypeError, ValueError):
                pass
        rng = req.headers.get("range", "")
        if_range = req.headers.get("if-range")
        if rng.startswith("bytes=") and (if_range is None or if_range in (etag, last_modified)):
            start_s, _, end_s = rng[6:].partition("-")
            start = int(start_s or 0)
            end = int(end_s) if end_s else len(data) - 1
            if start >= len(data):
                return self._send(h, 416, {**base, "Content-Range": f"bytes */{len(data)}"}, b"")
            chunk = data[start:end + 1]
            return self._send(h, 206, {**base, "Content-Range": f"bytes {start}-{start + len(chunk) - 1}/{len(data)}"},
                              chunk, cut=cut)
        return self._send(h, 200, base, data, cut=cut)

    @staticmethod
    def _send(h, status: int, headers: dict, data: bytes, cut=None):
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        if cut is not None:
            h.send_header("Connection", "close")
        h.end_headers()
        if h.command == "HEAD" or status == 304:
            return status, 0
        payload = data if cut is None else data[:cut]
        try:
            h.wfile.write(payload)
            h.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return status, 0
        if cut is not None:
            h.close_connection = True
            try:
                import socket
                h.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        return status, len(payload)


def _guess_type(name: str) -> str:
    if name.endswith(".gz"):
        return "application/gzip"
    if name.endswith((".json", ".geojson")):
        return "application/json"
    if name.endswith(".csv"):
        return "text/csv; charset=utf-8"
    return "application/octet-stream"


# ---------------------------------------------------------------------------------------------
# A tiny deterministic addok (the BAN geocoder): Jaccard similarity of normalised tokens.
# ---------------------------------------------------------------------------------------------

def tokens(text: str) -> frozenset:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    out = "".join(c if c.isalnum() else " " for c in text)
    return frozenset(out.split())


@dataclass
class Place:
    label: str
    type: str              # housenumber / street
    lon: float
    lat: float
    x: float
    y: float
    citycode: str
    city: str
    postcode: str
    housenumber: str = ""
    street: str = ""
    id: str = ""
    toks: frozenset = field(default=frozenset())


class FakeAddok:
    """``/search/`` and ``/search/csv/`` over a small table of places.

    score = |query ∩ label| / |query ∪ label| on normalised tokens; below 0.3 nothing is found.
    """

    def __init__(self, places: list):
        self.places = [p if p.toks else _with_tokens(p) for p in places]
        self.csv_requests: list = []       # (columns, citycode, postcode, n_rows) per POST

    @classmethod
    def from_bal(cls, path: Path, postcode: str) -> "FakeAddok":
        """Places (addresses + streets) from a BAL 1.3 csv-bal file."""
        places, streets = [], {}
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                num = row["numero"] + (row["suffixe"] or "")
                street = row["voie_nom"]
                lon, lat = float(row["long"]), float(row["lat"])
                x, y = float(row["x"]), float(row["y"])
                places.append(Place(f"{num} {street} {postcode} {row['commune_nom']}", "housenumber",
                                    lon, lat, x, y, row["commune_insee"], row["commune_nom"], postcode,
                                    housenumber=num, street=street, id=row["cle_interop"]))
                streets.setdefault((street, row["commune_insee"], row["commune_nom"]), []).append((lon, lat, x, y))
        for (street, insee, city), pts in streets.items():
            n = len(pts)
            places.append(Place(f"{street} {postcode} {city}", "street", sum(p[0] for p in pts) / n,
                                sum(p[1] for p in pts) / n, sum(p[2] for p in pts) / n,
                                sum(p[3] for p in pts) / n, insee, city, postcode, street=street,
                                id=f"{insee}_{street}"))
        return cls(places)

    def search(self, q: str, citycode: str = "", postcode: str = "", type_: str = "") -> list:
        qt = tokens(q)
        if not qt:
            return []
        scored = []
        for p in self.places:
            if citycode and p.citycode != citycode or postcode and p.postcode != postcode:
                continue
            if type_ and p.type != type_:
                continue
            s = len(qt & p.toks) / len(qt | p.toks)
            if s >= 0.3:
                scored.append((round(s, 6), p))
        scored.sort(key=lambda sp: (-sp[0], sp[1].label))
        return scored

    def handle_search(self, req: Incoming) -> tuple:
        found = self.search(req.arg("q"), req.arg("citycode"), req.arg("postcode"), req.arg("type"))
        limit = int(req.arg("limit", "5") or 5)
        features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                     "properties": {"label": p.label, "score": s, "type": p.type, "id": p.id,
                                    "housenumber": p.housenumber or None, "name": p.label.split(f" {p.postcode}")[0],
                                    "street": p.street, "postcode": p.postcode, "citycode": p.citycode,
                                    "city": p.city, "context": "54, Meurthe-et-Moselle, Grand Est",
                                    "importance": 0.5, "x": p.x, "y": p.y}}
                    for s, p in found[:limit]]
        body = {"type": "FeatureCollection", "version": "draft", "features": features,
                "attribution": "BAN", "licence": "ETALAB-2.0", "query": req.arg("q"), "limit": limit}
        return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body).encode("utf-8")

    def handle_csv(self, req: Incoming) -> tuple:
        if req.method != "POST":
            return 405, {}, b"POST only\n"
        msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + req.headers.get("content-type", "").encode("latin-1") + b"\r\n\r\n" + req.body)
        if not msg.is_multipart():
            return 400, {}, b"multipart/form-data expected\n"
        fields, data = {}, None
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name == "data":
                data = part.get_payload(decode=True)
            else:
                fields.setdefault(name, []).append(part.get_content().strip())
        if data is None:
            return 400, {}, b"missing data file\n"
        text = data.decode("utf-8-sig")
        dialect_sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=dialect_sep))
        header, rows = rows[0], rows[1:]
        columns = fields.get("columns", [])
        for c in columns:
            if c not in header:
                return 400, {}, f"column {c} not found\n".encode()
        citycol = (fields.get("citycode") or [""])[0]
        postcol = (fields.get("postcode") or [""])[0]
        self.csv_requests.append((tuple(columns), citycol, postcol, len(rows)))
        result_cols = ["latitude", "longitude", "result_label", "result_score", "result_score_next",
                       "result_type", "result_id", "result_housenumber", "result_name", "result_street",
                       "result_postcode", "result_city", "result_context", "result_citycode",
                       "result_oldcitycode", "result_oldcity", "result_district", "result_status"]
        out = io.StringIO()
        w = csv.writer(out, delimiter=dialect_sep, lineterminator="\n")
        w.writerow(header + result_cols)
        for row in rows:
            rec = dict(zip(header, row))
            q = " ".join(rec.get(c, "") for c in columns).strip()
            if not q:
                w.writerow(row + [""] * (len(result_cols) - 1) + ["skipped"])
                continue
            found = self.search(q, rec.get(citycol, "") if citycol else "", rec.get(postcol, "") if postcol else "")
            if not found:
                w.writerow(row + [""] * (len(result_cols) - 1) + ["not-found"])
                continue
            s, p = found[0]
            nxt = found[1][0] if len(found) > 1 else ""
            w.writerow(row + [p.lat, p.lon, p.label, s, nxt, p.type, p.id, p.housenumber,
                              p.label.split(f" {p.postcode}")[0], p.street, p.postcode, p.city,
                              "54, Meurthe-et-Moselle, Grand Est", p.citycode, "", "", "", "ok"])
        return 200, {"Content-Type": "text/csv; charset=utf-8"}, out.getvalue().encode("utf-8")

    def mount(self, server: LoopbackServer, prefix: str = "") -> None:
        server.add_handler(prefix + "/search/", self.handle_search)
        server.add_handler(prefix + "/search/csv/", self.handle_csv)


def _with_tokens(p: Place) -> Place:
    p.toks = tokens(p.label)
    return p


# ---------------------------------------------------------------------------------------------
# The producers' URL layout for the Territoire de Belfort (90), from the real files.
# ---------------------------------------------------------------------------------------------

BAN_HEADER = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;"
              "code_insee_ancienne_commune;nom_ancienne_commune;x;y;lon;lat;type_position;alias;"
              "nom_ld;libelle_acheminement;nom_afnor;source_position;source_nom_voie;"
              "certification_commune;cad_parcelles")
FS_DATASET = "/api/1/datasets/liste-des-structures-labellisees-france-services/"
MEDIATION_RESOURCE = "/api/1/datasets/r/398edc71-0d51-4cb6-9cbe-2540a4db573c"


def _csv_rows(path: Path) -> list:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ban_rows_per_commune(code: str) -> int:
    """How many test addresses the generated BAN file has for a commune: 1 to 4."""
    return 1 + int(code) % 4


def make_ban_90(shared_data: Path, dest: Path) -> dict:
    """A BAN ``adresses-90.csv.gz`` in the official 23-column header, with addresses placed on the
    real commune polygons (representative point, shifted 1 m per address). Returns {code: rows}."""
    import gzip as _gzip

    import geopandas as gpd
    from pyproj import Transformer

    communes = _csv_rows(shared_data / "territoire_90" / "communes_90_cog_population_epci.csv")
    poly = gpd.read_file(shared_data / "territoire_90" / "communes_90_admin-express-2018_simplifie.geojson")
    where = dict(zip(poly["code"], poly.geometry.representative_point()))
    tr = Transformer.from_crs(4326, 2154, always_xy=True)
    counts = {}
    with _gzip.open(dest, "wt", encoding="utf-8", newline="") as fh:
        fh.write(BAN_HEADER + "\n")
        for c in communes:
            code, pt = c["code_insee"], where.get(c["code_insee"])
            if pt is None:
                continue
            counts[code] = ban_rows_per_commune(code)
            for i in range(counts[code]):
                lon, lat = pt.x + i * 1.3e-5, pt.y
                x, y = tr.transform(lon, lat)
                cp = c["codes_postaux"].split("|")[0].split(",")[0]
                fh.write(f"{code}_0001_{i + 1:05d};;{i + 1};;Grande Rue;{cp};{code};{c['nom']};;;"
                         f"{x:.2f};{y:.2f};{lon:.6f};{lat:.6f};entrée;;;{c['nom'].upper()};GRANDE RUE;"
                         f"commune;commune;1;{code}000AB0001\n")
    return counts


def geo_api_communes_90(shared_data: Path) -> dict:
    """What geo.api.gouv.fr returns for département 90 (COG 2026 codes, populations and EPCI from
    decoupage-administratif, contours from Admin Express 2018)."""
    gj = json.loads((shared_data / "territoire_90" / "communes_90_admin-express-2018_simplifie.geojson")
                    .read_text(encoding="utf-8"))
    attrs = {r["code_insee"]: r for r in _csv_rows(shared_data / "territoire_90" / "communes_90_cog_population_epci.csv")}
    features = []
    for f in gj["features"]:
        a = attrs.get(f["properties"]["code"])
        if a is None:          # 90073 Moval merged in 2019: not in the current COG
            continue
        features.append({"type": "Feature", "geometry": f["geometry"],
                         "properties": {"code": a["code_insee"], "nom": a["nom"],
                                        "population": int(a["population"]), "codeDepartement": "90",
                                        "codeEpci": a["epci_siren"]}})
    return {"type": "FeatureCollection", "features": features}


def serve_producers_90(server: LoopbackServer, shared_data: Path, work: Path) -> dict:
    """Mount the real files of ../shared/data under the producers' paths. Returns facts for tests."""
    work.mkdir(parents=True, exist_ok=True)
    ban = work / "adresses-90.csv.gz"
    ban_counts = make_ban_90(shared_data, ban)
    server.add_file("/data/ban/adresses/latest/csv/adresses-90.csv.gz", ban)

    geo = geo_api_communes_90(shared_data)

    def communes(req: Incoming):
        dep, epci = req.arg("codeDepartement"), req.arg("codeEpci")
        if req.arg("format") != "geojson" or req.arg("geometry") != "contour":
            return 400, {}, b"format=geojson&geometry=contour expected\n"
        feats = [f for f in geo["features"]
                 if (dep and f["properties"]["codeDepartement"] == dep)
                 or (epci and f["properties"]["codeEpci"] == epci)]
        body = json.dumps({"type": "FeatureCollection", "features": feats}).encode("utf-8")
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if req.headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": "application/geo+json", "ETag": etag}, body
    server.add_handler("/communes", communes)

    nat = shared_data / "national"
    server.add_file("/fichiers/liste-fs-20240801.csv", nat / "france_services_liste-fs-20240801.csv")
    dataset = {"id": "fs", "title": "Liste des structures France services", "resources": [
        {"format": "csv", "title": "liste-fs-20231201.csv", "last_modified": "2023-12-01T10:00:00",
         "url": server.url("/fichiers/old-liste-fs-20231201.csv")},
        {"format": "csv", "title": "liste-fs-20240801.csv", "last_modified": "2024-08-01T09:00:00",
         "url": server.url("/fichiers/liste-fs-20240801.csv")},
        {"format": "xlsx", "title": "liste-fs-20240901.xlsx", "last_modified": "2024-09-01T09:00:00",
         "url": server.url("/fichiers/liste-fs-20240901.xlsx")}]}
    server.add_bytes(FS_DATASET, json.dumps(dataset).encode("utf-8"), "application/json")
    server.add_file("/fichiers/lieux-mediation-numerique.json", nat / "lieux_mediation_numerique_cnfs_2022-07.json")
    server.redirect(MEDIATION_RESOURCE, server.url("/fichiers/lieux-mediation-numerique.json"))
    server.add_file("/fixe/maconnexioninternet/statistiques/last/commune/commune_debit.csv",
                    nat / "arcep_maconnexioninternet_commune_debit_2022-12-31.csv")
    facts = {"ban": ban_counts, "communes": geo}
    from producer_files import serve_more_producers_90   # census, Filosofi, IRIS, BPE, QPV, Overpass
    facts.update(serve_more_producers_90(server, shared_data, work))
    return facts
