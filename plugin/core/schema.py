"""The normalised schema of each entity: one vocabulary whatever the source format.

Point tables (addresses, services, mobile sites) are pandas DataFrames with ``x``/``y`` in a
metric CRS (the territory's legal CRS, see ``crs.legal_crs``); the CRS is stated in the read
report and, where a frame travels alone, in ``frame.attrs["crs"]`` (an EPSG integer).
Polygon tables (communes, coverage polygons) are GeoDataFrames in that metric CRS.
INSEE codes are always strings.
"""
from __future__ import annotations

# Addresses (BAN, BAL, any point layer). One row per address.
ADDRESS_COLUMNS = {
    "id": "str",              # BAN id / BAL cle_interop, "" if none
    "code_insee": "str",      # current commune code (after COG harmonisation)
    "numero": "str",
    "nom_voie": "str",
    "code_postal": "str",
    "nom_commune": "str",
    "x": "float64",           # metric CRS
    "y": "float64",
}
# Minimal columns an address table must have for the indicators.
ADDRESS_REQUIRED = ("code_insee", "x", "y")

# Service and mediation places.
SERVICE_CATEGORIES = ("france_services", "mediation", "townhall", "library", "post_office", "other")
SERVICE_COLUMNS = {
    "id": "str",
    "name": "str",
    "category": "str",        # one of SERVICE_CATEGORIES
    "code_insee": "str",      # "" when the source does not say
    "address": "str",
    "opening_hours": "str",   # OSM opening_hours syntax when available
    "services": "str",        # "|"-separated list
    "source": "str",          # e.g. "france_services", "mediation", "osm", "bpe"
    "mobile": "bool",         # itinerant service (bus…)
    "capacity": "float64",    # supply for 2SFCA, default 1
    "x": "float64",
    "y": "float64",
}

# Communes: GeoDataFrame, polygons in the metric CRS.
COMMUNE_COLUMNS = {
    "code_insee": "str",
    "nom": "str",
    "population": "float64",  # NaN if unknown
    "code_dep": "str",
    "epci_siren": "str",
    "epci_nom": "str",
}

# Fixed connectivity per commune (ARCEP "Ma connexion internet"); counts of premises.
CONNECTIVITY_COLUMNS = {
    "code_insee": "str",
    "nom": "str",
    "premises": "float64",          # nbr (locaux)
    "elig_ftth": "float64",         # NaN when the file does not give it (commune_debit)
    "elig_thd30": "float64",        # >= 30 Mbit/s
    "elig_thd100": "float64",
    "elig_thd1g": "float64",
    "elig_bhd8": "float64",         # >= 8 Mbit/s ("bon haut débit")
    "inel_hd": "float64",           # not eligible to 3 Mbit/s (cumulative class)
    "date": "str",
}

# Mobile sites: DataFrame with x/y.
MOBILE_SITE_COLUMNS = {
    "operator": "str",
    "has_2g": "bool",
    "has_3g": "bool",
    "has_4g": "bool",
    "has_5g": "bool",
    "code_insee": "str",
    "x": "float64",
    "y": "float64",
}

# Fragility variables per commune (rates as fractions 0..1), MedNum 2019 names.
MEDNUM_VARIABLES = (
    "thd_coverage", "mobile_coverage", "poverty_rate", "median_income",
    "single_parent_share", "one_person_household_share", "public_services_per_capita",
    "unemployment_rate", "age_15_29_share", "age_65_plus_share", "low_diploma_share",
)
IFN_VARIABLES = ("thd_non_coverage", "mobile_4g_non_coverage", "age_65_plus_share",
                 "low_diploma_share", "poverty_rate")


def empty_frame(columns: dict[str, str]):
    import pandas as pd
    return pd.DataFrame({name: pd.Series(dtype=("object" if t == "str" else t))
                         for name, t in columns.items()})
