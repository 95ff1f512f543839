"""A small hand-made diagnosis (9 square communes, 7 service places) for the export tests.

Not collected by pytest (no ``test_`` prefix); test modules import it after putting this folder on
``sys.path``. Values are chosen so the expected figures can be checked by hand.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

HOSTILE = "<script>document.body.setAttribute('data-pwned','1')</script>"
HOSTILE_IMG = '<img src=x onerror="document.body.setAttribute(\'data-pwned\',\'2\')">'
TYPO_FR = {"served": "Desservi", "priority": "Prioritaire : éloigné et fragile", "unknown": "Inconnu",
           "far": "Éloigné des services"}
X0, Y0, SIDE = 850_000.0, 6_500_000.0, 4_000.0   # Lambert-93, 4 km squares


def communes():
    import geopandas as gpd
    from shapely.geometry import box

    rows = []
    names = ["Aubiac", "Belval", HOSTILE, "Dompierre", "Éclans", "Fontenoy", "Gevrey", "Hauteville", "Isle"]
    pops = [1200, 450, 80, 3100, 900, 60, 2200, 700, 1500]
    share = [0.92, 0.64, np.nan, 0.99, 0.81, np.nan, 0.95, 0.55, 0.88]
    dist_mean = [1800.0, 4200.0, np.nan, 900.0, 2600.0, np.nan, 1300.0, 5200.0, 2100.0]
    ifn = [80.0, 130.0, 140.0, 60.0, 100.0, 125.0, 70.0, 150.0, 90.0]
    typ = ["served", "priority", "unknown", "served", "far", "unknown", "served", "priority", "served"]
    masked = [False, False, True, False, False, True, False, False, False]
    for k in range(9):
        i, j = k % 3, k // 3
        rows.append({
            "code_insee": f"01{k + 1:03d}", "nom": names[k], "population": float(pops[k]),
            "n_addresses": float(5 if masked[k] else pops[k] // 2), "dist_mean_m": dist_mean[k],
            "dist_median_m": dist_mean[k] * 0.8 if not np.isnan(dist_mean[k]) else np.nan,
            "dist_p90_m": dist_mean[k] * 2 if not np.isnan(dist_mean[k]) else np.nan,
            "share_within": share[k], "share_within_5km": min(1.0, share[k] + 0.05) if not np.isnan(share[k]) else np.nan,
            "share_ftth": 0.5 + 0.05 * k, "share_thd30": 0.7 + 0.03 * k,
            "ifn_global": ifn[k], "ifn_global_class": float(min(5, 1 + int(5 * (ifn[k] - 60) / 90))),
            "typology": typ[k], "typology_fr": TYPO_FR[typ[k]], "masked": masked[k], "mask_reason": "fewer than 11 addresses" if masked[k] else "",
            "geometry": box(X0 + i * SIDE, Y0 + j * SIDE, X0 + (i + 1) * SIDE, Y0 + (j + 1) * SIDE),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:2154")


def services():
    frame = pd.DataFrame({
        "name": ["France Services Aubiac", HOSTILE, "Médiathèque de Belval", "Mairie d'Isle",
                 HOSTILE_IMG, "La Poste Gevrey", "Espace numérique ${alert(1)} `x`"],
        "category": ["france_services", "mediation", "library", "townhall", "mediation", "post_office", "mediation"],
        "address": ["1 place de la Mairie 01001 Aubiac", "2 rue <b>Haute</b>", "", "5 grande rue", "", "3 rue A&B", ""],
        "opening_hours": ["Mo-Fr 09:00-17:00", "", "Tu,Th 14:00-18:00", "", "", "Mo-Sa 09:00-12:00", ""],
        "services": ["CAF|ANTS|impots", "ateliers", "", "", "", "", "aide|ateliers"],
        "x": [X0 + 2000, X0 + 10000, X0 + 6000, X0 + 10000, X0 + 2100, X0 + 2000, X0 + 6000],
        "y": [Y0 + 2000, Y0 + 2000, Y0 + 2000, Y0 + 10000, Y0 + 6000, Y0 + 10000, Y0 + 6000],
    })
    frame.attrs["crs"] = 2154
    return frame


def metadata(synthetic=True, osm=True):
    sources = [
        {"source": "Communes (Admin Express)", "producer": "IGN", "vintage": "2024", "licence": "Licence Ouverte 2.0 (Etalab)",
         "url": "https://geoservices.ign.fr/adminexpress", "synthetic": synthetic},
        {"source": "Lieux de médiation numérique", "producer": "ANCT", "vintage": "2024-06",
         "licence": "Licence Ouverte 2.0 (Etalab)", "url": "javascript:alert(1)", "synthetic": synthetic},
    ]
    if osm:
        sources.append({"source": "OpenStreetMap", "producer": "OpenStreetMap contributors", "vintage": "2024-09-01",
                        "licence": "ODbL 1.0 (© OpenStreetMap contributors)", "url": "https://www.openstreetmap.org",
                        "synthetic": False})
    return {"title": "Diagnostic numérique — Pays <de> Test", "date": "2024-10-01",
            "parameters": {"radius_m": 5000, "mode": "euclidean", "weights": {"age": 1, "diploma": 1}},
            "sources": sources}


def areas():
    import geopandas as gpd
    from shapely.geometry import Point

    s = services()
    return gpd.GeoDataFrame({"label": s["name"]}, geometry=[Point(x, y).buffer(3000) for x, y in zip(s.x, s.y)],
                            crs="EPSG:2154")
