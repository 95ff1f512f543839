<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
  <context>
    <name>DataPanel</name>
    <message>
      <source>Territory</source>
      <translation>Territoire</translation>
    </message>
    <message>
      <source>Start with the demo territory, download the open data of your territory, or choose your own files below.</source>
      <translation>Commencez avec le territoire de démonstration, téléchargez les données ouvertes de votre territoire ou choisissez vos propres fichiers ci-dessous.</translation>
    </message>
    <message>
      <source>Write the synthetic demo territory (communes, addresses, services, connectivity, population, roads) to a folder and load it</source>
      <translation>Écrire le territoire de démonstration synthétique (communes, adresses, services, connectivité, population, routes) dans un dossier et le charger</translation>
    </message>
    <message>
      <source>Load the demo territory</source>
      <translation>Charger le territoire de démonstration</translation>
    </message>
    <message>
      <source>&amp;Territory:</source>
      <translation>&amp;Territoire :</translation>
    </message>
    <message>
      <source>The territory whose open data should be downloaded: a département (23, 2A, 974), an EPCI by its 9-digit SIREN (200070019), or one or more INSEE commune codes separated by commas, spaces or semicolons (90010, 90099)</source>
      <translation>Le territoire dont les données ouvertes doivent être téléchargées : un département (23, 2A, 974), un EPCI par son SIREN à 9 chiffres (200070019), ou un ou plusieurs codes INSEE de communes séparés par des virgules, des espaces ou des points-virgules (90010, 90099)</translation>
    </message>
    <message>
      <source>23, 200070019 or 90010, 90099</source>
      <translation>23, 200070019 ou 90010, 90099</translation>
    </message>
    <message>
      <source>Download the BAN addresses, communes with populations, France Services, mediation places and ARCEP statistics of this territory (cached; resumes after a failure)</source>
      <translation>Télécharger les adresses BAN, les communes avec leur population, les France Services, les lieux de médiation et les statistiques ARCEP de ce territoire (mis en cache ; reprend après un échec)</translation>
    </message>
    <message>
      <source>Download my territory</source>
      <translation>Télécharger mon territoire</translation>
    </message>
    <message>
      <source>Datasets</source>
      <translation>Jeux de données</translation>
    </message>
    <message>
      <source>The data used by the diagnosis. Select a row to see its provenance and what could not be read.</source>
      <translation>Les données utilisées par le diagnostic. Sélectionnez une ligne pour voir sa provenance et ce qui n’a pas pu être lu.</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>Données</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>Lignes</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>Rejetées</translation>
    </message>
    <message>
      <source>Vintage</source>
      <translation>Millésime</translation>
    </message>
    <message>
      <source>Choose a file for the selected row (CSV, GeoJSON, GeoPackage, Shapefile, OSM…); it is checked and its report shown</source>
      <translation>Choisir un fichier pour la ligne sélectionnée (CSV, GeoJSON, GeoPackage, Shapefile, OSM…) ; il est vérifié et son rapport affiché</translation>
    </message>
    <message>
      <source>Choose a &amp;file…</source>
      <translation>Choisir un &amp;fichier…</translation>
    </message>
    <message>
      <source>Use the layer selected in the Layers panel for the selected row</source>
      <translation>Utiliser la couche sélectionnée dans le panneau Couches pour la ligne sélectionnée</translation>
    </message>
    <message>
      <source>Use the active &amp;layer</source>
      <translation>Utiliser la &amp;couche active</translation>
    </message>
    <message>
      <source>Forget the data of the selected row</source>
      <translation>Oublier les données de la ligne sélectionnée</translation>
    </message>
    <message>
      <source>&amp;Remove</source>
      <translation>&amp;Retirer</translation>
    </message>
    <message>
      <source>Provenance, counts and rejected rows of the selected dataset</source>
      <translation>Provenance, effectifs et lignes rejetées du jeu de données sélectionné</translation>
    </message>
  </context>
  <context>
    <name>IndicatorsPanel</name>
    <message>
      <source>Places that help</source>
      <translation>Lieux qui aident</translation>
    </message>
    <message>
      <source>Which kinds of places count as help with digital life. Space ticks or unticks the selected kind.</source>
      <translation>Quels types de lieux comptent comme aide au numérique. Espace coche ou décoche le type sélectionné.</translation>
    </message>
    <message>
      <source>Distance and time</source>
      <translation>Distance et temps</translation>
    </message>
    <message>
      <source>&amp;Threshold (km):</source>
      <translation>&amp;Seuil (km) :</translation>
    </message>
    <message>
      <source>Share of addresses within this distance of a place (the national target is 5 km)</source>
      <translation>Part des adresses à moins de cette distance d’un lieu (l’objectif national est de 5 km)</translation>
    </message>
    <message>
      <source> km</source>
      <translation> km</translation>
    </message>
    <message>
      <source>&amp;Other thresholds (km):</source>
      <translation>&amp;Autres seuils (km) :</translation>
    </message>
    <message>
      <source>Further distances reported at once, separated by commas (e.g. 10, 20)</source>
      <translation>Autres distances calculées en même temps, séparées par des virgules (par ex. 10, 20)</translation>
    </message>
    <message>
      <source>e.g. 10, 20</source>
      <translation>ex. 10, 20</translation>
    </message>
    <message>
      <source>Measured:</source>
      <translation>Mesure :</translation>
    </message>
    <message>
      <source>Straight-line distance: fast, needs no road data</source>
      <translation>Distance en ligne droite : rapide, sans données routières</translation>
    </message>
    <message>
      <source>As the &amp;crow flies</source>
      <translation>À &amp;vol d’oiseau</translation>
    </message>
    <message>
      <source>Travel distance and time along the OpenStreetMap roads (needs the roads dataset)</source>
      <translation>Distance et temps de trajet sur les routes OpenStreetMap (nécessite le jeu de données des routes)</translation>
    </message>
    <message>
      <source>Along the &amp;road network</source>
      <translation>Par le &amp;réseau routier</translation>
    </message>
    <message>
      <source>T&amp;ime threshold (min):</source>
      <translation>Seuil de &amp;temps (min) :</translation>
    </message>
    <message>
      <source>Share of addresses within this travel time of a place (road network only)</source>
      <translation>Part des adresses à moins de ce temps de trajet d’un lieu (réseau routier seulement)</translation>
    </message>
    <message>
      <source> min</source>
      <translation> min</translation>
    </message>
    <message>
      <source>Other times (min):</source>
      <translation>Autres durées (min) :</translation>
    </message>
    <message>
      <source>Further travel times reported at once, separated by commas (e.g. 30)</source>
      <translation>Autres temps de trajet calculés en même temps, séparés par des virgules (par ex. 30)</translation>
    </message>
    <message>
      <source>e.g. 30</source>
      <translation>ex. 30</translation>
    </message>
    <message>
      <source>Digital fragility</source>
      <translation>Fragilité numérique</translation>
    </message>
    <message>
      <source>&amp;Method:</source>
      <translation>&amp;Méthode :</translation>
    </message>
    <message>
      <source>How the fragility of the population with digital tools is scored</source>
      <translation>Comment est notée la fragilité de la population face aux outils numériques</translation>
    </message>
    <message>
      <source>Weight of each variable in the score (editable: double-click or F2)</source>
      <translation>Poids de chaque variable dans le score (modifiable : double-clic ou F2)</translation>
    </message>
    <message>
      <source>Variable</source>
      <translation>Variable</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>Poids</translation>
    </message>
    <message>
      <source>&amp;Mask communes with fewer addresses than:</source>
      <translation>M&amp;asquer les communes de moins d’adresses que :</translation>
    </message>
    <message>
      <source>Statistical confidentiality: indicators computed on fewer addresses are hidden and the commune is hatched on the map</source>
      <translation>Secret statistique : les indicateurs calculés sur moins d’adresses sont cachés et la commune est hachurée sur la carte</translation>
    </message>
    <message>
      <source>Compute every indicator for every commune, in the background</source>
      <translation>Calculer tous les indicateurs de toutes les communes, en arrière-plan</translation>
    </message>
    <message>
      <source>Run the &amp;diagnosis</source>
      <translation>Lancer le &amp;diagnostic</translation>
    </message>
  </context>
  <context>
    <name>ResultsPanel</name>
    <message>
      <source>No results yet: load the data, then run the diagnosis.</source>
      <translation>Pas encore de résultat : chargez les données, puis lancez le diagnostic.</translation>
    </message>
    <message>
      <source>Ma&amp;p:</source>
      <translation>&amp;Carte :</translation>
    </message>
    <message>
      <source>The indicator that colours the communes on the map</source>
      <translation>L’indicateur qui colore les communes sur la carte</translation>
    </message>
    <message>
      <source>What this indicator means: definition, formula, source, licence, why it matters</source>
      <translation>Ce que signifie cet indicateur : définition, formule, source, licence, pourquoi c’est important</translation>
    </message>
    <message>
      <source>?</source>
      <translation>?</translation>
    </message>
    <message>
      <source>Filter the table by commune name or INSEE code</source>
      <translation>Filtrer le tableau par nom de commune ou code INSEE</translation>
    </message>
    <message>
      <source>Search a commune (name or INSEE code)</source>
      <translation>Chercher une commune (nom ou code INSEE)</translation>
    </message>
    <message>
      <source>One row per commune. Click a header to sort; select a row to zoom the map to the commune and read its sheet.</source>
      <translation>Une ligne par commune. Cliquez sur un en-tête pour trier ; sélectionnez une ligne pour zoomer sur la commune et lire sa fiche.</translation>
    </message>
    <message>
      <source>The selected commune against the territory</source>
      <translation>La commune sélectionnée comparée au territoire</translation>
    </message>
    <message>
      <source>An offline web map (one HTML file) to share with people who have no QGIS</source>
      <translation>Une carte web hors ligne (un seul fichier HTML) à partager avec des personnes qui n’ont pas QGIS</translation>
    </message>
    <message>
      <source>&amp;Web map</source>
      <translation>Carte &amp;web</translation>
    </message>
    <message>
      <source>A report for the territory and each commune (HTML and PDF)</source>
      <translation>Un rapport pour le territoire et chaque commune (HTML et PDF)</translation>
    </message>
    <message>
      <source>R&amp;eport</source>
      <translation>Ra&amp;pport</translation>
    </message>
    <message>
      <source>A GeoPackage with every result layer, styles and sources, and CSV/XLSX tables</source>
      <translation>Un GeoPackage avec toutes les couches de résultats, leurs styles et sources, et des tables CSV/XLSX</translation>
    </message>
    <message>
      <source>E&amp;xport</source>
      <translation>E&amp;xporter</translation>
    </message>
    <message>
      <source>A print atlas: one A4 page per commune in one PDF</source>
      <translation>Un atlas à imprimer : une page A4 par commune dans un seul PDF</translation>
    </message>
    <message>
      <source>&amp;Atlas (PDF)</source>
      <translation>&amp;Atlas (PDF)</translation>
    </message>
    <message>
      <source>A plain-language A4 page for the commune selected in the table (every commune when none is selected): the nearest help places, their hours, three figures — for a digital-mediation workshop</source>
      <translation>Une page A4 en mots simples pour la commune choisie dans le tableau (toutes les communes si aucune n’est choisie) : les lieux d’aide les plus proches, leurs horaires, trois chiffres — pour un atelier de médiation numérique</translation>
    </message>
    <message>
      <source>&amp;Workshop sheet</source>
      <translation>&amp;Fiche atelier</translation>
    </message>
    <message>
      <source>A folder to put on a USB stick: the web map, the workshop sheets of every commune and the mapping-party checklist; it opens with no network and no QGIS</source>
      <translation>Un dossier à mettre sur une clé USB : la carte web, les fiches atelier de chaque commune et la liste de la cartopartie ; il s’ouvre sans réseau et sans QGIS</translation>
    </message>
    <message>
      <source>Workshop &amp;bundle (USB)</source>
      <translation>&amp;Kit atelier (clé USB)</translation>
    </message>
  </context>
  <context>
    <name>ScenarioPanel</name>
    <message>
      <source>What if a place opened here? Where should the next ones go? Use the addresses and places of the first panel.</source>
      <translation>Et si un lieu ouvrait ici ? Où placer les prochains ? Utilisez les adresses et les lieux du premier onglet.</translation>
    </message>
    <message>
      <source>&amp;Within:</source>
      <translation>À &amp;moins de :</translation>
    </message>
    <message>
      <source>An address counts as served when a place is within this straight-line distance</source>
      <translation>Une adresse compte comme desservie quand un lieu est à moins de cette distance à vol d’oiseau</translation>
    </message>
    <message>
      <source> km</source>
      <translation> km</translation>
    </message>
    <message>
      <source>Try a new place</source>
      <translation>Essayer un nouveau lieu</translation>
    </message>
    <message>
      <source>Then click on the map where a place would open (click again on this button, or press Esc on the map, to stop)</source>
      <translation>Puis cliquez sur la carte là où un lieu ouvrirait (recliquez sur ce bouton, ou Échap sur la carte, pour arrêter)</translation>
    </message>
    <message>
      <source>Add on the &amp;map</source>
      <translation>Ajouter sur la &amp;carte</translation>
    </message>
    <message>
      <source>Then click on the map near an existing place to see what its closing would cost</source>
      <translation>Puis cliquez sur la carte près d’un lieu existant pour voir ce que coûterait sa fermeture</translation>
    </message>
    <message>
      <source>Close a place…</source>
      <translation>Fermer un lieu…</translation>
    </message>
    <message>
      <source>A point layer whose points would become places (e.g. town halls, libraries)</source>
      <translation>Une couche de points dont les points deviendraient des lieux (p. ex. mairies, bibliothèques)</translation>
    </message>
    <message>
      <source>Add every point of the chosen layer as a place to try</source>
      <translation>Ajouter chaque point de la couche choisie comme lieu à essayer</translation>
    </message>
    <message>
      <source>Add its points</source>
      <translation>Ajouter ses points</translation>
    </message>
    <message>
      <source>The places to open (+) and to close (−). Delete removes the selected line.</source>
      <translation>Les lieux à ouvrir (+) et à fermer (−). Suppr retire la ligne sélectionnée.</translation>
    </message>
    <message>
      <source>Forget every place to open or close</source>
      <translation>Oublier tous les lieux à ouvrir ou à fermer</translation>
    </message>
    <message>
      <source>C&amp;lear</source>
      <translation>&amp;Effacer</translation>
    </message>
    <message>
      <source>Compute the indicators before and after, per commune, in the background</source>
      <translation>Calculer les indicateurs avant et après, par commune, en arrière-plan</translation>
    </message>
    <message>
      <source>&amp;Who gains?</source>
      <translation>&amp;Qui y gagne ?</translation>
    </message>
    <message>
      <source>Before and after, per commune, largest gains first</source>
      <translation>Avant et après, par commune, les plus grands gains d’abord</translation>
    </message>
    <message>
      <source>Best sites for new places</source>
      <translation>Où placer de nouveaux lieux</translation>
    </message>
    <message>
      <source>&amp;Number of new places:</source>
      <translation>&amp;Nombre de nouveaux lieux :</translation>
    </message>
    <message>
      <source>How many new places to site</source>
      <translation>Combien de nouveaux lieux implanter</translation>
    </message>
    <message>
      <source>&amp;Goal:</source>
      <translation>&amp;Objectif :</translation>
    </message>
    <message>
      <source>Cover the most people: reach the most addresses within the distance (maximal covering); or bring the places closer on average (p-median)</source>
      <translation>Couvrir le plus de monde : atteindre le plus d’adresses à moins de la distance (couverture maximale) ; ou rapprocher les lieux en moyenne (p-médian)</translation>
    </message>
    <message>
      <source>C&amp;ount:</source>
      <translation>Com&amp;pter :</translation>
    </message>
    <message>
      <source>What each address weighs: itself, its share of the commune's population, or that share weighted by the commune's digital fragility (the fragile count more)</source>
      <translation>Ce que pèse chaque adresse : elle-même, sa part de la population de la commune, ou cette part pondérée par la fragilité numérique de la commune (les plus fragiles comptent davantage)</translation>
    </message>
    <message>
      <source>C&amp;andidate sites:</source>
      <translation>Emplacements c&amp;andidats :</translation>
    </message>
    <message>
      <source>A point layer of possible sites (town halls, libraries…); empty: a regular grid over the territory</source>
      <translation>Une couche de points des emplacements possibles (mairies, bibliothèques…) ; vide : une grille régulière sur le territoire</translation>
    </message>
    <message>
      <source>&amp;Grid cell:</source>
      <translation>Maille de la &amp;grille :</translation>
    </message>
    <message>
      <source>Size of the grid cells used as candidate sites when no layer is chosen</source>
      <translation>Taille des mailles de la grille servant d’emplacements candidats quand aucune couche n’est choisie</translation>
    </message>
    <message>
      <source>Find the best sites in the background (exact when the problem is small enough)</source>
      <translation>Trouver les meilleurs emplacements en arrière-plan (exact quand le problème est assez petit)</translation>
    </message>
    <message>
      <source>&amp;Find the best sites</source>
      <translation>&amp;Trouver les meilleurs emplacements</translation>
    </message>
    <message>
      <source>The chosen sites in the order they were picked, with what each one adds</source>
      <translation>Les emplacements choisis dans l’ordre de leur choix, avec ce que chacun ajoute</translation>
    </message>
    <message>
      <source>Copy these sites into “Try a new place” to see who gains, commune by commune</source>
      <translation>Copier ces emplacements dans « Essayer un nouveau lieu » pour voir qui y gagne, commune par commune</translation>
    </message>
    <message>
      <source>&amp;Try these sites</source>
      <translation>E&amp;ssayer ces emplacements</translation>
    </message>
  </context>
  <context>
    <name>TerriDiag</name>
    <message>
      <source>Optional: without addresses the diagnosis places the inhabitants with the IRIS or grid-cell population when you give it, else at one point per commune.</source>
      <translation>Facultatif : sans adresses, le diagnostic place les habitants avec la population des IRIS ou des carreaux si vous la donnez, sinon en un point par commune.</translation>
    </message>
    <message>
      <source>Optional: IRIS or 200 m grid cells with a population field (population, P16_POP, Ind…). Where a commune has no address, they say where its inhabitants live; without them, the commune is one point.</source>
      <translation>Facultatif : IRIS ou carreaux de 200 m avec un champ de population (population, P16_POP, Ind…). Là où une commune n’a pas d’adresse, ils disent où vivent ses habitants ; sans eux, la commune est un seul point.</translation>
    </message>
    <message>
      <source>Optional: without roads, distances are as the crow flies. Outside the extract, no travel time is given.</source>
      <translation>Facultatif : sans routes, les distances sont à vol d’oiseau. Hors de l’extrait, aucun temps de trajet n’est donné.</translation>
    </message>
    <message>
      <source>Communes (boundaries, population)</source>
      <translation>Communes (limites, population)</translation>
    </message>
    <message>
      <source>Addresses (BAN)</source>
      <translation>Adresses (BAN)</translation>
    </message>
    <message>
      <source>Population (IRIS, grid)</source>
      <translation>Population (IRIS, carreaux)</translation>
    </message>
    <message>
      <source>Service and mediation places</source>
      <translation>Lieux de service et de médiation</translation>
    </message>
    <message>
      <source>Connectivity (ARCEP)</source>
      <translation>Connectivité (ARCEP)</translation>
    </message>
    <message>
      <source>Fragility variables (INSEE)</source>
      <translation>Variables de fragilité (INSEE)</translation>
    </message>
    <message>
      <source>IRIS (census, income, QPV)</source>
      <translation>IRIS (recensement, revenus, QPV)</translation>
    </message>
    <message>
      <source>Road network (OSM)</source>
      <translation>Réseau routier (OSM)</translation>
    </message>
    <message>
      <source>Writing the demo territory…</source>
      <translation>Écriture du territoire de démonstration…</translation>
    </message>
    <message>
      <source>TerriDiag: demo territory</source>
      <translation>TerriDiag : territoire de démonstration</translation>
    </message>
    <message>
      <source>Downloading the open data of département {code}…</source>
      <translation>Téléchargement des données ouvertes du département {code}…</translation>
    </message>
    <message>
      <source>1 dataset</source>
      <translation>1 jeu de données</translation>
    </message>
    <message>
      <source>synthetic data</source>
      <translation>données synthétiques</translation>
    </message>
    <message>
      <source>Required for the diagnosis</source>
      <translation>Nécessaire au diagnostic</translation>
    </message>
    <message>
      <source>Optional</source>
      <translation>Facultatif</translation>
    </message>
    <message>
      <source>Choose a file or a layer</source>
      <translation>Choisissez un fichier ou une couche</translation>
    </message>
    <message>
      <source>Select a layer in the Layers panel first.</source>
      <translation>Sélectionnez d’abord une couche dans le panneau Couches.</translation>
    </message>
    <message>
      <source>Type a territory first: a département (e.g. 23), an EPCI SIREN (e.g. 200070019) or INSEE commune codes (e.g. 90010, 90099).</source>
      <translation>Saisissez d’abord un territoire : un département (par ex. 23), le SIREN d’un EPCI (par ex. 200070019) ou des codes INSEE de communes (par ex. 90010, 90099).</translation>
    </message>
    <message>
      <source>Downloading the open data of EPCI {code}…</source>
      <translation>Téléchargement des données ouvertes de l’EPCI {code}…</translation>
    </message>
    <message>
      <source>No dataset was found in the files written.</source>
      <translation>Aucun jeu de données n’a été trouvé dans les fichiers écrits.</translation>
    </message>
    <message>
      <source>reading…</source>
      <translation>lecture…</translation>
    </message>
    <message>
      <source>Required for the diagnosis.</source>
      <translation>Nécessaire au diagnostic.</translation>
    </message>
    <message>
      <source>Choose the file(s) for: {role}</source>
      <translation>Choisir le ou les fichiers pour : {role}</translation>
    </message>
    <message>
      <source>Downloading the open data of commune {code}…</source>
      <translation>Téléchargement des données ouvertes de la commune {code}…</translation>
    </message>
    <message>
      <source>Downloading the open data of communes {code}…</source>
      <translation>Téléchargement des données ouvertes des communes {code}…</translation>
    </message>
    <message>
      <source>TerriDiag: download {code}</source>
      <translation>TerriDiag : téléchargement {code}</translation>
    </message>
    <message>
      <source>{n} datasets</source>
      <translation>{n} jeux de données</translation>
    </message>
    <message>
      <source>{datasets}, {n} addresses</source>
      <translation>{datasets}, {n} adresses</translation>
    </message>
    <message>
      <source>Territory {code} loaded: {datasets}.</source>
      <translation>Territoire {code} chargé : {datasets}.</translation>
    </message>
    <message>
      <source>Demo territory loaded: {datasets}.</source>
      <translation>Territoire de démonstration chargé : {datasets}.</translation>
    </message>
    <message>
      <source>TerriDiag: counting the roads of {file}</source>
      <translation>TerriDiag : décompte des routes de {file}</translation>
    </message>
    <message>
      <source>not chosen</source>
      <translation>non choisi</translation>
    </message>
    <message>
      <source>Optional: the diagnosis runs without it.</source>
      <translation>Facultatif : le diagnostic fonctionne sans.</translation>
    </message>
    <message>
      <source>not stated</source>
      <translation>non indiqué</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Fichiers</translation>
    </message>
    <message>
      <source>Vintage</source>
      <translation>Millésime</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>Licence</source>
      <translation>Licence</translation>
    </message>
    <message>
      <source>“{text}” is not a territory code. Accepted: a département (01 to 95, 2A, 2B, 971 to 976), an EPCI by its 9-digit SIREN, or 5-character INSEE commune codes separated by commas, spaces or semicolons.</source>
      <translation>« {text} » n’est pas un code de territoire. Sont acceptés : un département (01 à 95, 2A, 2B, 971 à 976), un EPCI par son SIREN à 9 chiffres, ou des codes INSEE de communes à 5 caractères séparés par des virgules, des espaces ou des points-virgules.</translation>
    </message>
    <message>
      <source>Could not be read: {names} (select the row to read why).</source>
      <translation>Illisible : {names} (sélectionnez la ligne pour savoir pourquoi).</translation>
    </message>
    <message>
      <source>{file}: used as a file by the road-network indicators.</source>
      <translation>{file} : utilisé comme fichier par les indicateurs sur réseau routier.</translation>
    </message>
    <message>
      <source>{file}: kept as a file (not a layer QGIS can show).</source>
      <translation>{file} : conservé comme fichier (pas une couche affichable par QGIS).</translation>
    </message>
    <message>
      <source>{n} rows rejected: select the row to read why</source>
      <translation>{n} lignes rejetées : le rapport sous la liste dit pourquoi</translation>
    </message>
    <message>
      <source>Ways with a highway tag</source>
      <translation>Voies avec une étiquette highway</translation>
    </message>
    <message>
      <source>Road ways kept</source>
      <translation>Voies routières retenues</translation>
    </message>
    <message>
      <source>Set aside (not roads)</source>
      <translation>Écartées (pas des routes)</translation>
    </message>
    <message>
      <source>Rows read</source>
      <translation>Lignes lues</translation>
    </message>
    <message>
      <source>Rows kept</source>
      <translation>Lignes retenues</translation>
    </message>
    <message>
      <source>Rows rejected</source>
      <translation>Lignes rejetées</translation>
    </message>
    <message>
      <source>Not available: the algorithm {id} is missing.</source>
      <translation>Indisponible : l’algorithme {id} est absent.</translation>
    </message>
    <message>
      <source>TerriDiag: reading {file}</source>
      <translation>TerriDiag : lecture de {file}</translation>
    </message>
    <message>
      <source>{file}: the road ways could not be counted ({error}).</source>
      <translation>{file} : les voies routières n’ont pas pu être comptées ({error}).</translation>
    </message>
    <message>
      <source>synthetic</source>
      <translation>synthétique</translation>
    </message>
    <message>
      <source>{n} OpenStreetMap ways kept as roads</source>
      <translation>{n} voies OpenStreetMap retenues comme routes</translation>
    </message>
    <message>
      <source>Not chosen yet.</source>
      <translation>Pas encore choisi.</translation>
    </message>
    <message>
      <source>{kept} rows kept of {read} read</source>
      <translation>{kept} lignes retenues sur {read} lues</translation>
    </message>
    <message>
      <source>Could not be read:</source>
      <translation>Lecture impossible :</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>Rapport</translation>
    </message>
    <message>
      <source>Without addresses or IRIS population: one point per commune carrying its population — a commune is wholly within a distance or wholly beyond it.</source>
      <translation>Sans adresses ni population des IRIS : un point par commune portant sa population — une commune est entièrement en deçà d’une distance ou entièrement au-delà.</translation>
    </message>
    <message>
      <source>TerriDiag</source>
      <translation>TerriDiag</translation>
    </message>
    <message>
      <source>The diagnosis algorithm is not available in this version.</source>
      <translation>L’algorithme de diagnostic n’est pas disponible dans cette version.</translation>
    </message>
    <message>
      <source>Demand: the addresses (a commune without any is one point).</source>
      <translation>Demande : les adresses (une commune qui n’en a pas est un seul point).</translation>
    </message>
    <message>
      <source>Without addresses: the population of the IRIS or grid cells (one point per commune where there are none).</source>
      <translation>Sans adresses : population des IRIS ou des carreaux (un point par commune là où il n’y en a pas).</translation>
    </message>
    <message>
      <source>Diagnosis of the territory</source>
      <translation>Diagnostic du territoire</translation>
    </message>
    <message>
      <source>Communes</source>
      <translation>Communes</translation>
    </message>
    <message>
      <source>Diagnosis</source>
      <translation>Diagnostic</translation>
    </message>
    <message>
      <source>IRIS in a priority neighbourhood (QPV)</source>
      <translation>IRIS en quartier prioritaire (QPV)</translation>
    </message>
    <message>
      <source>Territory &amp;&amp; data</source>
      <translation>Territoire &amp;&amp; données</translation>
    </message>
    <message>
      <source>Choose or download the data of the territory</source>
      <translation>Choisir ou télécharger les données du territoire</translation>
    </message>
    <message>
      <source>Indicators</source>
      <translation>Indicateurs</translation>
    </message>
    <message>
      <source>What the diagnosis computes</source>
      <translation>Ce que calcule le diagnostic</translation>
    </message>
    <message>
      <source>Results</source>
      <translation>Résultats</translation>
    </message>
    <message>
      <source>Communes, maps and shared outputs</source>
      <translation>Communes, cartes et productions à partager</translation>
    </message>
    <message>
      <source>Scenarios</source>
      <translation>Scénarios</translation>
    </message>
    <message>
      <source>Try new places, find the best sites</source>
      <translation>Essayer de nouveaux lieux, trouver les meilleurs emplacements</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Annulation…</translation>
    </message>
    <message>
      <source>Demand: the addresses; the IRIS or grid-cell population where a commune has none.</source>
      <translation>Demande : les adresses ; la population des IRIS ou des carreaux là où une commune n’en a pas.</translation>
    </message>
    <message>
      <source>Typology</source>
      <translation>Typologie</translation>
    </message>
    <message>
      <source>IRIS — digital fragility</source>
      <translation>IRIS — fragilité numérique</translation>
    </message>
    <message>
      <source>Web map</source>
      <translation>Carte web</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>Atlas</source>
      <translation>Atlas</translation>
    </message>
    <message>
      <source>Workshop sheet</source>
      <translation>Fiche atelier</translation>
    </message>
    <message>
      <source>Workshop bundle</source>
      <translation>Kit atelier</translation>
    </message>
    <message>
      <source>Wait for the current work to finish (or cancel it).</source>
      <translation>Attendez la fin du calcul en cours (ou annulez-le).</translation>
    </message>
    <message>
      <source>Written: {path}</source>
      <translation>Écrit : {path}</translation>
    </message>
    <message>
      <source>Done: {what}.</source>
      <translation>Terminé : {what}.</translation>
    </message>
    <message>
      <source>Still needed: {names}. Use “Load the demo territory” in the first panel to try.</source>
      <translation>Il manque encore : {names}. Pour essayer, utilisez « Charger le territoire de démonstration » dans le premier panneau.</translation>
    </message>
    <message>
      <source>Still needed: {names}.</source>
      <translation>Il manque encore : {names}.</translation>
    </message>
    <message>
      <source>The diagnosis finished but its layer cannot be opened: {path}</source>
      <translation>Le diagnostic est terminé mais sa couche ne peut pas être ouverte : {path}</translation>
    </message>
    <message>
      <source>IRIS — {indicator}</source>
      <translation>IRIS — {indicator}</translation>
    </message>
    <message>
      <source>Diagnosis done: {n} communes. Select one in the table to read its sheet.</source>
      <translation>Diagnostic terminé : {n} communes. Sélectionnez-en une dans le tableau pour lire sa fiche.</translation>
    </message>
    <message>
      <source>Cancelled: {what}. Nothing was added to the project.</source>
      <translation>Annulé : {what}. Rien n’a été ajouté au projet.</translation>
    </message>
    <message>
      <source>Tick at least one kind of place.</source>
      <translation>Cochez au moins un type de lieu.</translation>
    </message>
    <message>
      <source>At least one weight must be above 0.</source>
      <translation>Au moins un poids doit être supérieur à 0.</translation>
    </message>
    <message>
      <source>fixed</source>
      <translation>fixé</translation>
    </message>
    <message>
      <source>The method fixes how each variable counts</source>
      <translation>La méthode fixe le poids de chaque variable</translation>
    </message>
    <message>
      <source>Weight of this indicator in the IFN score (0 leaves it out)</source>
      <translation>Poids de cet indicateur dans le score IFN (0 l’écarte)</translation>
    </message>
    <message>
      <source>Other thresholds: “{value}” is not a positive number.</source>
      <translation>Autres seuils : « {value} » n’est pas un nombre positif.</translation>
    </message>
    <message>
      <source>Other times: “{value}” is not a positive number.</source>
      <translation>Autres durées : « {value} » n’est pas un nombre positif.</translation>
    </message>
    <message>
      <source>The weight of “{name}” must be a number ≥ 0.</source>
      <translation>Le poids de « {name} » doit être un nombre ≥ 0.</translation>
    </message>
    <message>
      <source>French addresses (BAN)</source>
      <translation>Adresses françaises (BAN)</translation>
    </message>
    <message>
      <source>Address search unavailable: no network</source>
      <translation>Recherche d’adresse indisponible : pas de réseau</translation>
    </message>
    <message>
      <source>score</source>
      <translation>score</translation>
    </message>
    <message>
      <source>Address search: the geocoder cannot be reached ({error}). TerriDiag stays quiet for two minutes.</source>
      <translation>Recherche d’adresse : le géocodeur est injoignable ({error}). TerriDiag ne réessaie pas pendant deux minutes.</translation>
    </message>
    <message>
      <source>Debug (everything)</source>
      <translation>Débogage (tout)</translation>
    </message>
    <message>
      <source>Information</source>
      <translation>Information</translation>
    </message>
    <message>
      <source>Warnings and errors</source>
      <translation>Avertissements et erreurs</translation>
    </message>
    <message>
      <source>Errors only</source>
      <translation>Erreurs seulement</translation>
    </message>
    <message>
      <source>Download cache folder</source>
      <translation>Dossier du cache de téléchargement</translation>
    </message>
    <message>
      <source>“{value}” is not a positive number: the other thresholds were not saved.</source>
      <translation>« {value} » n’est pas un nombre positif : les autres seuils n’ont pas été enregistrés.</translation>
    </message>
    <message>
      <source>Hidden: too few addresses in this commune (statistical confidentiality)</source>
      <translation>Masqué : trop peu d’adresses dans cette commune (secret statistique)</translation>
    </message>
    <message>
      <source>Human help with digital life must be near: the national target is a digitally equipped place within 5 km of every home. Far places are seldom used by those who need them most.</source>
      <translation>L’aide humaine au numérique doit être proche : l’objectif national est un lieu équipé à moins de 5 km de chaque logement. Les lieux éloignés sont peu fréquentés par celles et ceux qui en ont le plus besoin.</translation>
    </message>
    <message>
      <source>Straight lines understate the real trip: rivers, hills and sparse roads make some places much further in time than on the map.</source>
      <translation>La ligne droite sous-estime le trajet réel : rivières, reliefs et routes rares rendent certains lieux bien plus loin en temps que sur la carte.</translation>
    </message>
    <message>
      <source>Being near a place is not enough when it serves many people: accessibility weighs each place by the demand around it (two-step floating catchment area).</source>
      <translation>Être proche d’un lieu ne suffit pas s’il sert beaucoup de monde : l’accessibilité pondère chaque lieu par la demande qui l’entoure (aire de chalandise flottante en deux étapes).</translation>
    </message>
    <message>
      <source>Without good broadband, online public services cannot be used at home: people then depend on places that offer equipment and help.</source>
      <translation>Sans bon haut débit, les services publics en ligne ne sont pas utilisables à domicile : on dépend alors des lieux qui offrent équipement et accompagnement.</translation>
    </message>
    <message>
      <source>Mobile coverage decides whether a smartphone can replace a home connection.</source>
      <translation>La couverture mobile décide si un smartphone peut remplacer une connexion à domicile.</translation>
    </message>
    <message>
      <source>Age, diplomas, income and household make-up predict who struggles with digital tools: help should go where fragility and distance add up.</source>
      <translation>L’âge, le diplôme, le revenu et la composition des ménages indiquent qui peine avec les outils numériques : l’aide doit aller là où fragilité et distance se cumulent.</translation>
    </message>
    <message>
      <source>Crossing access and fragility shows where to act first.</source>
      <translation>Croiser accès et fragilité montre où agir d’abord.</translation>
    </message>
    <message>
      <source>Figures computed on a handful of addresses could single out households: they are hidden, and the map says so.</source>
      <translation>Des chiffres calculés sur une poignée d’adresses pourraient désigner des ménages : ils sont cachés, et la carte le signale.</translation>
    </message>
    <message>
      <source>Identifies the commune.</source>
      <translation>Identifie la commune.</translation>
    </message>
    <message>
      <source>descriptive</source>
      <translation>descriptif</translation>
    </message>
    <message>
      <source>Definition</source>
      <translation>Définition</translation>
    </message>
    <message>
      <source>Formula</source>
      <translation>Formule</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>Unité</translation>
    </message>
    <message>
      <source>Measured on</source>
      <translation>Mesuré sur</translation>
    </message>
    <message>
      <source>Reading</source>
      <translation>Lecture</translation>
    </message>
    <message>
      <source>Why it matters</source>
      <translation>Pourquoi c’est important</translation>
    </message>
    <message>
      <source>Show the communes, or the IRIS (the INSEE's units inside the communes split into IRIS)</source>
      <translation>Afficher les communes, ou les IRIS (les unités de l’INSEE à l’intérieur des communes découpées en IRIS)</translation>
    </message>
    <message>
      <source>IRIS</source>
      <translation>IRIS</translation>
    </message>
    <message>
      <source>Select an IRIS in the table to read its sheet.</source>
      <translation>Sélectionnez un IRIS dans le tableau pour lire sa fiche.</translation>
    </message>
    <message>
      <source>Select a commune in the table to read its sheet.</source>
      <translation>Sélectionnez une commune dans le tableau pour lire sa fiche.</translation>
    </message>
    <message>
      <source>higher is worse</source>
      <translation>plus c’est élevé, plus c’est défavorable</translation>
    </message>
    <message>
      <source>higher is better</source>
      <translation>plus c’est élevé, mieux c’est</translation>
    </message>
    <message>
      <source>see the data sources of the run</source>
      <translation>voir les sources de données du calcul</translation>
    </message>
    <message>
      <source>Confidentiality</source>
      <translation>Confidentialité</translation>
    </message>
    <message>
      <source>Hidden for communes with too few addresses.</source>
      <translation>Masqué pour les communes comptant trop peu d’adresses.</translation>
    </message>
    <message>
      <source>masked</source>
      <translation>masqué</translation>
    </message>
    <message>
      <source>Search an IRIS (name, commune or code)</source>
      <translation>Chercher un IRIS (nom, commune ou code)</translation>
    </message>
    <message>
      <source>Search a commune (name or INSEE code)</source>
      <translation>Chercher une commune (nom ou code INSEE)</translation>
    </message>
    <message>
      <source>In a priority neighbourhood (QPV)</source>
      <translation>En quartier prioritaire (QPV)</translation>
    </message>
    <message>
      <source>Masked: too few addresses here, the address-based indicators are hidden (statistical confidentiality).</source>
      <translation>Masqué : trop peu d’adresses ici, les indicateurs calculés sur les adresses sont cachés (secret statistique).</translation>
    </message>
    <message>
      <source>Bar: the commune (scale 0–100 % for shares, else the territory's maximum); black tick: the territory.</source>
      <translation>Barre : la commune (échelle 0–100 % pour les parts, sinon le maximum du territoire) ; trait noir : le territoire.</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>Indicateur</translation>
    </message>
    <message>
      <source>Territory</source>
      <translation>Territoire</translation>
    </message>
    <message>
      <source>Commune</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Inhabitants (commune population)</source>
      <translation>Habitants (population de la commune)</translation>
    </message>
    <message>
      <source>Inhabitants × digital fragility</source>
      <translation>Habitants × fragilité numérique</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Adresses</translation>
    </message>
    <message>
      <source>(choose a point layer…)</source>
      <translation>(choisir une couche de points…)</translation>
    </message>
    <message>
      <source>(regular grid)</source>
      <translation>(grille régulière)</translation>
    </message>
    <message>
      <source>Load the addresses and the places first (first panel).</source>
      <translation>Chargez d’abord les adresses et les lieux (premier onglet).</translation>
    </message>
    <message>
      <source>Who gains from the new places</source>
      <translation>Qui gagne aux nouveaux lieux</translation>
    </message>
    <message>
      <source>Scenario: addresses newly within reach</source>
      <translation>Scénario : adresses nouvellement à portée</translation>
    </message>
    <message>
      <source>Finding the best sites</source>
      <translation>Recherche des meilleurs emplacements</translation>
    </message>
    <message>
      <source>proven optimal</source>
      <translation>optimum prouvé</translation>
    </message>
    <message>
      <source>{n} new sites reach {gain} more (from {before} to {after}); method: {method}, {exact}.</source>
      <translation>{n} nouveaux emplacements atteignent {gain} de plus (de {before} à {after}) ; méthode : {method}, {exact}.</translation>
    </message>
    <message>
      <source>Scenario: places to open</source>
      <translation>Scénario : lieux à ouvrir</translation>
    </message>
    <message>
      <source>Scenario: places to close</source>
      <translation>Scénario : lieux à fermer</translation>
    </message>
    <message>
      <source>Choose a layer of places first (town halls, libraries…)</source>
      <translation>Choisissez d’abord une couche de lieux (mairies, bibliothèques…)</translation>
    </message>
    <message>
      <source>Add a place on the map or from a layer first.</source>
      <translation>Ajoutez d’abord un lieu sur la carte ou depuis une couche.</translation>
    </message>
    <message>
      <source>Compute the indicators before and after, per commune, in the background</source>
      <translation>Calculer les indicateurs avant et après, par commune, en arrière-plan</translation>
    </message>
    <message>
      <source>Load the places first (first panel).</source>
      <translation>Chargez d’abord les lieux (premier onglet).</translation>
    </message>
    <message>
      <source>Choose a layer of places first (town halls, libraries…).</source>
      <translation>Choisissez d’abord une couche de lieux (mairies, bibliothèques…).</translation>
    </message>
    <message>
      <source>{n} addresses newly within {km} km of a place</source>
      <translation>{n} adresses nouvellement à moins de {km} km d’un lieu</translation>
    </message>
    <message>
      <source>Gained</source>
      <translation>Gagnées</translation>
    </message>
    <message>
      <source>Addresses newly within the distance of a place</source>
      <translation>Adresses nouvellement à moins de la distance d’un lieu</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>Avant</translation>
    </message>
    <message>
      <source>Share of the addresses within the distance, before</source>
      <translation>Part des adresses à moins de la distance, avant</translation>
    </message>
    <message>
      <source>After</source>
      <translation>Après</translation>
    </message>
    <message>
      <source>Share of the addresses within the distance, after</source>
      <translation>Part des adresses à moins de la distance, après</translation>
    </message>
    <message>
      <source>Δ distance</source>
      <translation>Δ distance</translation>
    </message>
    <message>
      <source>Change of the mean distance to the nearest place</source>
      <translation>Variation de la distance moyenne au lieu le plus proche</translation>
    </message>
    <message>
      <source>Rank</source>
      <translation>Rang</translation>
    </message>
    <message>
      <source>The order in which the sites were picked</source>
      <translation>L’ordre dans lequel les emplacements ont été choisis</translation>
    </message>
    <message>
      <source>Gain</source>
      <translation>Gain</translation>
    </message>
    <message>
      <source>What the site adds: addresses newly within the distance (or, for the shortest mean distance, the mean distance saved)</source>
      <translation>Ce qu’apporte l’emplacement : adresses nouvellement à moins de la distance (ou, pour la distance moyenne la plus courte, la distance moyenne gagnée)</translation>
    </message>
    <message>
      <source>Cumulated</source>
      <translation>Cumul</translation>
    </message>
    <message>
      <source>Covered so far by the sites up to this one (or the mean distance so far)</source>
      <translation>Part couverte par les emplacements jusqu’à celui-ci (ou distance moyenne atteinte)</translation>
    </message>
    <message>
      <source>The commune where the site lies</source>
      <translation>La commune où se trouve l’emplacement</translation>
    </message>
    <message>
      <source>Click on the map where a place would open.</source>
      <translation>Cliquez sur la carte là où un lieu ouvrirait.</translation>
    </message>
    <message>
      <source>Click on the map near the place that would close.</source>
      <translation>Cliquez sur la carte près du lieu qui fermerait.</translation>
    </message>
    <message>
      <source>{n} places of “{layer}” added to try.</source>
      <translation>{n} lieux de « {layer} » ajoutés à l’essai.</translation>
    </message>
    <message>
      <source>Share of addresses within {km} km: {before} → {after}; mean distance {delta}.</source>
      <translation>Part des adresses à moins de {km} km : {before} → {after} ; distance moyenne {delta}.</translation>
    </message>
    <message>
      <source>Scenario: best {n} sites</source>
      <translation>Scénario : {n} meilleurs emplacements</translation>
    </message>
    <message>
      <source>at most {gap} from the optimum</source>
      <translation>à au plus {gap} de l’optimum</translation>
    </message>
    <message>
      <source>{n} new sites bring the mean distance from {before} to {after}; method: {method}, {exact}.</source>
      <translation>{n} nouveaux emplacements font passer la distance moyenne de {before} à {after} ; méthode : {method}, {exact}.</translation>
    </message>
    <message>
      <source>Add every point of the chosen layer (or only its selected points) as a place to try, up to {max}</source>
      <translation>Ajouter chaque point de la couche choisie (ou seulement ses points sélectionnés) comme lieu à essayer, jusqu’à {max}</translation>
    </message>
    <message>
      <source>“{layer}” has {n} points: too many places for a what-if (at most {max}). Select the places to try in that layer, or choose a smaller one.</source>
      <translation>« {layer} » compte {n} points : trop de lieux pour un essai (au plus {max}). Sélectionnez les lieux à essayer dans cette couche, ou choisissez-en une plus petite.</translation>
    </message>
    <message>
      <source>“{layer}” has no point to add.</source>
      <translation>« {layer} » n’a aucun point à ajouter.</translation>
    </message>
    <message>
      <source>Cannot write the places to try: {error}</source>
      <translation>Impossible d’écrire les lieux à essayer : {error}</translation>
    </message>
    <message>
      <source>The result cannot be opened: {path}</source>
      <translation>Le résultat ne peut pas être ouvert : {path}</translation>
    </message>
    <message>
      <source>(about {p} inhabitants)</source>
      <translation>(environ {p} habitants)</translation>
    </message>
    <message>
      <source>best site {n}</source>
      <translation>meilleur emplacement {n}</translation>
    </message>
    <message>
      <source>new place {n}</source>
      <translation>nouveau lieu {n}</translation>
    </message>
    <message>
      <source>closed place {n}</source>
      <translation>lieu fermé {n}</translation>
    </message>
    <message>
      <source>Cancelled.</source>
      <translation>Annulé.</translation>
    </message>
    <message>
      <source>The computation failed.</source>
      <translation>Le calcul a échoué.</translation>
    </message>
    <message>
      <source>The algorithm {id} is not available in this version.</source>
      <translation>L’algorithme {id} n’est pas disponible dans cette version.</translation>
    </message>
    <message>
      <source>{label}: {value}</source>
      <translation>{label} : {value}</translation>
    </message>
    <message>
      <source>en</source>
      <translation>fr</translation>
    </message>
    <message>
      <source>TerriDiag needs Python packages that are not installed: {names}.</source>
      <translation>TerriDiag a besoin de paquets Python qui ne sont pas installés : {names}.</translation>
    </message>
    <message>
      <source>Install them with QPIP: Plugins › QPIP › Check dependencies now, then restart QGIS.</source>
      <translation>Installez-les avec QPIP : Extensions › QPIP › Check dependencies now, puis redémarrez QGIS.</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis</source>
      <translation>TerriDiag — diagnostic numérique</translation>
    </message>
    <message>
      <source>Show or hide the TerriDiag panel</source>
      <translation>Afficher ou masquer le panneau TerriDiag</translation>
    </message>
    <message>
      <source>&amp;TerriDiag</source>
      <translation>&amp;TerriDiag</translation>
    </message>
    <message>
      <source>Help of the TerriDiag algorithms</source>
      <translation>Aide des algorithmes TerriDiag</translation>
    </message>
    <message>
      <source>The QPIP plugin installs them in one click (Plugins › Manage and Install Plugins › QPIP, then restart QGIS); or install them yourself:</source>
      <translation>L’extension QPIP les installe en un clic (Extensions › Installer/Gérer les extensions › QPIP, puis redémarrez QGIS) ; ou installez-les vous-même :</translation>
    </message>
    <message>
      <source>The help pages were not built (make help).</source>
      <translation>Les pages d’aide n’ont pas été construites (make help).</translation>
    </message>
    <message>
      <source>Text encoding of the file</source>
      <translation>Encodage du texte du fichier</translation>
    </message>
    <message>
      <source>Format read</source>
      <translation>Format lu</translation>
    </message>
    <message>
      <source>Provenance</source>
      <translation>Provenance</translation>
    </message>
    <message>
      <source>Provenance records (JSON)</source>
      <translation>Enregistrements de provenance (JSON)</translation>
    </message>
    <message>
      <source>auto (detect)</source>
      <translation>automatique (détecté)</translation>
    </message>
    <message>
      <source>Engine</source>
      <translation>Moteur de calcul</translation>
    </message>
    <message>
      <source>Dask scheduler address (empty: a local cluster)</source>
      <translation>Adresse du planificateur Dask (vide : un cluster local)</translation>
    </message>
    <message>
      <source>Workers of the local Dask cluster</source>
      <translation>Workers du cluster Dask local</translation>
    </message>
    <message>
      <source>In process</source>
      <translation>Dans le processus</translation>
    </message>
    <message>
      <source>Dask (partitioned by département)</source>
      <translation>Dask (découpé par département)</translation>
    </message>
    <message>
      <source>Any time (opening hours not taken into account)</source>
      <translation>À toute heure (horaires non pris en compte)</translation>
    </message>
    <message>
      <source>Saturday morning (9:00–12:00)</source>
      <translation>Le samedi matin (9 h – 12 h)</translation>
    </message>
    <message>
      <source>After 18:00 on a weekday (Mon–Fri, 18:00–22:00)</source>
      <translation>Après 18 h en semaine (du lundi au vendredi, 18 h – 22 h)</translation>
    </message>
    <message>
      <source>At some time in the week</source>
      <translation>Au moins une fois dans la semaine</translation>
    </message>
    <message>
      <source>The window written below (OpenStreetMap opening_hours syntax)</source>
      <translation>Le créneau écrit ci-dessous (syntaxe opening_hours d’OpenStreetMap)</translation>
    </message>
    <message>
      <source>Service places (one or several point layers)</source>
      <translation>Lieux de service (une ou plusieurs couches de points)</translation>
    </message>
    <message>
      <source>Population where there is no address (IRIS or 200 m grid cells with a population)</source>
      <translation>Population là où il n’y a pas d’adresse (IRIS ou carreaux de 200 m avec une population)</translation>
    </message>
    <message>
      <source>Population field (empty: population, Pyy_POP or Ind)</source>
      <translation>Champ de population (vide : population, Paa_POP ou Ind)</translation>
    </message>
    <message>
      <source>Farther from a road than this, no travel time (m)</source>
      <translation>Au-delà de cette distance d’une route, pas de temps de trajet (m)</translation>
    </message>
    <message>
      <source>ARCEP statistics per commune (one or several tables: 'Ma connexion internet', FttH observatory)</source>
      <translation>Statistiques ARCEP par commune (une ou plusieurs tables : « Ma connexion internet », observatoire FttH)</translation>
    </message>
    <message>
      <source>Only places open at this time</source>
      <translation>Seulement les lieux ouverts à ce moment</translation>
    </message>
    <message>
      <source>Time window of your own (e.g. Tu,Th 17:00-20:00)</source>
      <translation>Votre propre créneau (par ex. Tu,Th 17:00-20:00)</translation>
    </message>
    <message>
      <source>Week the hours are read on (a date such as 2024-09-02; empty: the next week without a public holiday)</source>
      <translation>Semaine sur laquelle les horaires sont lus (une date comme 2024-09-02 ; vide : la prochaine semaine sans jour férié)</translation>
    </message>
    <message>
      <source>Open at least this long in the window (minutes)</source>
      <translation>Ouvert au moins cette durée dans le créneau (minutes)</translation>
    </message>
    <message>
      <source>Kinds of places taken into account (categories, comma-separated; empty: all)</source>
      <translation>Types de lieux pris en compte (catégories séparées par des virgules ; vide : tous)</translation>
    </message>
    <message>
      <source>Places open: {label}, week of {start} to {end}, open at least {m:g} minutes in a row (hours read with {lib})</source>
      <translation>Lieux ouverts : {label}, semaine du {start} au {end}, ouverts au moins {m:g} minutes d’affilée (horaires lus avec {lib})</translation>
    </message>
    <message>
      <source>{open} places open, {closed} closed, {unknown} of unknown hours (counted apart)</source>
      <translation>{open} lieux ouverts, {closed} fermés, {unknown} aux horaires inconnus (comptés à part)</translation>
    </message>
    <message>
      <source>Public holidays that week: {days}</source>
      <translation>Jours fériés de cette semaine : {days}</translation>
    </message>
    <message>
      <source>Unknown hours: {name} ({reason})</source>
      <translation>Horaires inconnus : {name} ({reason})</translation>
    </message>
    <message>
      <source>Workshop</source>
      <translation>Atelier</translation>
    </message>
    <message>
      <source>OSM completeness pack for a mapping party</source>
      <translation>Kit cartopartie : complétude d’OpenStreetMap</translation>
    </message>
    <message>
      <source>Compares the official places (SERVICES: France Services, mediation places, BPE town halls, libraries and post offices, as imported by Import service places) with an OpenStreetMap extract (OSM, .osm or .osm.pbf). An official place is in OSM when an OSM place less than MAX_DISTANCE_M away has a similar name (similarity of the words of the names, 0 to 1, at least MIN_SIMILARITY), or when an OSM place of the same kind (town hall, library, post office, public-service counter) lies less than SAME_KIND_M away; official places outside the extract (its bounds, or the extent of its data for a .pbf) are not checked and said so. Distances are measured in the legal CRS of the extract's territory (overseas included). OUTPUT: the official places with status (in_osm, missing, outside_extract), the OSM place matched, the distance, the name similarity and the nearest OSM place. OUTPUT_OSM: the OSM public-service places that lack a name, opening hours, a website or wheelchair information. OUTPUT_CHECKLIST (HTML) and OUTPUT_CHECKLIST_PDF: the printable checklist with the thresholds, sources and licences. OUTPUT_JOSM: the missing places as new nodes (negative ids, action=modify, each with its source and a fixme) in an .osm file marked upload='false', to open in JOSM and check on the ground. TerriDiag never uploads anything to OpenStreetMap.</source>
      <translation>Compare les lieux officiels (SERVICES : France Services, lieux de médiation, mairies, bibliothèques et bureaux de poste de la BPE, importés par Importer des lieux de service) à un extrait OpenStreetMap (OSM, .osm ou .osm.pbf). Un lieu officiel est dans OSM quand un lieu OSM à moins de MAX_DISTANCE_M porte un nom proche (ressemblance des mots des noms, de 0 à 1, d’au moins MIN_SIMILARITY), ou quand un lieu OSM du même type (mairie, bibliothèque, bureau de poste, guichet de service public) est à moins de SAME_KIND_M ; les lieux officiels hors de l’extrait (ses limites, ou l’étendue de ses données pour un .pbf) ne sont pas vérifiés, et c’est dit. Les distances sont mesurées dans le SCR légal du territoire de l’extrait (outre-mer compris). OUTPUT : les lieux officiels avec leur statut (in_osm, missing, outside_extract), le lieu OSM apparié, la distance, la ressemblance des noms et le lieu OSM le plus proche. OUTPUT_OSM : les lieux de service public OSM sans nom, horaires, site web ou information d’accès en fauteuil roulant. OUTPUT_CHECKLIST (HTML) et OUTPUT_CHECKLIST_PDF : la liste à imprimer avec les seuils, sources et licences. OUTPUT_JOSM : les lieux absents en nouveaux nœuds (identifiants négatifs, action=modify, chacun avec sa source et un fixme) dans un fichier .osm marqué upload='false', à ouvrir dans JOSM et à vérifier sur le terrain. TerriDiag n’envoie jamais rien à OpenStreetMap.</translation>
    </message>
    <message>
      <source>OpenStreetMap extract (.osm / .osm.pbf)</source>
      <translation>Extrait OpenStreetMap (.osm / .osm.pbf)</translation>
    </message>
    <message>
      <source>Kinds of official places checked (comma-separated)</source>
      <translation>Types de lieux officiels vérifiés (séparés par des virgules)</translation>
    </message>
    <message>
      <source>Largest distance to an OSM place with a similar name (m)</source>
      <translation>Distance maximale à un lieu OSM de nom proche (m)</translation>
    </message>
    <message>
      <source>Largest distance to an OSM place of the same kind, whatever its name (m)</source>
      <translation>Distance maximale à un lieu OSM du même type, quel que soit son nom (m)</translation>
    </message>
    <message>
      <source>Smallest name similarity (0 to 1)</source>
      <translation>Ressemblance minimale des noms (0 à 1)</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Langue</translation>
    </message>
    <message>
      <source>Official places and their presence in OpenStreetMap</source>
      <translation>Lieux officiels et leur présence dans OpenStreetMap</translation>
    </message>
    <message>
      <source>OpenStreetMap places to complete</source>
      <translation>Lieux OpenStreetMap à compléter</translation>
    </message>
    <message>
      <source>Checklist (HTML)</source>
      <translation>Liste à cocher (HTML)</translation>
    </message>
    <message>
      <source>HTML files (*.html)</source>
      <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
      <source>Checklist (PDF)</source>
      <translation>Liste à cocher (PDF)</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Proposed additions for JOSM (.osm)</source>
      <translation>Ajouts proposés pour JOSM (.osm)</translation>
    </message>
    <message>
      <source>OSM files (*.osm)</source>
      <translation>Fichiers OSM (*.osm)</translation>
    </message>
    <message>
      <source>Official places: {in_osm} in OpenStreetMap, {missing} missing, {outside} outside the extract (not checked)</source>
      <translation>Lieux officiels : {in_osm} dans OpenStreetMap, {missing} absents, {outside} hors de l’extrait (non vérifiés)</translation>
    </message>
    <message>
      <source>Matching: a similar name (at least {s:g}) less than {d:g} m away, or the same kind less than {k:g} m away; distances in EPSG:{epsg}</source>
      <translation>Appariement : un nom proche (au moins {s:g}) à moins de {d:g} m, ou le même type à moins de {k:g} m ; distances en EPSG:{epsg}</translation>
    </message>
    <message>
      <source>OpenStreetMap places of the extract: {n}, {todo} to complete</source>
      <translation>Lieux OpenStreetMap de l’extrait : {n}, dont {todo} à compléter</translation>
    </message>
    <message>
      <source>Generate the demo territory</source>
      <translation>Générer le territoire de démonstration</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>Données</translation>
    </message>
    <message>
      <source>Writes a synthetic but realistic French territory (about 30 communes, 40,000 BAN addresses, France Services, mediation places, ARCEP statistics, fragility variables, an OSM road network) in the official file formats, to try TerriDiag or to train without real data. Everything it writes is marked as synthetic. The same seed always gives the same files.</source>
      <translation>Écrit un territoire français synthétique mais réaliste (environ 30 communes, 40 000 adresses BAN, des France Services, des lieux de médiation, des statistiques ARCEP, des variables de fragilité, un réseau routier OSM) dans les formats officiels des fichiers, pour essayer TerriDiag ou se former sans données réelles. Tout ce qu’il écrit est marqué comme synthétique. La même graine donne toujours les mêmes fichiers.</translation>
    </message>
    <message>
      <source>Generating the demo territory (synthetic data)…</source>
      <translation>Génération du territoire de démonstration (données synthétiques)…</translation>
    </message>
    <message>
      <source>Random seed (same seed, same territory)</source>
      <translation>Graine aléatoire (même graine, même territoire)</translation>
    </message>
    <message>
      <source>Folder for the demo territory files</source>
      <translation>Dossier des fichiers du territoire de démonstration</translation>
    </message>
    <message>
      <source>Files written (JSON: dataset → path)</source>
      <translation>Fichiers écrits (JSON : jeu de données → chemin)</translation>
    </message>
    <message>
      <source>Digital fragility index</source>
      <translation>Indice de fragilité numérique</translation>
    </message>
    <message>
      <source>METHOD 0, MedNum 2019, by IRIS (MedNum's level) or by commune. INPUT: units with the variables thd_coverage, mobile_coverage, poverty_rate, median_income, single_parent_share, one_person_household_share, public_services_per_capita, unemployment_rate, age_15_29_share, age_65_plus_share, low_diploma_share (rates as fractions) or the census counts they are made of — what 'Import census and income' and 'Import IRIS' write. Each variable is compared with the reference territory's own value: Σ numerators / Σ denominators of its units (a population-weighted ratio); for income the official median given in REFERENCE (CSV 'variable,value'), otherwise the population-weighted median of the units' medians, said so in METADATA. REFERENCE_LEVEL: the units given, or each unit's EPCI (needs COMMUNES or an epci_siren field), département or région; REFERENCE_UNITS: other units to compute the references on (e.g. the whole département). Points = 100 × coefficient; each axis is the mean of its variables present, ifn_global the mean of all variables present (base 100, higher = more fragile); a variable missing or secret for a unit is left out, never counted as 0 (ifn_n_variables, ifn_missing say which). ifn_global_class: 1-5, equal intervals. With IRIS, OUTPUT_COMMUNES receives each commune's population-weighted mean of its IRIS. METHOD 1, IFN: thd_non_coverage, mobile_4g_non_coverage, age_65_plus_share, low_diploma_share, poverty_rate scored 1-10 by the deciles of REFERENCE_UNITS (default: the input itself), combined with WEIGHTS ('variable:weight,…'). METHOD 2, custom: INDICATORS 'field:higher_is_worse|higher_is_better:weight,…', NORMALISATION min-max (0-100) or z-score. Input fields are kept.</source>
      <translation>METHOD 0, MedNum 2019, par IRIS (le niveau de MedNum) ou par commune. INPUT : des unités avec les variables thd_coverage, mobile_coverage, poverty_rate, median_income, single_parent_share, one_person_household_share, public_services_per_capita, unemployment_rate, age_15_29_share, age_65_plus_share, low_diploma_share (taux en fractions) ou les effectifs du recensement dont elles sont faites — ce qu’écrivent « Importer recensement et revenus » et « Importer les IRIS ». Chaque variable est comparée à la valeur propre du territoire de référence : Σ numérateurs / Σ dénominateurs de ses unités (un rapport pondéré par la population) ; pour le revenu, la médiane officielle donnée dans REFERENCE (CSV « variable,value »), sinon la médiane des médianes des unités pondérée par la population, ce que dit METADATA. REFERENCE_LEVEL : les unités fournies, ou l’EPCI de chaque unité (il faut COMMUNES ou un champ epci_siren), son département ou sa région ; REFERENCE_UNITS : d’autres unités sur lesquelles calculer les références (par exemple tout le département). Points = 100 × coefficient ; chaque axe est la moyenne de ses variables présentes, ifn_global la moyenne de toutes les variables présentes (base 100, plus c’est élevé plus c’est fragile) ; une variable absente ou couverte par le secret pour une unité est laissée de côté, jamais comptée 0 (ifn_n_variables et ifn_missing disent lesquelles). ifn_global_class : 1 à 5, intervalles égaux. Avec des IRIS, OUTPUT_COMMUNES reçoit pour chaque commune la moyenne de ses IRIS pondérée par la population. METHOD 1, IFN : thd_non_coverage, mobile_4g_non_coverage, age_65_plus_share, low_diploma_share, poverty_rate notés de 1 à 10 selon les déciles de REFERENCE_UNITS (par défaut l’entrée elle-même), combinés avec WEIGHTS (« variable:poids,… »). METHOD 2, composite : INDICATORS « champ:higher_is_worse|higher_is_better:poids,… », NORMALISATION min-max (0-100) ou z-score. Les champs de l’entrée sont conservés.</translation>
    </message>
    <message>
      <source>IRIS or communes with fragility variables or census counts</source>
      <translation>IRIS ou communes avec variables de fragilité ou effectifs du recensement</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>Méthode</translation>
    </message>
    <message>
      <source>Reference territory (MedNum)</source>
      <translation>Territoire de référence (MedNum)</translation>
    </message>
    <message>
      <source>Reference values (CSV variable,value)</source>
      <translation>Valeurs de référence (CSV variable,valeur)</translation>
    </message>
    <message>
      <source>Units of the reference territory (default: INPUT)</source>
      <translation>Unités du territoire de référence (par défaut : l’entrée)</translation>
    </message>
    <message>
      <source>Communes (EPCI membership, for the EPCI reference)</source>
      <translation>Communes (appartenance aux EPCI, pour la référence EPCI)</translation>
    </message>
    <message>
      <source>IFN weights (variable:weight,…)</source>
      <translation>Poids IFN (variable:poids,…)</translation>
    </message>
    <message>
      <source>Custom indicators (field:direction:weight,…)</source>
      <translation>Indicateurs personnalisés (champ:sens:poids,…)</translation>
    </message>
    <message>
      <source>Custom normalisation</source>
      <translation>Normalisation personnalisée</translation>
    </message>
    <message>
      <source>Fragility index</source>
      <translation>Indice de fragilité</translation>
    </message>
    <message>
      <source>Fragility index per commune (from IRIS)</source>
      <translation>Indice de fragilité par commune (à partir des IRIS)</translation>
    </message>
    <message>
      <source>Method and references (JSON)</source>
      <translation>Méthode et références (JSON)</translation>
    </message>
    <message>
      <source>The units given</source>
      <translation>Les unités fournies</translation>
    </message>
    <message>
      <source>Each unit's EPCI</source>
      <translation>L’EPCI de chaque unité</translation>
    </message>
    <message>
      <source>Each unit's département</source>
      <translation>Le département de chaque unité</translation>
    </message>
    <message>
      <source>Each unit's région</source>
      <translation>La région de chaque unité</translation>
    </message>
    <message>
      <source>Import addresses</source>
      <translation>Importer des adresses</translation>
    </message>
    <message>
      <source>Reads addresses as published — a BAN per-département CSV (adresses-XX.csv or .csv.gz, 22 or 23 columns), a BAL 1.3 csv-bal export — or any CSV or point layer whose columns you name (commune code, and x/y or longitude/latitude). Writes one point layer with the fields id, code_insee, numero, nom_voie, code_postal, nom_commune in the legal metric CRS of the territory (Lambert-93 in metropolitan France). x/y are used as published; rows without them are projected from lon/lat. Rows without a commune code or coordinates, or outside the territory, are rejected and listed with their line number in the log. Large national files are streamed. Optional: a decoupage-administratif communes.json to map the codes of merged communes to the current commune.</source>
      <translation>Lit les adresses telles que publiées — un CSV BAN départemental (adresses-XX.csv ou .csv.gz, 22 ou 23 colonnes), un export BAL 1.3 csv-bal — ou tout CSV ou couche de points dont vous nommez les colonnes (code commune, et x/y ou longitude/latitude). Écrit une couche de points avec les champs id, code_insee, numero, nom_voie, code_postal, nom_commune dans le SCR métrique légal du territoire (Lambert-93 en métropole). Les x/y sont utilisés tels que publiés ; les lignes qui n’en ont pas sont projetées depuis lon/lat. Les lignes sans code commune ni coordonnées, ou hors du territoire, sont rejetées et listées avec leur numéro de ligne dans le journal. Les gros fichiers nationaux sont lus en flux. Facultatif : un communes.json de decoupage-administratif pour rattacher les codes des communes fusionnées à la commune actuelle.</translation>
    </message>
    <message>
      <source>Import communes</source>
      <translation>Importer des communes</translation>
    </message>
    <message>
      <source>Reads commune boundaries as published — IGN ADMIN EXPRESS (v3 fields INSEE_COM, NOM, POPULATION… or edition 4 fields code_insee, nom_officiel, population…), france-geojson (code, nom) or geo.api.gouv.fr GeoJSON — and writes a polygon layer with the fields code_insee, nom, population, code_dep, epci_siren, epci_nom in the territory's metric CRS. Optional inputs: a population file (INSEE legal populations CSV, the territory CSV or decoupage-administratif communes.json), an EPCI file (decoupage-administratif epci.json), and a COG communes.json: codes of communes merged since the boundary vintage are mapped to the current commune, their polygons dissolved and populations summed; each remapped code is listed in the log.</source>
      <translation>Lit les limites communales telles que publiées — IGN ADMIN EXPRESS (champs v3 INSEE_COM, NOM, POPULATION… ou champs édition 4 code_insee, nom_officiel, population…), france-geojson (code, nom) ou GeoJSON de geo.api.gouv.fr — et écrit une couche de polygones avec les champs code_insee, nom, population, code_dep, epci_siren, epci_nom dans le SCR métrique du territoire. Entrées facultatives : un fichier de population (CSV des populations légales INSEE, CSV du territoire ou communes.json de decoupage-administratif), un fichier d’EPCI (epci.json de decoupage-administratif) et un communes.json du COG : les codes des communes fusionnées depuis le millésime des limites sont rattachés à la commune actuelle, leurs polygones fusionnés et leurs populations additionnées ; chaque code rattaché est listé dans le journal.</translation>
    </message>
    <message>
      <source>Address file (BAN, BAL, CSV or point layer)</source>
      <translation>Fichier d’adresses (BAN, BAL, CSV ou couche de points)</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>CRS of the X/Y columns (table format; default: legal CRS of the territory)</source>
      <translation>SCR des colonnes X/Y (format tableau ; par défaut : SCR légal du territoire)</translation>
    </message>
    <message>
      <source>Territory metric CRS (default: from the commune codes)</source>
      <translation>SCR métrique du territoire (par défaut : déduit des codes communes)</translation>
    </message>
    <message>
      <source>COG communes.json (decoupage-administratif) to harmonise codes</source>
      <translation>communes.json du COG (decoupage-administratif) pour harmoniser les codes</translation>
    </message>
    <message>
      <source>Commune boundaries</source>
      <translation>Limites communales</translation>
    </message>
    <message>
      <source>Population file (CSV or communes.json)</source>
      <translation>Fichier de population (CSV ou communes.json)</translation>
    </message>
    <message>
      <source>EPCI membership (epci.json)</source>
      <translation>Appartenance aux EPCI (epci.json)</translation>
    </message>
    <message>
      <source>Import census and income (INSEE)</source>
      <translation>Importer recensement et revenus (INSEE)</translation>
    </message>
    <message>
      <source>Reads INSEE tables as INSEE publishes them (CSV, the zip of the CSV, or the XLSX workbook): the census 'bases infracommunales' by IRIS (base-ic-…) or communal files (base-cc-…) of the themes evol-struct-pop, diplomes-formation, activite-residents and couples-familles-menages, of any vintage (P20_…, C20_…), the Filosofi tables by IRIS or commune (median income, poverty rate) and published fragility rates. The files are joined on their IRIS or commune code into one table with vintage-free counts (population, pop_15_29, pop_65_plus, nscol15p, households, families, active_15_64…), median_income, poverty_rate, and the MedNum variables computed from the counts (age_15_29_share, age_65_plus_share, low_diploma_share, one_person_household_share, single_parent_share, unemployment_rate). Secret values (blank, 's', a median income of 0) are missing, never 0. COMMUNES cuts national files to the territory. The result is the 'fragility variables' input of the diagnosis and of the fragility index.</source>
      <translation>Lit les tables de l’INSEE telles que l’INSEE les publie (CSV, le zip du CSV ou le classeur XLSX) : les « bases infracommunales » du recensement par IRIS (base-ic-…) ou les fichiers communaux (base-cc-…) des thèmes evol-struct-pop, diplomes-formation, activite-residents et couples-familles-menages, de tout millésime (P20_…, C20_…), les tables Filosofi par IRIS ou par commune (revenu médian, taux de pauvreté) et des taux de fragilité publiés. Les fichiers sont joints sur leur code IRIS ou commune en une table d’effectifs sans millésime (population, pop_15_29, pop_65_plus, nscol15p, households, families, active_15_64…), median_income, poverty_rate et les variables MedNum calculées à partir des effectifs (age_15_29_share, age_65_plus_share, low_diploma_share, one_person_household_share, single_parent_share, unemployment_rate). Les valeurs couvertes par le secret (vides, « s », un revenu médian de 0) sont manquantes, jamais 0. COMMUNES découpe les fichiers nationaux au territoire. Le résultat est l’entrée « variables de fragilité » du diagnostic et de l’indice de fragilité.</translation>
    </message>
    <message>
      <source>Import IRIS (contours, census, QPV)</source>
      <translation>Importer les IRIS (contours, recensement, QPV)</translation>
    </message>
    <message>
      <source>Reads the IRIS contours — IGN CONTOURS-IRIS (GeoPackage or Shapefile, fields CODE_IRIS/code_iris…) or an IRIS GeoJSON — and joins the INSEE census (and Filosofi) files by IRIS given in CENSUS, so each IRIS carries population (the field the diagnosis uses as its population layer) and the fragility variables. With QPV (ANCT priority neighbourhoods), each IRIS gets qpv (true when at least 1 % of its area lies in a QPV), qpv_share and qpv_codes. COMMUNES keeps the IRIS of the territory's communes. Output: IRIS polygons in the territory's metric CRS.</source>
      <translation>Lit les contours des IRIS — IGN CONTOURS-IRIS (GeoPackage ou Shapefile, champs CODE_IRIS/code_iris…) ou un GeoJSON d’IRIS — et y joint les fichiers du recensement (et Filosofi) par IRIS donnés dans CENSUS : chaque IRIS porte ainsi population (le champ que le diagnostic utilise comme couche de population) et les variables de fragilité. Avec QPV (quartiers prioritaires de l’ANCT), chaque IRIS reçoit qpv (vrai quand au moins 1 % de sa surface est dans un QPV), qpv_share et qpv_codes. COMMUNES garde les IRIS des communes du territoire. Sortie : les contours des IRIS dans le SCR métrique du territoire.</translation>
    </message>
    <message>
      <source>Import the 200 m population grid (INSEE Filosofi)</source>
      <translation>Importer la grille de population à 200 m (INSEE Filosofi)</translation>
    </message>
    <message>
      <source>Reads the INSEE Filosofi 200 m grid ('données carroyées', GeoPackage, any vintage: Ind/ind, Idcar_200m/IdINSPIRE…) and writes its cells with population (inhabitants of the cell), households, poor_households and code_insee (the commune holding the cell's centre), in the territory's metric CRS. With COMMUNES, only the cells whose centre lies in one of them are kept (a national file is read for the territory's extent only). INSEE publishes only cells with enough households: the log says which share of the communes' population the cells hold.</source>
      <translation>Lit la grille à 200 m de l’INSEE Filosofi (« données carroyées », GeoPackage, tout millésime : Ind/ind, Idcar_200m/IdINSPIRE…) et écrit ses carreaux avec population (habitants du carreau), households, poor_households et code_insee (la commune qui contient le centre du carreau), dans le SCR métrique du territoire. Avec COMMUNES, seuls les carreaux dont le centre est dans l’une d’elles sont gardés (un fichier national n’est lu que sur l’emprise du territoire). L’INSEE ne publie que les carreaux ayant assez de ménages : le journal dit quelle part de la population des communes les carreaux contiennent.</translation>
    </message>
    <message>
      <source>Import priority neighbourhoods (QPV)</source>
      <translation>Importer les quartiers prioritaires (QPV)</translation>
    </message>
    <message>
      <source>Reads the ANCT quartiers prioritaires de la politique de la ville (GeoJSON, Shapefile or GeoPackage; code_qp or CODE_QP) and writes polygons with code_qp, nom_qp and communes in the territory's metric CRS. ATTRIBUTES: a table keyed by the QPV code (e.g. the CNAF/ANCT data of the QPV, CODGEO = QP…) whose columns are joined (POP_MUN becomes population_qpv). COMMUNES keeps the QPV of the territory.</source>
      <translation>Lit les quartiers prioritaires de la politique de la ville de l’ANCT (GeoJSON, Shapefile ou GeoPackage ; code_qp ou CODE_QP) et écrit des polygones avec code_qp, nom_qp et communes dans le SCR métrique du territoire. ATTRIBUTES : une table par code de QPV (par exemple les données CNAF/ANCT des QPV, CODGEO = QP…) dont les colonnes sont jointes (POP_MUN devient population_qpv). COMMUNES garde les QPV du territoire.</translation>
    </message>
    <message>
      <source>Communes of the territory (to cut national files; optional)</source>
      <translation>Communes du territoire (pour découper les fichiers nationaux ; facultatif)</translation>
    </message>
    <message>
      <source>INSEE census / Filosofi files</source>
      <translation>Fichiers INSEE recensement / Filosofi</translation>
    </message>
    <message>
      <source>Census and income</source>
      <translation>Recensement et revenus</translation>
    </message>
    <message>
      <source>IRIS contours</source>
      <translation>Contours des IRIS</translation>
    </message>
    <message>
      <source>INSEE census / Filosofi files by IRIS (optional)</source>
      <translation>Fichiers INSEE recensement / Filosofi par IRIS (facultatif)</translation>
    </message>
    <message>
      <source>QPV polygons (ANCT, optional)</source>
      <translation>Contours des QPV (ANCT, facultatif)</translation>
    </message>
    <message>
      <source>Metric CRS (default: legal CRS of the territory)</source>
      <translation>SCR métrique (par défaut : SCR légal du territoire)</translation>
    </message>
    <message>
      <source>Filosofi 200 m grid (GeoPackage)</source>
      <translation>Grille Filosofi à 200 m (GeoPackage)</translation>
    </message>
    <message>
      <source>Metric CRS (default: the communes' CRS)</source>
      <translation>SCR métrique (par défaut : celui des communes)</translation>
    </message>
    <message>
      <source>200 m grid</source>
      <translation>Grille à 200 m</translation>
    </message>
    <message>
      <source>QPV polygons</source>
      <translation>Contours des QPV</translation>
    </message>
    <message>
      <source>QPV attributes (table by QPV code)</source>
      <translation>Attributs des QPV (table par code QPV)</translation>
    </message>
    <message>
      <source>QPV</source>
      <translation>QPV</translation>
    </message>
    <message>
      <source>Import service places</source>
      <translation>Importer des lieux de service</translation>
    </message>
    <message>
      <source>Reads a file of public-service or digital-mediation places as published — France Services (ANCT CSV), mediation places (national schema, CSV/JSON/GeoJSON), INSEE BPE, or an OpenStreetMap extract (.osm/.osm.pbf: town halls, libraries, post offices, community centres, social facilities, government offices, public internet access) — and writes one point layer with the fields id, name, category, code_insee, address, opening_hours, services, source, mobile, capacity in the legal CRS of the territory. The format is detected from the header; FORMAT forces one. A file whose places lie in several French territories (the national lists with the overseas départements) is kept whole, in EPSG:4326; TERRITORIES also writes one layer per territory, each in its legal CRS (Lambert-93, RGAF09 / UTM 20N, RGFG95 / UTM 22N, RGR92 / UTM 40S, RGM04 / UTM 38S, RGSPM06 / UTM 21N). CRS forces one CRS: places in territories it does not cover are then rejected. Rows without usable coordinates are rejected and listed with their line number in the log; the rest is imported.</source>
      <translation>Lit un fichier de lieux de service public ou de médiation numérique tel que publié — France Services (CSV de l’ANCT), lieux de médiation (schéma national, CSV/JSON/GeoJSON), BPE de l’INSEE, ou un extrait OpenStreetMap (.osm/.osm.pbf : mairies, bibliothèques, bureaux de poste, maisons de quartier, structures sociales, administrations, accès public à internet) — et écrit une couche de points avec les champs id, name, category, code_insee, address, opening_hours, services, source, mobile, capacity dans le SCR légal du territoire. Le format est détecté d’après l’en-tête ; FORMAT en impose un. Un fichier dont les lieux sont dans plusieurs territoires français (les listes nationales avec les départements d’outre-mer) est gardé en entier, en EPSG:4326 ; TERRITORIES écrit aussi une couche par territoire, chacune dans son SCR légal (Lambert-93, RGAF09 / UTM 20N, RGFG95 / UTM 22N, RGR92 / UTM 40S, RGM04 / UTM 38S, RGSPM06 / UTM 21N). CRS impose un SCR : les lieux des territoires qu’il ne couvre pas sont alors rejetés. Les lignes sans coordonnées utilisables sont rejetées et listées avec leur numéro de ligne dans le journal ; le reste est importé.</translation>
    </message>
    <message>
      <source>Import connectivity data</source>
      <translation>Importer des données de connectivité</translation>
    </message>
    <message>
      <source>Reads ARCEP connectivity open data as published: 'Ma connexion internet' statistics per commune (commune_debit, commune_debit_filaire, commune_techno, commune_meilleure_techno_thd), the FttH deployment observatory (premises connectable at the latest quarter; with INFOS, its commune information file, the premises that make the FttH share) and that information file alone, the list of mobile sites (points), or mobile coverage polygons (GeoPackage with 'niveau' TBC/BC/CL). Commune statistics become a table with code_insee, premises and eligibility counts; sites a point layer; coverage a polygon layer, in the metric CRS. FORMAT forces the format.</source>
      <translation>Lit les données ouvertes de connectivité de l’ARCEP telles que publiées : statistiques « Ma connexion internet » par commune (commune_debit, commune_debit_filaire, commune_techno, commune_meilleure_techno_thd), l’observatoire du déploiement FttH (locaux raccordables au dernier trimestre ; avec INFOS, son fichier d’informations par commune, les locaux qui font la part FttH) et ce fichier d’informations seul, la liste des sites mobiles (points), ou les polygones de couverture mobile (GeoPackage avec « niveau » TBC/BC/CL). Les statistiques communales deviennent une table avec code_insee, les locaux et les nombres de locaux éligibles ; les sites une couche de points ; la couverture une couche de polygones, dans le SCR métrique. FORMAT impose le format.</translation>
    </message>
    <message>
      <source>Service places file</source>
      <translation>Fichier de lieux de service</translation>
    </message>
    <message>
      <source>BPE equipment types (comma-separated TYPEQU codes, BPE only)</source>
      <translation>Types d’équipements BPE (codes TYPEQU séparés par des virgules, BPE seulement)</translation>
    </message>
    <message>
      <source>Places in several territories</source>
      <translation>Lieux dans plusieurs territoires</translation>
    </message>
    <message>
      <source>One layer per territory (GeoPackage)</source>
      <translation>Une couche par territoire (GeoPackage)</translation>
    </message>
    <message>
      <source>Service places</source>
      <translation>Lieux de service</translation>
    </message>
    <message>
      <source>Layers per territory</source>
      <translation>Couches par territoire</translation>
    </message>
    <message>
      <source>Connectivity file</source>
      <translation>Fichier de connectivité</translation>
    </message>
    <message>
      <source>FttH observatory: its commune information file (premises, for the FttH share)</source>
      <translation>Observatoire FttH : son fichier d’informations par commune (les locaux, pour la part FttH)</translation>
    </message>
    <message>
      <source>Connectivity</source>
      <translation>Connectivité</translation>
    </message>
    <message>
      <source>one layer (in EPSG:4326 when the territories' legal CRSs differ)</source>
      <translation>une couche (en EPSG:4326 quand les SCR légaux des territoires diffèrent)</translation>
    </message>
    <message>
      <source>also one layer per territory, each in its legal CRS</source>
      <translation>aussi une couche par territoire, chacune dans son SCR légal</translation>
    </message>
    <message>
      <source>Coverage as the crow flies</source>
      <translation>Couverture à vol d’oiseau</translation>
    </message>
    <message>
      <source>Straight-line distance from every demand point to the nearest service place (KD-tree in a metric CRS), then per commune: mean, median and 90th-percentile distance (m) and share_within, the share (0-1) of the population within DISTANCE_KM (5 km target by default). Demand: the ADDRESSES (each carrying its commune's population spread evenly); where a commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune carrying its whole population (COMMUNES). Statistics are weighted by population; demand_source says which demand each commune has. Without COMMUNES the addresses are grouped by their code_insee field. SERVICES takes one or several point layers; CATEGORY keeps one service category. Communes with fewer than MIN_COUNT addresses have their values masked (empty) and flagged (statistical confidentiality; 0 disables). OPEN_AT keeps only the places open at a time (Saturday morning, after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW, a window in the OpenStreetMap opening_hours syntax), read from their opening_hours field on one week (OPEN_WEEK; default the next week without a public holiday): a place open at least OPEN_MIN_MINUTES in a row in the window counts. The shares are then open_share_within_{k}km (places known to be open) and open_or_unknown_share_within_{k}km (places of unknown hours counted as open: an upper bound); places of unknown hours are counted apart and named in the log. OUTPUT_PLACES (optional) receives the places with hours_status (open, closed, unknown), open_minutes and hours_reason. Reading opening hours needs the Python package opening-hours-py. ENGINE: in process, or Dask — the run cut by département, each part with the places near enough to its edge to be some point's nearest (the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</source>
      <translation>Distance à vol d’oiseau de chaque point de demande au lieu de service le plus proche (arbre KD dans un SCR métrique), puis par commune : distance moyenne, médiane et au 9e décile (m) et share_within, la part (0-1) de la population à moins de DISTANCE_KM (objectif de 5 km par défaut). Demande : les ADRESSES (ADDRESSES, chacune portant une part égale de la population de sa commune) ; là où une commune n’en a pas, la couche POPULATION (IRIS ou carreaux de 200 m avec une population dans POPULATION_FIELD) ; sinon un point dans la commune portant toute sa population (COMMUNES). Les statistiques sont pondérées par la population ; demand_source dit quelle demande a chaque commune. Sans COMMUNES, les adresses sont groupées par leur champ code_insee. SERVICES accepte une ou plusieurs couches de points ; CATEGORY garde une catégorie de lieux. Les communes de moins de MIN_COUNT adresses ont leurs valeurs masquées (vides) et signalées (secret statistique ; 0 le désactive). OPEN_AT ne garde que les lieux ouverts à un moment donné (le samedi matin, après 18 h en semaine, au moins une fois dans la semaine, ou OPEN_WINDOW, un créneau dans la syntaxe opening_hours d’OpenStreetMap), lus dans leur champ opening_hours sur une semaine (OPEN_WEEK ; par défaut la prochaine semaine sans jour férié) : un lieu ouvert au moins OPEN_MIN_MINUTES d’affilée dans le créneau compte. Les parts sont alors open_share_within_{k}km (lieux dont on sait qu’ils sont ouverts) et open_or_unknown_share_within_{k}km (lieux aux horaires inconnus comptés ouverts : une borne haute) ; les lieux aux horaires inconnus sont comptés à part et nommés dans le journal. OUTPUT_PLACES (facultatif) reçoit les lieux avec hours_status (open, closed, unknown), open_minutes et hours_reason. La lecture des horaires demande le paquet Python opening-hours-py. ENGINE : dans le processus, ou Dask — le calcul découpé par département, chaque partie avec les lieux assez proches de son bord pour être le plus proche d’un point (les mêmes chiffres), sur un cluster local de WORKERS workers (des fils d’exécution dans QGIS) ou sur le cluster dont l’adresse du planificateur est SCHEDULER (tcp://hôte:8786) ; Dask demande le paquet Python distributed.</translation>
    </message>
    <message>
      <source>Coverage along the road network</source>
      <translation>Couverture par le réseau routier</translation>
    </message>
    <message>
      <source>Travel time (or distance) along the OpenStreetMap road network from every demand point to the nearest service. Demand points and services join the nearest point of a road (that short distance is walked at 4.5 km/h); one shortest-path pass from all services on the reversed graph gives every point its time (one-way streets respected when driving). A point farther than MAX_SNAP_M (1000 m) from a road — outside a partial OSM extract — gets no time (NULL), never a long walk counted as travel time; a service that far from a road is left out, and a point it could be nearer to gets no time either. Demand: ADDRESSES, else the POPULATION layer (IRIS or 200 m grid cells), else one point per commune (COMMUNES). Per commune: time_mean_min, time_median_min, time_p90_min, share_within_{band}min for each band (default 15 and 30 minutes), n_unreachable, n_outside_graph and network_known_share (the share of the population with a time), weighted by population. OUTPUT_AREAS (optional) receives service-area polygons per band that do not overlap: the network is rasterised at CELL_SIZE metres, each cell taking the lowest band reached, then polygonised. ENGINE: in process, or Dask — the run cut by département, each part on the roads and places within a border buffer of it (at first the largest band at the network's top speed, widened where a point's time cannot be proved the same as on the whole network: the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</source>
      <translation>Temps (ou distance) de trajet par le réseau routier OpenStreetMap de chaque point de demande au service le plus proche. Points de demande et lieux rejoignent le point de route le plus proche (cette courte distance est parcourue à pied à 4,5 km/h) ; un seul calcul de plus courts chemins depuis tous les lieux sur le graphe inversé donne son temps à chaque point (sens uniques respectés en voiture). Un point à plus de MAX_SNAP_M (1 000 m) d’une route — hors d’un extrait OSM partiel — n’a pas de temps (NULL), jamais une longue marche comptée comme trajet ; un lieu aussi loin d’une route est laissé de côté, et un point dont il pourrait être le plus proche n’a pas de temps non plus. Demande : ADDRESSES, sinon la couche POPULATION (IRIS ou carreaux de 200 m), sinon un point par commune (COMMUNES). Par commune : time_mean_min, time_median_min, time_p90_min, share_within_{band}min pour chaque tranche (15 et 30 minutes par défaut), n_unreachable, n_outside_graph et network_known_share (la part de la population qui a un temps), pondérés par la population. OUTPUT_AREAS (facultatif) reçoit les zones desservies par tranche, sans recouvrement : le réseau est tramé à CELL_SIZE mètres, chaque cellule prenant la tranche la plus basse atteinte, puis vectorisé. ENGINE : dans le processus, ou Dask — le calcul découpé par département, chaque partie sur les routes et les lieux d’une zone tampon autour d’elle (d’abord la plus grande tranche à la vitesse maximale du réseau, élargie là où le temps d’un point ne peut être prouvé le même que sur tout le réseau : les mêmes chiffres), sur un cluster local de WORKERS workers (des fils d’exécution dans QGIS) ou sur le cluster dont l’adresse du planificateur est SCHEDULER (tcp://hôte:8786) ; Dask demande le paquet Python distributed.</translation>
    </message>
    <message>
      <source>Accessibility (2SFCA / E2SFCA)</source>
      <translation>Accessibilité (2SFCA / E2SFCA)</translation>
    </message>
    <message>
      <source>Two-step floating catchment area accessibility, as PySAL access computes it. Step 1: each place's capacity (CAPACITY_FIELD, 1 when empty) divided by the (weighted) population within its catchment; step 2: each demand point sums the ratios of the places within reach (weighted again). 2SFCA uses a catchment of MAX_DISTANCE_KM; E2SFCA uses distance-decay STEPS 'km:weight' (default 5:1,10:0.68,15:0.22, the DREES/Luo-Qi shape). Demand: POPULATION_FIELD of each point, or the population of its commune (COMMUNES) spread over its addresses, else 1. OUTPUT: one row per demand point with fsca (places per inhabitant), fsca_per_10k and fsca_norm (1 = territory average); OUTPUT_COMMUNES: the population-weighted mean per commune. With ROADS (an OSM extract) the catchment is a driving time: MAX_TIME_MIN for 2SFCA, and the STEPS limits are read in minutes; a demand point farther than MAX_SNAP_M from a road gets no accessibility (NULL) and a place that far is left out. SERVICES takes one or several point layers; CAPACITY_FIELD names their capacity field (default: capacity, else 1).</source>
      <translation>Accessibilité par aires flottantes à deux étapes (2SFCA), comme la calcule PySAL access. Étape 1 : la capacité de chaque lieu (CAPACITY_FIELD, 1 si vide) divisée par la population (pondérée) de sa zone ; étape 2 : chaque point de demande additionne les ratios des lieux à sa portée (pondérés à nouveau). La 2SFCA utilise une zone de MAX_DISTANCE_KM ; la E2SFCA des paliers de décroissance STEPS « km:poids » (par défaut 5:1,10:0.68,15:0.22, la forme DREES/Luo-Qi). Demande : POPULATION_FIELD de chaque point, ou la population de sa commune (COMMUNES) répartie sur ses adresses, sinon 1. OUTPUT : une ligne par point de demande avec fsca (lieux par habitant), fsca_per_10k et fsca_norm (1 = moyenne du territoire) ; OUTPUT_COMMUNES : la moyenne par commune pondérée par la population. Avec ROADS (un extrait OSM), la zone est un temps de conduite : MAX_TIME_MIN pour la 2SFCA, et les limites de STEPS sont lues en minutes ; un point de demande à plus de MAX_SNAP_M d’une route n’a pas d’accessibilité (NULL) et un lieu aussi loin est laissé de côté. SERVICES accepte une ou plusieurs couches de points ; CAPACITY_FIELD nomme leur champ de capacité (par défaut : capacity, sinon 1).</translation>
    </message>
    <message>
      <source>Connectivity per commune</source>
      <translation>Connectivité par commune</translation>
    </message>
    <message>
      <source>Per commune, from ARCEP counts (CONNECTIVITY: one or several tables as imported by 'Import connectivity data'): share_thd30, share_thd100, share_thd1g (premises eligible to at least these speeds, 'Ma connexion internet') and share_no_bhd (premises below 8 Mbit/s); share_ftth (premises connectable to FttH) when a table has it — the FttH observatory with its commune information — otherwise it is left out and the log says why. With COMMUNES and MOBILE_SITES: mobile sites per km² and per 1,000 inhabitants by generation. With MOBILE_COVERAGE (polygons with 'niveau') and ADDRESSES: the share of addresses in good or very good coverage (TBC/BC).</source>
      <translation>Par commune, à partir des décomptes de l’ARCEP (CONNECTIVITY : une ou plusieurs tables importées par « Importer des données de connectivité ») : share_thd30, share_thd100, share_thd1g (locaux éligibles à au moins ces débits, « Ma connexion internet ») et share_no_bhd (locaux sous 8 Mbit/s) ; share_ftth (locaux raccordables à la fibre FttH) quand une table le donne — l’observatoire FttH avec ses informations par commune —, sinon elle est omise et le journal dit pourquoi. Avec COMMUNES et MOBILE_SITES : sites mobiles par km² et pour 1 000 habitants, par génération. Avec MOBILE_COVERAGE (polygones avec « niveau ») et ADDRESSES : la part des adresses en bonne ou très bonne couverture (TBC/BC).</translation>
    </message>
    <message>
      <source>Typology access × fragility</source>
      <translation>Typologie accès × fragilité</translation>
    </message>
    <message>
      <source>Classes each commune by access and fragility so a council sees where to act first: priority (far and fragile), far, fragile, served (unknown when a value is missing). Far: ACCESS_FIELD below ACCESS_THRESHOLD (default share_within &lt; 0.8), or above it when ACCESS_DIRECTION says higher is worse (e.g. dist_median_m &gt; 5000). Fragile: FRAGILITY_FIELD above FRAGILITY_THRESHOLD (default ifn_global &gt; 100, more fragile than the reference). Adds typology, typology_fr, typology_code.</source>
      <translation>Classe chaque commune selon l’accès et la fragilité pour qu’un conseil voie où agir d’abord : prioritaire (éloignée et fragile), éloignée, fragile, desservie (inconnue si une valeur manque). Éloignée : ACCESS_FIELD sous ACCESS_THRESHOLD (par défaut share_within &lt; 0,8), ou au-dessus quand ACCESS_DIRECTION indique que plus c’est élevé, pire c’est (par ex. dist_median_m &gt; 5000). Fragile : FRAGILITY_FIELD au-dessus de FRAGILITY_THRESHOLD (par défaut ifn_global &gt; 100, plus fragile que la référence). Ajoute typology, typology_fr, typology_code.</translation>
    </message>
    <message>
      <source>Accessibility surface (raster)</source>
      <translation>Surface d’accessibilité (raster)</translation>
    </message>
    <message>
      <source>A GeoTIFF of the distance (m, as the crow flies) or the travel time (min, road network: give ROADS) to the nearest service, at CELL_SIZE metres over the communes; cells outside the communes are nodata. The raster's metadata tags record the method and parameters.</source>
      <translation>Un GeoTIFF de la distance (m, à vol d’oiseau) ou du temps de trajet (min, réseau routier : fournir ROADS) au service le plus proche, à CELL_SIZE mètres sur les communes ; les cellules hors des communes sont sans donnée. Les métadonnées du raster consignent la méthode et les paramètres.</translation>
    </message>
    <message>
      <source>Territorial digital diagnosis (all indicators)</source>
      <translation>Diagnostic numérique territorial (tous les indicateurs)</translation>
    </message>
    <message>
      <source>The all-in-one: from the communes, addresses and service places (plus, when given, ARCEP connectivity, fragility variables per commune and an OSM road network) computes every indicator — coverage as the crow flies (overall and per service category), road-network times, 2SFCA accessibility, fixed connectivity shares, the fragility index, the access × fragility typology — masks address-based values of communes with fewer than MIN_COUNT addresses, and writes one commune layer ready for styling. Demand (who is measured, weighted by population): the ADDRESSES; where a commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune carrying its whole population. SERVICES takes one or several point layers (each keeps its sources); SERVICE_CATEGORIES keeps some kinds of places. Along the road network, a point farther than MAX_SNAP_M from a road (outside a partial OSM extract) gets no travel time. VARIABLES: fragility variables per commune. METADATA (JSON) lists parameters, the demand used (demand), what the road network does not cover (steps.network.outside_graph), sources, vintages, whether any input is synthetic, and a description of every field; OUTPUT_SERVICES (optional) receives the service places used. OPEN_AT (a time window: Saturday morning, after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW in the OpenStreetMap opening_hours syntax) adds open_share_within_{k}km (and _{band}min with ROADS): the shares near a place open then, and open_or_unknown_share_within_… counting the places of unknown hours as open; METADATA.steps.open_at says which places were open, closed or of unknown hours, and OUTPUT_SERVICES then has each place's hours_status. ENGINE: in process, or Dask — the coverage as the crow flies and along the road network cut by département (the same figures), on a local cluster of WORKERS workers or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</source>
      <translation>Le tout-en-un : à partir des communes, des adresses et des lieux de service (et, s’ils sont fournis, de la connectivité ARCEP, des variables de fragilité par commune et d’un réseau routier OSM), calcule tous les indicateurs — couverture à vol d’oiseau (globale et par catégorie de lieux), temps par la route, accessibilité 2SFCA, parts de connectivité fixe, indice de fragilité, typologie accès × fragilité —, masque les valeurs fondées sur les adresses des communes de moins de MIN_COUNT adresses, et écrit une couche de communes prête à être symbolisée. Demande (qui est mesuré, pondéré par la population) : les ADRESSES ; là où une commune n’en a pas, la couche POPULATION (IRIS ou carreaux de 200 m avec une population dans POPULATION_FIELD) ; sinon un point dans la commune portant toute sa population. SERVICES accepte une ou plusieurs couches de points (chacune garde ses sources) ; SERVICE_CATEGORIES garde certains types de lieux. Par le réseau routier, un point à plus de MAX_SNAP_M d’une route (hors d’un extrait OSM partiel) n’a pas de temps de trajet. VARIABLES : variables de fragilité par commune. METADATA (JSON) donne les paramètres, la demande utilisée (demand), ce que le réseau routier ne couvre pas (steps.network.outside_graph), les sources, millésimes, si une donnée est synthétique, et la description de chaque champ ; OUTPUT_SERVICES (facultatif) reçoit les lieux utilisés. OPEN_AT (un créneau : le samedi matin, après 18 h en semaine, au moins une fois dans la semaine, ou OPEN_WINDOW dans la syntaxe opening_hours d’OpenStreetMap) ajoute open_share_within_{k}km (et _{band}min avec ROADS) : les parts près d’un lieu ouvert à ce moment, et open_or_unknown_share_within_… qui compte ouverts les lieux aux horaires inconnus ; METADATA.steps.open_at dit quels lieux étaient ouverts, fermés ou aux horaires inconnus, et OUTPUT_SERVICES donne alors le hours_status de chaque lieu. ENGINE : dans le processus, ou Dask — la couverture à vol d’oiseau et par le réseau routier découpées par département (les mêmes chiffres), sur un cluster local de WORKERS workers ou sur le cluster dont l’adresse du planificateur est SCHEDULER (tcp://hôte:8786) ; Dask demande le paquet Python distributed.</translation>
    </message>
    <message>
      <source>Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)</source>
      <translation>SCR métrique des distances (par défaut : celui des communes s’il est projeté, sinon Lambert-93)</translation>
    </message>
    <message>
      <source>Addresses (points with code_insee)</source>
      <translation>Adresses (points avec code_insee)</translation>
    </message>
    <message>
      <source>Communes (polygons with code_insee)</source>
      <translation>Communes (polygones avec code_insee)</translation>
    </message>
    <message>
      <source>Distance threshold (km)</source>
      <translation>Seuil de distance (km)</translation>
    </message>
    <message>
      <source>Service category (empty: all)</source>
      <translation>Catégorie de service (vide : toutes)</translation>
    </message>
    <message>
      <source>Mask communes with fewer addresses than</source>
      <translation>Masquer les communes comptant moins d’adresses que</translation>
    </message>
    <message>
      <source>Coverage per commune</source>
      <translation>Couverture par commune</translation>
    </message>
    <message>
      <source>Places with their opening status (with OPEN_AT)</source>
      <translation>Lieux avec leur état d’ouverture (avec OPEN_AT)</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Mode</translation>
    </message>
    <message>
      <source>Time bands (minutes)</source>
      <translation>Tranches de temps (minutes)</translation>
    </message>
    <message>
      <source>Service-area cell size (m)</source>
      <translation>Taille des cellules des zones de desserte (m)</translation>
    </message>
    <message>
      <source>Network coverage per commune</source>
      <translation>Couverture par le réseau, par commune</translation>
    </message>
    <message>
      <source>Service areas per time band</source>
      <translation>Zones de desserte par tranche de temps</translation>
    </message>
    <message>
      <source>Demand points (addresses or population points)</source>
      <translation>Points de demande (adresses ou points de population)</translation>
    </message>
    <message>
      <source>Population field</source>
      <translation>Champ de population</translation>
    </message>
    <message>
      <source>Capacity field of the service places (empty: capacity when present, else 1 per place)</source>
      <translation>Champ de capacité des lieux (vide : capacity s’il existe, sinon 1 par lieu)</translation>
    </message>
    <message>
      <source>Communes (population per commune)</source>
      <translation>Communes (population par commune)</translation>
    </message>
    <message>
      <source>Catchment (km, 2SFCA)</source>
      <translation>Aire de chalandise (km, 2SFCA)</translation>
    </message>
    <message>
      <source>Decay steps km:weight (E2SFCA)</source>
      <translation>Paliers de décroissance km:poids (E2SFCA)</translation>
    </message>
    <message>
      <source>OpenStreetMap extract: catchment by driving time (optional)</source>
      <translation>Extrait OpenStreetMap : aire de chalandise en temps de trajet en voiture (facultatif)</translation>
    </message>
    <message>
      <source>Catchment (minutes, 2SFCA with ROADS)</source>
      <translation>Aire de chalandise (minutes, 2SFCA avec ROADS)</translation>
    </message>
    <message>
      <source>Accessibility per demand point</source>
      <translation>Accessibilité par point de demande</translation>
    </message>
    <message>
      <source>Accessibility per commune</source>
      <translation>Accessibilité par commune</translation>
    </message>
    <message>
      <source>Communes (polygons with code_insee, population)</source>
      <translation>Communes (polygones avec code_insee, population)</translation>
    </message>
    <message>
      <source>Mobile sites (points with has_2g … has_5g)</source>
      <translation>Sites mobiles (points avec has_2g … has_5g)</translation>
    </message>
    <message>
      <source>Mobile coverage polygons (niveau TBC/BC/CL)</source>
      <translation>Polygones de couverture mobile (niveau TBC/BC/CL)</translation>
    </message>
    <message>
      <source>Communes with indicators</source>
      <translation>Communes avec indicateurs</translation>
    </message>
    <message>
      <source>Access field (empty: share_within)</source>
      <translation>Champ d’accès (vide : share_within)</translation>
    </message>
    <message>
      <source>Access threshold</source>
      <translation>Seuil d’accès</translation>
    </message>
    <message>
      <source>Access field direction</source>
      <translation>Sens du champ d’accès</translation>
    </message>
    <message>
      <source>Fragility field (empty: ifn_global, ifn5_score or composite_score)</source>
      <translation>Champ de fragilité (vide : ifn_global, ifn5_score ou composite_score)</translation>
    </message>
    <message>
      <source>Fragility threshold</source>
      <translation>Seuil de fragilité</translation>
    </message>
    <message>
      <source>Service places (points)</source>
      <translation>Lieux de service (points)</translation>
    </message>
    <message>
      <source>Communes (polygons)</source>
      <translation>Communes (polygones)</translation>
    </message>
    <message>
      <source>Cell size (m)</source>
      <translation>Taille des cellules (m)</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Grandeur</translation>
    </message>
    <message>
      <source>OpenStreetMap extract (travel time)</source>
      <translation>Extrait OpenStreetMap (temps de trajet)</translation>
    </message>
    <message>
      <source>Accessibility surface</source>
      <translation>Surface d’accessibilité</translation>
    </message>
    <message>
      <source>Fragility variables or census counts, by IRIS or by commune</source>
      <translation>Variables de fragilité ou effectifs du recensement, par IRIS ou par commune</translation>
    </message>
    <message>
      <source>IRIS polygons (map and sheets per IRIS; optional)</source>
      <translation>Contours des IRIS (carte et fiches par IRIS ; facultatif)</translation>
    </message>
    <message>
      <source>OpenStreetMap extract (.osm/.pbf)</source>
      <translation>Extrait OpenStreetMap (.osm/.pbf)</translation>
    </message>
    <message>
      <source>Other distance thresholds (km, comma-separated)</source>
      <translation>Autres seuils de distance (km, séparés par des virgules)</translation>
    </message>
    <message>
      <source>Place categories of the headline indicators (comma-separated; empty: France Services and mediation places when present, else all)</source>
      <translation>Catégories de lieux des indicateurs principaux (séparées par des virgules ; vide : France Services et lieux de médiation quand il y en a, sinon toutes)</translation>
    </message>
    <message>
      <source>Travel-time bands (minutes, with ROADS)</source>
      <translation>Tranches de temps de trajet (minutes, avec ROADS)</translation>
    </message>
    <message>
      <source>Reference territory of the fragility index</source>
      <translation>Territoire de référence de l’indice de fragilité</translation>
    </message>
    <message>
      <source>MedNum reference values (CSV)</source>
      <translation>Valeurs de référence MedNum (CSV)</translation>
    </message>
    <message>
      <source>Compute 2SFCA accessibility</source>
      <translation>Calculer l’accessibilité 2SFCA</translation>
    </message>
    <message>
      <source>Fragility per IRIS (when the variables are by IRIS)</source>
      <translation>Fragilité par IRIS (quand les variables sont par IRIS)</translation>
    </message>
    <message>
      <source>Diagnosis per commune</source>
      <translation>Diagnostic par commune</translation>
    </message>
    <message>
      <source>Service places used</source>
      <translation>Lieux de service utilisés</translation>
    </message>
    <message>
      <source>Parameters, sources, fields (JSON)</source>
      <translation>Paramètres, sources, champs (JSON)</translation>
    </message>
    <message>
      <source>{n} points have a commune code that is not in the communes layer and are left out, e.g. {codes}</source>
      <translation>{n} points ont un code de commune absent de la couche des communes et sont laissés de côté, par exemple {codes}</translation>
    </message>
    <message>
      <source>The territory loaded</source>
      <translation>Le territoire chargé</translation>
    </message>
    <message>
      <source>Each commune's EPCI</source>
      <translation>L’EPCI de chaque commune</translation>
    </message>
    <message>
      <source>Each commune's département</source>
      <translation>Le département de chaque commune</translation>
    </message>
    <message>
      <source>Each commune's région</source>
      <translation>La région de chaque commune</translation>
    </message>
    <message>
      <source>{n} demand points farther than {m} m from a road have no accessibility by driving time.</source>
      <translation>{n} points de demande à plus de {m} m d’une route n’ont pas d’accessibilité en temps de conduite.</translation>
    </message>
    <message>
      <source>Geocode addresses (BAN)</source>
      <translation>Géocoder des adresses (BAN)</translation>
    </message>
    <message>
      <source>Geocodes a table of addresses (CSV file) with the BAN geocoding API (batch /search/csv/, 5,000 rows per request, at most 50 requests per second). ADDRESS_FIELDS lists the column(s) whose values, joined, form the address (e.g. 'numero,voie,code_postal,commune'); an optional INSEE code or postcode column narrows the search. A row is kept when the geocoder found it with a score at least THRESHOLD (0.8 by default) and, if MIN_GAP is above 0, a score at least MIN_GAP above the next candidate. Output: points in the legal metric CRS of the territory with the address fields (code_insee, numero, nom_voie, code_postal, nom_commune), the score and the input columns. Rejected rows (not found, low score, ambiguous) are listed in the log with their line number and, if REJECTED is set, written to a CSV. The service URL is a setting (data.geopf.fr/geocodage by default; api-adresse.data.gouv.fr is accepted). The addresses are sent to that service.</source>
      <translation>Géocode une table d’adresses (fichier CSV) avec l’API de géocodage de la BAN (lot /search/csv/, 5 000 lignes par requête, au plus 50 requêtes par seconde). ADDRESS_FIELDS liste la ou les colonnes dont les valeurs, réunies, forment l’adresse (par ex. 'numero,voie,code_postal,commune') ; une colonne facultative de code INSEE ou de code postal restreint la recherche. Une ligne est retenue quand le géocodeur l’a trouvée avec un score d’au moins THRESHOLD (0,8 par défaut) et, si MIN_GAP est supérieur à 0, un score supérieur d’au moins MIN_GAP à celui du candidat suivant. Sortie : des points dans le SCR métrique légal du territoire avec les champs d’adresse (code_insee, numero, nom_voie, code_postal, nom_commune), le score et les colonnes d’entrée. Les lignes rejetées (introuvables, score faible, ambiguës) sont listées dans le journal avec leur numéro de ligne et, si REJECTED est renseigné, écrites dans un CSV. L’URL du service est un réglage (data.geopf.fr/geocodage par défaut ; api-adresse.data.gouv.fr est acceptée). Les adresses sont envoyées à ce service.</translation>
    </message>
    <message>
      <source>Download the open data of a territory</source>
      <translation>Télécharger les données ouvertes d’un territoire</translation>
    </message>
    <message>
      <source>Downloads, for a département, an EPCI (SIREN) or a list of communes (INSEE codes, comma-separated), the open data TerriDiag uses, from the producers' published addresses: BAN addresses (adresse.data.gouv.fr), communes with population and EPCI (geo.api.gouv.fr), France Services (data.gouv.fr, ANCT), digital mediation places (national export), ARCEP 'Ma connexion internet' statistics per commune, the INSEE census by IRIS (four themes) and Filosofi incomes (IRIS and communes, with the official values of the territory when INSEE publishes them, written as a REFERENCE file for the fragility index), the IRIS contours (IGN), the BPE equipment, the QPV (ANCT), the OpenStreetMap roads of the territory's box (Overpass API) and, on request, the 200 m population grid. National files are cut to the territory. Files are cached in CACHE_DIR: an unchanged file is not downloaded twice (conditional requests), and an interrupted download resumes where it stopped. OUTPUT_DIR receives one file per dataset in its published format plus manifest.json (URLs, sizes, SHA-256, dates, licences). Uses the proxy and SSL settings of QGIS.</source>
      <translation>Télécharge, pour un département, un EPCI (SIREN) ou une liste de communes (codes INSEE séparés par des virgules), les données ouvertes qu’utilise TerriDiag, aux adresses publiées par les producteurs : adresses de la BAN (adresse.data.gouv.fr), communes avec leur population et leur EPCI (geo.api.gouv.fr), France Services (data.gouv.fr, ANCT), lieux de médiation numérique (export national), statistiques ARCEP « Ma connexion internet » par commune, le recensement de l’INSEE par IRIS (quatre thèmes) et les revenus Filosofi (IRIS et communes, avec les valeurs officielles du territoire quand l’INSEE les publie, écrites en fichier REFERENCE pour l’indice de fragilité), les contours des IRIS (IGN), les équipements de la BPE, les QPV (ANCT), les routes OpenStreetMap de l’emprise du territoire (API Overpass) et, sur demande, la grille de population à 200 m. Les fichiers nationaux sont découpés au territoire. Les fichiers sont mis en cache dans CACHE_DIR : un fichier inchangé n’est pas téléchargé deux fois (requêtes conditionnelles), et un téléchargement interrompu reprend là où il s’est arrêté. OUTPUT_DIR reçoit un fichier par jeu de données dans son format publié, plus manifest.json (URL, tailles, SHA-256, dates, licences). Utilise les réglages de proxy et SSL de QGIS.</translation>
    </message>
    <message>
      <source>Table of addresses (CSV)</source>
      <translation>Table d’adresses (CSV)</translation>
    </message>
    <message>
      <source>Address column(s), comma-separated</source>
      <translation>Colonne(s) d’adresse, séparées par des virgules</translation>
    </message>
    <message>
      <source>INSEE commune code column</source>
      <translation>Colonne du code commune INSEE</translation>
    </message>
    <message>
      <source>Postcode column</source>
      <translation>Colonne du code postal</translation>
    </message>
    <message>
      <source>Minimum score</source>
      <translation>Score minimal</translation>
    </message>
    <message>
      <source>Minimum gap to the next candidate (0 = no check)</source>
      <translation>Écart minimal avec le candidat suivant (0 = pas de contrôle)</translation>
    </message>
    <message>
      <source>Geocoder URL (empty = setting)</source>
      <translation>URL du géocodeur (vide = réglage)</translation>
    </message>
    <message>
      <source>Geocoded addresses</source>
      <translation>Adresses géocodées</translation>
    </message>
    <message>
      <source>Rejected rows</source>
      <translation>Lignes rejetées</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
      <source>Rows geocoded</source>
      <translation>Lignes géocodées</translation>
    </message>
    <message>
      <source>Territory code(s)</source>
      <translation>Code(s) du territoire</translation>
    </message>
    <message>
      <source>Territory kind</source>
      <translation>Type de territoire</translation>
    </message>
    <message>
      <source>Datasets</source>
      <translation>Jeux de données</translation>
    </message>
    <message>
      <source>Cache folder (empty = setting)</source>
      <translation>Dossier de cache (vide = réglage)</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>Dossier de sortie</translation>
    </message>
    <message>
      <source>Manifest</source>
      <translation>Manifeste</translation>
    </message>
    <message>
      <source>Files written per dataset (JSON)</source>
      <translation>Fichiers écrits par jeu de données (JSON)</translation>
    </message>
    <message>
      <source>CSV files (*.csv *.txt *.csv.gz);;All files (*.*)</source>
      <translation>Fichiers CSV (*.csv *.txt *.csv.gz);;Tous les fichiers (*.*)</translation>
    </message>
    <message>
      <source>Outputs</source>
      <translation>Sorties</translation>
    </message>
    <message>
      <source>Offline web map</source>
      <translation>Carte web hors ligne</translation>
    </message>
    <message>
      <source>One self-contained HTML file to share with people who have no QGIS: it works offline (Leaflet is inlined from the computer's installed copy; no basemap, the communes are the map). Communes are coloured by INDICATOR with a legend (masked communes hatched), service places by category with popups, optional coverage AREAS, a layer switcher, and the title, date, sources and licences (ODbL notice when OpenStreetMap data were used). METADATA is the diagnosis's METADATA output. With IRIS (the diagnosis's OUTPUT_IRIS), the IRIS of the communes split into IRIS are a layer of their own with a sheet per IRIS in its popup, and those in a priority neighbourhood (QPV) an overlay.</source>
      <translation>Un seul fichier HTML autonome à partager avec des personnes qui n’ont pas QGIS : il fonctionne hors ligne (Leaflet est intégré depuis la copie installée sur l’ordinateur ; pas de fond de carte, les communes sont la carte). Les communes sont colorées selon INDICATOR avec une légende (communes masquées hachurées), les lieux de service par catégorie avec des fenêtres d’information, des zones de couverture AREAS facultatives, un sélecteur de couches, ainsi que le titre, la date, les sources et les licences (mention ODbL quand des données OpenStreetMap ont servi). METADATA est la sortie METADATA du diagnostic. Avec IRIS (la sortie OUTPUT_IRIS du diagnostic), les IRIS des communes découpées en IRIS forment une couche à part, avec une fiche par IRIS dans sa fenêtre d’information, et ceux en quartier prioritaire (QPV) une surcouche.</translation>
    </message>
    <message>
      <source>Diagnosis report (HTML and PDF)</source>
      <translation>Rapport de diagnostic (HTML et PDF)</translation>
    </message>
    <message>
      <source>A territory page and one sheet per commune (or per commune listed in CODES): a map, the key figures against the territory, charts, the typology class, a plain-language reading of the numbers, method notes and the sources with vintages and licences. Masked indicators stay masked. With IRIS (the diagnosis's OUTPUT_IRIS), each commune split into IRIS is followed by a sheet per IRIS (its map, its figures against the territory, its QPV and fragility). Give an HTML and/or a PDF output.</source>
      <translation>Une page pour le territoire et une fiche par commune (ou par commune listée dans CODES) : une carte, les chiffres clés comparés au territoire, des graphiques, la classe de typologie, une lecture des chiffres en langage courant, des notes de méthode et les sources avec millésimes et licences. Les indicateurs masqués restent masqués. Avec IRIS (la sortie OUTPUT_IRIS du diagnostic), chaque commune découpée en IRIS est suivie d’une fiche par IRIS (sa carte, ses chiffres face au territoire, son QPV et sa fragilité). Indiquez une sortie HTML et/ou PDF.</translation>
    </message>
    <message>
      <source>Export results (GeoPackage, CSV, XLSX)</source>
      <translation>Exporter les résultats (GeoPackage, CSV, XLSX)</translation>
    </message>
    <message>
      <source>Writes the results with their provenance: a GeoPackage with every layer given (communes, services, areas, addresses, the diagnosis by IRIS), each layer's current style, and the metadata (sources, vintages, licences, method parameters) in a terridiag_metadata table and the GeoPackage metadata extension; a CSV of the communes for Excel (UTF-8 with BOM, ';', decimal comma); an XLSX workbook with a data dictionary sheet. Every file is written completely or not at all.</source>
      <translation>Écrit les résultats avec leur provenance : un GeoPackage avec chaque couche fournie (communes, services, zones, adresses, le diagnostic par IRIS), le style actuel de chaque couche et les métadonnées (sources, millésimes, licences, paramètres de méthode) dans une table terridiag_metadata et l’extension de métadonnées du GeoPackage ; un CSV des communes pour Excel (UTF-8 avec BOM, ';', virgule décimale) ; un classeur XLSX avec une feuille de dictionnaire des données. Chaque fichier est écrit entièrement ou pas du tout.</translation>
    </message>
    <message>
      <source>Print atlas of the communes (PDF)</source>
      <translation>Atlas imprimable des communes (PDF)</translation>
    </message>
    <message>
      <source>One page per commune (or per commune listed in CODES) in one PDF, from a print layout with an atlas over the communes: A4 portrait (map, key figures, legend, typology, sources) or A3 landscape poster for workshops (large map, the commune's name and three numbers in big type). The map is coloured by INDICATOR (masked communes hatched). TEMPLATE saves the layout as a .qpt to adjust in the layout designer. With IRIS (the diagnosis's OUTPUT_IRIS) and OUTPUT_IRIS, a second PDF has one page per IRIS of the communes split into IRIS. Communes of several départements (a national diagnosis) give one atlas per département instead of OUTPUT: &lt;name&gt;_&lt;code&gt;.pdf (atlas_2A.pdf, atlas_971.pdf… for OUTPUT atlas.pdf) in OUTPUT_FOLDER, or beside OUTPUT when OUTPUT_FOLDER is empty; each has the pages of its communes only, its map in the legal CRS of its territory and the département's name on every page. Your project and layers are not modified.</source>
      <translation>Une page par commune (ou par commune listée dans CODES) dans un seul PDF, à partir d’une mise en page avec un atlas sur les communes : A4 portrait (carte, chiffres clés, légende, typologie, sources) ou affiche A3 paysage pour les ateliers (grande carte, nom de la commune et trois chiffres en gros caractères). La carte est colorée selon INDICATOR (communes masquées hachurées). TEMPLATE enregistre la mise en page en .qpt à ajuster dans le concepteur de mise en page. Avec IRIS (la sortie OUTPUT_IRIS du diagnostic) et OUTPUT_IRIS, un second PDF a une page par IRIS des communes découpées en IRIS. Des communes de plusieurs départements (un diagnostic national) donnent un atlas par département au lieu d’OUTPUT : &lt;nom&gt;_&lt;code&gt;.pdf (atlas_2A.pdf, atlas_971.pdf… pour OUTPUT atlas.pdf) dans OUTPUT_FOLDER, ou à côté d’OUTPUT si OUTPUT_FOLDER est vide ; chacun n’a que les pages de ses communes, sa carte dans le système de coordonnées légal de son territoire et le nom du département sur chaque page. Votre projet et vos couches ne sont pas modifiés.</translation>
    </message>
    <message>
      <source>Communes with indicators (the diagnosis layer)</source>
      <translation>Communes avec indicateurs (la couche du diagnostic)</translation>
    </message>
    <message>
      <source>Diagnosis metadata (JSON text or .json file; empty: read from the communes GeoPackage)</source>
      <translation>Métadonnées du diagnostic (texte JSON ou fichier .json ; vide : lues dans le GeoPackage des communes)</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titre</translation>
    </message>
    <message>
      <source>The diagnosis by IRIS (its OUTPUT_IRIS layer; optional)</source>
      <translation>Le diagnostic par IRIS (sa couche OUTPUT_IRIS ; facultatif)</translation>
    </message>
    <message>
      <source>Indicator to map (default: the share within the distance threshold)</source>
      <translation>Indicateur à cartographier (par défaut : la part à moins de la distance seuil)</translation>
    </message>
    <message>
      <source>Coverage areas (polygons)</source>
      <translation>Zones de couverture (polygones)</translation>
    </message>
    <message>
      <source>Only these communes (INSEE codes, comma separated; empty: all)</source>
      <translation>Seulement ces communes (codes INSEE séparés par des virgules ; vide : toutes)</translation>
    </message>
    <message>
      <source>Report (HTML)</source>
      <translation>Rapport (HTML)</translation>
    </message>
    <message>
      <source>Report (PDF)</source>
      <translation>Rapport (PDF)</translation>
    </message>
    <message>
      <source>Addresses (points)</source>
      <translation>Adresses (points)</translation>
    </message>
    <message>
      <source>GeoPackage</source>
      <translation>GeoPackage</translation>
    </message>
    <message>
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <source>Communes table (CSV)</source>
      <translation>Table des communes (CSV)</translation>
    </message>
    <message>
      <source>Workbook (XLSX)</source>
      <translation>Classeur (XLSX)</translation>
    </message>
    <message>
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Classeurs Excel (*.xlsx)</translation>
    </message>
    <message>
      <source>Atlas (PDF)</source>
      <translation>Atlas (PDF)</translation>
    </message>
    <message>
      <source>Atlas of the IRIS of the communes split into IRIS (PDF)</source>
      <translation>Atlas des IRIS des communes découpées en IRIS (PDF)</translation>
    </message>
    <message>
      <source>Layout template (.qpt)</source>
      <translation>Modèle de mise en page (.qpt)</translation>
    </message>
    <message>
      <source>QGIS layout templates (*.qpt)</source>
      <translation>Modèles de mise en page QGIS (*.qpt)</translation>
    </message>
    <message>
      <source>Folder of the atlases per département (communes of several départements)</source>
      <translation>Dossier des atlas par département (communes de plusieurs départements)</translation>
    </message>
    <message>
      <source>A4 portrait</source>
      <translation>A4 portrait</translation>
    </message>
    <message>
      <source>A3 landscape poster</source>
      <translation>Affiche A3 paysage</translation>
    </message>
    <message>
      <source>What-if: add or remove service places</source>
      <translation>Et si… : ajouter ou retirer des lieux de service</translation>
    </message>
    <message>
      <source>Adds places (ADDED: points drawn on the map or from a layer) and removes places (REMOVED: points on or near existing places, matched to the nearest one within REMOVE_TOLERANCE_M), then recomputes the indicators and writes, per commune, the values before and after and their difference: people (or addresses) within DISTANCE_KM of a place (people_within_before/after, people_gained), mean, median and 90th-percentile distance, share of addresses within the distance, and 2SFCA accessibility (catchment = DISTANCE_KM, supply = capacity × presence). Each address weighs WEIGHT_FIELD if given, else 1. Mobile places (field mobile true, with days_per_week, weeks_per_year or days) count for the share of the week they are there: a bus two days a week covers 2/5 of the people around its stop. GAINS (optional) is a point layer of the addresses with their distance before and after and their gain, for a map. OUTPUT_GAINS (optional, with COMMUNES: the commune polygons, such as the diagnosis) is the map the dock shows: every commune with its addresses gained, its share within the distance before and after and the change of its mean distance; when each address weighs 1 and COMMUNES has a population, also the inhabitants behind the addresses gained (inhabitants_gained: the gain × population / n_addresses of the commune; INHABITANTS_GAINED is their total).</source>
      <translation>Ajoute des lieux (ADDED : points dessinés sur la carte ou issus d’une couche) et en retire (REMOVED : points sur ou près de lieux existants, associés au plus proche à moins de REMOVE_TOLERANCE_M), puis recalcule les indicateurs et écrit, par commune, les valeurs avant et après et leur différence : personnes (ou adresses) à moins de DISTANCE_KM d’un lieu (people_within_before/after, people_gained), distance moyenne, médiane et au 9e décile, part des adresses à moins de la distance, et accessibilité 2SFCA (aire = DISTANCE_KM, offre = capacité × présence). Chaque adresse pèse WEIGHT_FIELD s’il est fourni, sinon 1. Les lieux mobiles (champ mobile vrai, avec days_per_week, weeks_per_year ou days) comptent pour la part de la semaine où ils sont présents : un bus deux jours par semaine couvre 2/5 des personnes autour de son arrêt. GAINS (facultatif) est une couche de points des adresses avec leur distance avant et après et leur gain, pour une carte. OUTPUT_GAINS (facultatif, avec COMMUNES : les polygones des communes, par exemple le diagnostic) est la carte que montre le panneau : chaque commune avec ses adresses gagnées, sa part à moins de la distance avant et après et la variation de sa distance moyenne ; quand chaque adresse pèse 1 et que COMMUNES porte une population, aussi les habitants derrière les adresses gagnées (inhabitants_gained : le gain × population / n_addresses de la commune ; INHABITANTS_GAINED en est le total).</translation>
    </message>
    <message>
      <source>Optimal sites for new places</source>
      <translation>Emplacements optimaux de nouveaux lieux</translation>
    </message>
    <message>
      <source>Chooses COUNT new sites among CANDIDATES (any points: town halls, libraries…; without it, a regular grid of GRID_KM cells inside COMMUNES, or over the cells where addresses are) that maximise the demand within DISTANCE_KM of a place (maximal covering), existing places (SERVICES) counted first — a mobile place (field mobile true, with days_per_week, weeks_per_year or days) for the share of the week it is there — or that minimise the mean distance to the nearest place (p-median). Demand: the addresses, each weighing WEIGHT_FIELD, else its commune's population (field population of COMMUNES) spread over the commune's addresses, else 1; with FRAGILITY_FIELD (an index on base 100 per commune, such as the MedNum ifn_global), each weight is multiplied by index / 100 so that the fragile count more. Addresses that share the same set of candidates in reach are merged first (exact), so a département of a million addresses stays fast. METHOD auto solves the exact integer programme (HiGHS) when the instance is small enough, else greedy plus interchange; the output says which, with the gap to an upper bound of the best possible (0 = proven optimal). OUTPUT: the chosen sites in rank order, with the demand each one adds (gain), the demand in its reach (served), the cumulated coverage, method and gap, and the commune it lies in (code_insee, nom) when COMMUNES_FOR_LABELS or COMMUNES is given (COMMUNES_FOR_LABELS only names the sites: the candidates and the demand stay as they are).</source>
      <translation>Choisit COUNT nouveaux emplacements parmi CANDIDATES (n’importe quels points : mairies, bibliothèques… ; à défaut, une grille régulière de mailles de GRID_KM dans COMMUNES, ou sur les mailles où se trouvent des adresses) qui maximisent la demande à moins de DISTANCE_KM d’un lieu (couverture maximale), les lieux existants (SERVICES) comptés d’abord — un lieu mobile (champ mobile vrai, avec days_per_week, weeks_per_year ou days) pour la part de la semaine où il est présent —, ou qui minimisent la distance moyenne au lieu le plus proche (p-médian). Demande : les adresses, chacune pesant WEIGHT_FIELD, sinon la population de sa commune (champ population de COMMUNES) répartie sur les adresses de la commune, sinon 1 ; avec FRAGILITY_FIELD (un indice en base 100 par commune, comme ifn_global de MedNum), chaque poids est multiplié par indice / 100 pour que les personnes fragiles comptent davantage. Les adresses qui ont le même ensemble de candidats à portée sont d’abord regroupées (de façon exacte), si bien qu’un département d’un million d’adresses reste rapide. METHOD auto résout le programme en nombres entiers exact (HiGHS) quand l’instance est assez petite, sinon glouton puis échanges ; la sortie indique lequel, avec l’écart à une borne supérieure du meilleur possible (0 = optimum prouvé). OUTPUT : les emplacements choisis par rang, avec la demande que chacun ajoute (gain), la demande à sa portée (servie), la couverture cumulée, la méthode et l’écart, et la commune où il se trouve (code_insee, nom) quand COMMUNES_FOR_LABELS ou COMMUNES est donné (COMMUNES_FOR_LABELS ne fait que nommer les emplacements : les candidats et la demande restent les mêmes).</translation>
    </message>
    <message>
      <source>Metric CRS for distances (default: the addresses' CRS if projected, else Lambert-93)</source>
      <translation>SCR métrique des distances (par défaut : celui des adresses s’il est projeté, sinon Lambert-93)</translation>
    </message>
    <message>
      <source>Population field of the addresses (default: 1 per address)</source>
      <translation>Champ de population des adresses (par défaut : 1 par adresse)</translation>
    </message>
    <message>
      <source>Existing service places</source>
      <translation>Lieux de service existants</translation>
    </message>
    <message>
      <source>Places to add</source>
      <translation>Lieux à ajouter</translation>
    </message>
    <message>
      <source>Places to remove (points on existing places)</source>
      <translation>Lieux à retirer (points sur des lieux existants)</translation>
    </message>
    <message>
      <source>Tolerance to match a removed point to a place (m)</source>
      <translation>Tolérance pour associer un point retiré à un lieu (m)</translation>
    </message>
    <message>
      <source>Before / after per commune</source>
      <translation>Avant / après par commune</translation>
    </message>
    <message>
      <source>Gain per address</source>
      <translation>Gain par adresse</translation>
    </message>
    <message>
      <source>Communes (polygons with code_insee, for the map of the gains)</source>
      <translation>Communes (polygones avec code_insee, pour la carte des gains)</translation>
    </message>
    <message>
      <source>Gains per commune (map)</source>
      <translation>Gains par commune (carte)</translation>
    </message>
    <message>
      <source>People newly within the distance</source>
      <translation>Personnes nouvellement à moins de la distance</translation>
    </message>
    <message>
      <source>Share within the distance, before</source>
      <translation>Part à moins de la distance, avant</translation>
    </message>
    <message>
      <source>Share within the distance, after</source>
      <translation>Part à moins de la distance, après</translation>
    </message>
    <message>
      <source>Change of the mean distance (m)</source>
      <translation>Variation de la distance moyenne (m)</translation>
    </message>
    <message>
      <source>Inhabitants behind the addresses gained (with COMMUNES and their population)</source>
      <translation>Habitants derrière les adresses gagnées (avec COMMUNES et leur population)</translation>
    </message>
    <message>
      <source>Demand points (addresses)</source>
      <translation>Points de demande (adresses)</translation>
    </message>
    <message>
      <source>Demand weight field (default: 1 per point)</source>
      <translation>Champ de poids de la demande (par défaut : 1 par point)</translation>
    </message>
    <message>
      <source>Existing places</source>
      <translation>Lieux existants</translation>
    </message>
    <message>
      <source>Candidate sites (default: a grid)</source>
      <translation>Emplacements candidats (par défaut : une grille)</translation>
    </message>
    <message>
      <source>Communes (for the grid of candidates)</source>
      <translation>Communes (pour la grille de candidats)</translation>
    </message>
    <message>
      <source>Fragility index field of the communes (base 100, e.g. ifn_global)</source>
      <translation>Champ de l’indice de fragilité des communes (base 100, par ex. ifn_global)</translation>
    </message>
    <message>
      <source>Communes naming each site (default: COMMUNES; changes neither the candidates nor the demand)</source>
      <translation>Communes qui nomment chaque emplacement (par défaut : COMMUNES ; ne change ni les candidats ni la demande)</translation>
    </message>
    <message>
      <source>Grid cell for candidates (km)</source>
      <translation>Maille de la grille de candidats (km)</translation>
    </message>
    <message>
      <source>Number of new sites</source>
      <translation>Nombre de nouveaux emplacements</translation>
    </message>
    <message>
      <source>Covering distance (km)</source>
      <translation>Distance de couverture (km)</translation>
    </message>
    <message>
      <source>Objective</source>
      <translation>Objectif</translation>
    </message>
    <message>
      <source>Time limit of the exact solver (s)</source>
      <translation>Durée maximale du solveur exact (s)</translation>
    </message>
    <message>
      <source>Chosen sites</source>
      <translation>Emplacements choisis</translation>
    </message>
    <message>
      <source>Method used</source>
      <translation>Méthode utilisée</translation>
    </message>
    <message>
      <source>Covered demand (maximal covering) or mean distance in m (p-median)</source>
      <translation>Demande couverte (couverture maximale) ou distance moyenne en m (p-médian)</translation>
    </message>
    <message>
      <source>Same, with the existing places only</source>
      <translation>Idem, avec les seuls lieux existants</translation>
    </message>
    <message>
      <source>Relative gap to the bound (0 = optimal)</source>
      <translation>Écart relatif à la borne (0 = optimal)</translation>
    </message>
    <message>
      <source>Workshop sheet (one A4 page per commune)</source>
      <translation>Fiche atelier (une page A4 par commune)</translation>
    </message>
    <message>
      <source>A plain-language A4 page per commune for a digital-mediation workshop: a map of the commune with the nearest help places (France Services and mediation places, or CATEGORIES), and for each its name, address, opening hours in words, services, distance from the centre of the commune as the crow flies and, with ROADS (an OpenStreetMap extract), the driving time; three figures in plain words (the share of the inhabitants within DISTANCE_KM of a help place — the diagnosis's own share when COMMUNES is the diagnosis layer, on its demand —, the nearest place, how many of the listed places are open at OPEN_AT); the date, sources and licences, and the few words it uses explained. CODES: the INSEE codes of the communes (empty: every commune). OUTPUT_PDF: one page per commune; OUTPUT_HTML: the same as an offline web page (no network needed).</source>
      <translation>Une page A4 en mots simples par commune pour un atelier de médiation numérique : une carte de la commune avec les lieux d’aide les plus proches (France Services et lieux de médiation, ou CATEGORIES), et pour chacun son nom, son adresse, ses horaires en toutes lettres, ses services, sa distance à vol d’oiseau depuis le centre de la commune et, avec ROADS (un extrait OpenStreetMap), le temps en voiture ; trois chiffres en mots simples (la part des habitants à moins de DISTANCE_KM d’un lieu d’aide — celle du diagnostic quand COMMUNES est la couche du diagnostic, sur sa demande —, le lieu le plus proche, combien des lieux listés sont ouverts à OPEN_AT) ; la date, les sources et licences, et les quelques mots utilisés, expliqués. CODES : les codes INSEE des communes (vide : toutes). OUTPUT_PDF : une page par commune ; OUTPUT_HTML : la même chose en page web hors ligne (sans réseau).</translation>
    </message>
    <message>
      <source>Offline workshop bundle (USB stick)</source>
      <translation>Kit atelier hors ligne (clé USB)</translation>
    </message>
    <message>
      <source>Writes one folder a trainer can put on a USB stick and open with no network and no QGIS: index.html (the start page), carte.html (the offline web map of COMMUNES, the diagnosis layer, and of the SERVICES), fiches/ (one workshop sheet per commune, HTML) and fiches.pdf (all the sheets to print), and with OSM (an OpenStreetMap extract) cartopartie/ (the mapping-party checklist in HTML and PDF and propositions.osm for JOSM, see OSM completeness pack). Every page has its scripts, styles and pictures inside it. FOLDER must be new or empty; it appears only once complete.</source>
      <translation>Écrit un dossier qu’un formateur peut mettre sur une clé USB et ouvrir sans réseau et sans QGIS : index.html (la page d’accueil), carte.html (la carte web hors ligne de COMMUNES, la couche du diagnostic, et des SERVICES), fiches/ (une fiche atelier par commune, en HTML) et fiches.pdf (toutes les fiches à imprimer), et avec OSM (un extrait OpenStreetMap) cartopartie/ (la liste de la cartopartie en HTML et PDF et propositions.osm pour JOSM, voir le kit cartopartie). Chaque page contient ses scripts, styles et images. FOLDER doit être nouveau ou vide ; il n’apparaît qu’une fois complet.</translation>
    </message>
    <message>
      <source>Communes (the diagnosis layer, or communes with code_insee and population)</source>
      <translation>Communes (la couche du diagnostic, ou des communes avec code_insee et population)</translation>
    </message>
    <message>
      <source>Kinds of help places (comma-separated; empty: France Services and mediation places)</source>
      <translation>Types de lieux d’aide (séparés par des virgules ; vide : France Services et lieux de médiation)</translation>
    </message>
    <message>
      <source>OpenStreetMap extract for driving times (optional)</source>
      <translation>Extrait OpenStreetMap pour les temps en voiture (facultatif)</translation>
    </message>
    <message>
      <source>Distance of the first figure (km)</source>
      <translation>Distance du premier chiffre (km)</translation>
    </message>
    <message>
      <source>Number of places listed</source>
      <translation>Nombre de lieux listés</translation>
    </message>
    <message>
      <source>Opening time of the third figure</source>
      <translation>Moment d’ouverture du troisième chiffre</translation>
    </message>
    <message>
      <source>INSEE codes of the communes (comma-separated; empty: all)</source>
      <translation>Codes INSEE des communes (séparés par des virgules ; vide : toutes)</translation>
    </message>
    <message>
      <source>Workshop sheets (PDF)</source>
      <translation>Fiches atelier (PDF)</translation>
    </message>
    <message>
      <source>Workshop sheets (offline HTML)</source>
      <translation>Fiches atelier (HTML hors ligne)</translation>
    </message>
    <message>
      <source>INSEE codes of the communes with a sheet (comma-separated; empty: all)</source>
      <translation>Codes INSEE des communes avec une fiche (séparés par des virgules ; vide : toutes)</translation>
    </message>
    <message>
      <source>Indicator of the web map</source>
      <translation>Indicateur de la carte web</translation>
    </message>
    <message>
      <source>OpenStreetMap extract for the mapping-party checklist (optional)</source>
      <translation>Extrait OpenStreetMap pour la liste de la cartopartie (facultatif)</translation>
    </message>
    <message>
      <source>Bundle folder</source>
      <translation>Dossier du kit</translation>
    </message>
    <message>
      <source>Start page of the bundle</source>
      <translation>Page d’accueil du dossier</translation>
    </message>
    <message>
      <source>Leaflet was not found on this computer: the bundle's map needs the internet</source>
      <translation>Leaflet est introuvable sur cet ordinateur : la carte du kit a besoin d’internet</translation>
    </message>
    <message>
      <source>Opening hours not evaluated: the Python package opening-hours-py is missing ({hint}); the third figure counts the places near the commune instead</source>
      <translation>Horaires non évalués : le paquet Python opening-hours-py manque ({hint}) ; le troisième chiffre compte les lieux proches de la commune à la place</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis of French territories</source>
      <translation>TerriDiag — diagnostic numérique des territoires français</translation>
    </message>
    <message>
      <source>Open in the time window</source>
      <translation>Ouvert dans le créneau</translation>
    </message>
    <message>
      <source>Closed in the time window</source>
      <translation>Fermé dans le créneau</translation>
    </message>
    <message>
      <source>Opening hours unknown</source>
      <translation>Horaires inconnus</translation>
    </message>
    <message>
      <source>Not among the places measured</source>
      <translation>Hors des lieux mesurés</translation>
    </message>
    <message>
      <source>Places by opening status</source>
      <translation>Lieux selon leur ouverture</translation>
    </message>
    <message>
      <source>TerriDiag — data</source>
      <translation>TerriDiag — données</translation>
    </message>
    <message>
      <source>TerriDiag — scenario</source>
      <translation>TerriDiag — scénario</translation>
    </message>
    <message>
      <source>1 commune</source>
      <translation>1 commune</translation>
    </message>
    <message>
      <source>weighted by their population</source>
      <translation>pondérés par leur population</translation>
    </message>
    <message>
      <source>each point counting once (no population known)</source>
      <translation>chaque point comptant pour un (population inconnue)</translation>
    </message>
    <message>
      <source>No address file was used: shares and distances describe the population of the IRIS, grid cells or communes, not addresses.</source>
      <translation>Aucun fichier d’adresses n’a été utilisé : parts et distances décrivent la population des IRIS, des carreaux ou des communes, pas des adresses.</translation>
    </message>
    <message>
      <source>Where a commune is one point, its whole population is either within a distance or beyond it (0 % or 100 %).</source>
      <translation>Là où une commune est un seul point, toute sa population est soit en deçà d’une distance, soit au-delà (0 % ou 100 %).</translation>
    </message>
    <message>
      <source>{n} communes</source>
      <translation>{n} communes</translation>
    </message>
    <message>
      <source>Demand: {parts}, {weighted}.</source>
      <translation>Demande : {parts}, {weighted}.</translation>
    </message>
    <message>
      <source>The OSM extract covers less than the territory: {share} % of the demand is within {m} m of a road.</source>
      <translation>L’extrait OSM couvre moins que le territoire : {share} % de la demande est à moins de {m} m d’une route.</translation>
    </message>
    <message>
      <source>{communes} outside the OSM extract: no travel time (e.g. {codes}).</source>
      <translation>{communes} hors de l’extrait OSM : pas de temps de trajet (par exemple {codes}).</translation>
    </message>
    <message>
      <source>{n} demand points farther than {m} m from a road have no travel time.</source>
      <translation>{n} points de demande à plus de {m} m d’une route n’ont pas de temps de trajet.</translation>
    </message>
    <message>
      <source>{n} demand points have no travel time: a service place off the road network could be nearer.</source>
      <translation>{n} points de demande n’ont pas de temps de trajet : un lieu hors du réseau routier pourrait être plus proche.</translation>
    </message>
    <message>
      <source>{n} demand points have no path to a service place on the road network (a road cut off at the edge of the extract): no travel time.</source>
      <translation>{n} points de demande n’ont aucun chemin vers un lieu par le réseau routier (une route coupée au bord de l’extrait) : pas de temps de trajet.</translation>
    </message>
    <message>
      <source>{n} of {total} service places are farther than {m} m from a road: left out of the travel times.</source>
      <translation>{n} lieux sur {total} sont à plus de {m} m d’une route : ils sont laissés hors des temps de trajet.</translation>
    </message>
    <message>
      <source>{n} addresses in {communes}</source>
      <translation>{n} adresses dans {communes}</translation>
    </message>
    <message>
      <source>; </source>
      <translation> ; </translation>
    </message>
    <message>
      <source>{n} IRIS in {communes}</source>
      <translation>{n} IRIS dans {communes}</translation>
    </message>
    <message>
      <source>{n} inhabited 200 m grid cells in {communes}</source>
      <translation>{n} carreaux habités de 200 m dans {communes}</translation>
    </message>
    <message>
      <source>1 commune as a single point</source>
      <translation>1 commune en un seul point</translation>
    </message>
    <message>
      <source>{n} population points in {communes}</source>
      <translation>{n} points de population dans {communes}</translation>
    </message>
    <message>
      <source>{communes} as one point each</source>
      <translation>{communes} en un point chacune</translation>
    </message>
    <message>
      <source>addresses</source>
      <translation>adresses</translation>
    </message>
    <message>
      <source>Typology: where to act first</source>
      <translation>Typologie : où agir d’abord</translation>
    </message>
    <message>
      <source>No change</source>
      <translation>Pas de changement</translation>
    </message>
    <message>
      <source>Fewer within reach</source>
      <translation>Moins de monde à portée</translation>
    </message>
  </context>
  <context>
    <name>TerriDiagDockBody</name>
    <message>
      <source>Ctrl+PgUp / Ctrl+PgDown switches between the panels</source>
      <translation>Ctrl+PgPréc / Ctrl+PgSuiv passe d’un panneau à l’autre</translation>
    </message>
    <message>
      <source>Progress of the computation running in the background</source>
      <translation>Avancement du calcul en arrière-plan</translation>
    </message>
    <message>
      <source>Stop the computation; nothing half-made is added to the project</source>
      <translation>Arrêter le calcul ; rien d’inachevé n’est ajouté au projet</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <source>Ready.</source>
      <translation>Prêt.</translation>
    </message>
  </context>
  <context>
    <name>TerriDiagOptions</name>
    <message>
      <source>Network</source>
      <translation>Réseau</translation>
    </message>
    <message>
      <source>&amp;Geocoder base URL:</source>
      <translation>URL de base du &amp;géocodeur :</translation>
    </message>
    <message>
      <source>BAN geocoding service used by the locator bar and the geocode algorithm (https://data.geopf.fr/geocodage or https://api-adresse.data.gouv.fr)</source>
      <translation>Service de géocodage BAN utilisé par la barre de recherche et l’algorithme de géocodage (https://data.geopf.fr/geocodage ou https://api-adresse.data.gouv.fr)</translation>
    </message>
    <message>
      <source>&amp;Download cache folder:</source>
      <translation>Dossier du cache de &amp;téléchargement :</translation>
    </message>
    <message>
      <source>Downloaded open data is kept here and not downloaded again while unchanged (empty = default folder)</source>
      <translation>Les données ouvertes téléchargées sont conservées ici et ne sont pas retéléchargées tant qu’elles ne changent pas (vide = dossier par défaut)</translation>
    </message>
    <message>
      <source>Choose the cache folder</source>
      <translation>Choisir le dossier de cache</translation>
    </message>
    <message>
      <source>…</source>
      <translation>…</translation>
    </message>
    <message>
      <source>Defaults of the diagnosis</source>
      <translation>Valeurs par défaut du diagnostic</translation>
    </message>
    <message>
      <source>Distance &amp;threshold (km):</source>
      <translation>&amp;Seuil de distance (km) :</translation>
    </message>
    <message>
      <source>Other distances (km):</source>
      <translation>Autres distances (km) :</translation>
    </message>
    <message>
      <source>Time threshold (min):</source>
      <translation>Seuil de temps (min) :</translation>
    </message>
    <message>
      <source>Other times (min):</source>
      <translation>Autres durées (min) :</translation>
    </message>
    <message>
      <source>Confidentiality threshold (addresses):</source>
      <translation>Seuil de confidentialité (adresses) :</translation>
    </message>
    <message>
      <source>Logging</source>
      <translation>Journalisation</translation>
    </message>
    <message>
      <source>&amp;Level:</source>
      <translation>&amp;Niveau :</translation>
    </message>
    <message>
      <source>Messages at or above this level go to the QGIS message log, tab "TerriDiag"</source>
      <translation>Les messages de ce niveau ou plus vont dans le journal des messages de QGIS, onglet « TerriDiag »</translation>
    </message>
  </context>
</TS>
