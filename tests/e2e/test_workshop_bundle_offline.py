"""The offline workshop bundle opened as a trainer would, from a folder, with no QGIS and no
network: the engine alone writes it (real files of the Territoire de Belfort), then headless
Chromium opens each page with the network cut (a proxy on a closed port) and a network log;
every request Chromium made must be a file of the folder (or inline data). The map must draw its
communes and places; screenshots are kept for people to look at."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pandas as pd
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")


def _chromium(tmp, *args, url, netlog=None):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
           "--disable-default-apps", "--disable-domain-reliability", "--no-pings",
           f"--user-data-dir={tmp / 'profile'}", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
           "--window-size=1100,1400", "--virtual-time-budget=5000", "--allow-file-access-from-files"]
    if netlog:
        cmd.append(f"--log-net-log={netlog}")
    proc = subprocess.run([*cmd, *args, url], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _page_requests(netlog: Path) -> list[str]:
    """The URLs of the network requests a page made, from Chromium's network log. The browser's
    own background calls (updates, clock, accounts) carry the initiator "not an origin"; a page
    opened from a file has the opaque origin "null". Files read from the disk are no network
    request and do not appear."""
    text = netlog.read_text(encoding="utf-8", errors="replace")
    if not text.rstrip().endswith("}"):          # a log cut at exit: close it
        text = text.rstrip().rstrip(",") + "]}"
    data = json.loads(text)
    start = data["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    out = []
    for ev in data.get("events", []):
        params = ev.get("params") or {}
        if ev.get("type") == start and params.get("url") and params.get("initiator") != "not an origin":
            out.append(params["url"])
    return out


@pytest.fixture(scope="module")
def bundle(shared_data, tmp_path_factory):
    import geopandas as gpd

    from terridiag.plugin.core.indicators.diagnosis import run_diagnosis
    from terridiag.plugin.core.osm_pack.pack import completeness_pack
    from terridiag.plugin.core.presentation.sources import source_lines
    from terridiag.plugin.core.sources.roads import read_osm_roads
    from terridiag.plugin.core.sources.services import read_france_services, read_mediation
    from terridiag.plugin.core.workshop.bundle import write_bundle
    from terridiag.plugin.core.workshop.sheet import build_sheets

    tmp = tmp_path_factory.mktemp("bundle")
    d = shared_data / "territoire_90"
    g = gpd.read_file(d / "communes_90_admin-express-2018_simplifie.geojson").to_crs(2154)
    g = g.rename(columns={"code": "code_insee"})
    pop = pd.read_csv(d / "communes_90_cog_population_epci.csv", dtype={"code_insee": str})
    g = g.merge(pop[["code_insee", "population"]], on="code_insee")
    fs, med = read_france_services(d / "france_services_90_20240801.csv"), read_mediation(
        d / "lieux_mediation_numerique_cnfs_90_2022-07.csv")
    svc = pd.concat([fs.data, med.data], ignore_index=True)
    svc.attrs["crs"] = 2154
    osm = d / "osm_sud_territoire_de_belfort_2011_josm.osm"
    roads, _ = read_osm_roads(osm, epsg=2154)
    communes, meta = run_diagnosis(g, None, svc, params={"fsca": False},
                                   provenances=[fs.report.provenance, med.report.provenance])
    sheets = build_sheets(communes, svc, roads=roads, shares_field="share_within_5km",
                          sources=source_lines(meta, "fr", odbl=True), week="2024-09-02")
    out = write_bundle(tmp / "atelier-90", sheets, communes, svc, meta, lang="fr",
                       pack=completeness_pack(svc, osm), territory="Territoire de Belfort")
    assert out["leaflet_inlined"], "Debian's libjs-leaflet is needed for an offline map (scripts/setup.sh)"
    return tmp, out


def test_the_network_log_sees_what_a_page_fetches(tmp_path):
    """The check below can fail: a page from a file that asks for a tile is caught."""
    page = tmp_path / "control.html"
    page.write_text('<html><body><img src="https://tile.openstreetmap.org/0/0/0.png"></body></html>',
                    encoding="utf-8")
    _chromium(tmp_path, "--dump-dom", url=page.as_uri(), netlog=tmp_path / "net.json")
    assert _page_requests(tmp_path / "net.json") == ["https://tile.openstreetmap.org/0/0/0.png"]


@pytest.mark.parametrize("page", ["index.html", "carte.html", "fiches/90053-grandvillars.html",
                                  "cartopartie/liste.html"])
def test_no_request_leaves_the_folder(bundle, page, artifacts):
    tmp, out = bundle
    folder = out["folder"].resolve()
    netlog = tmp / f"net-{page.replace('/', '_')}.json"
    shot = artifacts / f"workshop_bundle_{page.replace('/', '_').replace('.html', '')}.png"
    _chromium(tmp, f"--screenshot={shot}", url=(folder / page).as_uri(), netlog=netlog)
    assert _page_requests(netlog) == []
    assert shot.stat().st_size > 5000
    # what the page links to or loads is in the folder (relative paths) or inside the page
    text = (folder / page).read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"#]+)"', text):
        p = urlparse(ref)
        if p.scheme in ("data",) or (p.scheme in ("http", "https") and 'src="' + ref not in text):
            continue            # inline data, or a link to a source's page (never loaded)
        assert not p.scheme and (folder / page).parent.joinpath(unquote(p.path)).resolve().is_relative_to(folder), ref


def test_map_draws_offline_and_the_index_links_every_page(bundle):
    tmp, out = bundle
    folder = out["folder"]
    dom = _chromium(tmp, "--dump-dom", url=(folder / "carte.html").as_uri())
    assert len(re.findall(r'<path[^>]*class="[^"]*td-commune', dom)) == len(out["sheets"]) == 101
    assert len(re.findall(r'<path[^>]*class="[^"]*td-place', dom)) == 12
    index = (folder / "index.html").read_text(encoding="utf-8")
    for href in re.findall(r'href="([^"]+)"', index):
        assert (folder / href).is_file(), href
    names = re.findall(r'<li><a href="fiches/[^"]+">([^<]+)</a>', index)
    assert len(names) == 101 and names[0] == "Andelnans" and names.index("Éloie") < names.index("Essert")
    sheet = (folder / "fiches/90053-grandvillars.html").read_text(encoding="utf-8")
    assert "<script" not in sheet and "src=\"http" not in sheet
