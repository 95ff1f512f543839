"""What the figures were computed on, in plain words: the demand points (addresses, 200 m grid
cells, IRIS or one point per commune) and the places left outside the road graph.

The diagnosis records ``meta["demand"]`` = {"source": "addresses"|"grid"|"iris"|"commune",
"units": int, "addresses": int, "population": float, "weighting": "population"|"none"} and
``meta["steps"]["network"]["outside_graph"]`` = {"max_snap_m", "points", "population",
"communes"}. For a run made before those were recorded, :func:`demand_of` derives the demand from
what the metadata and the communes table have — never assuming addresses.
"""
from __future__ import annotations

from .language import fr_typography, lang_of
from .numbers import format_value, km_text, number

SOURCES = ("addresses", "grid", "iris", "commune")


def _float(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if v != v else v


def demand_of(metadata: dict | None, communes=None) -> dict:
    """The run's demand as the contract above; derived when the metadata predates it; {} when
    nothing says."""
    meta = metadata or {}
    recorded = meta.get("demand")
    if isinstance(recorded, dict) and recorded.get("source") in SOURCES:
        return dict(recorded)
    out: dict = {}
    cov = (meta.get("steps") or {}).get("coverage") or {}
    addresses = fallback = population = None
    n_communes = None
    if communes is not None and "n_addresses" in getattr(communes, "columns", ()):
        import pandas as pd

        n = pd.to_numeric(communes["n_addresses"], errors="coerce").fillna(0)
        addresses = int(n.sum())
        n_communes = int(len(communes))
        if "demand_source" in communes.columns:
            fallback = int(communes["demand_source"].astype(str).isin(["centroid", "commune"]).sum())
        else:
            fallback = int((n == 0).sum())
        if "population" in communes.columns:
            population = float(pd.to_numeric(communes["population"], errors="coerce").sum())
    else:
        territory = meta.get("territory") or {}
        shares = [v for k, v in territory.items() if k.startswith("address_share_within_")]
        if shares:
            addresses = 1 if any(v is not None for v in shares) else 0
    if addresses is None:
        return {}
    weighted = str(cov.get("weighting") or "commune") != "none" and population != 0
    if addresses > 0:
        out = {"source": "addresses", "units": addresses, "addresses": addresses,
               "weighting": "population" if weighted and cov.get("weighting") not in (None, "commune") else "none"}
        if fallback:
            out["fallback_communes"] = fallback
    else:
        out = {"source": "commune", "units": n_communes, "addresses": 0,
               "weighting": "population" if weighted else "none"}
    if population is not None:
        out["population"] = population
    out["derived"] = True
    return out


def without_unused_counts(fields, metadata: dict | None, communes=None) -> list:
    """``fields`` less the address count when the run used no address: its column of zeros would
    read as "no address here", where the demand sentence says what the figures rest on."""
    d = demand_of(metadata, communes)
    if d and d.get("source") != "addresses" and not d.get("addresses"):
        return [f for f in fields if f != "n_addresses"]
    return list(fields)


_UNIT_WORDS = {
    "addresses": ("address", "addresses", "adresse", "adresses"),
    "grid": ("200 m grid cell", "200 m grid cells", "carreau de 200 m", "carreaux de 200 m"),
    "iris": ("IRIS", "IRIS", "IRIS", "IRIS"),
    "units": ("population unit", "population units", "unité de population", "unités de population"),
    "commune": ("commune", "communes", "commune", "communes"),
}


def _units(source: str, n, lang: str) -> str:
    en1, en2, fr1, fr2 = _UNIT_WORDS[source]
    if n is None:
        return {"en": en2, "fr": fr2}[lang]
    one = int(n) == 1
    return f"{number(n, 0, lang)} " + ((fr1 if one else fr2) if lang == "fr" else (en1 if one else en2))


def demand_sentence(metadata: dict | None, lang: str = "en", communes=None) -> str:
    """One sentence that says what the access figures were computed on, e.g. "Calculé sur 123 IRIS
    pondérés par leur population, faute d’adresses."; "" when the run does not say."""
    lang = lang_of(lang)
    d = demand_of(metadata, communes)
    source = d.get("source")
    if source not in SOURCES:
        return ""
    by_source = {k: v for k, v in (d.get("by_source") or {}).items() if isinstance(v, dict)}
    if len(by_source) > 1:
        return _mixed_sentence(d, by_source, lang)
    units = _units(source, d.get("units"), lang)
    weighted = d.get("weighting") == "population"
    if source == "addresses":
        text = {"en": f"Computed on {units}", "fr": f"Calculé sur {units}"}[lang]
        if weighted:
            text += {"en": ", each carrying an equal share of its commune's population",
                     "fr": ", chacune portant une part égale de la population de sa commune"}[lang]
        k = d.get("fallback_communes")
        if k:
            text += {"en": f"; {_units('commune', k, 'en')} without an address are each represented by one point",
                     "fr": f" ; {_units('commune', k, 'fr')} sans adresse sont chacune représentées par un "
                           "point"}[lang]
        return fr_typography(text + ".", lang)
    if source == "commune":
        text = {"en": f"Computed on {units}, each represented by one point carrying its whole population, "
                      "for want of addresses: a commune is then entirely within a distance or entirely beyond it "
                      "(0 % or 100 %).",
                "fr": f"Calculé sur {units}, chacune représentée par un point qui porte toute sa population, faute "
                      "d’adresses : une commune est alors tout entière à moins d’une distance ou tout entière "
                      "au-delà (0 % ou 100 %)."}[lang]
        if not weighted:
            text = text.replace(", each represented by one point carrying its whole population",
                                ", each represented by one point").replace(
                ", chacune représentée par un point qui porte toute sa population", ", chacune représentée par un point")
        return fr_typography(text, lang)
    text = {"en": f"Computed on {units}" + (" weighted by their population" if weighted else "")
                  + ", for want of addresses.",
            "fr": f"Calculé sur {units}" + (" pondérés par leur population" if weighted else "")
                  + ", faute d’adresses."}[lang]
    return fr_typography(text, lang)


def _mixed_sentence(d: dict, by_source: dict, lang: str) -> str:
    """Several demand sources in one run (addresses here, IRIS there, one point elsewhere)."""
    parts = []
    for name in ("addresses", "grid", "iris", "units", "commune"):
        part = by_source.get(name)
        if not part:
            continue
        communes = _units("commune", part.get("communes"), lang)
        if name == "commune":
            parts.append({"en": f"{communes} at one point each", "fr": f"{communes} à raison d’un point chacune"}[lang])
        else:
            parts.append(f"{_units(name, part.get('units'), lang)} ({communes})")
    joined = parts[0] if len(parts) == 1 else \
        ", ".join(parts[:-1]) + {"en": " and ", "fr": " et "}[lang] + parts[-1]
    text = {"en": f"Computed on {joined}", "fr": f"Calculé sur {joined}"}[lang]
    if d.get("weighting") == "population":
        text += {"en": ", each point weighted by the population it carries",
                 "fr": ", chaque point pondéré par la population qu’il porte"}[lang]
    if not d.get("addresses"):
        text += {"en": ", for want of addresses", "fr": ", faute d’adresses"}[lang]
    text += "."
    if "commune" in by_source:
        text += {"en": " A commune at one point is wholly within a distance or wholly beyond it (0 % or 100 %).",
                 "fr": " Une commune représentée par un seul point est tout entière à moins d’une distance ou tout "
                       "entière au-delà (0 % ou 100 %)."}[lang]
    return fr_typography(text, lang)


def outside_graph(metadata: dict | None) -> dict:
    """``meta["steps"]["network"]["outside_graph"]`` (or {} without a road network)."""
    net = ((metadata or {}).get("steps") or {}).get("network") or {}
    value = net.get("outside_graph")
    return value if isinstance(value, dict) else {}


def network_sentence(metadata: dict | None, lang: str = "en", names: dict | None = None, limit: int = 8) -> str:
    """What the travel times leave out: the demand points farther than the snapping distance from
    the road graph (no travel time for them) and the communes with no point on it, named when
    ``names`` (code -> name) is given; "" when the run had no road network or left nothing out."""
    lang = lang_of(lang)
    meta = metadata or {}
    net = (meta.get("steps") or {}).get("network")
    if not isinstance(net, dict):
        return ""
    out = outside_graph(meta)
    parts = []
    points = int(_float(out.get("points")) or 0)
    codes = [str(c) for c in out.get("communes") or []]
    shown = [(names or {}).get(c, c) for c in codes[:limit]]
    more = f" (+{len(codes) - limit})" if len(codes) > limit else ""
    if points and codes and points == len(codes):
        # one point per commune: the communes off the network are the points off it — one clause
        snap = _float(out.get("max_snap_m"))
        dist = km_text(snap / 1000, lang) if snap and snap >= 1000 else format_value(snap or 0, "m", lang)
        pop = _float(out.get("population"))
        who = _units("commune", points, lang)
        if pop:
            who += {"en": f" ({number(pop, 0, lang)} inhabitants)", "fr": f" ({number(pop, 0, lang)} habitants)"}[lang]
        parts.append({"en": f"{who} are outside the road network's extract (more than {dist} from a road) and get "
                            f"no travel time: {', '.join(shown)}{more}",
                      "fr": f"{who} sont hors de l’extrait du réseau routier (à plus de {dist} d’une route) et "
                            f"n’ont pas de temps de trajet : {', '.join(shown)}{more}"}[lang])
        codes = []
    elif points:
        snap = _float(out.get("max_snap_m"))
        dist = km_text(snap / 1000, lang) if snap and snap >= 1000 else format_value(snap or 0, "m", lang)
        pop = _float(out.get("population"))
        who = _units(demand_of(meta).get("source") or "commune", points, lang) if demand_of(meta) else \
            number(points, 0, lang)
        if pop:
            who += {"en": f" ({number(pop, 0, lang)} inhabitants)", "fr": f" ({number(pop, 0, lang)} habitants)"}[lang]
        parts.append({"en": f"{who} lie more than {dist} from the road network and get no travel time",
                      "fr": f"{who} sont à plus de {dist} du réseau routier et n’ont pas de temps de trajet"}[lang])
    if codes:
        parts.append({"en": f"{len(codes)} communes are outside the road network's extract: {', '.join(shown)}{more}",
                      "fr": f"{len(codes)} communes sont hors de l’extrait du réseau routier : "
                            f"{', '.join(shown)}{more}"}[lang])
    if not parts:
        unreachable = int(_float(net.get("n_unreachable")) or 0)
        if unreachable:
            parts.append({"en": f"{number(unreachable, 0, lang)} demand points reach no place by road",
                          "fr": f"{number(unreachable, 0, lang)} points de demande n’atteignent aucun lieu par la "
                                "route"}[lang])
    if not parts:
        return ""
    text = {"en": "Travel times: ", "fr": "Temps de trajet : "}[lang] + {"en": "; ", "fr": " ; "}[lang].join(parts) + "."
    return fr_typography(text, lang)


def with_demand(metadata: dict | None, communes=None) -> dict:
    """The metadata with ``demand`` filled (derived from the communes table when the run did not
    record it), so every text made from it says what the figures rest on."""
    meta = dict(metadata or {})
    if not isinstance(meta.get("demand"), dict):
        demand = demand_of(meta, communes)
        if demand:
            meta["demand"] = demand
    return meta
