"""Where each producer publishes the open data of a territory, with provenance.

Every URL TerriDiag downloads is built here. Base URLs are overridable (constructor argument,
``settings.set_override("base:<key>", …)`` or ``TERRIDIAG_BASE_<KEY>``) so that tests and
mirrors can point them elsewhere, e.g. to a server on 127.0.0.1.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..presentation.sources import Licence
from . import settings

if TYPE_CHECKING:  # read when QGIS starts (the network algorithm lists the sources): core.provenance and
    from ..provenance import Provenance  # urllib.parse are imported when a record or a URL is made

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
    vintage: str = ""         # the vintage the path points to (INSEE files are per vintage)
    more_paths: tuple = ()    # further files of the same dataset (census themes, Filosofi levels)
    default: bool = True      # part of a "download my territory" without a dataset list

    def paths(self) -> tuple:
        return (self.path,) + tuple(self.more_paths)


SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("ban", "BAN — Base Adresse Nationale (adresses par département)", "IGN / DINUM",
           Licence.OUVERTE.en, "https://adresse.data.gouv.fr",
           "/data/ban/adresses/latest/csv/adresses-{dep}.csv.gz", "departement",
           "adresses-{dep}.csv.gz", "https://adresse.data.gouv.fr/data/ban/adresses/latest/csv/"),
    Source("communes", "Communes (contours, population, EPCI) — API Géo", "DINUM (IGN Admin Express, INSEE)",
           Licence.OUVERTE.en, "https://geo.api.gouv.fr",
           "/communes?codeDepartement={dep}&format=geojson&geometry=contour&fields=" + _GEO_FIELDS,
           "query", "communes-{dep}.geojson", "https://geo.api.gouv.fr/decoupage-administratif/communes"),
    Source("france_services", "Liste des structures France services", "ANCT", Licence.OUVERTE.en,
           "https://www.data.gouv.fr",
           "/api/1/datasets/liste-des-structures-labellisees-france-services/", "national",
           "france-services.csv",
           "https://www.data.gouv.fr/datasets/liste-des-structures-labellisees-france-services/",
           resolve="datagouv", check="dataset slug from public code, not from ANCT documentation"),
    Source("mediation", "Lieux de médiation numérique (export national)", "ANCT / La MedNum",
           Licence.OUVERTE.en, "https://www.data.gouv.fr",
           "/api/1/datasets/r/398edc71-0d51-4cb6-9cbe-2540a4db573c", "national",
           "lieux-mediation-numerique", "https://cartographie.societenumerique.gouv.fr/",
           check="resource id from public code; the format (CSV or JSON) is detected from the content"),
    Source("arcep", "Ma connexion internet — statistiques par commune (commune_debit)", "ARCEP",
           Licence.OUVERTE.en, "https://data.arcep.fr",
           "/fixe/maconnexioninternet/statistiques/last/commune/commune_debit.csv", "national",
           "commune_debit.csv", "https://maconnexioninternet.arcep.fr/"),
    Source("arcep_filaire", "Ma connexion internet — statistiques par commune, filaire seul",
           "ARCEP", Licence.OUVERTE.en, "https://data.arcep.fr",
           "/fixe/maconnexioninternet/statistiques/last/commune/commune_debit_filaire.csv", "national",
           "commune_debit_filaire.csv", "https://maconnexioninternet.arcep.fr/", default=False),
    # INSEE "bases infracommunales" of the census, one zip per theme (national, by IRIS)
    Source("census", "Recensement de la population — bases infracommunales (IRIS)", "INSEE", Licence.OUVERTE.en,
           "https://www.insee.fr", "/fr/statistiques/fichier/8647014/base-ic-evol-struct-pop-2022_csv.zip",
           "national", "base-ic-evol-struct-pop-2022_csv.zip", "https://www.insee.fr/fr/statistiques/8647014",
           vintage="RP2022",
           more_paths=("/fr/statistiques/fichier/8647010/base-ic-diplomes-formation-2022_csv.zip",
                       "/fr/statistiques/fichier/8647006/base-ic-activite-residents-2022_csv.zip",
                       "/fr/statistiques/fichier/8647008/base-ic-couples-familles-menages-2022_csv.zip"),
           check="file ids from public code, not from INSEE's documentation; a new vintage has new ids"),
    # INSEE Filosofi: disposable income by IRIS (wide) and by commune, EPCI, département, région (long)
    Source("filosofi", "Filosofi — revenus et pauvreté (IRIS et communes)", "INSEE", Licence.OUVERTE.en,
           "https://www.insee.fr", "/fr/statistiques/fichier/8229323/BASE_TD_FILO_IRIS_2021_DISP_CSV.zip",
           "national", "BASE_TD_FILO_IRIS_2021_DISP_CSV.zip", "https://www.insee.fr/fr/statistiques/7756729",
           vintage="Filosofi 2021",
           more_paths=("/fr/statistiques/fichier/7756729/base-cc-filosofi-2021-geo2025_csv.zip",),
           check="file ids from public code, not from INSEE's documentation"),
    Source("grid", "Filosofi — données carroyées à 200 m", "INSEE", Licence.OUVERTE.en, "https://www.insee.fr",
           "/fr/statistiques/fichier/7655475/Filosofi2019_carreaux_200m_gpkg.zip", "national",
           "Filosofi2019_carreaux_200m_gpkg.zip", "https://www.insee.fr/fr/statistiques/7655475",
           vintage="Filosofi 2019", default=False,
           check="URL from INSEE's page as remembered, not confirmed; the national file is several hundred MB"),
    Source("iris", "Contours…IRIS (WFS Géoplateforme)", "IGN / INSEE", Licence.OUVERTE.en, "https://data.geopf.fr",
           "/wfs/ows", "query", "contours-iris.geojson", "https://geoservices.ign.fr/contoursiris",
           check="layer name STATISTICALUNITS.IRIS:contours_iris and its fields from public code"),
    Source("bpe", "Base permanente des équipements (BPE)", "INSEE", Licence.OUVERTE.en, "https://www.insee.fr",
           "/fr/statistiques/fichier/8217525/BPE24.zip", "national", "BPE24.zip",
           "https://www.insee.fr/fr/metadonnees/source/serie/s1161", vintage="BPE 2024",
           check="file id from public code; TYPEQU codes of town halls and France Services to check against "
                 "the vintage's nomenclature"),
    Source("qpv", "Quartiers prioritaires de la politique de la ville (QPV)", "ANCT", Licence.OUVERTE.en,
           "https://www.data.gouv.fr", "/api/1/datasets/quartiers-prioritaires-de-la-politique-de-la-ville-qpv/",
           "national", "qpv.geojson",
           "https://www.data.gouv.fr/datasets/quartiers-prioritaires-de-la-politique-de-la-ville-qpv/",
           resolve="datagouv", check="dataset slug from public code; the latest GeoJSON resource is taken"),
    Source("roads", "OpenStreetMap — routes (Overpass API)", "OpenStreetMap contributors", Licence.ODBL.en,
           "https://overpass-api.de", "/api/interpreter", "query", "roads.osm",
           "https://wiki.openstreetmap.org/wiki/Overpass_API"),
)}

DEFAULT_DATASETS = tuple(k for k, s in SOURCES.items() if s.default)
# Overpass: every way with a highway tag in the territory's box, with its nodes (OSM XML)
OVERPASS_QUERY = '[out:xml][timeout:900][maxsize:2147483648];(way["highway"]({s},{w},{n},{e}););(._;>;);out body;'
IRIS_LAYER = "STATISTICALUNITS.IRIS:contours_iris"


class Catalog:
    """Builds the URLs of the sources, applying base overrides."""

    def __init__(self, bases: dict | None = None):
        self._bases = {k: v.rstrip("/") for k, v in (bases or {}).items()}

    def base(self, key: str) -> str:
        return self._bases.get(key) or settings.base_url_override(key) or SOURCES[key].base

    def url(self, key: str, dep: str = "", epci: str = "") -> str:
        from urllib.parse import quote

        src = SOURCES[key]
        path = src.path.format(dep=quote(dep), epci=quote(epci))
        return self.base(key) + path

    def urls(self, key: str) -> list:
        """Every file of a multi-file national dataset (census themes, Filosofi levels)."""
        return [self.base(key) + p for p in SOURCES[key].paths()]

    def iris_url(self, cql: str, start: int = 0, count: int = 5000) -> str:
        """The Géoplateforme WFS query for the IRIS matching a CQL filter (GeoJSON, WGS84)."""
        from urllib.parse import urlencode

        query = urlencode({"SERVICE": "WFS", "VERSION": "2.0.0", "REQUEST": "GetFeature",
                           "TYPENAMES": IRIS_LAYER, "OUTPUTFORMAT": "application/json",
                           "SRSNAME": "EPSG:4326", "CQL_FILTER": cql, "COUNT": str(count),
                           "STARTINDEX": str(start)})
        return f"{self.base('iris')}/wfs/ows?{query}"

    def overpass_url(self, south: float, west: float, north: float, east: float) -> str:
        """The Overpass API query (GET form of the protocol) for the roads of a box (WGS84)."""
        from urllib.parse import urlencode

        ql = OVERPASS_QUERY.format(s=f"{south:.5f}", w=f"{west:.5f}", n=f"{north:.5f}", e=f"{east:.5f}")
        return f"{self.base('roads')}/api/interpreter?{urlencode({'data': ql})}"

    def communes_url(self, *, dep: str = "", epci: str = "") -> str:
        """API Géo query for the communes of a département or of an EPCI (SIREN)."""
        from urllib.parse import quote

        where = f"codeEpci={quote(epci)}" if epci else f"codeDepartement={quote(dep)}"
        return (f"{self.base('communes')}/communes?{where}&format=geojson&geometry=contour"
                f"&fields={_GEO_FIELDS}")

    def provenance(self, key: str, url: str, vintage: str = "") -> Provenance:
        from ..provenance import Provenance

        src = SOURCES[key]
        return Provenance(source=src.title, producer=src.producer, vintage=vintage or src.vintage,
                          licence=src.licence, url=url)
