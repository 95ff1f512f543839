"""BAN geocoder client against a fake addok on 127.0.0.1 built from the real BAL of
Mont-Bonvillers (54084): real HTTP, real multipart bodies parsed by the server."""
from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from loopback import FakeAddok, LoopbackServer  # noqa: E402

from terridiag.plugin.core.errors import NetworkError, ParameterError  # noqa: E402
from terridiag.plugin.core.net import settings  # noqa: E402
from terridiag.plugin.core.net.geocoder import Geocoder  # noqa: E402
from terridiag.plugin.core.net.http import HttpClient, RateLimiter, RetryPolicy  # noqa: E402

pytestmark = pytest.mark.network
POSTCODE = "54111"          # Mont-Bonvillers (decoupage-administratif codesPostaux)


@pytest.fixture(scope="module")
def bal(shared_data):
    with open(shared_data / "samples" / "bal_54084_mont-bonvillers_csv-bal.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


@pytest.fixture
def addok(shared_data):
    fake = FakeAddok.from_bal(shared_data / "samples" / "bal_54084_mont-bonvillers_csv-bal.csv", POSTCODE)
    with LoopbackServer() as srv:
        fake.mount(srv, "/geocodage")
        yield srv, fake


def geocoder(srv, **kw):
    return Geocoder(srv.url("/geocodage"), client=HttpClient(
        limiter=RateLimiter(50, 5), policy=RetryPolicy(attempts=3, base_delay=0.01), **kw))


def test_search_parses_geocodejson(addok, bal):
    srv, _ = addok
    results = geocoder(srv).search("1 Rue Joffre Mont-Bonvillers", limit=3, citycode="54084")
    assert len(results) == 3
    best = results[0]
    row = next(r for r in bal if r["voie_nom"] == "Rue Joffre" and r["numero"] == "1")
    assert best.label == "1 Rue Joffre 54111 Mont-Bonvillers"
    assert best.score == pytest.approx(5 / 6)     # 5 of the 6 label tokens (the postcode is missing)
    assert best.type == "housenumber" and best.citycode == "54084" and best.postcode == POSTCODE
    assert (best.lon, best.lat) == (float(row["long"]), float(row["lat"]))
    assert (best.x, best.y) == (float(row["x"]), float(row["y"]))
    assert best.id == row["cle_interop"] and best.housenumber == "1" and best.street == "Rue Joffre"
    assert results[1].score <= best.score
    q = srv.requests("/geocodage/search/")[0].query
    assert "citycode=54084" in q and "limit=3" in q and "q=1+Rue+Joffre+Mont-Bonvillers" in q


def test_search_validates_before_sending(addok):
    srv, _ = addok
    g = geocoder(srv)
    with pytest.raises(ParameterError, match="at least 3 characters"):
        g.search("ab")
    with pytest.raises(ParameterError, match="unknown result type"):
        g.search("Rue Joffre", type="building")
    assert srv.requests() == []
    assert g.search("zzzz qqqq") == []


def test_search_respects_50_requests_per_second(addok):
    srv, _ = addok
    g = geocoder(srv)
    t0 = time.monotonic()
    for _ in range(60):
        g.search("Rue Joffre")
    assert time.monotonic() - t0 >= (60 - 5) / 50 * 0.95
    assert len(srv.requests("/geocodage/search/")) == 60


def _table(bal, n=40):
    """Real addresses as a user would have them: street line, postcode, city; plus bad rows."""
    rows = [{"adresse": f"{r['numero']}{r['suffixe']} {r['voie_nom']}", "cp": POSTCODE,
             "ville": "Mont-Bonvillers", "insee": "54084", "ref": f"A{i}"} for i, r in enumerate(bal[:n])]
    rows += [
        {"adresse": "12 Impasse Zzyzx", "cp": "", "ville": "Qqqq", "insee": "", "ref": "nf"},         # not found
        {"adresse": "1 Rue Joffre", "cp": "", "ville": "Nancy", "insee": "", "ref": "low"},            # low score
        {"adresse": "1 des Fronts", "cp": POSTCODE, "ville": "Mont-Bonvillers", "insee": "", "ref": "amb"},
        {"adresse": "", "cp": "", "ville": "", "insee": "", "ref": "empty"},
        {"adresse": "Rue Joffre", "cp": POSTCODE, "ville": "Mont-Bonvillers", "insee": "", "ref": "street"},
    ]
    return pd.DataFrame(rows)


def test_geocode_csv_batches_scores_and_rejections(addok, bal):
    srv, fake = addok
    frame = _table(bal)
    res = geocoder(srv).geocode_csv(frame, ["adresse", "cp", "ville"], batch_size=16, min_gap=0.15,
                                    source="adresses.csv")
    out, rep = res.data, res.report
    # 45 rows in 3 multipart POSTs of 16, 16 and 13 rows, with the column fields as sent
    assert [r[3] for r in fake.csv_requests] == [16, 16, 13]
    assert fake.csv_requests[0][:3] == (("adresse", "cp", "ville"), "", "")
    assert len(srv.requests("/geocodage/search/csv/")) == 3
    # the 40 real addresses are found exactly (score 1) and placed where the BAL puts them
    assert rep.rows_read == 45 and rep.rows_kept == 41 == len(out)
    assert rep.crs == "EPSG:2154" and out.attrs["crs"] == 2154
    real = out[out["ref"].str.startswith("A")].reset_index(drop=True)
    assert len(real) == 40 and (real["geocode_score"] == 1.0).all()
    assert (real["code_insee"] == "54084").all() and (real["code_postal"] == POSTCODE).all()
    bx = pd.Series([float(r["x"]) for r in bal[:40]])
    by = pd.Series([float(r["y"]) for r in bal[:40]])
    assert (real["x"] - bx).abs().max() < 0.5 and (real["y"] - by).abs().max() < 0.5
    assert list(real["nom_voie"][:2]) == [bal[0]["voie_nom"], bal[1]["voie_nom"]]
    # a street-only address is kept as a street (score 1, next candidate 5/6 -> gap 0.17 >= 0.15)
    street = out[out["ref"] == "street"].iloc[0]
    assert street["geocode_type"] == "street" and street["line"] == 46
    # rejections: line = row + 2 (header on line 1), with the reason
    rej = {r.line: r.reason for r in rep.rejected}
    assert rej == {42: "not found", 43: "low score 0.43 < 0.8",
                   44: "ambiguous: score 0.86, next 0.86 (gap < 0.15)", 45: "skipped: empty address"}
    assert [r.value for r in rep.rejected][:2] == ["12 Impasse Zzyzx Qqqq", "1 Rue Joffre Nancy"]
    assert rep.provenance.url == srv.url("/geocodage/search/csv/")


def test_threshold_and_citycode_column(addok, bal):
    srv, fake = addok
    frame = _table(bal, n=5)
    strict = geocoder(srv).geocode_csv(frame, ["adresse", "cp", "ville"], threshold=0.3)
    assert strict.report.rows_kept == 5 + 3          # low score and ambiguous pass at 0.3, no gap rule
    with_city = geocoder(srv).geocode_csv(frame.iloc[:5], ["adresse"], citycode_col="insee")
    assert fake.csv_requests[-1][:3] == (("adresse",), "insee", "")
    # without city and postcode in the query, "1 Rue Joffre" has 3 of the 6 tokens of its label
    # "1 Rue Joffre 54111 Mont-Bonvillers": score 0.5, rejected
    assert with_city.report.rows_kept == 0
    assert {r.reason for r in with_city.report.rejected} == {"low score 0.50 < 0.8"}


def test_429_on_batch_is_retried_with_the_same_body(addok, bal):
    srv, fake = addok
    srv.fail("/geocodage/search/csv/", 429, times=1, retry_after="0")
    res = geocoder(srv).geocode_csv(_table(bal, n=10), ["adresse", "cp", "ville"])
    assert res.report.rows_kept == 10 + 2        # + the street and, with no gap rule, the ambiguous one
    assert [e.status for e in srv.requests("/geocodage/search/csv/")] == [429, 200]


def test_bad_parameters_and_bad_answers(addok, bal):
    srv, _ = addok
    g = geocoder(srv)
    with pytest.raises(ParameterError, match="column.*numero_voie.*not in the table"):
        g.geocode_csv(_table(bal, 3), ["numero_voie"])
    with pytest.raises(ParameterError, match="between 0 and 1"):
        g.geocode_csv(_table(bal, 3), ["adresse"], threshold=80)
    srv.add_bytes("/wrong/search/csv/", b"<html>maintenance</html>", "text/html")
    with pytest.raises(NetworkError, match="returned 1 rows for 3 sent|no result columns"):
        Geocoder(srv.url("/wrong")).geocode_csv(_table(bal, 3), ["adresse"])


def test_base_url_setting(monkeypatch):
    monkeypatch.delenv("TERRIDIAG_GEOCODER_URL", raising=False)
    assert settings.geocoder_base_url() == "https://data.geopf.fr/geocodage"
    monkeypatch.setenv("TERRIDIAG_GEOCODER_URL", "https://api-adresse.data.gouv.fr/")
    assert Geocoder().base == "https://api-adresse.data.gouv.fr"
    settings.set_override("geocoder_url", "http://127.0.0.1:9/geocodage")
    try:
        assert Geocoder().base == "http://127.0.0.1:9/geocodage"
    finally:
        settings.set_override("geocoder_url", None)
    assert Geocoder().base == "https://api-adresse.data.gouv.fr"
    with pytest.raises(ParameterError, match="must start with http"):
        Geocoder("data.geopf.fr/geocodage")
