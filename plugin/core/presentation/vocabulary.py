"""TerriDiag's vocabulary: string-id enums with their English and French labels.

A member *is* its id (``Category.LIBRARY == "library"``), so tables, layers and parameters keep
plain strings; ``member.label(lang)`` gives the word people read. Unknown ids (a category added by
a new reader) keep their id as label, never an error.
"""
from __future__ import annotations

from enum import Enum

from .language import fr_typography, lang_of


class Term(str, Enum):
    """Base of the vocabulary enums: ``(id, English, French, *extra)`` members."""

    def __new__(cls, ident: str, en: str, fr: str, *extra):
        obj = str.__new__(cls, ident)
        obj._value_ = ident
        obj.en, obj.fr, obj.extra = en, fr, extra
        return obj

    def __str__(self) -> str:       # a member prints as its id, in f-strings and joins
        return self.value

    def label(self, lang: str = "en") -> str:
        return fr_typography(self.fr) if lang_of(lang) == "fr" else self.en

    @classmethod
    def get(cls, ident):
        """The member with id ``ident``, None when there is none."""
        try:
            return cls(str(getattr(ident, "value", ident)))
        except ValueError:
            return None

    @classmethod
    def label_of(cls, ident, lang: str = "en") -> str:
        """The label of ``ident``, the id itself when it is not in the vocabulary."""
        member = cls.get(ident)
        return member.label(lang) if member is not None else str(ident)

    @classmethod
    def ids(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class Category(Term):
    """Categories of service places (``core.schema.SERVICE_CATEGORIES``), with the colour of
    their markers on every map (strong colours, apart from the communes' yellow-to-red ramp)."""

    FRANCE_SERVICES = ("france_services", "France Services", "France Services", "#08306b",
                       "a France Services", "une France Services")
    MEDIATION = ("mediation", "Digital mediation place", "Lieu de médiation numérique", "#238b45",
                 "a digital mediation place", "un lieu de médiation numérique")
    TOWNHALL = ("townhall", "Town hall", "Mairie", "#6a3d9a", "a town hall", "une mairie")
    LIBRARY = ("library", "Library", "Bibliothèque", "#1d91c0", "a library", "une bibliothèque")
    POST_OFFICE = ("post_office", "Post office", "Bureau de poste", "#525252", "a post office", "un bureau de poste")
    OTHER = ("other", "Other place", "Autre lieu", "#a6761d", "another place", "un autre lieu")

    @property
    def colour(self) -> str:
        return self.extra[0]

    def of_one(self, lang: str = "en") -> str:
        """The category after "within 5 km": "of a library" / "d’une bibliothèque"."""
        return ("d’" + self.extra[2]) if lang_of(lang) == "fr" else ("of " + self.extra[1])

    @classmethod
    def colour_of(cls, ident) -> str:
        member = cls.get(ident)
        return (member or cls.OTHER).colour

    def in_sentence(self, lang: str = "en") -> str:
        """The label inside a sentence: "bibliothèque", "France Services" (a name keeps its capital)."""
        text = self.label(lang)
        return text if self is Category.FRANCE_SERVICES else text[:1].lower() + text[1:]


# The categories the headline indicators measure (help with digital life): on in the web map, alone
# on the report's maps, the default of the diagnosis's "auto" categories.
DIGITAL_HELP = (Category.FRANCE_SERVICES, Category.MEDIATION)


class TypologyClass(Term):
    """Access × fragility classes of ``core.indicators.typology`` (code 4 = act first), with the
    colour of each class on every map and chart."""

    PRIORITY = ("priority", "Priority: far and fragile", "Prioritaire : éloigné et fragile", 4, "#bd0026")
    FAR = ("far", "Far from services", "Éloigné des services", 3, "#fd8d3c")
    FRAGILE = ("fragile", "Digitally fragile", "Fragile numériquement", 2, "#807dba")
    SERVED = ("served", "Served", "Desservi", 1, "#41ab5d")
    UNKNOWN = ("unknown", "Unknown (missing data)", "Inconnu (données manquantes)", 0, "#bdbdbd")

    @property
    def code(self) -> int:
        return self.extra[0]

    @property
    def colour(self) -> str:
        return self.extra[1]

    @classmethod
    def of_code(cls, code: int) -> "TypologyClass":
        return next(m for m in cls if m.code == int(code))


class FragilityMethod(Term):
    """Fragility indices. ``DIAGNOSIS_METHODS`` and ``INDEX_METHODS`` give the order of the
    Processing enums (the dock reads the same tuples: one numbering)."""

    AUTO = ("auto", "Automatic (what the variables allow)", "Automatique (selon les variables disponibles)",
            "", "")
    MEDNUM2019 = ("mednum2019", "MedNum 2019 (eleven variables)", "MedNum 2019 (onze variables)",
                  "the MedNum 2019 digital fragility index (four axes, eleven INSEE variables, base 100)",
                  "l’indice de fragilité numérique de La MedNum, méthode 2019 (quatre axes, onze variables de "
                  "l’INSEE, base 100)")
    IFN5 = ("ifn5", "IFN (five indicators)", "IFN (cinq indicateurs)",
            "the five-indicator IFN score (each indicator scored 1 to 10 by deciles)",
            "le score IFN à cinq indicateurs (chaque indicateur noté de 1 à 10 par déciles)")
    CUSTOM = ("custom", "Custom composite", "Score composite personnalisé",
              "a custom composite score (indicators and weights chosen by the user)",
              "un score composite personnalisé (indicateurs et pondérations choisis par l’utilisateur)")
    NONE = ("none", "None", "Aucun", "", "")

    def description(self, lang: str = "en") -> str:
        """The method in a sentence of the report ("the MedNum 2019 digital fragility index …")."""
        en, fr = self.extra
        return (fr if lang_of(lang) == "fr" else en) or self.label(lang)

    @property
    def parameter(self):
        """The value of the diagnosis's ``fragility_method`` parameter (None for NONE)."""
        return None if self is FragilityMethod.NONE else self.value


DIAGNOSIS_METHODS = (FragilityMethod.AUTO, FragilityMethod.MEDNUM2019, FragilityMethod.IFN5,
                     FragilityMethod.NONE)
INDEX_METHODS = (FragilityMethod.MEDNUM2019, FragilityMethod.IFN5, FragilityMethod.CUSTOM)


class TravelMode(Term):
    """Modes of the road-network travel times (the second label is the adverbial phrase)."""

    DRIVE = ("drive", "By car", "En voiture", "by car", "en voiture")
    WALK = ("walk", "On foot", "À pied", "on foot", "à pied")
    BIKE = ("bike", "By bike", "À vélo", "by bike", "à vélo")

    def phrase(self, lang: str = "en") -> str:
        return self.extra[1] if lang_of(lang) == "fr" else self.extra[0]


NETWORK_MODES = (TravelMode.DRIVE, TravelMode.WALK)


class TerritoryKind(Term):
    """What a territory code names, for "Download my territory" (``core.net.download``)."""

    DEP = ("dep", "Département", "Département")
    EPCI = ("epci", "EPCI (SIREN)", "EPCI (SIREN)")
    COMMUNES = ("communes", "List of communes (INSEE codes)", "Liste de communes (codes INSEE)")


# The order of terridiag:download_territory's KIND enum (the dock passes the position of an id)
TERRITORY_KINDS = (TerritoryKind.DEP, TerritoryKind.EPCI, TerritoryKind.COMMUNES)


class PlacementObjective(Term):
    """What the best sites optimise (``core.scenario.placement``)."""

    COVERING = ("covering", "Cover the most people", "Couvrir le plus de monde")      # maximal covering
    P_MEDIAN = ("p_median", "Shortest mean distance (p-median)", "Distance moyenne la plus courte (p-médian)")


# The order of terridiag:optimal_sites's OBJECTIVE enum
PLACEMENT_OBJECTIVES = (PlacementObjective.COVERING, PlacementObjective.P_MEDIAN)


def position(members, ident) -> int:
    """Position of ``ident`` (a member or its id) in ``members``: the value of the Processing enum whose
    options are ``members`` (never a literal 0/1/2 in a panel). A ValueError for an id not there."""
    ident = str(getattr(ident, "value", ident))
    return [m.value if hasattr(m, "value") else str(m) for m in members].index(ident)


# Words every output shares (web map, report, atlas, tables, QGIS legends). {name} fields are
# filled by :func:`word`.
WORDS = {
    "synthetic_banner": {
        "en": "SYNTHETIC DATA — demo territory generated by TerriDiag; these figures describe no real place.",
        "fr": "DONNÉES SYNTHÉTIQUES — territoire de démonstration généré par TerriDiag ; ces chiffres ne décrivent "
              "aucun lieu réel.",
    },
    "cdn_notice": {
        "en": "Leaflet was not found on the computer that made this map: it is loaded from the internet ({url}), "
              "so this map needs a network connection.",
        "fr": "Leaflet n’a pas été trouvé sur l’ordinateur qui a produit cette carte : il est chargé depuis "
              "internet ({url}), cette carte a donc besoin d’une connexion réseau.",
    },
    "masked": {"en": "masked (confidentiality)", "fr": "masqué (secret statistique)"},
    "masked_short": {"en": "masked", "fr": "masqué"},
    "masked_legend": {"en": "Masked: too few addresses (statistical confidentiality)",
                      "fr": "Masqué : trop peu d’adresses (secret statistique)"},
    "masked_legend_n": {"en": "Masked: fewer than {n} addresses (statistical confidentiality)",
                        "fr": "Masqué : moins de {n} adresses (secret statistique)"},
    "no_data": {"en": "no data", "fr": "pas de donnée"},
    "no_data_legend": {"en": "No data", "fr": "Pas de donnée"},
    "sources": {"en": "Sources and licences", "fr": "Sources et licences"},
    "method": {"en": "Method notes", "fr": "Notes de méthode"},
    "glossary": {"en": "Glossary", "fr": "Glossaire"},
    "demand": {"en": "What the figures rest on", "fr": "Sur quoi reposent les chiffres"},
    "notes": {"en": "Notes", "fr": "Notes"},
    "communes": {"en": "Communes", "fr": "Communes"},
    "commune": {"en": "Commune", "fr": "Commune"},
    "commune_names": {"en": "Commune names", "fr": "Noms des communes"},
    "services": {"en": "Service places", "fr": "Lieux de service"},
    "areas": {"en": "Coverage areas", "fr": "Zones de couverture"},
    "iris": {"en": "IRIS", "fr": "IRIS"},
    "qpv_layer": {"en": "IRIS in a priority neighbourhood (QPV)", "fr": "IRIS en quartier prioritaire (QPV)"},
    "category": {"en": "Category", "fr": "Catégorie"},
    "address": {"en": "Address", "fr": "Adresse"},
    "opening_hours": {"en": "Opening hours", "fr": "Horaires"},
    "services_offered": {"en": "Services", "fr": "Services"},
    "made_with": {"en": "Made with TerriDiag on {date}.", "fr": "Produit avec TerriDiag le {date}."},
    "masked_note": {
        "en": "Hatched communes: indicators masked because they rest on too few addresses or households "
              "(statistical confidentiality).",
        "fr": "Communes hachurées : indicateurs masqués car calculés sur trop peu d’adresses ou de ménages "
              "(secret statistique).",
    },
    "territory": {"en": "Territory", "fr": "Territoire"},
    "typology": {"en": "Typology", "fr": "Typologie"},
    "key_figures": {"en": "Key figures", "fr": "Chiffres clés"},
    "indicator": {"en": "Indicator", "fr": "Indicateur"},
    "vintage": {"en": "vintage", "fr": "millésime"},
    "licence": {"en": "licence", "fr": "licence"},
    "synthetic_tag": {"en": "synthetic", "fr": "synthétique"},
    "synthetic_credit": {"en": "TerriDiag demo territory, synthetic data",
                         "fr": "Territoire de démonstration TerriDiag, données synthétiques"},
    "diagnosis": {"en": "Digital diagnosis", "fr": "Diagnostic numérique"},
    "demo_territory": {"en": "demo territory", "fr": "territoire de démonstration"},
    "closed": {"en": "closed", "fr": "fermé"},
    "public_holidays": {"en": "public holidays", "fr": "jours fériés"},
    "always_open": {"en": "open 24/7", "fr": "ouvert 24 h/24, 7 j/7"},
}


# A yes in a field written by a layer, a spreadsheet or a person ("masked": true, 1, "oui", "Vrai",
# a ticked "x")
TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "oui", "vrai", "x"})


