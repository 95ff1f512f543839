"""Demo tables in the official formats: France Services (ANCT), mediation places (national
schema), ARCEP "Ma connexion internet" commune_debit, ARCEP mobile sites, fragility variables."""
from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from . import names as nm

SYNTHETIC_NOTE = "Données synthétiques - territoire de démonstration TerriDiag"

FS_HEADER = ("id_fs", "insee_dep", "lib_fs", "adresse", "complement_adresse", "insee_com",
             "code_postal", "lib_com", "latitude", "longitude", "mail", "telephone", "h_lundi",
             "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi", "prise_rdv",
             "commentaire", "type_fs", "format_fs", "groupe_fs", "labellisation_fs")
MEDIATION_HEADER = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente",
    "date_maj", "services", "publics_specifiquement_adresses", "prise_en_charge_specifique",
    "frais_a_charge", "dispositif_programmes_nationaux", "formations_labels",
    "autres_formations_labels", "modalites_acces", "modalites_accompagnement",
    "fiche_acces_libre", "prise_rdv")
ARCEP_HEADER = ("code_insee", "nom_com", "code_dep", "code_reg", "nbr", "type", "inel_hd",
                "elig_hd05", "elig_hd3", "elig_bhd8", "elig_thd30", "elig_thd100", "elig_thd1g",
                "date")
MOBILE_HEADER = ("operateur_code", "operateur", "x_l93", "y_l93", "lon", "lat", "2G", "3G", "4G",
                 "code_insee_2018")
FRAGILITY_HEADER = (
    "code_insee", "nom", "population", "thd_coverage", "mobile_coverage", "poverty_rate",
    "median_income", "single_parent_share", "one_person_household_share",
    "public_services_per_capita", "unemployment_rate", "age_15_29_share", "age_65_plus_share",
    "low_diploma_share", "thd_non_coverage", "mobile_4g_non_coverage", "source")

SERVICES = ("Aide aux démarches administratives", "Maîtrise des outils numériques du quotidien",
            "Insertion professionnelle via le numérique", "Utilisation sécurisée du numérique",
            "Parentalité et éducation avec le numérique", "Loisirs et créations numériques",
            "Compréhension du monde numérique", "Accès internet et matériel informatique",
            "Acquisition de matériel informatique à prix solidaire")
HOSTILE_NAME = "<script>alert(1)</script> Médiathèque"


def _phone(k: int, international: bool = False) -> str:
    # 03 53 01 xx xx is a range ARCEP reserves for fiction.
    local = f"0353010{k:03d}"
    if international:
        return "+33" + local[1:]
    return " ".join(local[i:i + 2] for i in range(0, 10, 2))


def france_services(places: list[dict], dep: str) -> list[tuple]:
    """`places`: dicts with commune (code, nom, cp), address, lon/lat, kind ("fixe"/"bus")."""
    rows = []
    am = "09:00 - 12:00 / 13:30 - 17:00"
    for k, p in enumerate(places):
        bus = p["kind"] == "bus"
        hours = [am, am, "09:00 - 12:00", am, "09:00 - 12:00 / 13:30 - 16:00", ""]
        if bus:
            hours = ["09:30 - 12:30 / 14:00 - 16:30"] * 5 + [""]
            comment = "Itinérant : " + ", ".join(p["tour"]) + ". " + SYNTHETIC_NOTE
        elif k == 0:
            hours[5] = "09:00 - 12:00"
            comment = SYNTHETIC_NOTE
        else:
            comment = SYNTHETIC_NOTE
        rows.append((
            str(9001 + k), dep, p["lib"], p["adresse"], "", p["code"], p["cp"], p["commune"],
            f"{p['lat']:.7f}", f"{p['lon']:.7f}", f"franceservices@{nm.slug(p['commune'])}.example",
            _phone(k + 1), *hours, "Oui" if k % 2 == 0 else "Non", comment, "Principal",
            "Bus_équivalent" if bus else "Fixe", "", "Espace labellisé 01/01/2022"))
    return rows


