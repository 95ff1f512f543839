"""On the demo territory: the best new sites found by maximal covering, tried in the what-if,
give exactly the coverage the placement promised (two code paths, one answer)."""
from __future__ import annotations

import numpy as np
import pytest

from terridiag.plugin.core.demo.generator import ensure_demo
from terridiag.plugin.core.scenario.candidates import grid_candidates
from terridiag.plugin.core.scenario.demand import demand_weights
from terridiag.plugin.core.scenario.mobile import services_presence
from terridiag.plugin.core.scenario.placement import maximal_covering
from terridiag.plugin.core.scenario.whatif import what_if
from terridiag.plugin.core.sources.addresses import read_addresses
from terridiag.plugin.core.sources.communes import read_communes, read_populations
from terridiag.plugin.core.sources.services import read_services


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    import pandas as pd
    paths = ensure_demo(tmp_path_factory.mktemp("demo"))
    addr = read_addresses(paths["addresses"]).data
    svc = pd.concat([read_services(paths["france_services"]).data,
                     read_services(paths["mediation_csv"]).data], ignore_index=True)
    pops = read_populations(paths["communes_population"]).data
    communes = read_communes(paths["communes"]).data
    return addr, svc, dict(zip(pops["code_insee"], pops["population"])), communes


def test_best_sites_then_what_if_agree(demo):
    addr, svc, pop, communes = demo
    assert svc["mobile"].astype(bool).any()          # the demo has itinerant places
    cand = grid_candidates(communes, 1000.0)
    cxy = cand[["x", "y"]].to_numpy()
    w = demand_weights(addr, pop)
    res = maximal_covering(addr[["x", "y"]].to_numpy(), w, cxy, 3, 5000.0,
                           existing_xy=svc[["x", "y"]].to_numpy(), existing_presence=services_presence(svc))
    assert res.gap == pytest.approx(0.0, abs=1e-9) and "optimal" in res.method
    assert np.all(res.gains > 0)
    sites = res.table(cxy)[["x", "y"]]
    wi = what_if(addr, svc, add=sites, threshold_km=5, population=pop)
    t = wi.totals
    assert t["population"] == pytest.approx(w.sum())
    assert t["people_within_before"] == pytest.approx(res.baseline)
    assert t["people_within_after"] == pytest.approx(res.objective)
    assert t["people_gained"] == pytest.approx(res.gains.sum())
    assert wi.communes["people_gained"].sum() == pytest.approx(res.gains.sum())
    assert t["dist_mean_delta_m"] < 0 and t["addresses_farther"] == 0
