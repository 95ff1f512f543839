"""Where each producer publishes the open data of a territory, with provenance.

Every URL TerriDiag downloads is built here. Base URLs are overridable (constructor argument,
``settings.set_override("base:<key>", …)`` or ``TERRIDIAG_BASE_<KEY>``) so that tests and
mirrors can point them elsewhere, e.g. to a server on 127.0.0.1.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from ..provenance import LICENCE_OUVERTE, Provenance
from . import settings

_GEO_FIELDS = "code,nom,population,codeDepartement,codeEpci"


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    producer: str
    licence: str
    base: str                 # default base URL
    path: str                 # path template: {dep}, {epci}
    scope: str                # "departement" (one file per dep), "national" (filtered after), "query"
    filename: str             # name template of the file in the cache and in the output folder
    page: str                 # dataset page, for humans
    resolve: str = ""         # "datagouv": path is a data.gouv.fr dataset API answer; take its latest CSV
    check: str = ""           # what was not confirmed from an official source


SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("ban", "BAN — Base Adresse Nationale (adresses par département)", "IGN / DINUM",
           LICENCE_OUVERTE, "https://adresse.data.gouv.fr",
           "/data/ban/adresses/latest/csv/adresses-{dep}.csv.gz", "departement",
           "adresses-{dep}.csv.gz", "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/"),
    Source("communes", "Communes (contours, population, EPCI) — API Géo", "DINUM (IGN Admin Express, INSEE)",
           LICENCE_OUVERTE, "https://geo.api.gouv.fr",
           "/communes?codeDepartement={dep}&format=geojson&geometry=contour&fields=" + _GEO_FIELDS,
           "query", "communes-{dep}.geojson", "https://geo.api.gouv.fr/decoupage-administratif/communes"),
    Source("france_services", "Liste des structures France services", "ANCT", LICENCE_OUVERTE,
           "https://www.data.gouv.fr",
           "/api/1/datasets/liste-des-structures-labellisees-france-services/", "national",
           "france-services.csv",
           "https://www.data.gouv.fr/datasets/liste-des-structures-labellisees-france-services/",
           resolve="datagouv", check="dataset slug from public code, not from ANCT documentation"),
    Source("mediation", "Lieux de médiation numérique (export national)", "ANCT / La MedNum",
           LICENCE_OUVERTE, "https://www.data.gouv.fr",
           "/api/1/datasets/r/398edc71-0d51-4cb6-9cbe-2540a4db573c", "national",
           "lieux-mediation-numerique", "https://cartographie.societenumerique.gouv.fr/",
           check="resource id from public code; the format (CSV or JSON) is detected from the content"),
    Source("arcep", "Ma connexion internet — statistiques par commune (commune_debit)", "ARCEP",
           LICENCE_OUVERTE, "https://data.arcep.fr",
           "/fixe/maconnexioninternet/statistiques/last/commune/commune_debit.csv", "national",
           "commune_debit.csv", "https://maconnexioninternet.arcep.fr/"),
    Source("arcep_filaire", "Ma connexion internet — statistiques par commune, filaire seul",
           "ARCEP", LICENCE_OUVERTE, "https://data.arcep.fr",
           "/fixe/maconnexioninternet/statistiques/last/commune/commune_debit_filaire.csv", "national",
           "commune_debit_filaire.csv", "https://maconnexioninternet.arcep.fr/"),
)}

DEFAULT_DATASETS = ("ban", "communes", "france_services", "mediation", "arcep")


class Catalog:
    """Builds the URLs of the sources, applying base overrides."""

    def __init__(self, bases: dict | None = None):
        self._bases = {k: v.rstrip("/") for k, v in (bases or {}).items()}

    def base(self, key: str) -> str:
        return self._bases.get(key) or settings.base_url_override(key) or SOURCES[key].base

    def url(self, key: str, dep: str = "", epci: str = "") -> str:
        src = SOURCES[key]
        path = src.path.format(dep=quote(dep), epci=quote(epci))
        return self.base(key) + path

    def communes_url(self, *, dep: str = "", epci: str = "") -> str:
        """API Géo query for the communes of a département or of an EPCI (SIREN)."""
        where = f"codeEpci={quote(epci)}" if epci else f"codeDepartement={quote(dep)}"
        return (f"{self.base('communes')}/communes?{where}&format=geojson&geometry=contour"
                f"&fields={_GEO_FIELDS}")

    def provenance(self, key: str, url: str, vintage: str = "") -> Provenance:
        src = SOURCES[key]
        return Provenance(source=src.title, producer=src.producer, vintage=vintage,
                          licence=src.licence, url=url)