def mediation(places: list[dict], date_maj: str) -> tuple[list[tuple], list[dict]]:
    """CSV rows and JSON objects (empty fields left out, as in the national exports)."""
    rows, objs = [], []
    for k, p in enumerate(places):
        rec = {
            "id": f"demo-lieu-{k + 1:03d}", "pivot": p["pivot"], "nom": p["nom"],
            "commune": p["commune"], "code_postal": p["cp"], "code_insee": p["code"],
            "adresse": p["adresse"], "complement_adresse": p.get("complement", ""),
            "latitude": round(float(p["lat"]), 6), "longitude": round(float(p["lon"]), 6),
            "typologie": p["typologie"], "telephone": _phone(50 + k, international=True),
            "courriels": f"contact@{nm.slug(p['commune'])}.example", "site_web": "",
            "horaires": p["horaires"], "presentation_resume": p.get("resume", ""),
            "presentation_detail": "", "source": "TerriDiag (" + SYNTHETIC_NOTE + ")",
            "itinerance": "Itinérant" if p.get("itinerant") else "Fixe",
            "structure_parente": p.get("parent", ""), "date_maj": date_maj,
            "services": "|".join(p["services"]),
            "publics_specifiquement_adresses": p.get("publics", ""),
            "prise_en_charge_specifique": "", "frais_a_charge": p.get("frais", "Gratuit"),
            "dispositif_programmes_nationaux": p.get("dispositifs", ""), "formations_labels": "",
            "autres_formations_labels": "", "modalites_acces": "Se présenter|Téléphoner",
            "modalites_accompagnement": p.get("accompagnement", "Accompagnement individuel"),
            "fiche_acces_libre": "", "prise_rdv": "",
        }
        rows.append(tuple("" if rec[h] is None else (f"{rec[h]:.6f}" if isinstance(rec[h], float)
                                                    else str(rec[h])) for h in MEDIATION_HEADER))
        objs.append({h: v for h, v in rec.items() if v != ""})
    return rows, objs


def arcep_debit(rng, communes, n_addr, params) -> tuple[list[tuple], np.ndarray]:
    """commune_debit rows (cumulative speed classes, inel_hd + elig_hd05 = nbr) and the THD
    (>= 30 Mbit/s) rate per commune."""
    d = communes["remoteness"]
    n = len(d)
    town = communes["town"]
    ratio = np.full(n, params["premises_per_address"])
    ratio[town] = params["premises_per_address_town"]
    nbr = np.maximum(1, np.round(n_addr * ratio)).astype(int)
    ftth = np.clip(1.1 - 1.2 * d + rng.normal(0, 0.15, n), 0, 0.99)
    ftth[np.argsort(-d)[:3]] = 0.0                         # three remote villages: no fibre yet
    ftth[town] = 0.93
    inel = np.clip(0.07 * d ** 2 + rng.normal(0, 0.01, n), 0, 0.12)
    f_hd05 = 1 - inel
    f_hd3 = f_hd05 - 0.015 * d
    f_bhd8 = f_hd3 - 0.05 * d
    f_thd30 = np.minimum(f_bhd8, ftth + (1 - ftth) * 0.35 * (1 - d))
    cols = np.column_stack([f_hd05, f_hd3, f_bhd8, f_thd30, ftth, ftth])
    counts = np.floor(cols * nbr[:, None] + 1e-9).astype(int)
    counts = np.minimum.accumulate(np.clip(counts, 0, nbr[:, None]), axis=1)
    rows = []
    for i in np.argsort(communes["code"]):
        c = counts[i]
        rows.append((communes["code"][i], nm.strip_accents(communes["nom"][i]), params["departement"],
                     params["region"], str(nbr[i]), "all", str(nbr[i] - c[0]), *map(str, c),
                     params["arcep_date"]))
    return rows, counts[:, 3] / nbr


