"""The all-in-one diagnosis: communes + addresses + services (+ connectivity, population
variables, road graph, mobile data) -> one commune layer with every indicator, and the metadata
that says how each number was made (parameters, sources, vintages, synthetic flag).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputDataError, ParameterError
from ..progress import ensure
from . import catalog

DEFAULT_PARAMS = {
    "thresholds_km": (5,),            # crow-flies thresholds; the first one is "share_within"
    "category": "auto",               # categories of the headline coverage: "auto" = digital help
                                      # (France Services + mediation) when present, else all; None = all
    "per_category": True,             # also dist_{cat}_m / share_within_{cat} per category present
    "fragility_method": "auto",       # "mednum2019", "ifn5", "custom", None; auto = what the data allows
    "fragility_references": None,     # dict variable -> value (MedNum), else computed
    "fragility_reference": "territory",  # reference territory: territory, epci, departement, region
    "ifn_weights": None,
    "custom_indicators": None,        # {field: (direction, weight)}
    "custom_normalisation": "minmax",
    "confidentiality_threshold": 11,
    "typology": None,                 # kwargs of typology.typology
    "network_mode": "drive",
    "network_bands_min": (15, 30),
    "fsca": True,
    "fsca_steps": ((5000, 1.0), (10000, 0.68), (15000, 0.22)),  # metres -> weight (E2SFCA)
    "max_snap_m": 1000.0,             # farther from the road graph: no travel time (network.py)
    "service_categories": None,       # kinds of places taken into account at all (None: every one)
    "population_field": None,         # population field of the population units (None: found, demand.py)
    "population_kind": "auto",        # what the population units are: auto, grid, iris, units
    "connectivity_names": None,       # names of the connectivity tables (metadata: which gave what)
    "open_at": None,                  # time window of the hours-aware access (opening.WINDOWS or an
                                      # opening_hours expression); None: hours not taken into account
    "open_week": None,                # the week it is evaluated on (None: the next ordinary week)
    "open_min_minutes": 60,           # open at least this long in a row inside the window
    "engine": "inprocess",            # the headline coverage and the network coverage: in process, or
    "scheduler": None,                # "dask" partitioned by département (core.engine) on the cluster
    "workers": 2,                     # of that scheduler address, else a LocalCluster of `workers`
}


def _provenance_dicts(items) -> list[dict]:
    from ..provenance import Provenance, merge
    provs = []
    for p in items or ():
        if isinstance(p, Provenance):
            provs.append(p)
        elif isinstance(p, dict):
            provs.append(Provenance.from_dict(p))
    return merge(provs)


def _frame_provenances(*frames) -> list:
    out = []
    for f in frames:
        if f is None:
            continue
        attrs = getattr(f, "attrs", None) or (getattr(f, "meta", None) or {})
        p = attrs.get("provenance") if isinstance(attrs, dict) else None
        if p is not None:
            out.extend(p if isinstance(p, list) else [p])
    return out


# The places the headline indicators measure the distance to: help with digital life. Town halls,
# libraries or post offices count only when asked (their dist_{category}_m are always computed).
DIGITAL_HELP = ("france_services", "mediation")


def headline_categories(services, category):
    """Resolve the ``category`` parameter: "auto" means the digital-help categories present."""
    if category != "auto":
        return category
    present = set(services["category"].astype(str)) if "category" in services.columns else set()
    chosen = [c for c in DIGITAL_HELP if c in present]
    return chosen or None


def sidecar_provenance(path) -> list:
    """Provenance from a ``provenance.json`` next to an input file (see ``provenance.sidecar``)."""
    from ..provenance import sidecar

    return sidecar(path)


def _synthetic_columns(*frames) -> bool:
    """True when a frame says in a ``source`` column that its rows are synthetic."""
    for f in frames:
        if f is None or not hasattr(f, "columns") or "source" not in f.columns or not len(f):
            continue
        vals = pd.Series(pd.unique(f["source"].astype(str).str.lower()))
        if vals.str.contains("synth").any():
            return True
    return False


def _merge(base: pd.DataFrame, extra: pd.DataFrame) -> pd.DataFrame:
    """Left-join ``extra`` on code_insee without duplicating columns already present."""
    extra = extra.copy()
    extra["code_insee"] = extra["code_insee"].astype(str)
    cols = ["code_insee"] + [c for c in extra.columns if c != "code_insee" and c not in base.columns]
    return base.merge(extra[cols].drop_duplicates("code_insee"), on="code_insee", how="left")


def _territories_record(communes, services, demand) -> dict:
    """meta["territories"] of a run over several territories: each one's name, legal CRS, communes
    and places, and the territories without any place."""
    from .. import crs as crsmod
    from .coverage import service_points
    keys = crsmod.territories_of_codes(communes["code_insee"].astype(str).to_numpy(object))
    _, _, szone = service_points(services, demand)
    per = {}
    for t in crsmod.TERRITORIES:
        n = int((keys == t.key).sum())
        if n:
            per[t.key] = {"name": t.name, "crs": t.epsg, "communes": n, "places": int((szone == t.key).sum())}
    return {"method": "each territory in its legal CRS; a place serves only its own territory",
            "by_territory": per, "without_places": [k for k, v in per.items() if not v["places"]]}


def run_diagnosis(communes, addresses, services, connectivity=None, population_vars=None,
                  roads=None, params: dict | None = None, *, mobile_sites=None,
                  mobile_coverage=None, population_units=None, provenances=None, feedback=None, iris=None,
                  units_out=None, services_out=None):
    """Compute every indicator the inputs allow. Returns ``(GeoDataFrame, metadata)``.

    ``communes``: GeoDataFrame (code_insee, nom, population, polygons in a metric CRS).
    ``addresses``: DataFrame code_insee/x/y (may be None). ``population_units``: GeoDataFrame of
    IRIS or 200 m grid cells (or points) with a population field, used as demand where there is
    no address (:mod:`demand`; else one point per commune). ``meta["demand"]`` says which.
    ``services``: DataFrame category/x/y(/capacity). ``connectivity``: ARCEP per commune, one table
    or a list (e.g. 'Ma connexion internet' and the FttH observatory).
    ``population_vars``: per-commune fragility variables (MedNum 2019 and/or IFN names).
    ``roads``: a RoadGraph for network coverage. ``provenances``: Provenance objects of inputs.
    ``population_vars`` may be by IRIS (``code_iris``): the index is then computed by IRIS and each
    commune gets the population-weighted mean of its IRIS; ``iris``: IRIS polygons (``code_iris``,
    optional QPV flags); ``units_out``: a dict that receives ``"iris"``, the scored IRIS.
    With ``params["open_at"]`` (a time window, :mod:`opening`) the shares are also computed for the
    places open then (``open_share_within_*``; ``meta["steps"]["open_at"]``) and ``services_out``
    (a dict) receives ``"services"``, the places with their ``hours_status``.
    The run is the named steps of ``STEPS``, one function each, in that order.
    """
    fb = ensure(feedback)
    p = _checked_params(params)
    if communes is None or len(communes) == 0:
        raise InputDataError("no commune polygon", hint="load the communes of the territory first")
    if "code_insee" not in communes.columns:
        raise InputDataError("the communes layer has no 'code_insee' field", column="code_insee")
    if services is None or len(services) == 0:
        raise InputDataError("no service place", hint="load France services / mediation places first")
    if p["service_categories"]:
        from .coverage import keep_categories
        p["service_categories"] = [str(c) for c in p["service_categories"]]
        services = keep_categories(services, p["service_categories"])
    p["category"] = headline_categories(services, p["category"])
    run = _Run(p=p, fb=fb, communes=communes, addresses=addresses, services=services,
               connectivity=connectivity, population_vars=population_vars, roads=roads,
               mobile_sites=mobile_sites, mobile_coverage=mobile_coverage,
               population_units=population_units, iris=iris, units_out=units_out,
               services_out=services_out, provenances=provenances)
    for _name, step, progress in STEPS:
        step(run)
        if progress is not None:
            fb.set_progress(progress)
            if progress < 100:           # a finished run is not thrown away
                fb.check()
    return run.out, run.meta


def _checked_params(params: dict | None) -> dict:
    p = dict(DEFAULT_PARAMS)
    unknown = sorted(set(params or {}) - set(DEFAULT_PARAMS))
    if unknown:
        raise ParameterError(f"unknown diagnosis parameters {unknown}",
                             hint=f"known: {', '.join(DEFAULT_PARAMS)}")
    p.update(params or {})
    return p


@dataclass
class _Run:
    """What the steps of a diagnosis share: the inputs, the parameters, and what each step adds to
    ``out`` (the commune table) and ``meta``."""
    p: dict
    fb: object
    communes: object
    addresses: object
    services: object
    connectivity: object = None
    population_vars: object = None
    roads: object = None
    mobile_sites: object = None
    mobile_coverage: object = None
    population_units: object = None
    iris: object = None
    units_out: dict | None = None
    services_out: dict | None = None
    provenances: list | None = None
    out: object = None
    meta: dict = field(default_factory=dict)
    addr: object = None                  # the addresses inside the communes (None: none)
    pop: object = None                   # commune population by code_insee (None: no field)
    demand: object = None
    zoned: bool = False
    method: str | None = None            # the fragility method that ran
    iris_scores: object = None


def step_communes(run: _Run) -> None:
    """The commune table, its areas (each territory in its legal CRS) and the addresses inside it."""
    from .. import territories
    run.meta = {"created": _dt.datetime.now().isoformat(timespec="seconds"), "steps": {}}
    out = run.communes.copy()
    out["code_insee"] = out["code_insee"].astype(str)
    if "population" in out.columns:
        out["population"] = pd.to_numeric(out["population"], errors="coerce")
    run.zoned = territories.is_zoned(out)
    # several territories (or degrees): each commune measured in its territory's legal CRS
    out["area_km2"] = (territories.legal_areas_km2(out) if run.zoned
                       else np.asarray(out.geometry.area, float) / 1e6)
    run.pop = (pd.Series(out["population"].to_numpy(float), index=out["code_insee"].to_numpy())
               if "population" in out.columns else None)
    addr = run.addresses
    if addr is not None and len(addr):
        # addresses outside the communes layer are dropped (and counted): they belong elsewhere
        inside = addr["code_insee"].astype(str).isin(set(out["code_insee"]))
        run.meta["addresses_outside_communes"] = int((~inside).sum())
        run.addr = addr[inside.to_numpy()]
    run.out = out


def step_demand(run: _Run) -> None:
    """Who is measured: addresses, else grid cells or IRIS with a population, else one point per
    commune; over several territories, which of them have no place at all."""
    from .. import territories
    from .demand import build_demand
    p = run.p
    run.demand = build_demand(run.out, run.addr, run.population_units, p["population_field"],
                              p["population_kind"])
    run.meta["demand"] = run.demand.meta
    if run.zoned:
        run.meta["territories"] = _territories_record(run.out, run.services, run.demand)
        for key in run.meta["territories"]["without_places"]:
            run.fb.warning(f"{territories.names([key])}: no service place in the territory — its communes "
                           f"are served by none (a place elsewhere never counts)")


def step_coverage(run: _Run) -> None:
    """Crow-flies coverage of the headline places, then of each kind of place."""
    from .. import engine
    from .coverage import coverage_by_commune, territory_summary
    p, meta = run.p, run.meta
    run.fb.info("coverage as the crow flies")
    cov = engine.coverage(run.addr, run.services, thresholds_km=p["thresholds_km"], category=p["category"],
                          population=run.pop, communes=run.out, demand=run.demand, **_engine_of(p))
    meta["steps"]["coverage"] = cov.attrs.get("coverage", {})
    meta["territory"] = territory_summary(cov, p["thresholds_km"])
    meta["territory"].update(meta["steps"]["coverage"].get("territory", {}))
    run.out = _merge(run.out, cov)
    run.fb.set_progress(25)
    run.fb.check()
    if p["per_category"] and "category" in run.services.columns:
        cats = sorted(run.services["category"].dropna().astype(str).unique())
        if len(cats) > 1:
            for cat in cats:
                c = coverage_by_commune(run.addr, run.services, thresholds_km=p["thresholds_km"][:1],
                                        category=cat, communes=run.out, demand=run.demand)
                run.out = _merge(run.out, c[["code_insee", "dist_mean_m", "share_within"]].rename(
                    columns={"dist_mean_m": f"dist_{cat}_m", "share_within": f"share_within_{cat}"}))
            meta["steps"]["coverage"]["per_category"] = cats


def step_open_at(run: _Run) -> None:
    """Hours-aware access: the same shares, near a place open in the time window."""
    p = run.p
    if p["open_at"] in (None, "", "any"):
        return
    from .opening import coverage_open_at
    run.fb.info("coverage of the places open in the time window")
    otab, orec, oplaces = coverage_open_at(
        run.addr, run.services, p["open_at"], thresholds_km=p["thresholds_km"], category=p["category"],
        communes=run.out, demand=run.demand, week=p["open_week"], min_minutes=p["open_min_minutes"],
        roads=run.roads, mode=p["network_mode"], bands_min=p["network_bands_min"], max_snap_m=p["max_snap_m"])
    run.out = _merge(run.out, otab)
    run.meta["steps"]["open_at"] = orec
    run.meta["territory"].update(orec["territory"])
    if run.services_out is not None:
        run.services_out["services"] = oplaces


def _engine_of(p: dict) -> dict:
    """Where the coverage steps run: in process, or on Dask (``engine``)."""
    return {"engine": p["engine"], "scheduler": p["scheduler"], "workers": p["workers"]}


def step_network(run: _Run) -> None:
    """Coverage along the road network (when a road graph is given)."""
    if run.roads is None:
        return
    from .. import engine
    p = run.p
    run.fb.info("coverage along the road network")
    net, nmeta = engine.network_coverage(run.addr, run.services, run.roads, mode=p["network_mode"],
                                         bands=p["network_bands_min"], category=p["category"],
                                         communes=run.out, demand=run.demand, max_snap_m=p["max_snap_m"],
                                         **_engine_of(p))
    run.out = _merge(run.out, net.drop(columns=["n_addresses", "demand_source"], errors="ignore"))
    run.meta["steps"]["network"] = nmeta
    run.meta["territory"].update(nmeta.get("territory", {}))


def step_fsca(run: _Run) -> None:
    """2SFCA accessibility (crow flies, E2SFCA steps in metres)."""
    if not run.p["fsca"]:
        return
    from .fsca import fsca_by_commune
    run.fb.info("2SFCA accessibility")
    fs, fmeta = fsca_by_commune(run.addr, run.services, communes=run.out, population=run.pop,
                                steps=run.p["fsca_steps"], demand=run.demand)
    run.out = _merge(run.out, fs)
    run.meta["steps"]["fsca"] = fmeta
    run.meta["territory"]["fsca"] = fmeta.get("territory_mean")


def step_connectivity(run: _Run) -> None:
    """Fixed connectivity (ARCEP tables), mobile sites and good mobile coverage."""
    out, meta = run.out, run.meta
    conn = run.connectivity
    tables = [conn] if isinstance(conn, pd.DataFrame) else list(conn or [])
    tables = [t for t in tables if t is not None and len(t)]
    if tables:
        from .connectivity import fixed_connectivity_of
        fixed, cmeta = fixed_connectivity_of(tables, run.p.get("connectivity_names") or None)
        out = _merge(out, fixed)
        cmeta["communes_without_data"] = int(out["premises"].isna().sum())
        meta["steps"]["connectivity"] = cmeta
    if run.mobile_sites is not None and len(run.mobile_sites):
        from .connectivity import mobile_sites_by_commune
        ms = mobile_sites_by_commune(run.mobile_sites, out)
        out = _merge(out, ms.drop(columns=["area_km2"]))
        cm = meta["steps"].setdefault("connectivity", {})
        cm["mobile_sites_outside"] = ms.attrs.get("sites_outside", 0)
        cm["mobile_generations"] = ms.attrs.get("generations", [])
        cm.setdefault("absent", {}).update(ms.attrs.get("absent", {}))
    if run.mobile_coverage is not None and len(run.mobile_coverage) and run.addr is not None:
        from .connectivity import good_mobile_coverage
        mc = good_mobile_coverage(run.addr, run.mobile_coverage, population=run.pop)
        out = _merge(out, mc.drop(columns=["n_addresses"]))
        meta["steps"].setdefault("connectivity", {})["mobile_levels"] = ["TBC", "BC"]
    run.out = out


def step_fragility(run: _Run) -> None:
    """Fragility (by IRIS when the variables are by IRIS; see fragility_stage), and the IRIS table."""
    from .fragility_stage import run_fragility
    run.out, frag_meta, run.method, run.iris_scores = run_fragility(
        run.out, run.population_vars, run.p, services=run.services, iris=run.iris, feedback=run.fb)
    if frag_meta is not None:
        run.meta["steps"]["fragility"] = frag_meta
    if run.units_out is not None:
        # by IRIS: the fragility scores and the access figures of each IRIS, masked like communes
        from .iris_units import iris_table
        table, imeta = iris_table(run.iris, run.iris_scores, run.addr, run.services, run.p,
                                  communes=run.out, feedback=run.fb)
        if table is not None:
            run.units_out["iris"] = table
            run.meta["steps"]["iris"] = imeta
        elif run.iris_scores is not None:
            run.units_out["iris"] = run.iris_scores


def step_typology(run: _Run) -> None:
    """The typology classes, on the fragility field of the method that ran."""
    from .typology import DEFAULTS as TYPO_DEFAULTS
    from .typology import typology
    p, method = run.p, run.method
    tp = dict(p["typology"] or {})
    if "fragility_field" not in tp:
        tp["fragility_field"] = {"mednum2019": "ifn_global", "ifn5": "ifn5_score",
                                 "custom": "composite_score"}.get(method, TYPO_DEFAULTS["fragility_field"])
        if method == "ifn5":
            tp.setdefault("fragility_threshold", 5.5)
        if method == "custom" and p["custom_normalisation"] == "minmax":
            tp.setdefault("fragility_threshold", 50.0)
        if method == "custom" and p["custom_normalisation"] == "zscore":
            tp.setdefault("fragility_threshold", 0.0)
    if tp["fragility_field"] in run.out.columns:
        run.out, run.meta["steps"]["typology"] = typology(run.out, **tp)


def step_confidentiality(run: _Run) -> None:
    """Small counts masked, last, so that nothing computed from a small count escapes."""
    from .confidentiality import mask_small_counts
    run.out, run.meta["steps"]["confidentiality"] = mask_small_counts(run.out, run.p["confidentiality_threshold"])


def step_metadata(run: _Run) -> None:
    """Sources, vintages, the synthetic flag, the parameters as run, the fields; a GeoDataFrame."""
    import geopandas as gpd

    from .coverage import fmt_km
    p, meta = run.p, run.meta
    provs = list(run.provenances or []) + _frame_provenances(run.communes, run.addresses, run.services,
                                                             run.connectivity, run.population_vars, run.roads)
    meta["sources"] = _provenance_dicts(provs)
    meta["vintages"] = {s["source"]: s.get("vintage", "") for s in meta["sources"]}
    meta["synthetic"] = (any(s.get("synthetic") for s in meta["sources"])
                         or _synthetic_columns(run.addresses, run.services, run.population_vars, run.connectivity))
    meta["parameters"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in p.items()}
    meta["parameters"]["fragility_method"] = run.method
    meta["parameters"]["demand"] = meta["demand"]["source"]     # what the run measured (demand.py)
    meta["fields"] = catalog.as_records(run.out.columns)
    meta["thresholds_label"] = [f"{fmt_km(t)} km" for t in p["thresholds_km"]]
    if not isinstance(run.out, gpd.GeoDataFrame):
        run.out = gpd.GeoDataFrame(run.out, geometry="geometry", crs=run.communes.crs)


# The diagnosis, step by step: (name, function, progress % when it is done). Each step reads what
# the earlier ones put in the run and adds its columns to ``run.out`` and its record to ``run.meta``.
STEPS = (
    ("communes", step_communes, None),
    ("demand", step_demand, None),
    ("coverage", step_coverage, 35),
    ("open_at", step_open_at, 40),
    ("network", step_network, 50),
    ("fsca", step_fsca, 60),
    ("connectivity", step_connectivity, 70),
    ("fragility", step_fragility, 80),
    ("typology", step_typology, None),
    ("confidentiality", step_confidentiality, 95),
    ("metadata", step_metadata, 100),
)
