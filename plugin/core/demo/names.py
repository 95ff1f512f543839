"""Fictional French place and street names for the demo territory (accents, apostrophes and
hyphens included on purpose, to exercise encodings and escaping)."""
from __future__ import annotations

import unicodedata

import numpy as np

TOWN_NAME = "Valmorée-sur-Lirette"   # la Lirette: a fictional river
_ROOTS = [
    "Aubenoy", "Bréval", "Champvert", "Corbelin", "Échalon", "Fontenoy", "Grandmesnil",
    "Haucourt", "Lirac", "Maubrun", "Montessart", "Noirval", "Orvelle", "Pontillac", "Quincerot",
    "Rochemaure", "Sauveterre", "Thorigny", "Vauclerc", "Villedieu", "Sarcenay", "Bellefont",
    "Chaumesnil", "Épinoy", "Frasnoy", "Genevrey", "Larrivoux", "Mérignat", "Autrécourt",
    "Bussières", "Cernoy", "Dampvalley", "Essertenne", "Gevigney", "Ormoy", "Perrecy",
]
_SAINTS = ["Saint-Aubin", "Saint-Martin", "Sainte-Colombe", "Saint-Loup", "Saint-Rémy",
           "Sainte-Marie", "Saint-Hilaire", "Saint-Germain"]
_SUFFIXES = ["", "", "", "", "-sur-Lirette", "-le-Haut", "-les-Bois", "-en-Montagne",
             "-la-Côte", "-le-Château", "-lès-Valmorée", "-aux-Prés"]
_WITH_ARTICLE = ["La Chapelle", "Le Mesnil", "Les Aubiers", "L'Hôpital", "La Roche", "Le Val"]

STREETS = [
    "Grande Rue", "Rue Principale", "Rue de l'Église", "Rue du Moulin", "Rue de la Fontaine",
    "Place de la Mairie", "Rue des Écoles", "Chemin des Vignes", "Impasse des Lilas",
    "Allée des Tilleuls", "Rue du Stade", "Chemin du Bois", "Rue Pasteur", "Rue Victor Hugo",
    "Rue Jean Jaurès", "Rue du Général de Gaulle", "Rue du Château", "Rue des Jardins",
    "Chemin de la Croix", "Rue du Lavoir", "Rue des Vergers", "Rue de la Gare",
    "Rue du 8 Mai 1945", "Rue des Prés", "Rue Haute", "Rue Basse", "Impasse du Four",
    "Rue des Chènevières", "Chemin du Cimetière", "Rue de la Forge", "Route Départementale",
    "Rue des Acacias", "Rue d'Alsace", "Rue des Roses", "Rue du Bief", "Chemin des Perrières",
    "Rue Émile Zola", "Place du Marché", "Rue de la République", "Avenue de la Libération",
    "Rue Gambetta", "Boulevard Carnot", "Rue des Tanneurs", "Rue du Faubourg", "Rue Louis Pergaud",
]
HAMLETS = ["Les Granges", "La Ferme du Haut", "Le Moulin", "Les Essarts", "La Corvée",
           "Le Petit-Bois", "Les Forges", "La Tuilerie", "Le Champ-Fleuri", "Les Combes",
           "La Grange-Neuve", "Le Breuil", "Les Planches", "La Côte", "Le Bas-Village",
           "Les Huttes", "La Verrerie", "Le Chânois", "Les Rappes", "La Louvière"]

FARMS = ["Ferme de la Combe", "La Bergerie", "Le Pré Martin", "La Maison Rouge", "Les Trois Chênes",
         "Ferme du Bois Brûlé", "La Charbonnière", "Le Gros Buisson", "La Vacherie", "Les Baraques",
         "Ferme Saint-Jean", "Le Mont Rond", "La Fin du Bois", "Le Sapin Vert", "La Chaumière",
         "Les Trembles", "La Fouillie", "Le Haut des Champs", "La Noue", "Le Vivier"]


def commune_names(rng: np.random.Generator, n: int) -> list[str]:
    """The town first, then n-1 distinct village names."""
    names = [TOWN_NAME]
    roots = list(rng.permutation(_ROOTS))
    saints = list(rng.permutation(_SAINTS))
    with_article = list(rng.permutation(_WITH_ARTICLE))
    while len(names) < n:
        draw = rng.random()
        if saints and draw < 0.15:
            base = saints.pop()
        elif with_article and draw < 0.3:
            base = with_article.pop()
        else:
            base = roots.pop()
        suffix = _SUFFIXES[rng.integers(len(_SUFFIXES))]
        if base in _WITH_ARTICLE and not suffix:
            suffix = "-sur-Lirette"
        name = base + suffix
        if name not in names:
            names.append(name)
    return names


def of(name: str) -> str:
    """French "de" + name with elision and contraction: d'Épinoy, du Mesnil, des Aubiers."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if strip_accents(name[0]).upper() in "AEIOUH" and not name.startswith("La "):
        return "d'" + name
    return "de " + name


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def afnor(text: str) -> str:
    """BAN nom_afnor / libelle_acheminement style: upper case, no accents or punctuation, <= 32."""
    out = strip_accents(text).upper().replace("'", " ").replace("-", " ")
    return " ".join(out.split())[:32]


def slug(text: str) -> str:
    return "-".join(strip_accents(text).lower().replace("'", " ").split())
