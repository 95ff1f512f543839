"""Plain words: the short list of words a workshop sheet may use without explaining them, and
the check that a page uses no other (every other term must be explained on the page).

The list is the vocabulary of the sheet's own sentences, kept short on purpose: a specialist's
word ("seuil", "décile", "médiane", "2SFCA", "IRIS", "indicateur"…) is not in it, so a sentence
that brings one in fails the test unless the page explains it in its "Mots utiles" box.
Data (names of places and communes, addresses, hours, services, sources) is not checked: it is
what the producers wrote.
"""
from __future__ import annotations

import re
import unicodedata

# French words of the sheet, lower case, no accents stripped
PLAIN_WORDS_FR = set("""
a à au aux avec ce ces cet cette chez ci comme dans de des du en et est été il ils je la le les leur leurs
lui ne n ni non nous on ou où par pas peu plus pour qu que qui quand sa se ses si son sont sur ta tes ton
tous tout toute toutes très un une vos votre vous y l d s c j m t qu il elle sans sous entre dont
aide aider aidez besoin bien centre chaque chiffres carte commune communes date demander démarches
distance environ fiche atelier habitant habitants heure heures horaires inconnus inconnu inconnue jour
jours lieu lieux loin minute minutes mots utiles numérique ordinateur ouvert ouverts ouverte ouvertes
ouvrir plus proche proches route routes samedi matin soir semaine services service ligne droite
voiture voisines voisine vivent vit vivre vol oiseau km m min mètres kilomètres trajet temps
sources licences licence données faite fait faits produit produite imprimée imprimer page nombre
moins aucun aucune presque tiers quart quarts moitié sur lundi mardi mercredi jeudi vendredi dimanche
après avant calculé calculée calculés connu connus connue numéros numéro voir ci-dessous dessous
téléphone adresse adresses accueil accueille accueillent où trouver près chez téléphoner appeler
smartphone tablette internet courriel papiers administratifs administratives publics public guichet
personnes personne réutiliser citant citer gratuit libres libre lire écrire compter
pas trajets charger chargée chargées chargés cartes va vont jusque là jusqu dont leurs
premier deuxième troisième quatrième cinquième sixième un deux trois quatre cinq six sept huit neuf dix
centre-ville autour nord échelle points point étoile couleur couleurs carré rond rouge bleu vert
france services médiation mairie mairies bibliothèque bibliothèques bureau poste postes autre autres
aussi encore déjà ici indiqué indiqués indiquées indiquée dit disent selon
le la les ont a avoir être sera seront peuvent peut pouvez savoir sait
ouvre ouvrent ferme fermé fermés fermée fermées rendez-vous
courte court impôts retraite santé emploi aident servir source fiches donnée donné donnés publier risquer
désigner risque adresse compte comptent part terridiag
""".split())

# words explained on every sheet (its "Mots utiles" box): term -> explanation
EXPLAINED_FR = {
    "à vol d’oiseau": "la distance en ligne droite, plus courte que le trajet par la route.",
    "France Services": "guichet public qui aide pour les démarches administratives (impôts, retraite, santé, "
                       "emploi, papiers…).",
    "lieu d’aide au numérique": "France Services ou lieu de médiation numérique : des personnes y aident à se "
                                "servir d’un ordinateur, d’un smartphone ou d’internet.",
    "Licence Ouverte, ODbL": "licences libres : on peut réutiliser ces données en citant leur source.",
}

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]+(?:-[A-Za-zÀ-ÖØ-öø-ÿŒœ]+)*")


def words(text: str) -> list[str]:
    """The words of a text (numbers and symbols left out), lower case, apostrophes split."""
    text = unicodedata.normalize("NFC", str(text)).replace("’", "'")
    return [w.lower() for w in _WORD.findall(text)]


def unknown_words(text: str, data=(), explained=None, plain=None) -> list[str]:
    """The words of ``text`` that are neither plain nor explained, once ``data`` values (names,
    addresses, hours, services, citations) are taken out."""
    plain = PLAIN_WORDS_FR if plain is None else plain
    explained = EXPLAINED_FR if explained is None else explained
    text = str(text)
    for value in sorted({str(v) for v in data if v}, key=len, reverse=True):
        text = text.replace(value, " ")
    text = text.replace("’", "'")
    for term in sorted(explained, key=len, reverse=True):
        text = re.sub(re.escape(term.replace("’", "'")), " ", text, flags=re.I)
    known = {w.lower() for w in plain}
    out = []
    for w in words(text):
        if w not in known and all(part in known for part in w.split("-")) is False and w not in out:
            out.append(w)
    return out