def is_true(value) -> bool:
    """True for a boolean, a non-zero number or a yes word (see :data:`TRUE_WORDS`); False for
    None, NULL, NaN and anything else."""
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return False
    if isinstance(value, str):
        return value.strip().lower() in TRUE_WORDS
    try:
        return bool(value) and value == value        # NaN is not a yes
    except (TypeError, ValueError):
        return False


def true_mask(values, also=()):
    """:func:`is_true` over a column at once (a numpy bool array): booleans as they are, numbers
    non-zero, texts among :data:`TRUE_WORDS` (and ``also``, e.g. "bus" for a mobile place)."""
    import numpy as np
    import pandas as pd

    s = pd.Series(values)
    if s.dtype == bool:
        return s.to_numpy(bool)
    if pd.api.types.is_numeric_dtype(s.dtype):
        v = s.to_numpy(float)
        return np.nan_to_num(v, nan=0.0) != 0
    words = TRUE_WORDS | {str(w).lower() for w in also}
    out = np.array(s.astype("string").str.strip().str.lower().isin(words).fillna(False), dtype=bool)
    # booleans and numbers inside an object column (a layer's attributes): each as is_true says
    other = s.map(lambda v: not isinstance(v, str) and v is not None).to_numpy(bool)
    if other.any():
        out[other] = [is_true(v) for v in s[other]]
    return out


def word(key: str, lang: str = "en", **kwargs) -> str:
    """One of the shared words in ``lang`` (French typography applied)."""
    entry = WORDS[key]
    text = entry.get(lang_of(lang)) or entry["en"]
    return fr_typography(text.format(**kwargs) if kwargs else text, lang)
