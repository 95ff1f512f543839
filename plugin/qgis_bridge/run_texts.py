"""Plain words about a diagnosis run, in the user's language: what the demand was (addresses,
IRIS, grid cells or one point per commune) and what the road network did not cover. The
algorithms log them and the dock shows them; both read them from the run's metadata
(``meta["demand"]``, ``meta["steps"]["network"]``)."""
from __future__ import annotations


from ..i18n import tr


def _communes(n: int) -> str:
    return tr("1 commune") if n == 1 else tr("{n} communes").format(n=n)


def demand_lines(meta: dict) -> list[str]:
    """What the demand of a run was, in the user's language."""
    parts = []
    for source, d in (meta.get("by_source") or {}).items():
        where = _communes(d["communes"])
        if source == "addresses":
            parts.append(tr("{n} addresses in {communes}").format(n=d["units"], communes=where))
        elif source == "iris":
            parts.append(tr("{n} IRIS in {communes}").format(n=d["units"], communes=where))
        elif source == "grid":
            parts.append(tr("{n} inhabited 200 m grid cells in {communes}").format(n=d["units"], communes=where))
        elif source == "units":
            parts.append(tr("{n} population points in {communes}").format(n=d["units"], communes=where))
        elif d["communes"] == 1:
            parts.append(tr("1 commune as a single point"))
        else:
            parts.append(tr("{communes} as one point each").format(communes=where))
    weighted = (tr("weighted by their population") if meta.get("weighting") == "population"
                else tr("each point counting once (no population known)"))
    lines = [tr("Demand: {parts}, {weighted}.").format(parts=tr("; ").join(parts), weighted=weighted)]
    if not meta.get("addresses"):
        lines.append(tr("No address file was used: shares and distances describe the population of the "
                        "IRIS, grid cells or communes, not addresses."))
    if "commune" in (meta.get("by_source") or {}):
        lines.append(tr("Where a commune is one point, its whole population is either within a distance or "
                        "beyond it (0 % or 100 %)."))
    return lines


def network_lines(nmeta: dict) -> list[str]:
    """Warnings of the network step in the user's language: what the road graph does not cover."""
    out = []
    og = nmeta.get("outside_graph") or {}
    cover = nmeta.get("graph_covers_share")
    snap = og.get("max_snap_m")
    if cover is not None and cover < 1.0:
        out.append(tr("The OSM extract covers less than the territory: {share} % of the demand is within "
                      "{m} m of a road.").format(share=f"{100 * cover:.0f}", m=f"{snap:g}" if snap is not None else "—"))
    communes = og.get("communes") or []
    if communes:
        out.append(tr("{communes} outside the OSM extract: no travel time (e.g. {codes}).").format(
            communes=_communes(len(communes)), codes=", ".join(communes[:5])))
    if og.get("points"):
        out.append(tr("{n} demand points farther than {m} m from a road have no travel time.").format(
            n=og["points"], m=f"{snap:g}"))
    near = (og.get("nearer_service_off_graph") or {}).get("points", 0)
    if near:
        out.append(tr("{n} demand points have no travel time: a service place off the road network could be "
                      "nearer.").format(n=near))
    unreach = (og.get("unreachable") or {}).get("points", 0)
    if unreach:
        out.append(tr("{n} demand points have no path to a service place on the road network (a road cut off at "
                      "the edge of the extract): no travel time.").format(n=unreach))
    soff = nmeta.get("services_off_graph") or {}
    if soff.get("count"):
        out.append(tr("{n} of {total} service places are farther than {m} m from a road: left out of the "
                      "travel times.").format(n=soff["count"], total=soff["of"], m=f"{snap:g}"))
    return out