def mobile_sites(rng, communes, outline_poly, polys, assign, params):
    """Sites of the four operators on shared masts: town, large villages and hilltops."""
    from .geometry import poisson_points
    from .lambert93 import to_lonlat
    cx, cy, pop = communes["cx"], communes["cy"], communes["population"]
    town = communes["town"]
    masts = [(cx[town] + dx, cy[town] + dy) for dx, dy in ((600, 0), (-400, 500), (-200, -600))]
    for i in np.argsort(-pop)[1:9]:
        a = rng.uniform(0, 2 * np.pi)
        masts.append((cx[i] + 450 * np.cos(a), cy[i] + 450 * np.sin(a)))
    masts += [tuple(p) for p in poisson_points(rng, outline_poly, params["mobile_random_masts"],
                                               3000.0, margin=600.0)]
    masts = np.array(masts)
    d_m = np.hypot(masts[:, 0] - cx[town], masts[:, 1] - cy[town])
    d_m = d_m / d_m.max()
    rows, xs, ys, g2, g4 = [], [], [], [], []
    for op in params["mobile_operators"]:
        take = rng.random(len(masts)) < op["share"]
        take[:3] = True
        for m in np.flatnonzero(take):
            x = int(round(masts[m, 0] + rng.normal(0, 20)))
            y = int(round(masts[m, 1] + rng.normal(0, 20)))
            has2 = int(op["has_2g"] and rng.random() < 0.85)
            has4 = int(rng.random() < 0.92 - 0.55 * d_m[m])
            has3 = int(has4 or rng.random() < 0.9)
            xs.append(x); ys.append(y); g2.append(has2); g4.append(has4)
            rows.append([op["code"], op["name"], str(x), str(y), None, None, str(has2), str(has3),
                         str(has4), None])
    xs, ys = np.array(xs, float), np.array(ys, float)
    lon, lat = to_lonlat(xs, ys)
    com = assign(polys, xs, ys)
    for r, lo, la, c in zip(rows, lon, lat, com):
        r[4], r[5] = f"{lo:.6f}", f"{la:.6f}"
        r[9] = communes["code"][c] if c >= 0 else ""
    return [tuple(r) for r in rows], xs, ys, np.array(g2, bool), np.array(g4, bool)


def coverage_shares(ax, ay, acom, n, sx, sy, ok, radius):
    """Per commune, the share of addresses within `radius` of a site where `ok`."""
    if not ok.any():
        return np.zeros(n)
    dist, _ = cKDTree(np.column_stack([sx[ok], sy[ok]])).query(np.column_stack([ax, ay]))
    covered = np.bincount(acom, weights=(dist <= radius).astype(float), minlength=n)
    return covered / np.maximum(np.bincount(acom, minlength=n), 1)


def fragility(rng, communes, thd_rate, mob2g, non4g, services_count) -> list[tuple]:
    """MedNum 2019 and IFN variables, correlated with remoteness (older, poorer, less connected
    far from the town) plus town effects (poverty, single parents, people living alone)."""
    d = communes["remoteness"]
    n = len(d)
    t = np.zeros(n)
    t[communes["town"]] = 1.0

    def noisy(base, sd, lo=0.0, hi=1.0):
        return np.clip(base + rng.normal(0, sd, n), lo, hi)

    poverty = noisy(0.08 + 0.09 * d + 0.08 * t, 0.015)
    income = np.round(noisy(24200 - 4200 * d - 3000 * t, 500, 12000, 40000), -1)
    single_parent = noisy(0.07 + 0.015 * d + 0.05 * t, 0.01)
    one_person = noisy(0.24 + 0.08 * d + 0.16 * t, 0.02)
    unemployment = noisy(0.065 + 0.04 * d + 0.06 * t, 0.01)
    age_15_29 = noisy(0.16 - 0.05 * d + 0.04 * t, 0.01)
    age_65 = noisy(0.17 + 0.15 * d + 0.03 * t, 0.015)
    low_diploma = noisy(0.24 + 0.14 * d + 0.05 * t, 0.02)
    pop = communes["population"]
    per_capita = services_count / np.maximum(pop, 1)
    rows = []
    for i in np.argsort(communes["code"]):
        vals = [thd_rate[i], mob2g[i], poverty[i]]
        rows.append((communes["code"][i], communes["nom"][i], str(int(pop[i])),
                     *(f"{v:.4f}" for v in vals), f"{income[i]:.0f}",
                     *(f"{v:.4f}" for v in (single_parent[i], one_person[i])),
                     f"{per_capita[i]:.6f}",
                     *(f"{v:.4f}" for v in (unemployment[i], age_15_29[i], age_65[i],
                                            low_diploma[i], 1 - thd_rate[i], non4g[i])),
                     "TerriDiag (" + SYNTHETIC_NOTE + ")"))
    return rows
