"""The format ids each reader understands, in a module that imports nothing heavy: the Processing
algorithms list them as options when QGIS starts, long before a file is read (the readers, with
pandas, are imported when an algorithm runs)."""
from __future__ import annotations

ADDRESS_FORMATS = ("ban_csv", "bal_csv")
SERVICE_FORMATS = ("france_services", "mediation", "bpe", "osm", "table")
CONNECTIVITY_FORMATS = ("arcep_commune", "ftth_deployment", "ftth_infos", "mobile_sites", "mobile_coverage")
# the ENCODING parameter's choices: label -> codec (None: detect); read by sources/textio.py
ENCODING_CHOICES = {"auto": None, "UTF-8": "utf-8", "Windows-1252": "cp1252", "ISO-8859-1 (Latin-1)": "latin-1",
                    "UTF-16": "utf-16"}

# communes: normalised column -> source field, per format (matched case-insensitively, first found wins)
COMMUNE_FORMATS = {
    "admin_express_ed4": {"code_insee": ("code_insee",), "nom": ("nom_officiel", "nom"),
                          "population": ("population",),
                          "code_dep": ("code_insee_du_departement",),
                          "epci_siren": ("codes_siren_des_epci",)},
    "admin_express_v3": {"code_insee": ("INSEE_COM",), "nom": ("NOM", "NOM_COM"),
                         "population": ("POPULATION",), "code_dep": ("INSEE_DEP",),
                         "epci_siren": ("SIREN_EPCI",)},
    "geo_api": {"code_insee": ("code",), "nom": ("nom",), "population": ("population",),
                "code_dep": ("codeDepartement",), "epci_siren": ("codeEpci",)},
    "france_geojson": {"code_insee": ("code",), "nom": ("nom",)},
}
COMMUNE_FORMAT_IDS = tuple(COMMUNE_FORMATS)
