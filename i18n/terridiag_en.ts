<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
  <context>
    <name>DataPanel</name>
    <message>
      <source>Territory</source>
      <translation>Territory</translation>
    </message>
    <message>
      <source>Start with the demo territory, download the open data of your territory, or choose your own files below.</source>
      <translation>Start with the demo territory, download the open data of your territory, or choose your own files below.</translation>
    </message>
    <message>
      <source>Write the synthetic demo territory (communes, addresses, services, connectivity, population, roads) to a folder and load it</source>
      <translation>Write the synthetic demo territory (communes, addresses, services, connectivity, population, roads) to a folder and load it</translation>
    </message>
    <message>
      <source>Load the demo territory</source>
      <translation>Load the demo territory</translation>
    </message>
    <message>
      <source>&amp;Territory:</source>
      <translation>&amp;Territory:</translation>
    </message>
    <message>
      <source>The territory whose open data should be downloaded: a département (23, 2A, 974), an EPCI by its 9-digit SIREN (200070019), or one or more INSEE commune codes separated by commas, spaces or semicolons (90010, 90099)</source>
      <translation>The territory whose open data should be downloaded: a département (23, 2A, 974), an EPCI by its 9-digit SIREN (200070019), or one or more INSEE commune codes separated by commas, spaces or semicolons (90010, 90099)</translation>
    </message>
    <message>
      <source>23, 200070019 or 90010, 90099</source>
      <translation>23, 200070019 or 90010, 90099</translation>
    </message>
    <message>
      <source>Download the BAN addresses, communes with populations, France Services, mediation places and ARCEP statistics of this territory (cached; resumes after a failure)</source>
      <translation>Download the BAN addresses, communes with populations, France Services, mediation places and ARCEP statistics of this territory (cached; resumes after a failure)</translation>
    </message>
    <message>
      <source>Download my territory</source>
      <translation>Download my territory</translation>
    </message>
    <message>
      <source>Datasets</source>
      <translation>Datasets</translation>
    </message>
    <message>
      <source>The data used by the diagnosis. Select a row to see its provenance and what could not be read.</source>
      <translation>The data used by the diagnosis. Select a row to see its provenance and what could not be read.</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>Data</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>Rows</translation>
    </message>
    <message>
      <source>Rejected</source>
      <translation>Rejected</translation>
    </message>
    <message>
      <source>Vintage</source>
      <translation>Vintage</translation>
    </message>
    <message>
      <source>Choose a file for the selected row (CSV, GeoJSON, GeoPackage, Shapefile, OSM…); it is checked and its report shown</source>
      <translation>Choose a file for the selected row (CSV, GeoJSON, GeoPackage, Shapefile, OSM…); it is checked and its report shown</translation>
    </message>
    <message>
      <source>Choose a &amp;file…</source>
      <translation>Choose a &amp;file…</translation>
    </message>
    <message>
      <source>Use the layer selected in the Layers panel for the selected row</source>
      <translation>Use the layer selected in the Layers panel for the selected row</translation>
    </message>
    <message>
      <source>Use the active &amp;layer</source>
      <translation>Use the active &amp;layer</translation>
    </message>
    <message>
      <source>Forget the data of the selected row</source>
      <translation>Forget the data of the selected row</translation>
    </message>
    <message>
      <source>&amp;Remove</source>
      <translation>&amp;Remove</translation>
    </message>
    <message>
      <source>Provenance, counts and rejected rows of the selected dataset</source>
      <translation>Provenance, counts and rejected rows of the selected dataset</translation>
    </message>
  </context>
  <context>
    <name>IndicatorsPanel</name>
    <message>
      <source>Places that help</source>
      <translation>Places that help</translation>
    </message>
    <message>
      <source>Which kinds of places count as help with digital life. Space ticks or unticks the selected kind.</source>
      <translation>Which kinds of places count as help with digital life. Space ticks or unticks the selected kind.</translation>
    </message>
    <message>
      <source>Distance and time</source>
      <translation>Distance and time</translation>
    </message>
    <message>
      <source>&amp;Threshold (km):</source>
      <translation>&amp;Threshold (km):</translation>
    </message>
    <message>
      <source>Share of addresses within this distance of a place (the national target is 5 km)</source>
      <translation>Share of addresses within this distance of a place (the national target is 5 km)</translation>
    </message>
    <message>
      <source> km</source>
      <translation> km</translation>
    </message>
    <message>
      <source>&amp;Other thresholds (km):</source>
      <translation>&amp;Other thresholds (km):</translation>
    </message>
    <message>
      <source>Further distances reported at once, separated by commas (e.g. 10, 20)</source>
      <translation>Further distances reported at once, separated by commas (e.g. 10, 20)</translation>
    </message>
    <message>
      <source>e.g. 10, 20</source>
      <translation>e.g. 10, 20</translation>
    </message>
    <message>
      <source>Measured:</source>
      <translation>Measured:</translation>
    </message>
    <message>
      <source>Straight-line distance: fast, needs no road data</source>
      <translation>Straight-line distance: fast, needs no road data</translation>
    </message>
    <message>
      <source>As the &amp;crow flies</source>
      <translation>As the &amp;crow flies</translation>
    </message>
    <message>
      <source>Travel distance and time along the OpenStreetMap roads (needs the roads dataset)</source>
      <translation>Travel distance and time along the OpenStreetMap roads (needs the roads dataset)</translation>
    </message>
    <message>
      <source>Along the &amp;road network</source>
      <translation>Along the &amp;road network</translation>
    </message>
    <message>
      <source>T&amp;ime threshold (min):</source>
      <translation>T&amp;ime threshold (min):</translation>
    </message>
    <message>
      <source>Share of addresses within this travel time of a place (road network only)</source>
      <translation>Share of addresses within this travel time of a place (road network only)</translation>
    </message>
    <message>
      <source> min</source>
      <translation> min</translation>
    </message>
    <message>
      <source>Other times (min):</source>
      <translation>Other times (min):</translation>
    </message>
    <message>
      <source>Further travel times reported at once, separated by commas (e.g. 30)</source>
      <translation>Further travel times reported at once, separated by commas (e.g. 30)</translation>
    </message>
    <message>
      <source>e.g. 30</source>
      <translation>e.g. 30</translation>
    </message>
    <message>
      <source>Digital fragility</source>
      <translation>Digital fragility</translation>
    </message>
    <message>
      <source>&amp;Method:</source>
      <translation>&amp;Method:</translation>
    </message>
    <message>
      <source>How the fragility of the population with digital tools is scored</source>
      <translation>How the fragility of the population with digital tools is scored</translation>
    </message>
    <message>
      <source>Weight of each variable in the score (editable: double-click or F2)</source>
      <translation>Weight of each variable in the score (editable: double-click or F2)</translation>
    </message>
    <message>
      <source>Variable</source>
      <translation>Variable</translation>
    </message>
    <message>
      <source>Weight</source>
      <translation>Weight</translation>
    </message>
    <message>
      <source>&amp;Mask communes with fewer addresses than:</source>
      <translation>&amp;Mask communes with fewer addresses than:</translation>
    </message>
    <message>
      <source>Statistical confidentiality: indicators computed on fewer addresses are hidden and the commune is hatched on the map</source>
      <translation>Statistical confidentiality: indicators computed on fewer addresses are hidden and the commune is hatched on the map</translation>
    </message>
    <message>
      <source>Compute every indicator for every commune, in the background</source>
      <translation>Compute every indicator for every commune, in the background</translation>
    </message>
    <message>
      <source>Run the &amp;diagnosis</source>
      <translation>Run the &amp;diagnosis</translation>
    </message>
  </context>
  <context>
    <name>ResultsPanel</name>
    <message>
      <source>No results yet: load the data, then run the diagnosis.</source>
      <translation>No results yet: load the data, then run the diagnosis.</translation>
    </message>
    <message>
      <source>Ma&amp;p:</source>
      <translation>Ma&amp;p:</translation>
    </message>
    <message>
      <source>The indicator that colours the communes on the map</source>
      <translation>The indicator that colours the communes on the map</translation>
    </message>
    <message>
      <source>What this indicator means: definition, formula, source, licence, why it matters</source>
      <translation>What this indicator means: definition, formula, source, licence, why it matters</translation>
    </message>
    <message>
      <source>?</source>
      <translation>?</translation>
    </message>
    <message>
      <source>Filter the table by commune name or INSEE code</source>
      <translation>Filter the table by commune name or INSEE code</translation>
    </message>
    <message>
      <source>Search a commune (name or INSEE code)</source>
      <translation>Search a commune (name or INSEE code)</translation>
    </message>
    <message>
      <source>One row per commune. Click a header to sort; select a row to zoom the map to the commune and read its sheet.</source>
      <translation>One row per commune. Click a header to sort; select a row to zoom the map to the commune and read its sheet.</translation>
    </message>
    <message>
      <source>The selected commune against the territory</source>
      <translation>The selected commune against the territory</translation>
    </message>
    <message>
      <source>An offline web map (one HTML file) to share with people who have no QGIS</source>
      <translation>An offline web map (one HTML file) to share with people who have no QGIS</translation>
    </message>
    <message>
      <source>&amp;Web map</source>
      <translation>&amp;Web map</translation>
    </message>
    <message>
      <source>A report for the territory and each commune (HTML and PDF)</source>
      <translation>A report for the territory and each commune (HTML and PDF)</translation>
    </message>
    <message>
      <source>R&amp;eport</source>
      <translation>R&amp;eport</translation>
    </message>
    <message>
      <source>A GeoPackage with every result layer, styles and sources, and CSV/XLSX tables</source>
      <translation>A GeoPackage with every result layer, styles and sources, and CSV/XLSX tables</translation>
    </message>
    <message>
      <source>E&amp;xport</source>
      <translation>E&amp;xport</translation>
    </message>
    <message>
      <source>A print atlas: one A4 page per commune in one PDF</source>
      <translation>A print atlas: one A4 page per commune in one PDF</translation>
    </message>
    <message>
      <source>&amp;Atlas (PDF)</source>
      <translation>&amp;Atlas (PDF)</translation>
    </message>
    <message>
      <source>A plain-language A4 page for the commune selected in the table (every commune when none is selected): the nearest help places, their hours, three figures — for a digital-mediation workshop</source>
      <translation>A plain-language A4 page for the commune selected in the table (every commune when none is selected): the nearest help places, their hours, three figures — for a digital-mediation workshop</translation>
    </message>
    <message>
      <source>&amp;Workshop sheet</source>
      <translation>&amp;Workshop sheet</translation>
    </message>
    <message>
      <source>A folder to put on a USB stick: the web map, the workshop sheets of every commune and the mapping-party checklist; it opens with no network and no QGIS</source>
      <translation>A folder to put on a USB stick: the web map, the workshop sheets of every commune and the mapping-party checklist; it opens with no network and no QGIS</translation>
    </message>
    <message>
      <source>Workshop &amp;bundle (USB)</source>
      <translation>Workshop &amp;bundle (USB)</translation>
    </message>
  </context>
  <context>
    <name>ScenarioPanel</name>
    <message>
      <source>What if a place opened here? Where should the next ones go? Use the addresses and places of the first panel.</source>
      <translation>What if a place opened here? Where should the next ones go? Use the addresses and places of the first panel.</translation>
    </message>
    <message>
      <source>&amp;Within:</source>
      <translation>&amp;Within:</translation>
    </message>
    <message>
      <source>An address counts as served when a place is within this straight-line distance</source>
      <translation>An address counts as served when a place is within this straight-line distance</translation>
    </message>
    <message>
      <source> km</source>
      <translation> km</translation>
    </message>
    <message>
      <source>Try a new place</source>
      <translation>Try a new place</translation>
    </message>
    <message>
      <source>Then click on the map where a place would open (click again on this button, or press Esc on the map, to stop)</source>
      <translation>Then click on the map where a place would open (click again on this button, or press Esc on the map, to stop)</translation>
    </message>
    <message>
      <source>Add on the &amp;map</source>
      <translation>Add on the &amp;map</translation>
    </message>
    <message>
      <source>Then click on the map near an existing place to see what its closing would cost</source>
      <translation>Then click on the map near an existing place to see what its closing would cost</translation>
    </message>
    <message>
      <source>Close a place…</source>
      <translation>Close a place…</translation>
    </message>
    <message>
      <source>A point layer whose points would become places (e.g. town halls, libraries)</source>
      <translation>A point layer whose points would become places (e.g. town halls, libraries)</translation>
    </message>
    <message>
      <source>Add every point of the chosen layer as a place to try</source>
      <translation>Add every point of the chosen layer as a place to try</translation>
    </message>
    <message>
      <source>Add its points</source>
      <translation>Add its points</translation>
    </message>
    <message>
      <source>The places to open (+) and to close (−). Delete removes the selected line.</source>
      <translation>The places to open (+) and to close (−). Delete removes the selected line.</translation>
    </message>
    <message>
      <source>Forget every place to open or close</source>
      <translation>Forget every place to open or close</translation>
    </message>
    <message>
      <source>C&amp;lear</source>
      <translation>C&amp;lear</translation>
    </message>
    <message>
      <source>Compute the indicators before and after, per commune, in the background</source>
      <translation>Compute the indicators before and after, per commune, in the background</translation>
    </message>
    <message>
      <source>&amp;Who gains?</source>
      <translation>&amp;Who gains?</translation>
    </message>
    <message>
      <source>Before and after, per commune, largest gains first</source>
      <translation>Before and after, per commune, largest gains first</translation>
    </message>
    <message>
      <source>Best sites for new places</source>
      <translation>Best sites for new places</translation>
    </message>
    <message>
      <source>&amp;Number of new places:</source>
      <translation>&amp;Number of new places:</translation>
    </message>
    <message>
      <source>How many new places to site</source>
      <translation>How many new places to site</translation>
    </message>
    <message>
      <source>&amp;Goal:</source>
      <translation>&amp;Goal:</translation>
    </message>
    <message>
      <source>Cover the most people: reach the most addresses within the distance (maximal covering); or bring the places closer on average (p-median)</source>
      <translation>Cover the most people: reach the most addresses within the distance (maximal covering); or bring the places closer on average (p-median)</translation>
    </message>
    <message>
      <source>C&amp;ount:</source>
      <translation>C&amp;ount:</translation>
    </message>
    <message>
      <source>What each address weighs: itself, its share of the commune's population, or that share weighted by the commune's digital fragility (the fragile count more)</source>
      <translation>What each address weighs: itself, its share of the commune's population, or that share weighted by the commune's digital fragility (the fragile count more)</translation>
    </message>
    <message>
      <source>C&amp;andidate sites:</source>
      <translation>C&amp;andidate sites:</translation>
    </message>
    <message>
      <source>A point layer of possible sites (town halls, libraries…); empty: a regular grid over the territory</source>
      <translation>A point layer of possible sites (town halls, libraries…); empty: a regular grid over the territory</translation>
    </message>
    <message>
      <source>&amp;Grid cell:</source>
      <translation>&amp;Grid cell:</translation>
    </message>
    <message>
      <source>Size of the grid cells used as candidate sites when no layer is chosen</source>
      <translation>Size of the grid cells used as candidate sites when no layer is chosen</translation>
    </message>
    <message>
      <source>Find the best sites in the background (exact when the problem is small enough)</source>
      <translation>Find the best sites in the background (exact when the problem is small enough)</translation>
    </message>
    <message>
      <source>&amp;Find the best sites</source>
      <translation>&amp;Find the best sites</translation>
    </message>
    <message>
      <source>The chosen sites in the order they were picked, with what each one adds</source>
      <translation>The chosen sites in the order they were picked, with what each one adds</translation>
    </message>
    <message>
      <source>Copy these sites into “Try a new place” to see who gains, commune by commune</source>
      <translation>Copy these sites into “Try a new place” to see who gains, commune by commune</translation>
    </message>
    <message>
      <source>&amp;Try these sites</source>
      <translation>&amp;Try these sites</translation>
    </message>
  </context>
  <context>
    <name>TerriDiag</name>
    <message>
      <source>Optional: without addresses the diagnosis places the inhabitants with the IRIS or grid-cell population when you give it, else at one point per commune.</source>
      <translation>Optional: without addresses the diagnosis places the inhabitants with the IRIS or grid-cell population when you give it, else at one point per commune.</translation>
    </message>
    <message>
      <source>Optional: IRIS or 200 m grid cells with a population field (population, P16_POP, Ind…). Where a commune has no address, they say where its inhabitants live; without them, the commune is one point.</source>
      <translation>Optional: IRIS or 200 m grid cells with a population field (population, P16_POP, Ind…). Where a commune has no address, they say where its inhabitants live; without them, the commune is one point.</translation>
    </message>
    <message>
      <source>Optional: without roads, distances are as the crow flies. Outside the extract, no travel time is given.</source>
      <translation>Optional: without roads, distances are as the crow flies. Outside the extract, no travel time is given.</translation>
    </message>
    <message>
      <source>Communes (boundaries, population)</source>
      <translation>Communes (boundaries, population)</translation>
    </message>
    <message>
      <source>Addresses (BAN)</source>
      <translation>Addresses (BAN)</translation>
    </message>
    <message>
      <source>Population (IRIS, grid)</source>
      <translation>Population (IRIS, grid)</translation>
    </message>
    <message>
      <source>Service and mediation places</source>
      <translation>Service and mediation places</translation>
    </message>
    <message>
      <source>Connectivity (ARCEP)</source>
      <translation>Connectivity (ARCEP)</translation>
    </message>
    <message>
      <source>Fragility variables (INSEE)</source>
      <translation>Fragility variables (INSEE)</translation>
    </message>
    <message>
      <source>IRIS (census, income, QPV)</source>
      <translation>IRIS (census, income, QPV)</translation>
    </message>
    <message>
      <source>Road network (OSM)</source>
      <translation>Road network (OSM)</translation>
    </message>
    <message>
      <source>Writing the demo territory…</source>
      <translation>Writing the demo territory…</translation>
    </message>
    <message>
      <source>TerriDiag: demo territory</source>
      <translation>TerriDiag: demo territory</translation>
    </message>
    <message>
      <source>Downloading the open data of département {code}…</source>
      <translation>Downloading the open data of département {code}…</translation>
    </message>
    <message>
      <source>1 dataset</source>
      <translation>1 dataset</translation>
    </message>
    <message>
      <source>synthetic data</source>
      <translation>synthetic data</translation>
    </message>
    <message>
      <source>Required for the diagnosis</source>
      <translation>Required for the diagnosis</translation>
    </message>
    <message>
      <source>Optional</source>
      <translation>Optional</translation>
    </message>
    <message>
      <source>Choose a file or a layer</source>
      <translation>Choose a file or a layer</translation>
    </message>
    <message>
      <source>Select a layer in the Layers panel first.</source>
      <translation>Select a layer in the Layers panel first.</translation>
    </message>
    <message>
      <source>Type a territory first: a département (e.g. 23), an EPCI SIREN (e.g. 200070019) or INSEE commune codes (e.g. 90010, 90099).</source>
      <translation>Type a territory first: a département (e.g. 23), an EPCI SIREN (e.g. 200070019) or INSEE commune codes (e.g. 90010, 90099).</translation>
    </message>
    <message>
      <source>Downloading the open data of EPCI {code}…</source>
      <translation>Downloading the open data of EPCI {code}…</translation>
    </message>
    <message>
      <source>No dataset was found in the files written.</source>
      <translation>No dataset was found in the files written.</translation>
    </message>
    <message>
      <source>reading…</source>
      <translation>reading…</translation>
    </message>
    <message>
      <source>Required for the diagnosis.</source>
      <translation>Required for the diagnosis.</translation>
    </message>
    <message>
      <source>Choose the file(s) for: {role}</source>
      <translation>Choose the file(s) for: {role}</translation>
    </message>
    <message>
      <source>Downloading the open data of commune {code}…</source>
      <translation>Downloading the open data of commune {code}…</translation>
    </message>
    <message>
      <source>Downloading the open data of communes {code}…</source>
      <translation>Downloading the open data of communes {code}…</translation>
    </message>
    <message>
      <source>TerriDiag: download {code}</source>
      <translation>TerriDiag: download {code}</translation>
    </message>
    <message>
      <source>{n} datasets</source>
      <translation>{n} datasets</translation>
    </message>
    <message>
      <source>{datasets}, {n} addresses</source>
      <translation>{datasets}, {n} addresses</translation>
    </message>
    <message>
      <source>Territory {code} loaded: {datasets}.</source>
      <translation>Territory {code} loaded: {datasets}.</translation>
    </message>
    <message>
      <source>Demo territory loaded: {datasets}.</source>
      <translation>Demo territory loaded: {datasets}.</translation>
    </message>
    <message>
      <source>TerriDiag: counting the roads of {file}</source>
      <translation>TerriDiag: counting the roads of {file}</translation>
    </message>
    <message>
      <source>not chosen</source>
      <translation>not chosen</translation>
    </message>
    <message>
      <source>Optional: the diagnosis runs without it.</source>
      <translation>Optional: the diagnosis runs without it.</translation>
    </message>
    <message>
      <source>not stated</source>
      <translation>not stated</translation>
    </message>
    <message>
      <source>Files</source>
      <translation>Files</translation>
    </message>
    <message>
      <source>Vintage</source>
      <translation>Vintage</translation>
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
      <translation>“{text}” is not a territory code. Accepted: a département (01 to 95, 2A, 2B, 971 to 976), an EPCI by its 9-digit SIREN, or 5-character INSEE commune codes separated by commas, spaces or semicolons.</translation>
    </message>
    <message>
      <source>Could not be read: {names} (select the row to read why).</source>
      <translation>Could not be read: {names} (select the row to read why).</translation>
    </message>
    <message>
      <source>{file}: used as a file by the road-network indicators.</source>
      <translation>{file}: used as a file by the road-network indicators.</translation>
    </message>
    <message>
      <source>{file}: kept as a file (not a layer QGIS can show).</source>
      <translation>{file}: kept as a file (not a layer QGIS can show).</translation>
    </message>
    <message>
      <source>{n} rows rejected: select the row to read why</source>
      <translation>{n} rows rejected: select the row to read why</translation>
    </message>
    <message>
      <source>Ways with a highway tag</source>
      <translation>Ways with a highway tag</translation>
    </message>
    <message>
      <source>Road ways kept</source>
      <translation>Road ways kept</translation>
    </message>
    <message>
      <source>Set aside (not roads)</source>
      <translation>Set aside (not roads)</translation>
    </message>
    <message>
      <source>Rows read</source>
      <translation>Rows read</translation>
    </message>
    <message>
      <source>Rows kept</source>
      <translation>Rows kept</translation>
    </message>
    <message>
      <source>Rows rejected</source>
      <translation>Rows rejected</translation>
    </message>
    <message>
      <source>Not available: the algorithm {id} is missing.</source>
      <translation>Not available: the algorithm {id} is missing.</translation>
    </message>
    <message>
      <source>TerriDiag: reading {file}</source>
      <translation>TerriDiag: reading {file}</translation>
    </message>
    <message>
      <source>{file}: the road ways could not be counted ({error}).</source>
      <translation>{file}: the road ways could not be counted ({error}).</translation>
    </message>
    <message>
      <source>synthetic</source>
      <translation>synthetic</translation>
    </message>
    <message>
      <source>{n} OpenStreetMap ways kept as roads</source>
      <translation>{n} OpenStreetMap ways kept as roads</translation>
    </message>
    <message>
      <source>Not chosen yet.</source>
      <translation>Not chosen yet.</translation>
    </message>
    <message>
      <source>{kept} rows kept of {read} read</source>
      <translation>{kept} rows kept of {read} read</translation>
    </message>
    <message>
      <source>Could not be read:</source>
      <translation>Could not be read:</translation>
    </message>
    <message>
      <source>Report</source>
      <translation>Report</translation>
    </message>
    <message>
      <source>Without addresses or IRIS population: one point per commune carrying its population — a commune is wholly within a distance or wholly beyond it.</source>
      <translation>Without addresses or IRIS population: one point per commune carrying its population — a commune is wholly within a distance or wholly beyond it.</translation>
    </message>
    <message>
      <source>TerriDiag</source>
      <translation>TerriDiag</translation>
    </message>
    <message>
      <source>The diagnosis algorithm is not available in this version.</source>
      <translation>The diagnosis algorithm is not available in this version.</translation>
    </message>
    <message>
      <source>Demand: the addresses (a commune without any is one point).</source>
      <translation>Demand: the addresses (a commune without any is one point).</translation>
    </message>
    <message>
      <source>Without addresses: the population of the IRIS or grid cells (one point per commune where there are none).</source>
      <translation>Without addresses: the population of the IRIS or grid cells (one point per commune where there are none).</translation>
    </message>
    <message>
      <source>Diagnosis of the territory</source>
      <translation>Diagnosis of the territory</translation>
    </message>
    <message>
      <source>Communes</source>
      <translation>Communes</translation>
    </message>
    <message>
      <source>Diagnosis</source>
      <translation>Diagnosis</translation>
    </message>
    <message>
      <source>IRIS in a priority neighbourhood (QPV)</source>
      <translation>IRIS in a priority neighbourhood (QPV)</translation>
    </message>
    <message>
      <source>Territory &amp;&amp; data</source>
      <translation>Territory &amp;&amp; data</translation>
    </message>
    <message>
      <source>Choose or download the data of the territory</source>
      <translation>Choose or download the data of the territory</translation>
    </message>
    <message>
      <source>Indicators</source>
      <translation>Indicators</translation>
    </message>
    <message>
      <source>What the diagnosis computes</source>
      <translation>What the diagnosis computes</translation>
    </message>
    <message>
      <source>Results</source>
      <translation>Results</translation>
    </message>
    <message>
      <source>Communes, maps and shared outputs</source>
      <translation>Communes, maps and shared outputs</translation>
    </message>
    <message>
      <source>Scenarios</source>
      <translation>Scenarios</translation>
    </message>
    <message>
      <source>Try new places, find the best sites</source>
      <translation>Try new places, find the best sites</translation>
    </message>
    <message>
      <source>Cancelling…</source>
      <translation>Cancelling…</translation>
    </message>
    <message>
      <source>Demand: the addresses; the IRIS or grid-cell population where a commune has none.</source>
      <translation>Demand: the addresses; the IRIS or grid-cell population where a commune has none.</translation>
    </message>
    <message>
      <source>Typology</source>
      <translation>Typology</translation>
    </message>
    <message>
      <source>IRIS — digital fragility</source>
      <translation>IRIS — digital fragility</translation>
    </message>
    <message>
      <source>Web map</source>
      <translation>Web map</translation>
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
      <translation>Workshop sheet</translation>
    </message>
    <message>
      <source>Workshop bundle</source>
      <translation>Workshop bundle</translation>
    </message>
    <message>
      <source>Wait for the current work to finish (or cancel it).</source>
      <translation>Wait for the current work to finish (or cancel it).</translation>
    </message>
    <message>
      <source>Written: {path}</source>
      <translation>Written: {path}</translation>
    </message>
    <message>
      <source>Done: {what}.</source>
      <translation>Done: {what}.</translation>
    </message>
    <message>
      <source>Still needed: {names}. Use “Load the demo territory” in the first panel to try.</source>
      <translation>Still needed: {names}. Use “Load the demo territory” in the first panel to try.</translation>
    </message>
    <message>
      <source>Still needed: {names}.</source>
      <translation>Still needed: {names}.</translation>
    </message>
    <message>
      <source>The diagnosis finished but its layer cannot be opened: {path}</source>
      <translation>The diagnosis finished but its layer cannot be opened: {path}</translation>
    </message>
    <message>
      <source>IRIS — {indicator}</source>
      <translation>IRIS — {indicator}</translation>
    </message>
    <message>
      <source>Diagnosis done: {n} communes. Select one in the table to read its sheet.</source>
      <translation>Diagnosis done: {n} communes. Select one in the table to read its sheet.</translation>
    </message>
    <message>
      <source>Cancelled: {what}. Nothing was added to the project.</source>
      <translation>Cancelled: {what}. Nothing was added to the project.</translation>
    </message>
    <message>
      <source>Tick at least one kind of place.</source>
      <translation>Tick at least one kind of place.</translation>
    </message>
    <message>
      <source>At least one weight must be above 0.</source>
      <translation>At least one weight must be above 0.</translation>
    </message>
    <message>
      <source>fixed</source>
      <translation>fixed</translation>
    </message>
    <message>
      <source>The method fixes how each variable counts</source>
      <translation>The method fixes how each variable counts</translation>
    </message>
    <message>
      <source>Weight of this indicator in the IFN score (0 leaves it out)</source>
      <translation>Weight of this indicator in the IFN score (0 leaves it out)</translation>
    </message>
    <message>
      <source>Other thresholds: “{value}” is not a positive number.</source>
      <translation>Other thresholds: “{value}” is not a positive number.</translation>
    </message>
    <message>
      <source>Other times: “{value}” is not a positive number.</source>
      <translation>Other times: “{value}” is not a positive number.</translation>
    </message>
    <message>
      <source>The weight of “{name}” must be a number ≥ 0.</source>
      <translation>The weight of “{name}” must be a number ≥ 0.</translation>
    </message>
    <message>
      <source>French addresses (BAN)</source>
      <translation>French addresses (BAN)</translation>
    </message>
    <message>
      <source>Address search unavailable: no network</source>
      <translation>Address search unavailable: no network</translation>
    </message>
    <message>
      <source>score</source>
      <translation>score</translation>
    </message>
    <message>
      <source>Address search: the geocoder cannot be reached ({error}). TerriDiag stays quiet for two minutes.</source>
      <translation>Address search: the geocoder cannot be reached ({error}). TerriDiag stays quiet for two minutes.</translation>
    </message>
    <message>
      <source>Debug (everything)</source>
      <translation>Debug (everything)</translation>
    </message>
    <message>
      <source>Information</source>
      <translation>Information</translation>
    </message>
    <message>
      <source>Warnings and errors</source>
      <translation>Warnings and errors</translation>
    </message>
    <message>
      <source>Errors only</source>
      <translation>Errors only</translation>
    </message>
    <message>
      <source>Download cache folder</source>
      <translation>Download cache folder</translation>
    </message>
    <message>
      <source>“{value}” is not a positive number: the other thresholds were not saved.</source>
      <translation>“{value}” is not a positive number: the other thresholds were not saved.</translation>
    </message>
    <message>
      <source>Hidden: too few addresses in this commune (statistical confidentiality)</source>
      <translation>Hidden: too few addresses in this commune (statistical confidentiality)</translation>
    </message>
    <message>
      <source>Human help with digital life must be near: the national target is a digitally equipped place within 5 km of every home. Far places are seldom used by those who need them most.</source>
      <translation>Human help with digital life must be near: the national target is a digitally equipped place within 5 km of every home. Far places are seldom used by those who need them most.</translation>
    </message>
    <message>
      <source>Straight lines understate the real trip: rivers, hills and sparse roads make some places much further in time than on the map.</source>
      <translation>Straight lines understate the real trip: rivers, hills and sparse roads make some places much further in time than on the map.</translation>
    </message>
    <message>
      <source>Being near a place is not enough when it serves many people: accessibility weighs each place by the demand around it (two-step floating catchment area).</source>
      <translation>Being near a place is not enough when it serves many people: accessibility weighs each place by the demand around it (two-step floating catchment area).</translation>
    </message>
    <message>
      <source>Without good broadband, online public services cannot be used at home: people then depend on places that offer equipment and help.</source>
      <translation>Without good broadband, online public services cannot be used at home: people then depend on places that offer equipment and help.</translation>
    </message>
    <message>
      <source>Mobile coverage decides whether a smartphone can replace a home connection.</source>
      <translation>Mobile coverage decides whether a smartphone can replace a home connection.</translation>
    </message>
    <message>
      <source>Age, diplomas, income and household make-up predict who struggles with digital tools: help should go where fragility and distance add up.</source>
      <translation>Age, diplomas, income and household make-up predict who struggles with digital tools: help should go where fragility and distance add up.</translation>
    </message>
    <message>
      <source>Crossing access and fragility shows where to act first.</source>
      <translation>Crossing access and fragility shows where to act first.</translation>
    </message>
    <message>
      <source>Figures computed on a handful of addresses could single out households: they are hidden, and the map says so.</source>
      <translation>Figures computed on a handful of addresses could single out households: they are hidden, and the map says so.</translation>
    </message>
    <message>
      <source>Identifies the commune.</source>
      <translation>Identifies the commune.</translation>
    </message>
    <message>
      <source>descriptive</source>
      <translation>descriptive</translation>
    </message>
    <message>
      <source>Definition</source>
      <translation>Definition</translation>
    </message>
    <message>
      <source>Formula</source>
      <translation>Formula</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>Unit</translation>
    </message>
    <message>
      <source>Measured on</source>
      <translation>Measured on</translation>
    </message>
    <message>
      <source>Reading</source>
      <translation>Reading</translation>
    </message>
    <message>
      <source>Why it matters</source>
      <translation>Why it matters</translation>
    </message>
    <message>
      <source>Show the communes, or the IRIS (the INSEE's units inside the communes split into IRIS)</source>
      <translation>Show the communes, or the IRIS (the INSEE's units inside the communes split into IRIS)</translation>
    </message>
    <message>
      <source>IRIS</source>
      <translation>IRIS</translation>
    </message>
    <message>
      <source>Select an IRIS in the table to read its sheet.</source>
      <translation>Select an IRIS in the table to read its sheet.</translation>
    </message>
    <message>
      <source>Select a commune in the table to read its sheet.</source>
      <translation>Select a commune in the table to read its sheet.</translation>
    </message>
    <message>
      <source>higher is worse</source>
      <translation>higher is worse</translation>
    </message>
    <message>
      <source>higher is better</source>
      <translation>higher is better</translation>
    </message>
    <message>
      <source>see the data sources of the run</source>
      <translation>see the data sources of the run</translation>
    </message>
    <message>
      <source>Confidentiality</source>
      <translation>Confidentiality</translation>
    </message>
    <message>
      <source>Hidden for communes with too few addresses.</source>
      <translation>Hidden for communes with too few addresses.</translation>
    </message>
    <message>
      <source>masked</source>
      <translation>masked</translation>
    </message>
    <message>
      <source>Search an IRIS (name, commune or code)</source>
      <translation>Search an IRIS (name, commune or code)</translation>
    </message>
    <message>
      <source>Search a commune (name or INSEE code)</source>
      <translation>Search a commune (name or INSEE code)</translation>
    </message>
    <message>
      <source>In a priority neighbourhood (QPV)</source>
      <translation>In a priority neighbourhood (QPV)</translation>
    </message>
    <message>
      <source>Masked: too few addresses here, the address-based indicators are hidden (statistical confidentiality).</source>
      <translation>Masked: too few addresses here, the address-based indicators are hidden (statistical confidentiality).</translation>
    </message>
    <message>
      <source>Bar: the commune (scale 0–100 % for shares, else the territory's maximum); black tick: the territory.</source>
      <translation>Bar: the commune (scale 0–100 % for shares, else the territory's maximum); black tick: the territory.</translation>
    </message>
    <message>
      <source>Indicator</source>
      <translation>Indicator</translation>
    </message>
    <message>
      <source>Territory</source>
      <translation>Territory</translation>
    </message>
    <message>
      <source>Commune</source>
      <translation>Commune</translation>
    </message>
    <message>
      <source>Inhabitants (commune population)</source>
      <translation>Inhabitants (commune population)</translation>
    </message>
    <message>
      <source>Inhabitants × digital fragility</source>
      <translation>Inhabitants × digital fragility</translation>
    </message>
    <message>
      <source>Addresses</source>
      <translation>Addresses</translation>
    </message>
    <message>
      <source>(choose a point layer…)</source>
      <translation>(choose a point layer…)</translation>
    </message>
    <message>
      <source>(regular grid)</source>
      <translation>(regular grid)</translation>
    </message>
    <message>
      <source>Load the addresses and the places first (first panel).</source>
      <translation>Load the addresses and the places first (first panel).</translation>
    </message>
    <message>
      <source>Who gains from the new places</source>
      <translation>Who gains from the new places</translation>
    </message>
    <message>
      <source>Scenario: addresses newly within reach</source>
      <translation>Scenario: addresses newly within reach</translation>
    </message>
    <message>
      <source>Finding the best sites</source>
      <translation>Finding the best sites</translation>
    </message>
    <message>
      <source>proven optimal</source>
      <translation>proven optimal</translation>
    </message>
    <message>
      <source>{n} new sites reach {gain} more (from {before} to {after}); method: {method}, {exact}.</source>
      <translation>{n} new sites reach {gain} more (from {before} to {after}); method: {method}, {exact}.</translation>
    </message>
    <message>
      <source>Scenario: places to open</source>
      <translation>Scenario: places to open</translation>
    </message>
    <message>
      <source>Scenario: places to close</source>
      <translation>Scenario: places to close</translation>
    </message>
    <message>
      <source>Choose a layer of places first (town halls, libraries…)</source>
      <translation>Choose a layer of places first (town halls, libraries…)</translation>
    </message>
    <message>
      <source>Add a place on the map or from a layer first.</source>
      <translation>Add a place on the map or from a layer first.</translation>
    </message>
    <message>
      <source>Compute the indicators before and after, per commune, in the background</source>
      <translation>Compute the indicators before and after, per commune, in the background</translation>
    </message>
    <message>
      <source>Load the places first (first panel).</source>
      <translation>Load the places first (first panel).</translation>
    </message>
    <message>
      <source>Choose a layer of places first (town halls, libraries…).</source>
      <translation>Choose a layer of places first (town halls, libraries…).</translation>
    </message>
    <message>
      <source>{n} addresses newly within {km} km of a place</source>
      <translation>{n} addresses newly within {km} km of a place</translation>
    </message>
    <message>
      <source>Gained</source>
      <translation>Gained</translation>
    </message>
    <message>
      <source>Addresses newly within the distance of a place</source>
      <translation>Addresses newly within the distance of a place</translation>
    </message>
    <message>
      <source>Before</source>
      <translation>Before</translation>
    </message>
    <message>
      <source>Share of the addresses within the distance, before</source>
      <translation>Share of the addresses within the distance, before</translation>
    </message>
    <message>
      <source>After</source>
      <translation>After</translation>
    </message>
    <message>
      <source>Share of the addresses within the distance, after</source>
      <translation>Share of the addresses within the distance, after</translation>
    </message>
    <message>
      <source>Δ distance</source>
      <translation>Δ distance</translation>
    </message>
    <message>
      <source>Change of the mean distance to the nearest place</source>
      <translation>Change of the mean distance to the nearest place</translation>
    </message>
    <message>
      <source>Rank</source>
      <translation>Rank</translation>
    </message>
    <message>
      <source>The order in which the sites were picked</source>
      <translation>The order in which the sites were picked</translation>
    </message>
    <message>
      <source>Gain</source>
      <translation>Gain</translation>
    </message>
    <message>
      <source>What the site adds: addresses newly within the distance (or, for the shortest mean distance, the mean distance saved)</source>
      <translation>What the site adds: addresses newly within the distance (or, for the shortest mean distance, the mean distance saved)</translation>
    </message>
    <message>
      <source>Cumulated</source>
      <translation>Cumulated</translation>
    </message>
    <message>
      <source>Covered so far by the sites up to this one (or the mean distance so far)</source>
      <translation>Covered so far by the sites up to this one (or the mean distance so far)</translation>
    </message>
    <message>
      <source>The commune where the site lies</source>
      <translation>The commune where the site lies</translation>
    </message>
    <message>
      <source>Click on the map where a place would open.</source>
      <translation>Click on the map where a place would open.</translation>
    </message>
    <message>
      <source>Click on the map near the place that would close.</source>
      <translation>Click on the map near the place that would close.</translation>
    </message>
    <message>
      <source>{n} places of “{layer}” added to try.</source>
      <translation>{n} places of “{layer}” added to try.</translation>
    </message>
    <message>
      <source>Share of addresses within {km} km: {before} → {after}; mean distance {delta}.</source>
      <translation>Share of addresses within {km} km: {before} → {after}; mean distance {delta}.</translation>
    </message>
    <message>
      <source>Scenario: best {n} sites</source>
      <translation>Scenario: best {n} sites</translation>
    </message>
    <message>
      <source>at most {gap} from the optimum</source>
      <translation>at most {gap} from the optimum</translation>
    </message>
    <message>
      <source>{n} new sites bring the mean distance from {before} to {after}; method: {method}, {exact}.</source>
      <translation>{n} new sites bring the mean distance from {before} to {after}; method: {method}, {exact}.</translation>
    </message>
    <message>
      <source>Add every point of the chosen layer (or only its selected points) as a place to try, up to {max}</source>
      <translation>Add every point of the chosen layer (or only its selected points) as a place to try, up to {max}</translation>
    </message>
    <message>
      <source>“{layer}” has {n} points: too many places for a what-if (at most {max}). Select the places to try in that layer, or choose a smaller one.</source>
      <translation>“{layer}” has {n} points: too many places for a what-if (at most {max}). Select the places to try in that layer, or choose a smaller one.</translation>
    </message>
    <message>
      <source>“{layer}” has no point to add.</source>
      <translation>“{layer}” has no point to add.</translation>
    </message>
    <message>
      <source>Cannot write the places to try: {error}</source>
      <translation>Cannot write the places to try: {error}</translation>
    </message>
    <message>
      <source>The result cannot be opened: {path}</source>
      <translation>The result cannot be opened: {path}</translation>
    </message>
    <message>
      <source>(about {p} inhabitants)</source>
      <translation>(about {p} inhabitants)</translation>
    </message>
    <message>
      <source>best site {n}</source>
      <translation>best site {n}</translation>
    </message>
    <message>
      <source>new place {n}</source>
      <translation>new place {n}</translation>
    </message>
    <message>
      <source>closed place {n}</source>
      <translation>closed place {n}</translation>
    </message>
    <message>
      <source>Cancelled.</source>
      <translation>Cancelled.</translation>
    </message>
    <message>
      <source>The computation failed.</source>
      <translation>The computation failed.</translation>
    </message>
    <message>
      <source>The algorithm {id} is not available in this version.</source>
      <translation>The algorithm {id} is not available in this version.</translation>
    </message>
    <message>
      <source>{label}: {value}</source>
      <translation>{label}: {value}</translation>
    </message>
    <message>
      <source>en</source>
      <translation>en</translation>
    </message>
    <message>
      <source>TerriDiag needs Python packages that are not installed: {names}.</source>
      <translation>TerriDiag needs Python packages that are not installed: {names}.</translation>
    </message>
    <message>
      <source>Install them with QPIP: Plugins › QPIP › Check dependencies now, then restart QGIS.</source>
      <translation>Install them with QPIP: Plugins › QPIP › Check dependencies now, then restart QGIS.</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis</source>
      <translation>TerriDiag — digital diagnosis</translation>
    </message>
    <message>
      <source>Show or hide the TerriDiag panel</source>
      <translation>Show or hide the TerriDiag panel</translation>
    </message>
    <message>
      <source>&amp;TerriDiag</source>
      <translation>&amp;TerriDiag</translation>
    </message>
    <message>
      <source>Help of the TerriDiag algorithms</source>
      <translation>Help of the TerriDiag algorithms</translation>
    </message>
    <message>
      <source>The QPIP plugin installs them in one click (Plugins › Manage and Install Plugins › QPIP, then restart QGIS); or install them yourself:</source>
      <translation>The QPIP plugin installs them in one click (Plugins › Manage and Install Plugins › QPIP, then restart QGIS); or install them yourself:</translation>
    </message>
    <message>
      <source>The help pages were not built (make help).</source>
      <translation>The help pages were not built (make help).</translation>
    </message>
    <message>
      <source>Text encoding of the file</source>
      <translation>Text encoding of the file</translation>
    </message>
    <message>
      <source>Format read</source>
      <translation>Format read</translation>
    </message>
    <message>
      <source>Provenance</source>
      <translation>Provenance</translation>
    </message>
    <message>
      <source>Provenance records (JSON)</source>
      <translation>Provenance records (JSON)</translation>
    </message>
    <message>
      <source>auto (detect)</source>
      <translation>auto (detect)</translation>
    </message>
    <message>
      <source>Engine</source>
      <translation>Engine</translation>
    </message>
    <message>
      <source>Dask scheduler address (empty: a local cluster)</source>
      <translation>Dask scheduler address (empty: a local cluster)</translation>
    </message>
    <message>
      <source>Workers of the local Dask cluster</source>
      <translation>Workers of the local Dask cluster</translation>
    </message>
    <message>
      <source>In process</source>
      <translation>In process</translation>
    </message>
    <message>
      <source>Dask (partitioned by département)</source>
      <translation>Dask (partitioned by département)</translation>
    </message>
    <message>
      <source>Any time (opening hours not taken into account)</source>
      <translation>Any time (opening hours not taken into account)</translation>
    </message>
    <message>
      <source>Saturday morning (9:00–12:00)</source>
      <translation>Saturday morning (9:00–12:00)</translation>
    </message>
    <message>
      <source>After 18:00 on a weekday (Mon–Fri, 18:00–22:00)</source>
      <translation>After 18:00 on a weekday (Mon–Fri, 18:00–22:00)</translation>
    </message>
    <message>
      <source>At some time in the week</source>
      <translation>At some time in the week</translation>
    </message>
    <message>
      <source>The window written below (OpenStreetMap opening_hours syntax)</source>
      <translation>The window written below (OpenStreetMap opening_hours syntax)</translation>
    </message>
    <message>
      <source>Service places (one or several point layers)</source>
      <translation>Service places (one or several point layers)</translation>
    </message>
    <message>
      <source>Population where there is no address (IRIS or 200 m grid cells with a population)</source>
      <translation>Population where there is no address (IRIS or 200 m grid cells with a population)</translation>
    </message>
    <message>
      <source>Population field (empty: population, Pyy_POP or Ind)</source>
      <translation>Population field (empty: population, Pyy_POP or Ind)</translation>
    </message>
    <message>
      <source>Farther from a road than this, no travel time (m)</source>
      <translation>Farther from a road than this, no travel time (m)</translation>
    </message>
    <message>
      <source>ARCEP statistics per commune (one or several tables: 'Ma connexion internet', FttH observatory)</source>
      <translation>ARCEP statistics per commune (one or several tables: 'Ma connexion internet', FttH observatory)</translation>
    </message>
    <message>
      <source>Only places open at this time</source>
      <translation>Only places open at this time</translation>
    </message>
    <message>
      <source>Time window of your own (e.g. Tu,Th 17:00-20:00)</source>
      <translation>Time window of your own (e.g. Tu,Th 17:00-20:00)</translation>
    </message>
    <message>
      <source>Week the hours are read on (a date such as 2024-09-02; empty: the next week without a public holiday)</source>
      <translation>Week the hours are read on (a date such as 2024-09-02; empty: the next week without a public holiday)</translation>
    </message>
    <message>
      <source>Open at least this long in the window (minutes)</source>
      <translation>Open at least this long in the window (minutes)</translation>
    </message>
    <message>
      <source>Kinds of places taken into account (categories, comma-separated; empty: all)</source>
      <translation>Kinds of places taken into account (categories, comma-separated; empty: all)</translation>
    </message>
    <message>
      <source>Places open: {label}, week of {start} to {end}, open at least {m:g} minutes in a row (hours read with {lib})</source>
      <translation>Places open: {label}, week of {start} to {end}, open at least {m:g} minutes in a row (hours read with {lib})</translation>
    </message>
    <message>
      <source>{open} places open, {closed} closed, {unknown} of unknown hours (counted apart)</source>
      <translation>{open} places open, {closed} closed, {unknown} of unknown hours (counted apart)</translation>
    </message>
    <message>
      <source>Public holidays that week: {days}</source>
      <translation>Public holidays that week: {days}</translation>
    </message>
    <message>
      <source>Unknown hours: {name} ({reason})</source>
      <translation>Unknown hours: {name} ({reason})</translation>
    </message>
    <message>
      <source>Workshop</source>
      <translation>Workshop</translation>
    </message>
    <message>
      <source>OSM completeness pack for a mapping party</source>
      <translation>OSM completeness pack for a mapping party</translation>
    </message>
    <message>
      <source>Compares the official places (SERVICES: France Services, mediation places, BPE town halls, libraries and post offices, as imported by Import service places) with an OpenStreetMap extract (OSM, .osm or .osm.pbf). An official place is in OSM when an OSM place less than MAX_DISTANCE_M away has a similar name (similarity of the words of the names, 0 to 1, at least MIN_SIMILARITY), or when an OSM place of the same kind (town hall, library, post office, public-service counter) lies less than SAME_KIND_M away; official places outside the extract (its bounds, or the extent of its data for a .pbf) are not checked and said so. Distances are measured in the legal CRS of the extract's territory (overseas included). OUTPUT: the official places with status (in_osm, missing, outside_extract), the OSM place matched, the distance, the name similarity and the nearest OSM place. OUTPUT_OSM: the OSM public-service places that lack a name, opening hours, a website or wheelchair information. OUTPUT_CHECKLIST (HTML) and OUTPUT_CHECKLIST_PDF: the printable checklist with the thresholds, sources and licences. OUTPUT_JOSM: the missing places as new nodes (negative ids, action=modify, each with its source and a fixme) in an .osm file marked upload='false', to open in JOSM and check on the ground. TerriDiag never uploads anything to OpenStreetMap.</source>
      <translation>Compares the official places (SERVICES: France Services, mediation places, BPE town halls, libraries and post offices, as imported by Import service places) with an OpenStreetMap extract (OSM, .osm or .osm.pbf). An official place is in OSM when an OSM place less than MAX_DISTANCE_M away has a similar name (similarity of the words of the names, 0 to 1, at least MIN_SIMILARITY), or when an OSM place of the same kind (town hall, library, post office, public-service counter) lies less than SAME_KIND_M away; official places outside the extract (its bounds, or the extent of its data for a .pbf) are not checked and said so. Distances are measured in the legal CRS of the extract's territory (overseas included). OUTPUT: the official places with status (in_osm, missing, outside_extract), the OSM place matched, the distance, the name similarity and the nearest OSM place. OUTPUT_OSM: the OSM public-service places that lack a name, opening hours, a website or wheelchair information. OUTPUT_CHECKLIST (HTML) and OUTPUT_CHECKLIST_PDF: the printable checklist with the thresholds, sources and licences. OUTPUT_JOSM: the missing places as new nodes (negative ids, action=modify, each with its source and a fixme) in an .osm file marked upload='false', to open in JOSM and check on the ground. TerriDiag never uploads anything to OpenStreetMap.</translation>
    </message>
    <message>
      <source>OpenStreetMap extract (.osm / .osm.pbf)</source>
      <translation>OpenStreetMap extract (.osm / .osm.pbf)</translation>
    </message>
    <message>
      <source>Kinds of official places checked (comma-separated)</source>
      <translation>Kinds of official places checked (comma-separated)</translation>
    </message>
    <message>
      <source>Largest distance to an OSM place with a similar name (m)</source>
      <translation>Largest distance to an OSM place with a similar name (m)</translation>
    </message>
    <message>
      <source>Largest distance to an OSM place of the same kind, whatever its name (m)</source>
      <translation>Largest distance to an OSM place of the same kind, whatever its name (m)</translation>
    </message>
    <message>
      <source>Smallest name similarity (0 to 1)</source>
      <translation>Smallest name similarity (0 to 1)</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Language</translation>
    </message>
    <message>
      <source>Official places and their presence in OpenStreetMap</source>
      <translation>Official places and their presence in OpenStreetMap</translation>
    </message>
    <message>
      <source>OpenStreetMap places to complete</source>
      <translation>OpenStreetMap places to complete</translation>
    </message>
    <message>
      <source>Checklist (HTML)</source>
      <translation>Checklist (HTML)</translation>
    </message>
    <message>
      <source>HTML files (*.html)</source>
      <translation>HTML files (*.html)</translation>
    </message>
    <message>
      <source>Checklist (PDF)</source>
      <translation>Checklist (PDF)</translation>
    </message>
    <message>
      <source>PDF files (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>Proposed additions for JOSM (.osm)</source>
      <translation>Proposed additions for JOSM (.osm)</translation>
    </message>
    <message>
      <source>OSM files (*.osm)</source>
      <translation>OSM files (*.osm)</translation>
    </message>
    <message>
      <source>Official places: {in_osm} in OpenStreetMap, {missing} missing, {outside} outside the extract (not checked)</source>
      <translation>Official places: {in_osm} in OpenStreetMap, {missing} missing, {outside} outside the extract (not checked)</translation>
    </message>
    <message>
      <source>Matching: a similar name (at least {s:g}) less than {d:g} m away, or the same kind less than {k:g} m away; distances in EPSG:{epsg}</source>
      <translation>Matching: a similar name (at least {s:g}) less than {d:g} m away, or the same kind less than {k:g} m away; distances in EPSG:{epsg}</translation>
    </message>
    <message>
      <source>OpenStreetMap places of the extract: {n}, {todo} to complete</source>
      <translation>OpenStreetMap places of the extract: {n}, {todo} to complete</translation>
    </message>
    <message>
      <source>Generate the demo territory</source>
      <translation>Generate the demo territory</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>Data</translation>
    </message>
    <message>
      <source>Writes a synthetic but realistic French territory (about 30 communes, 40,000 BAN addresses, France Services, mediation places, ARCEP statistics, fragility variables, an OSM road network) in the official file formats, to try TerriDiag or to train without real data. Everything it writes is marked as synthetic. The same seed always gives the same files.</source>
      <translation>Writes a synthetic but realistic French territory (about 30 communes, 40,000 BAN addresses, France Services, mediation places, ARCEP statistics, fragility variables, an OSM road network) in the official file formats, to try TerriDiag or to train without real data. Everything it writes is marked as synthetic. The same seed always gives the same files.</translation>
    </message>
    <message>
      <source>Generating the demo territory (synthetic data)…</source>
      <translation>Generating the demo territory (synthetic data)…</translation>
    </message>
    <message>
      <source>Random seed (same seed, same territory)</source>
      <translation>Random seed (same seed, same territory)</translation>
    </message>
    <message>
      <source>Folder for the demo territory files</source>
      <translation>Folder for the demo territory files</translation>
    </message>
    <message>
      <source>Files written (JSON: dataset → path)</source>
      <translation>Files written (JSON: dataset → path)</translation>
    </message>
    <message>
      <source>Digital fragility index</source>
      <translation>Digital fragility index</translation>
    </message>
    <message>
      <source>METHOD 0, MedNum 2019, by IRIS (MedNum's level) or by commune. INPUT: units with the variables thd_coverage, mobile_coverage, poverty_rate, median_income, single_parent_share, one_person_household_share, public_services_per_capita, unemployment_rate, age_15_29_share, age_65_plus_share, low_diploma_share (rates as fractions) or the census counts they are made of — what 'Import census and income' and 'Import IRIS' write. Each variable is compared with the reference territory's own value: Σ numerators / Σ denominators of its units (a population-weighted ratio); for income the official median given in REFERENCE (CSV 'variable,value'), otherwise the population-weighted median of the units' medians, said so in METADATA. REFERENCE_LEVEL: the units given, or each unit's EPCI (needs COMMUNES or an epci_siren field), département or région; REFERENCE_UNITS: other units to compute the references on (e.g. the whole département). Points = 100 × coefficient; each axis is the mean of its variables present, ifn_global the mean of all variables present (base 100, higher = more fragile); a variable missing or secret for a unit is left out, never counted as 0 (ifn_n_variables, ifn_missing say which). ifn_global_class: 1-5, equal intervals. With IRIS, OUTPUT_COMMUNES receives each commune's population-weighted mean of its IRIS. METHOD 1, IFN: thd_non_coverage, mobile_4g_non_coverage, age_65_plus_share, low_diploma_share, poverty_rate scored 1-10 by the deciles of REFERENCE_UNITS (default: the input itself), combined with WEIGHTS ('variable:weight,…'). METHOD 2, custom: INDICATORS 'field:higher_is_worse|higher_is_better:weight,…', NORMALISATION min-max (0-100) or z-score. Input fields are kept.</source>
      <translation>METHOD 0, MedNum 2019, by IRIS (MedNum's level) or by commune. INPUT: units with the variables thd_coverage, mobile_coverage, poverty_rate, median_income, single_parent_share, one_person_household_share, public_services_per_capita, unemployment_rate, age_15_29_share, age_65_plus_share, low_diploma_share (rates as fractions) or the census counts they are made of — what 'Import census and income' and 'Import IRIS' write. Each variable is compared with the reference territory's own value: Σ numerators / Σ denominators of its units (a population-weighted ratio); for income the official median given in REFERENCE (CSV 'variable,value'), otherwise the population-weighted median of the units' medians, said so in METADATA. REFERENCE_LEVEL: the units given, or each unit's EPCI (needs COMMUNES or an epci_siren field), département or région; REFERENCE_UNITS: other units to compute the references on (e.g. the whole département). Points = 100 × coefficient; each axis is the mean of its variables present, ifn_global the mean of all variables present (base 100, higher = more fragile); a variable missing or secret for a unit is left out, never counted as 0 (ifn_n_variables, ifn_missing say which). ifn_global_class: 1-5, equal intervals. With IRIS, OUTPUT_COMMUNES receives each commune's population-weighted mean of its IRIS. METHOD 1, IFN: thd_non_coverage, mobile_4g_non_coverage, age_65_plus_share, low_diploma_share, poverty_rate scored 1-10 by the deciles of REFERENCE_UNITS (default: the input itself), combined with WEIGHTS ('variable:weight,…'). METHOD 2, custom: INDICATORS 'field:higher_is_worse|higher_is_better:weight,…', NORMALISATION min-max (0-100) or z-score. Input fields are kept.</translation>
    </message>
    <message>
      <source>IRIS or communes with fragility variables or census counts</source>
      <translation>IRIS or communes with fragility variables or census counts</translation>
    </message>
    <message>
      <source>Method</source>
      <translation>Method</translation>
    </message>
    <message>
      <source>Reference territory (MedNum)</source>
      <translation>Reference territory (MedNum)</translation>
    </message>
    <message>
      <source>Reference values (CSV variable,value)</source>
      <translation>Reference values (CSV variable,value)</translation>
    </message>
    <message>
      <source>Units of the reference territory (default: INPUT)</source>
      <translation>Units of the reference territory (default: INPUT)</translation>
    </message>
    <message>
      <source>Communes (EPCI membership, for the EPCI reference)</source>
      <translation>Communes (EPCI membership, for the EPCI reference)</translation>
    </message>
    <message>
      <source>IFN weights (variable:weight,…)</source>
      <translation>IFN weights (variable:weight,…)</translation>
    </message>
    <message>
      <source>Custom indicators (field:direction:weight,…)</source>
      <translation>Custom indicators (field:direction:weight,…)</translation>
    </message>
    <message>
      <source>Custom normalisation</source>
      <translation>Custom normalisation</translation>
    </message>
    <message>
      <source>Fragility index</source>
      <translation>Fragility index</translation>
    </message>
    <message>
      <source>Fragility index per commune (from IRIS)</source>
      <translation>Fragility index per commune (from IRIS)</translation>
    </message>
    <message>
      <source>Method and references (JSON)</source>
      <translation>Method and references (JSON)</translation>
    </message>
    <message>
      <source>The units given</source>
      <translation>The units given</translation>
    </message>
    <message>
      <source>Each unit's EPCI</source>
      <translation>Each unit's EPCI</translation>
    </message>
    <message>
      <source>Each unit's département</source>
      <translation>Each unit's département</translation>
    </message>
    <message>
      <source>Each unit's région</source>
      <translation>Each unit's région</translation>
    </message>
    <message>
      <source>Import addresses</source>
      <translation>Import addresses</translation>
    </message>
    <message>
      <source>Reads addresses as published — a BAN per-département CSV (adresses-XX.csv or .csv.gz, 22 or 23 columns), a BAL 1.3 csv-bal export — or any CSV or point layer whose columns you name (commune code, and x/y or longitude/latitude). Writes one point layer with the fields id, code_insee, numero, nom_voie, code_postal, nom_commune in the legal metric CRS of the territory (Lambert-93 in metropolitan France). x/y are used as published; rows without them are projected from lon/lat. Rows without a commune code or coordinates, or outside the territory, are rejected and listed with their line number in the log. Large national files are streamed. Optional: a decoupage-administratif communes.json to map the codes of merged communes to the current commune.</source>
      <translation>Reads addresses as published — a BAN per-département CSV (adresses-XX.csv or .csv.gz, 22 or 23 columns), a BAL 1.3 csv-bal export — or any CSV or point layer whose columns you name (commune code, and x/y or longitude/latitude). Writes one point layer with the fields id, code_insee, numero, nom_voie, code_postal, nom_commune in the legal metric CRS of the territory (Lambert-93 in metropolitan France). x/y are used as published; rows without them are projected from lon/lat. Rows without a commune code or coordinates, or outside the territory, are rejected and listed with their line number in the log. Large national files are streamed. Optional: a decoupage-administratif communes.json to map the codes of merged communes to the current commune.</translation>
    </message>
    <message>
      <source>Import communes</source>
      <translation>Import communes</translation>
    </message>
    <message>
      <source>Reads commune boundaries as published — IGN ADMIN EXPRESS (v3 fields INSEE_COM, NOM, POPULATION… or edition 4 fields code_insee, nom_officiel, population…), france-geojson (code, nom) or geo.api.gouv.fr GeoJSON — and writes a polygon layer with the fields code_insee, nom, population, code_dep, epci_siren, epci_nom in the territory's metric CRS. Optional inputs: a population file (INSEE legal populations CSV, the territory CSV or decoupage-administratif communes.json), an EPCI file (decoupage-administratif epci.json), and a COG communes.json: codes of communes merged since the boundary vintage are mapped to the current commune, their polygons dissolved and populations summed; each remapped code is listed in the log.</source>
      <translation>Reads commune boundaries as published — IGN ADMIN EXPRESS (v3 fields INSEE_COM, NOM, POPULATION… or edition 4 fields code_insee, nom_officiel, population…), france-geojson (code, nom) or geo.api.gouv.fr GeoJSON — and writes a polygon layer with the fields code_insee, nom, population, code_dep, epci_siren, epci_nom in the territory's metric CRS. Optional inputs: a population file (INSEE legal populations CSV, the territory CSV or decoupage-administratif communes.json), an EPCI file (decoupage-administratif epci.json), and a COG communes.json: codes of communes merged since the boundary vintage are mapped to the current commune, their polygons dissolved and populations summed; each remapped code is listed in the log.</translation>
    </message>
    <message>
      <source>Address file (BAN, BAL, CSV or point layer)</source>
      <translation>Address file (BAN, BAL, CSV or point layer)</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>CRS of the X/Y columns (table format; default: legal CRS of the territory)</source>
      <translation>CRS of the X/Y columns (table format; default: legal CRS of the territory)</translation>
    </message>
    <message>
      <source>Territory metric CRS (default: from the commune codes)</source>
      <translation>Territory metric CRS (default: from the commune codes)</translation>
    </message>
    <message>
      <source>COG communes.json (decoupage-administratif) to harmonise codes</source>
      <translation>COG communes.json (decoupage-administratif) to harmonise codes</translation>
    </message>
    <message>
      <source>Commune boundaries</source>
      <translation>Commune boundaries</translation>
    </message>
    <message>
      <source>Population file (CSV or communes.json)</source>
      <translation>Population file (CSV or communes.json)</translation>
    </message>
    <message>
      <source>EPCI membership (epci.json)</source>
      <translation>EPCI membership (epci.json)</translation>
    </message>
    <message>
      <source>Import census and income (INSEE)</source>
      <translation>Import census and income (INSEE)</translation>
    </message>
    <message>
      <source>Reads INSEE tables as INSEE publishes them (CSV, the zip of the CSV, or the XLSX workbook): the census 'bases infracommunales' by IRIS (base-ic-…) or communal files (base-cc-…) of the themes evol-struct-pop, diplomes-formation, activite-residents and couples-familles-menages, of any vintage (P20_…, C20_…), the Filosofi tables by IRIS or commune (median income, poverty rate) and published fragility rates. The files are joined on their IRIS or commune code into one table with vintage-free counts (population, pop_15_29, pop_65_plus, nscol15p, households, families, active_15_64…), median_income, poverty_rate, and the MedNum variables computed from the counts (age_15_29_share, age_65_plus_share, low_diploma_share, one_person_household_share, single_parent_share, unemployment_rate). Secret values (blank, 's', a median income of 0) are missing, never 0. COMMUNES cuts national files to the territory. The result is the 'fragility variables' input of the diagnosis and of the fragility index.</source>
      <translation>Reads INSEE tables as INSEE publishes them (CSV, the zip of the CSV, or the XLSX workbook): the census 'bases infracommunales' by IRIS (base-ic-…) or communal files (base-cc-…) of the themes evol-struct-pop, diplomes-formation, activite-residents and couples-familles-menages, of any vintage (P20_…, C20_…), the Filosofi tables by IRIS or commune (median income, poverty rate) and published fragility rates. The files are joined on their IRIS or commune code into one table with vintage-free counts (population, pop_15_29, pop_65_plus, nscol15p, households, families, active_15_64…), median_income, poverty_rate, and the MedNum variables computed from the counts (age_15_29_share, age_65_plus_share, low_diploma_share, one_person_household_share, single_parent_share, unemployment_rate). Secret values (blank, 's', a median income of 0) are missing, never 0. COMMUNES cuts national files to the territory. The result is the 'fragility variables' input of the diagnosis and of the fragility index.</translation>
    </message>
    <message>
      <source>Import IRIS (contours, census, QPV)</source>
      <translation>Import IRIS (contours, census, QPV)</translation>
    </message>
    <message>
      <source>Reads the IRIS contours — IGN CONTOURS-IRIS (GeoPackage or Shapefile, fields CODE_IRIS/code_iris…) or an IRIS GeoJSON — and joins the INSEE census (and Filosofi) files by IRIS given in CENSUS, so each IRIS carries population (the field the diagnosis uses as its population layer) and the fragility variables. With QPV (ANCT priority neighbourhoods), each IRIS gets qpv (true when at least 1 % of its area lies in a QPV), qpv_share and qpv_codes. COMMUNES keeps the IRIS of the territory's communes. Output: IRIS polygons in the territory's metric CRS.</source>
      <translation>Reads the IRIS contours — IGN CONTOURS-IRIS (GeoPackage or Shapefile, fields CODE_IRIS/code_iris…) or an IRIS GeoJSON — and joins the INSEE census (and Filosofi) files by IRIS given in CENSUS, so each IRIS carries population (the field the diagnosis uses as its population layer) and the fragility variables. With QPV (ANCT priority neighbourhoods), each IRIS gets qpv (true when at least 1 % of its area lies in a QPV), qpv_share and qpv_codes. COMMUNES keeps the IRIS of the territory's communes. Output: IRIS polygons in the territory's metric CRS.</translation>
    </message>
    <message>
      <source>Import the 200 m population grid (INSEE Filosofi)</source>
      <translation>Import the 200 m population grid (INSEE Filosofi)</translation>
    </message>
    <message>
      <source>Reads the INSEE Filosofi 200 m grid ('données carroyées', GeoPackage, any vintage: Ind/ind, Idcar_200m/IdINSPIRE…) and writes its cells with population (inhabitants of the cell), households, poor_households and code_insee (the commune holding the cell's centre), in the territory's metric CRS. With COMMUNES, only the cells whose centre lies in one of them are kept (a national file is read for the territory's extent only). INSEE publishes only cells with enough households: the log says which share of the communes' population the cells hold.</source>
      <translation>Reads the INSEE Filosofi 200 m grid ('données carroyées', GeoPackage, any vintage: Ind/ind, Idcar_200m/IdINSPIRE…) and writes its cells with population (inhabitants of the cell), households, poor_households and code_insee (the commune holding the cell's centre), in the territory's metric CRS. With COMMUNES, only the cells whose centre lies in one of them are kept (a national file is read for the territory's extent only). INSEE publishes only cells with enough households: the log says which share of the communes' population the cells hold.</translation>
    </message>
    <message>
      <source>Import priority neighbourhoods (QPV)</source>
      <translation>Import priority neighbourhoods (QPV)</translation>
    </message>
    <message>
      <source>Reads the ANCT quartiers prioritaires de la politique de la ville (GeoJSON, Shapefile or GeoPackage; code_qp or CODE_QP) and writes polygons with code_qp, nom_qp and communes in the territory's metric CRS. ATTRIBUTES: a table keyed by the QPV code (e.g. the CNAF/ANCT data of the QPV, CODGEO = QP…) whose columns are joined (POP_MUN becomes population_qpv). COMMUNES keeps the QPV of the territory.</source>
      <translation>Reads the ANCT quartiers prioritaires de la politique de la ville (GeoJSON, Shapefile or GeoPackage; code_qp or CODE_QP) and writes polygons with code_qp, nom_qp and communes in the territory's metric CRS. ATTRIBUTES: a table keyed by the QPV code (e.g. the CNAF/ANCT data of the QPV, CODGEO = QP…) whose columns are joined (POP_MUN becomes population_qpv). COMMUNES keeps the QPV of the territory.</translation>
    </message>
    <message>
      <source>Communes of the territory (to cut national files; optional)</source>
      <translation>Communes of the territory (to cut national files; optional)</translation>
    </message>
    <message>
      <source>INSEE census / Filosofi files</source>
      <translation>INSEE census / Filosofi files</translation>
    </message>
    <message>
      <source>Census and income</source>
      <translation>Census and income</translation>
    </message>
    <message>
      <source>IRIS contours</source>
      <translation>IRIS contours</translation>
    </message>
    <message>
      <source>INSEE census / Filosofi files by IRIS (optional)</source>
      <translation>INSEE census / Filosofi files by IRIS (optional)</translation>
    </message>
    <message>
      <source>QPV polygons (ANCT, optional)</source>
      <translation>QPV polygons (ANCT, optional)</translation>
    </message>
    <message>
      <source>Metric CRS (default: legal CRS of the territory)</source>
      <translation>Metric CRS (default: legal CRS of the territory)</translation>
    </message>
    <message>
      <source>Filosofi 200 m grid (GeoPackage)</source>
      <translation>Filosofi 200 m grid (GeoPackage)</translation>
    </message>
    <message>
      <source>Metric CRS (default: the communes' CRS)</source>
      <translation>Metric CRS (default: the communes' CRS)</translation>
    </message>
    <message>
      <source>200 m grid</source>
      <translation>200 m grid</translation>
    </message>
    <message>
      <source>QPV polygons</source>
      <translation>QPV polygons</translation>
    </message>
    <message>
      <source>QPV attributes (table by QPV code)</source>
      <translation>QPV attributes (table by QPV code)</translation>
    </message>
    <message>
      <source>QPV</source>
      <translation>QPV</translation>
    </message>
    <message>
      <source>Import service places</source>
      <translation>Import service places</translation>
    </message>
    <message>
      <source>Reads a file of public-service or digital-mediation places as published — France Services (ANCT CSV), mediation places (national schema, CSV/JSON/GeoJSON), INSEE BPE, or an OpenStreetMap extract (.osm/.osm.pbf: town halls, libraries, post offices, community centres, social facilities, government offices, public internet access) — and writes one point layer with the fields id, name, category, code_insee, address, opening_hours, services, source, mobile, capacity in the legal CRS of the territory. The format is detected from the header; FORMAT forces one. A file whose places lie in several French territories (the national lists with the overseas départements) is kept whole, in EPSG:4326; TERRITORIES also writes one layer per territory, each in its legal CRS (Lambert-93, RGAF09 / UTM 20N, RGFG95 / UTM 22N, RGR92 / UTM 40S, RGM04 / UTM 38S, RGSPM06 / UTM 21N). CRS forces one CRS: places in territories it does not cover are then rejected. Rows without usable coordinates are rejected and listed with their line number in the log; the rest is imported.</source>
      <translation>Reads a file of public-service or digital-mediation places as published — France Services (ANCT CSV), mediation places (national schema, CSV/JSON/GeoJSON), INSEE BPE, or an OpenStreetMap extract (.osm/.osm.pbf: town halls, libraries, post offices, community centres, social facilities, government offices, public internet access) — and writes one point layer with the fields id, name, category, code_insee, address, opening_hours, services, source, mobile, capacity in the legal CRS of the territory. The format is detected from the header; FORMAT forces one. A file whose places lie in several French territories (the national lists with the overseas départements) is kept whole, in EPSG:4326; TERRITORIES also writes one layer per territory, each in its legal CRS (Lambert-93, RGAF09 / UTM 20N, RGFG95 / UTM 22N, RGR92 / UTM 40S, RGM04 / UTM 38S, RGSPM06 / UTM 21N). CRS forces one CRS: places in territories it does not cover are then rejected. Rows without usable coordinates are rejected and listed with their line number in the log; the rest is imported.</translation>
    </message>
    <message>
      <source>Import connectivity data</source>
      <translation>Import connectivity data</translation>
    </message>
    <message>
      <source>Reads ARCEP connectivity open data as published: 'Ma connexion internet' statistics per commune (commune_debit, commune_debit_filaire, commune_techno, commune_meilleure_techno_thd), the FttH deployment observatory (premises connectable at the latest quarter; with INFOS, its commune information file, the premises that make the FttH share) and that information file alone, the list of mobile sites (points), or mobile coverage polygons (GeoPackage with 'niveau' TBC/BC/CL). Commune statistics become a table with code_insee, premises and eligibility counts; sites a point layer; coverage a polygon layer, in the metric CRS. FORMAT forces the format.</source>
      <translation>Reads ARCEP connectivity open data as published: 'Ma connexion internet' statistics per commune (commune_debit, commune_debit_filaire, commune_techno, commune_meilleure_techno_thd), the FttH deployment observatory (premises connectable at the latest quarter; with INFOS, its commune information file, the premises that make the FttH share) and that information file alone, the list of mobile sites (points), or mobile coverage polygons (GeoPackage with 'niveau' TBC/BC/CL). Commune statistics become a table with code_insee, premises and eligibility counts; sites a point layer; coverage a polygon layer, in the metric CRS. FORMAT forces the format.</translation>
    </message>
    <message>
      <source>Service places file</source>
      <translation>Service places file</translation>
    </message>
    <message>
      <source>BPE equipment types (comma-separated TYPEQU codes, BPE only)</source>
      <translation>BPE equipment types (comma-separated TYPEQU codes, BPE only)</translation>
    </message>
    <message>
      <source>Places in several territories</source>
      <translation>Places in several territories</translation>
    </message>
    <message>
      <source>One layer per territory (GeoPackage)</source>
      <translation>One layer per territory (GeoPackage)</translation>
    </message>
    <message>
      <source>Service places</source>
      <translation>Service places</translation>
    </message>
    <message>
      <source>Layers per territory</source>
      <translation>Layers per territory</translation>
    </message>
    <message>
      <source>Connectivity file</source>
      <translation>Connectivity file</translation>
    </message>
    <message>
      <source>FttH observatory: its commune information file (premises, for the FttH share)</source>
      <translation>FttH observatory: its commune information file (premises, for the FttH share)</translation>
    </message>
    <message>
      <source>Connectivity</source>
      <translation>Connectivity</translation>
    </message>
    <message>
      <source>one layer (in EPSG:4326 when the territories' legal CRSs differ)</source>
      <translation>one layer (in EPSG:4326 when the territories' legal CRSs differ)</translation>
    </message>
    <message>
      <source>also one layer per territory, each in its legal CRS</source>
      <translation>also one layer per territory, each in its legal CRS</translation>
    </message>
    <message>
      <source>Coverage as the crow flies</source>
      <translation>Coverage as the crow flies</translation>
    </message>
    <message>
      <source>Straight-line distance from every demand point to the nearest service place (KD-tree in a metric CRS), then per commune: mean, median and 90th-percentile distance (m) and share_within, the share (0-1) of the population within DISTANCE_KM (5 km target by default). Demand: the ADDRESSES (each carrying its commune's population spread evenly); where a commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune carrying its whole population (COMMUNES). Statistics are weighted by population; demand_source says which demand each commune has. Without COMMUNES the addresses are grouped by their code_insee field. SERVICES takes one or several point layers; CATEGORY keeps one service category. Communes with fewer than MIN_COUNT addresses have their values masked (empty) and flagged (statistical confidentiality; 0 disables). OPEN_AT keeps only the places open at a time (Saturday morning, after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW, a window in the OpenStreetMap opening_hours syntax), read from their opening_hours field on one week (OPEN_WEEK; default the next week without a public holiday): a place open at least OPEN_MIN_MINUTES in a row in the window counts. The shares are then open_share_within_{k}km (places known to be open) and open_or_unknown_share_within_{k}km (places of unknown hours counted as open: an upper bound); places of unknown hours are counted apart and named in the log. OUTPUT_PLACES (optional) receives the places with hours_status (open, closed, unknown), open_minutes and hours_reason. Reading opening hours needs the Python package opening-hours-py. ENGINE: in process, or Dask — the run cut by département, each part with the places near enough to its edge to be some point's nearest (the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</source>
      <translation>Straight-line distance from every demand point to the nearest service place (KD-tree in a metric CRS), then per commune: mean, median and 90th-percentile distance (m) and share_within, the share (0-1) of the population within DISTANCE_KM (5 km target by default). Demand: the ADDRESSES (each carrying its commune's population spread evenly); where a commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune carrying its whole population (COMMUNES). Statistics are weighted by population; demand_source says which demand each commune has. Without COMMUNES the addresses are grouped by their code_insee field. SERVICES takes one or several point layers; CATEGORY keeps one service category. Communes with fewer than MIN_COUNT addresses have their values masked (empty) and flagged (statistical confidentiality; 0 disables). OPEN_AT keeps only the places open at a time (Saturday morning, after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW, a window in the OpenStreetMap opening_hours syntax), read from their opening_hours field on one week (OPEN_WEEK; default the next week without a public holiday): a place open at least OPEN_MIN_MINUTES in a row in the window counts. The shares are then open_share_within_{k}km (places known to be open) and open_or_unknown_share_within_{k}km (places of unknown hours counted as open: an upper bound); places of unknown hours are counted apart and named in the log. OUTPUT_PLACES (optional) receives the places with hours_status (open, closed, unknown), open_minutes and hours_reason. Reading opening hours needs the Python package opening-hours-py. ENGINE: in process, or Dask — the run cut by département, each part with the places near enough to its edge to be some point's nearest (the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</translation>
    </message>
    <message>
      <source>Coverage along the road network</source>
      <translation>Coverage along the road network</translation>
    </message>
    <message>
      <source>Travel time (or distance) along the OpenStreetMap road network from every demand point to the nearest service. Demand points and services join the nearest point of a road (that short distance is walked at 4.5 km/h); one shortest-path pass from all services on the reversed graph gives every point its time (one-way streets respected when driving). A point farther than MAX_SNAP_M (1000 m) from a road — outside a partial OSM extract — gets no time (NULL), never a long walk counted as travel time; a service that far from a road is left out, and a point it could be nearer to gets no time either. Demand: ADDRESSES, else the POPULATION layer (IRIS or 200 m grid cells), else one point per commune (COMMUNES). Per commune: time_mean_min, time_median_min, time_p90_min, share_within_{band}min for each band (default 15 and 30 minutes), n_unreachable, n_outside_graph and network_known_share (the share of the population with a time), weighted by population. OUTPUT_AREAS (optional) receives service-area polygons per band that do not overlap: the network is rasterised at CELL_SIZE metres, each cell taking the lowest band reached, then polygonised. ENGINE: in process, or Dask — the run cut by département, each part on the roads and places within a border buffer of it (at first the largest band at the network's top speed, widened where a point's time cannot be proved the same as on the whole network: the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</source>
      <translation>Travel time (or distance) along the OpenStreetMap road network from every demand point to the nearest service. Demand points and services join the nearest point of a road (that short distance is walked at 4.5 km/h); one shortest-path pass from all services on the reversed graph gives every point its time (one-way streets respected when driving). A point farther than MAX_SNAP_M (1000 m) from a road — outside a partial OSM extract — gets no time (NULL), never a long walk counted as travel time; a service that far from a road is left out, and a point it could be nearer to gets no time either. Demand: ADDRESSES, else the POPULATION layer (IRIS or 200 m grid cells), else one point per commune (COMMUNES). Per commune: time_mean_min, time_median_min, time_p90_min, share_within_{band}min for each band (default 15 and 30 minutes), n_unreachable, n_outside_graph and network_known_share (the share of the population with a time), weighted by population. OUTPUT_AREAS (optional) receives service-area polygons per band that do not overlap: the network is rasterised at CELL_SIZE metres, each cell taking the lowest band reached, then polygonised. ENGINE: in process, or Dask — the run cut by département, each part on the roads and places within a border buffer of it (at first the largest band at the network's top speed, widened where a point's time cannot be proved the same as on the whole network: the same figures), on a local cluster of WORKERS workers (threads inside QGIS) or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</translation>
    </message>
    <message>
      <source>Accessibility (2SFCA / E2SFCA)</source>
      <translation>Accessibility (2SFCA / E2SFCA)</translation>
    </message>
    <message>
      <source>Two-step floating catchment area accessibility, as PySAL access computes it. Step 1: each place's capacity (CAPACITY_FIELD, 1 when empty) divided by the (weighted) population within its catchment; step 2: each demand point sums the ratios of the places within reach (weighted again). 2SFCA uses a catchment of MAX_DISTANCE_KM; E2SFCA uses distance-decay STEPS 'km:weight' (default 5:1,10:0.68,15:0.22, the DREES/Luo-Qi shape). Demand: POPULATION_FIELD of each point, or the population of its commune (COMMUNES) spread over its addresses, else 1. OUTPUT: one row per demand point with fsca (places per inhabitant), fsca_per_10k and fsca_norm (1 = territory average); OUTPUT_COMMUNES: the population-weighted mean per commune. With ROADS (an OSM extract) the catchment is a driving time: MAX_TIME_MIN for 2SFCA, and the STEPS limits are read in minutes; a demand point farther than MAX_SNAP_M from a road gets no accessibility (NULL) and a place that far is left out. SERVICES takes one or several point layers; CAPACITY_FIELD names their capacity field (default: capacity, else 1).</source>
      <translation>Two-step floating catchment area accessibility, as PySAL access computes it. Step 1: each place's capacity (CAPACITY_FIELD, 1 when empty) divided by the (weighted) population within its catchment; step 2: each demand point sums the ratios of the places within reach (weighted again). 2SFCA uses a catchment of MAX_DISTANCE_KM; E2SFCA uses distance-decay STEPS 'km:weight' (default 5:1,10:0.68,15:0.22, the DREES/Luo-Qi shape). Demand: POPULATION_FIELD of each point, or the population of its commune (COMMUNES) spread over its addresses, else 1. OUTPUT: one row per demand point with fsca (places per inhabitant), fsca_per_10k and fsca_norm (1 = territory average); OUTPUT_COMMUNES: the population-weighted mean per commune. With ROADS (an OSM extract) the catchment is a driving time: MAX_TIME_MIN for 2SFCA, and the STEPS limits are read in minutes; a demand point farther than MAX_SNAP_M from a road gets no accessibility (NULL) and a place that far is left out. SERVICES takes one or several point layers; CAPACITY_FIELD names their capacity field (default: capacity, else 1).</translation>
    </message>
    <message>
      <source>Connectivity per commune</source>
      <translation>Connectivity per commune</translation>
    </message>
    <message>
      <source>Per commune, from ARCEP counts (CONNECTIVITY: one or several tables as imported by 'Import connectivity data'): share_thd30, share_thd100, share_thd1g (premises eligible to at least these speeds, 'Ma connexion internet') and share_no_bhd (premises below 8 Mbit/s); share_ftth (premises connectable to FttH) when a table has it — the FttH observatory with its commune information — otherwise it is left out and the log says why. With COMMUNES and MOBILE_SITES: mobile sites per km² and per 1,000 inhabitants by generation. With MOBILE_COVERAGE (polygons with 'niveau') and ADDRESSES: the share of addresses in good or very good coverage (TBC/BC).</source>
      <translation>Per commune, from ARCEP counts (CONNECTIVITY: one or several tables as imported by 'Import connectivity data'): share_thd30, share_thd100, share_thd1g (premises eligible to at least these speeds, 'Ma connexion internet') and share_no_bhd (premises below 8 Mbit/s); share_ftth (premises connectable to FttH) when a table has it — the FttH observatory with its commune information — otherwise it is left out and the log says why. With COMMUNES and MOBILE_SITES: mobile sites per km² and per 1,000 inhabitants by generation. With MOBILE_COVERAGE (polygons with 'niveau') and ADDRESSES: the share of addresses in good or very good coverage (TBC/BC).</translation>
    </message>
    <message>
      <source>Typology access × fragility</source>
      <translation>Typology access × fragility</translation>
    </message>
    <message>
      <source>Classes each commune by access and fragility so a council sees where to act first: priority (far and fragile), far, fragile, served (unknown when a value is missing). Far: ACCESS_FIELD below ACCESS_THRESHOLD (default share_within &lt; 0.8), or above it when ACCESS_DIRECTION says higher is worse (e.g. dist_median_m &gt; 5000). Fragile: FRAGILITY_FIELD above FRAGILITY_THRESHOLD (default ifn_global &gt; 100, more fragile than the reference). Adds typology, typology_fr, typology_code.</source>
      <translation>Classes each commune by access and fragility so a council sees where to act first: priority (far and fragile), far, fragile, served (unknown when a value is missing). Far: ACCESS_FIELD below ACCESS_THRESHOLD (default share_within &lt; 0.8), or above it when ACCESS_DIRECTION says higher is worse (e.g. dist_median_m &gt; 5000). Fragile: FRAGILITY_FIELD above FRAGILITY_THRESHOLD (default ifn_global &gt; 100, more fragile than the reference). Adds typology, typology_fr, typology_code.</translation>
    </message>
    <message>
      <source>Accessibility surface (raster)</source>
      <translation>Accessibility surface (raster)</translation>
    </message>
    <message>
      <source>A GeoTIFF of the distance (m, as the crow flies) or the travel time (min, road network: give ROADS) to the nearest service, at CELL_SIZE metres over the communes; cells outside the communes are nodata. The raster's metadata tags record the method and parameters.</source>
      <translation>A GeoTIFF of the distance (m, as the crow flies) or the travel time (min, road network: give ROADS) to the nearest service, at CELL_SIZE metres over the communes; cells outside the communes are nodata. The raster's metadata tags record the method and parameters.</translation>
    </message>
    <message>
      <source>Territorial digital diagnosis (all indicators)</source>
      <translation>Territorial digital diagnosis (all indicators)</translation>
    </message>
    <message>
      <source>The all-in-one: from the communes, addresses and service places (plus, when given, ARCEP connectivity, fragility variables per commune and an OSM road network) computes every indicator — coverage as the crow flies (overall and per service category), road-network times, 2SFCA accessibility, fixed connectivity shares, the fragility index, the access × fragility typology — masks address-based values of communes with fewer than MIN_COUNT addresses, and writes one commune layer ready for styling. Demand (who is measured, weighted by population): the ADDRESSES; where a commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune carrying its whole population. SERVICES takes one or several point layers (each keeps its sources); SERVICE_CATEGORIES keeps some kinds of places. Along the road network, a point farther than MAX_SNAP_M from a road (outside a partial OSM extract) gets no travel time. VARIABLES: fragility variables per commune. METADATA (JSON) lists parameters, the demand used (demand), what the road network does not cover (steps.network.outside_graph), sources, vintages, whether any input is synthetic, and a description of every field; OUTPUT_SERVICES (optional) receives the service places used. OPEN_AT (a time window: Saturday morning, after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW in the OpenStreetMap opening_hours syntax) adds open_share_within_{k}km (and _{band}min with ROADS): the shares near a place open then, and open_or_unknown_share_within_… counting the places of unknown hours as open; METADATA.steps.open_at says which places were open, closed or of unknown hours, and OUTPUT_SERVICES then has each place's hours_status. ENGINE: in process, or Dask — the coverage as the crow flies and along the road network cut by département (the same figures), on a local cluster of WORKERS workers or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</source>
      <translation>The all-in-one: from the communes, addresses and service places (plus, when given, ARCEP connectivity, fragility variables per commune and an OSM road network) computes every indicator — coverage as the crow flies (overall and per service category), road-network times, 2SFCA accessibility, fixed connectivity shares, the fragility index, the access × fragility typology — masks address-based values of communes with fewer than MIN_COUNT addresses, and writes one commune layer ready for styling. Demand (who is measured, weighted by population): the ADDRESSES; where a commune has none, the POPULATION layer (IRIS or 200 m grid cells with a population in POPULATION_FIELD); else one point inside the commune carrying its whole population. SERVICES takes one or several point layers (each keeps its sources); SERVICE_CATEGORIES keeps some kinds of places. Along the road network, a point farther than MAX_SNAP_M from a road (outside a partial OSM extract) gets no travel time. VARIABLES: fragility variables per commune. METADATA (JSON) lists parameters, the demand used (demand), what the road network does not cover (steps.network.outside_graph), sources, vintages, whether any input is synthetic, and a description of every field; OUTPUT_SERVICES (optional) receives the service places used. OPEN_AT (a time window: Saturday morning, after 18:00 on a weekday, at some time in the week, or OPEN_WINDOW in the OpenStreetMap opening_hours syntax) adds open_share_within_{k}km (and _{band}min with ROADS): the shares near a place open then, and open_or_unknown_share_within_… counting the places of unknown hours as open; METADATA.steps.open_at says which places were open, closed or of unknown hours, and OUTPUT_SERVICES then has each place's hours_status. ENGINE: in process, or Dask — the coverage as the crow flies and along the road network cut by département (the same figures), on a local cluster of WORKERS workers or on the cluster whose scheduler address is SCHEDULER (tcp://host:8786); Dask needs the Python package distributed.</translation>
    </message>
    <message>
      <source>Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)</source>
      <translation>Metric CRS for distances (default: the communes' CRS if projected, else Lambert-93)</translation>
    </message>
    <message>
      <source>Addresses (points with code_insee)</source>
      <translation>Addresses (points with code_insee)</translation>
    </message>
    <message>
      <source>Communes (polygons with code_insee)</source>
      <translation>Communes (polygons with code_insee)</translation>
    </message>
    <message>
      <source>Distance threshold (km)</source>
      <translation>Distance threshold (km)</translation>
    </message>
    <message>
      <source>Service category (empty: all)</source>
      <translation>Service category (empty: all)</translation>
    </message>
    <message>
      <source>Mask communes with fewer addresses than</source>
      <translation>Mask communes with fewer addresses than</translation>
    </message>
    <message>
      <source>Coverage per commune</source>
      <translation>Coverage per commune</translation>
    </message>
    <message>
      <source>Places with their opening status (with OPEN_AT)</source>
      <translation>Places with their opening status (with OPEN_AT)</translation>
    </message>
    <message>
      <source>Mode</source>
      <translation>Mode</translation>
    </message>
    <message>
      <source>Time bands (minutes)</source>
      <translation>Time bands (minutes)</translation>
    </message>
    <message>
      <source>Service-area cell size (m)</source>
      <translation>Service-area cell size (m)</translation>
    </message>
    <message>
      <source>Network coverage per commune</source>
      <translation>Network coverage per commune</translation>
    </message>
    <message>
      <source>Service areas per time band</source>
      <translation>Service areas per time band</translation>
    </message>
    <message>
      <source>Demand points (addresses or population points)</source>
      <translation>Demand points (addresses or population points)</translation>
    </message>
    <message>
      <source>Population field</source>
      <translation>Population field</translation>
    </message>
    <message>
      <source>Capacity field of the service places (empty: capacity when present, else 1 per place)</source>
      <translation>Capacity field of the service places (empty: capacity when present, else 1 per place)</translation>
    </message>
    <message>
      <source>Communes (population per commune)</source>
      <translation>Communes (population per commune)</translation>
    </message>
    <message>
      <source>Catchment (km, 2SFCA)</source>
      <translation>Catchment (km, 2SFCA)</translation>
    </message>
    <message>
      <source>Decay steps km:weight (E2SFCA)</source>
      <translation>Decay steps km:weight (E2SFCA)</translation>
    </message>
    <message>
      <source>OpenStreetMap extract: catchment by driving time (optional)</source>
      <translation>OpenStreetMap extract: catchment by driving time (optional)</translation>
    </message>
    <message>
      <source>Catchment (minutes, 2SFCA with ROADS)</source>
      <translation>Catchment (minutes, 2SFCA with ROADS)</translation>
    </message>
    <message>
      <source>Accessibility per demand point</source>
      <translation>Accessibility per demand point</translation>
    </message>
    <message>
      <source>Accessibility per commune</source>
      <translation>Accessibility per commune</translation>
    </message>
    <message>
      <source>Communes (polygons with code_insee, population)</source>
      <translation>Communes (polygons with code_insee, population)</translation>
    </message>
    <message>
      <source>Mobile sites (points with has_2g … has_5g)</source>
      <translation>Mobile sites (points with has_2g … has_5g)</translation>
    </message>
    <message>
      <source>Mobile coverage polygons (niveau TBC/BC/CL)</source>
      <translation>Mobile coverage polygons (niveau TBC/BC/CL)</translation>
    </message>
    <message>
      <source>Communes with indicators</source>
      <translation>Communes with indicators</translation>
    </message>
    <message>
      <source>Access field (empty: share_within)</source>
      <translation>Access field (empty: share_within)</translation>
    </message>
    <message>
      <source>Access threshold</source>
      <translation>Access threshold</translation>
    </message>
    <message>
      <source>Access field direction</source>
      <translation>Access field direction</translation>
    </message>
    <message>
      <source>Fragility field (empty: ifn_global, ifn5_score or composite_score)</source>
      <translation>Fragility field (empty: ifn_global, ifn5_score or composite_score)</translation>
    </message>
    <message>
      <source>Fragility threshold</source>
      <translation>Fragility threshold</translation>
    </message>
    <message>
      <source>Service places (points)</source>
      <translation>Service places (points)</translation>
    </message>
    <message>
      <source>Communes (polygons)</source>
      <translation>Communes (polygons)</translation>
    </message>
    <message>
      <source>Cell size (m)</source>
      <translation>Cell size (m)</translation>
    </message>
    <message>
      <source>Quantity</source>
      <translation>Quantity</translation>
    </message>
    <message>
      <source>OpenStreetMap extract (travel time)</source>
      <translation>OpenStreetMap extract (travel time)</translation>
    </message>
    <message>
      <source>Accessibility surface</source>
      <translation>Accessibility surface</translation>
    </message>
    <message>
      <source>Fragility variables or census counts, by IRIS or by commune</source>
      <translation>Fragility variables or census counts, by IRIS or by commune</translation>
    </message>
    <message>
      <source>IRIS polygons (map and sheets per IRIS; optional)</source>
      <translation>IRIS polygons (map and sheets per IRIS; optional)</translation>
    </message>
    <message>
      <source>OpenStreetMap extract (.osm/.pbf)</source>
      <translation>OpenStreetMap extract (.osm/.pbf)</translation>
    </message>
    <message>
      <source>Other distance thresholds (km, comma-separated)</source>
      <translation>Other distance thresholds (km, comma-separated)</translation>
    </message>
    <message>
      <source>Place categories of the headline indicators (comma-separated; empty: France Services and mediation places when present, else all)</source>
      <translation>Place categories of the headline indicators (comma-separated; empty: France Services and mediation places when present, else all)</translation>
    </message>
    <message>
      <source>Travel-time bands (minutes, with ROADS)</source>
      <translation>Travel-time bands (minutes, with ROADS)</translation>
    </message>
    <message>
      <source>Reference territory of the fragility index</source>
      <translation>Reference territory of the fragility index</translation>
    </message>
    <message>
      <source>MedNum reference values (CSV)</source>
      <translation>MedNum reference values (CSV)</translation>
    </message>
    <message>
      <source>Compute 2SFCA accessibility</source>
      <translation>Compute 2SFCA accessibility</translation>
    </message>
    <message>
      <source>Fragility per IRIS (when the variables are by IRIS)</source>
      <translation>Fragility per IRIS (when the variables are by IRIS)</translation>
    </message>
    <message>
      <source>Diagnosis per commune</source>
      <translation>Diagnosis per commune</translation>
    </message>
    <message>
      <source>Service places used</source>
      <translation>Service places used</translation>
    </message>
    <message>
      <source>Parameters, sources, fields (JSON)</source>
      <translation>Parameters, sources, fields (JSON)</translation>
    </message>
    <message>
      <source>{n} points have a commune code that is not in the communes layer and are left out, e.g. {codes}</source>
      <translation>{n} points have a commune code that is not in the communes layer and are left out, e.g. {codes}</translation>
    </message>
    <message>
      <source>The territory loaded</source>
      <translation>The territory loaded</translation>
    </message>
    <message>
      <source>Each commune's EPCI</source>
      <translation>Each commune's EPCI</translation>
    </message>
    <message>
      <source>Each commune's département</source>
      <translation>Each commune's département</translation>
    </message>
    <message>
      <source>Each commune's région</source>
      <translation>Each commune's région</translation>
    </message>
    <message>
      <source>{n} demand points farther than {m} m from a road have no accessibility by driving time.</source>
      <translation>{n} demand points farther than {m} m from a road have no accessibility by driving time.</translation>
    </message>
    <message>
      <source>Geocode addresses (BAN)</source>
      <translation>Geocode addresses (BAN)</translation>
    </message>
    <message>
      <source>Geocodes a table of addresses (CSV file) with the BAN geocoding API (batch /search/csv/, 5,000 rows per request, at most 50 requests per second). ADDRESS_FIELDS lists the column(s) whose values, joined, form the address (e.g. 'numero,voie,code_postal,commune'); an optional INSEE code or postcode column narrows the search. A row is kept when the geocoder found it with a score at least THRESHOLD (0.8 by default) and, if MIN_GAP is above 0, a score at least MIN_GAP above the next candidate. Output: points in the legal metric CRS of the territory with the address fields (code_insee, numero, nom_voie, code_postal, nom_commune), the score and the input columns. Rejected rows (not found, low score, ambiguous) are listed in the log with their line number and, if REJECTED is set, written to a CSV. The service URL is a setting (data.geopf.fr/geocodage by default; api-adresse.data.gouv.fr is accepted). The addresses are sent to that service.</source>
      <translation>Geocodes a table of addresses (CSV file) with the BAN geocoding API (batch /search/csv/, 5,000 rows per request, at most 50 requests per second). ADDRESS_FIELDS lists the column(s) whose values, joined, form the address (e.g. 'numero,voie,code_postal,commune'); an optional INSEE code or postcode column narrows the search. A row is kept when the geocoder found it with a score at least THRESHOLD (0.8 by default) and, if MIN_GAP is above 0, a score at least MIN_GAP above the next candidate. Output: points in the legal metric CRS of the territory with the address fields (code_insee, numero, nom_voie, code_postal, nom_commune), the score and the input columns. Rejected rows (not found, low score, ambiguous) are listed in the log with their line number and, if REJECTED is set, written to a CSV. The service URL is a setting (data.geopf.fr/geocodage by default; api-adresse.data.gouv.fr is accepted). The addresses are sent to that service.</translation>
    </message>
    <message>
      <source>Download the open data of a territory</source>
      <translation>Download the open data of a territory</translation>
    </message>
    <message>
      <source>Downloads, for a département, an EPCI (SIREN) or a list of communes (INSEE codes, comma-separated), the open data TerriDiag uses, from the producers' published addresses: BAN addresses (adresse.data.gouv.fr), communes with population and EPCI (geo.api.gouv.fr), France Services (data.gouv.fr, ANCT), digital mediation places (national export), ARCEP 'Ma connexion internet' statistics per commune, the INSEE census by IRIS (four themes) and Filosofi incomes (IRIS and communes, with the official values of the territory when INSEE publishes them, written as a REFERENCE file for the fragility index), the IRIS contours (IGN), the BPE equipment, the QPV (ANCT), the OpenStreetMap roads of the territory's box (Overpass API) and, on request, the 200 m population grid. National files are cut to the territory. Files are cached in CACHE_DIR: an unchanged file is not downloaded twice (conditional requests), and an interrupted download resumes where it stopped. OUTPUT_DIR receives one file per dataset in its published format plus manifest.json (URLs, sizes, SHA-256, dates, licences). Uses the proxy and SSL settings of QGIS.</source>
      <translation>Downloads, for a département, an EPCI (SIREN) or a list of communes (INSEE codes, comma-separated), the open data TerriDiag uses, from the producers' published addresses: BAN addresses (adresse.data.gouv.fr), communes with population and EPCI (geo.api.gouv.fr), France Services (data.gouv.fr, ANCT), digital mediation places (national export), ARCEP 'Ma connexion internet' statistics per commune, the INSEE census by IRIS (four themes) and Filosofi incomes (IRIS and communes, with the official values of the territory when INSEE publishes them, written as a REFERENCE file for the fragility index), the IRIS contours (IGN), the BPE equipment, the QPV (ANCT), the OpenStreetMap roads of the territory's box (Overpass API) and, on request, the 200 m population grid. National files are cut to the territory. Files are cached in CACHE_DIR: an unchanged file is not downloaded twice (conditional requests), and an interrupted download resumes where it stopped. OUTPUT_DIR receives one file per dataset in its published format plus manifest.json (URLs, sizes, SHA-256, dates, licences). Uses the proxy and SSL settings of QGIS.</translation>
    </message>
    <message>
      <source>Table of addresses (CSV)</source>
      <translation>Table of addresses (CSV)</translation>
    </message>
    <message>
      <source>Address column(s), comma-separated</source>
      <translation>Address column(s), comma-separated</translation>
    </message>
    <message>
      <source>INSEE commune code column</source>
      <translation>INSEE commune code column</translation>
    </message>
    <message>
      <source>Postcode column</source>
      <translation>Postcode column</translation>
    </message>
    <message>
      <source>Minimum score</source>
      <translation>Minimum score</translation>
    </message>
    <message>
      <source>Minimum gap to the next candidate (0 = no check)</source>
      <translation>Minimum gap to the next candidate (0 = no check)</translation>
    </message>
    <message>
      <source>Geocoder URL (empty = setting)</source>
      <translation>Geocoder URL (empty = setting)</translation>
    </message>
    <message>
      <source>Geocoded addresses</source>
      <translation>Geocoded addresses</translation>
    </message>
    <message>
      <source>Rejected rows</source>
      <translation>Rejected rows</translation>
    </message>
    <message>
      <source>CSV files (*.csv)</source>
      <translation>CSV files (*.csv)</translation>
    </message>
    <message>
      <source>Rows geocoded</source>
      <translation>Rows geocoded</translation>
    </message>
    <message>
      <source>Territory code(s)</source>
      <translation>Territory code(s)</translation>
    </message>
    <message>
      <source>Territory kind</source>
      <translation>Territory kind</translation>
    </message>
    <message>
      <source>Datasets</source>
      <translation>Datasets</translation>
    </message>
    <message>
      <source>Cache folder (empty = setting)</source>
      <translation>Cache folder (empty = setting)</translation>
    </message>
    <message>
      <source>Output folder</source>
      <translation>Output folder</translation>
    </message>
    <message>
      <source>Manifest</source>
      <translation>Manifest</translation>
    </message>
    <message>
      <source>Files written per dataset (JSON)</source>
      <translation>Files written per dataset (JSON)</translation>
    </message>
    <message>
      <source>CSV files (*.csv *.txt *.csv.gz);;All files (*.*)</source>
      <translation>CSV files (*.csv *.txt *.csv.gz);;All files (*.*)</translation>
    </message>
    <message>
      <source>Outputs</source>
      <translation>Outputs</translation>
    </message>
    <message>
      <source>Offline web map</source>
      <translation>Offline web map</translation>
    </message>
    <message>
      <source>One self-contained HTML file to share with people who have no QGIS: it works offline (Leaflet is inlined from the computer's installed copy; no basemap, the communes are the map). Communes are coloured by INDICATOR with a legend (masked communes hatched), service places by category with popups, optional coverage AREAS, a layer switcher, and the title, date, sources and licences (ODbL notice when OpenStreetMap data were used). METADATA is the diagnosis's METADATA output. With IRIS (the diagnosis's OUTPUT_IRIS), the IRIS of the communes split into IRIS are a layer of their own with a sheet per IRIS in its popup, and those in a priority neighbourhood (QPV) an overlay.</source>
      <translation>One self-contained HTML file to share with people who have no QGIS: it works offline (Leaflet is inlined from the computer's installed copy; no basemap, the communes are the map). Communes are coloured by INDICATOR with a legend (masked communes hatched), service places by category with popups, optional coverage AREAS, a layer switcher, and the title, date, sources and licences (ODbL notice when OpenStreetMap data were used). METADATA is the diagnosis's METADATA output. With IRIS (the diagnosis's OUTPUT_IRIS), the IRIS of the communes split into IRIS are a layer of their own with a sheet per IRIS in its popup, and those in a priority neighbourhood (QPV) an overlay.</translation>
    </message>
    <message>
      <source>Diagnosis report (HTML and PDF)</source>
      <translation>Diagnosis report (HTML and PDF)</translation>
    </message>
    <message>
      <source>A territory page and one sheet per commune (or per commune listed in CODES): a map, the key figures against the territory, charts, the typology class, a plain-language reading of the numbers, method notes and the sources with vintages and licences. Masked indicators stay masked. With IRIS (the diagnosis's OUTPUT_IRIS), each commune split into IRIS is followed by a sheet per IRIS (its map, its figures against the territory, its QPV and fragility). Give an HTML and/or a PDF output.</source>
      <translation>A territory page and one sheet per commune (or per commune listed in CODES): a map, the key figures against the territory, charts, the typology class, a plain-language reading of the numbers, method notes and the sources with vintages and licences. Masked indicators stay masked. With IRIS (the diagnosis's OUTPUT_IRIS), each commune split into IRIS is followed by a sheet per IRIS (its map, its figures against the territory, its QPV and fragility). Give an HTML and/or a PDF output.</translation>
    </message>
    <message>
      <source>Export results (GeoPackage, CSV, XLSX)</source>
      <translation>Export results (GeoPackage, CSV, XLSX)</translation>
    </message>
    <message>
      <source>Writes the results with their provenance: a GeoPackage with every layer given (communes, services, areas, addresses, the diagnosis by IRIS), each layer's current style, and the metadata (sources, vintages, licences, method parameters) in a terridiag_metadata table and the GeoPackage metadata extension; a CSV of the communes for Excel (UTF-8 with BOM, ';', decimal comma); an XLSX workbook with a data dictionary sheet. Every file is written completely or not at all.</source>
      <translation>Writes the results with their provenance: a GeoPackage with every layer given (communes, services, areas, addresses, the diagnosis by IRIS), each layer's current style, and the metadata (sources, vintages, licences, method parameters) in a terridiag_metadata table and the GeoPackage metadata extension; a CSV of the communes for Excel (UTF-8 with BOM, ';', decimal comma); an XLSX workbook with a data dictionary sheet. Every file is written completely or not at all.</translation>
    </message>
    <message>
      <source>Print atlas of the communes (PDF)</source>
      <translation>Print atlas of the communes (PDF)</translation>
    </message>
    <message>
      <source>One page per commune (or per commune listed in CODES) in one PDF, from a print layout with an atlas over the communes: A4 portrait (map, key figures, legend, typology, sources) or A3 landscape poster for workshops (large map, the commune's name and three numbers in big type). The map is coloured by INDICATOR (masked communes hatched). TEMPLATE saves the layout as a .qpt to adjust in the layout designer. With IRIS (the diagnosis's OUTPUT_IRIS) and OUTPUT_IRIS, a second PDF has one page per IRIS of the communes split into IRIS. Communes of several départements (a national diagnosis) give one atlas per département instead of OUTPUT: &lt;name&gt;_&lt;code&gt;.pdf (atlas_2A.pdf, atlas_971.pdf… for OUTPUT atlas.pdf) in OUTPUT_FOLDER, or beside OUTPUT when OUTPUT_FOLDER is empty; each has the pages of its communes only, its map in the legal CRS of its territory and the département's name on every page. Your project and layers are not modified.</source>
      <translation>One page per commune (or per commune listed in CODES) in one PDF, from a print layout with an atlas over the communes: A4 portrait (map, key figures, legend, typology, sources) or A3 landscape poster for workshops (large map, the commune's name and three numbers in big type). The map is coloured by INDICATOR (masked communes hatched). TEMPLATE saves the layout as a .qpt to adjust in the layout designer. With IRIS (the diagnosis's OUTPUT_IRIS) and OUTPUT_IRIS, a second PDF has one page per IRIS of the communes split into IRIS. Communes of several départements (a national diagnosis) give one atlas per département instead of OUTPUT: &lt;name&gt;_&lt;code&gt;.pdf (atlas_2A.pdf, atlas_971.pdf… for OUTPUT atlas.pdf) in OUTPUT_FOLDER, or beside OUTPUT when OUTPUT_FOLDER is empty; each has the pages of its communes only, its map in the legal CRS of its territory and the département's name on every page. Your project and layers are not modified.</translation>
    </message>
    <message>
      <source>Communes with indicators (the diagnosis layer)</source>
      <translation>Communes with indicators (the diagnosis layer)</translation>
    </message>
    <message>
      <source>Diagnosis metadata (JSON text or .json file; empty: read from the communes GeoPackage)</source>
      <translation>Diagnosis metadata (JSON text or .json file; empty: read from the communes GeoPackage)</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Title</translation>
    </message>
    <message>
      <source>The diagnosis by IRIS (its OUTPUT_IRIS layer; optional)</source>
      <translation>The diagnosis by IRIS (its OUTPUT_IRIS layer; optional)</translation>
    </message>
    <message>
      <source>Indicator to map (default: the share within the distance threshold)</source>
      <translation>Indicator to map (default: the share within the distance threshold)</translation>
    </message>
    <message>
      <source>Coverage areas (polygons)</source>
      <translation>Coverage areas (polygons)</translation>
    </message>
    <message>
      <source>Only these communes (INSEE codes, comma separated; empty: all)</source>
      <translation>Only these communes (INSEE codes, comma separated; empty: all)</translation>
    </message>
    <message>
      <source>Report (HTML)</source>
      <translation>Report (HTML)</translation>
    </message>
    <message>
      <source>Report (PDF)</source>
      <translation>Report (PDF)</translation>
    </message>
    <message>
      <source>Addresses (points)</source>
      <translation>Addresses (points)</translation>
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
      <translation>Communes table (CSV)</translation>
    </message>
    <message>
      <source>Workbook (XLSX)</source>
      <translation>Workbook (XLSX)</translation>
    </message>
    <message>
      <source>Excel workbooks (*.xlsx)</source>
      <translation>Excel workbooks (*.xlsx)</translation>
    </message>
    <message>
      <source>Atlas (PDF)</source>
      <translation>Atlas (PDF)</translation>
    </message>
    <message>
      <source>Atlas of the IRIS of the communes split into IRIS (PDF)</source>
      <translation>Atlas of the IRIS of the communes split into IRIS (PDF)</translation>
    </message>
    <message>
      <source>Layout template (.qpt)</source>
      <translation>Layout template (.qpt)</translation>
    </message>
    <message>
      <source>QGIS layout templates (*.qpt)</source>
      <translation>QGIS layout templates (*.qpt)</translation>
    </message>
    <message>
      <source>Folder of the atlases per département (communes of several départements)</source>
      <translation>Folder of the atlases per département (communes of several départements)</translation>
    </message>
    <message>
      <source>A4 portrait</source>
      <translation>A4 portrait</translation>
    </message>
    <message>
      <source>A3 landscape poster</source>
      <translation>A3 landscape poster</translation>
    </message>
    <message>
      <source>What-if: add or remove service places</source>
      <translation>What-if: add or remove service places</translation>
    </message>
    <message>
      <source>Adds places (ADDED: points drawn on the map or from a layer) and removes places (REMOVED: points on or near existing places, matched to the nearest one within REMOVE_TOLERANCE_M), then recomputes the indicators and writes, per commune, the values before and after and their difference: people (or addresses) within DISTANCE_KM of a place (people_within_before/after, people_gained), mean, median and 90th-percentile distance, share of addresses within the distance, and 2SFCA accessibility (catchment = DISTANCE_KM, supply = capacity × presence). Each address weighs WEIGHT_FIELD if given, else 1. Mobile places (field mobile true, with days_per_week, weeks_per_year or days) count for the share of the week they are there: a bus two days a week covers 2/5 of the people around its stop. GAINS (optional) is a point layer of the addresses with their distance before and after and their gain, for a map. OUTPUT_GAINS (optional, with COMMUNES: the commune polygons, such as the diagnosis) is the map the dock shows: every commune with its addresses gained, its share within the distance before and after and the change of its mean distance; when each address weighs 1 and COMMUNES has a population, also the inhabitants behind the addresses gained (inhabitants_gained: the gain × population / n_addresses of the commune; INHABITANTS_GAINED is their total).</source>
      <translation>Adds places (ADDED: points drawn on the map or from a layer) and removes places (REMOVED: points on or near existing places, matched to the nearest one within REMOVE_TOLERANCE_M), then recomputes the indicators and writes, per commune, the values before and after and their difference: people (or addresses) within DISTANCE_KM of a place (people_within_before/after, people_gained), mean, median and 90th-percentile distance, share of addresses within the distance, and 2SFCA accessibility (catchment = DISTANCE_KM, supply = capacity × presence). Each address weighs WEIGHT_FIELD if given, else 1. Mobile places (field mobile true, with days_per_week, weeks_per_year or days) count for the share of the week they are there: a bus two days a week covers 2/5 of the people around its stop. GAINS (optional) is a point layer of the addresses with their distance before and after and their gain, for a map. OUTPUT_GAINS (optional, with COMMUNES: the commune polygons, such as the diagnosis) is the map the dock shows: every commune with its addresses gained, its share within the distance before and after and the change of its mean distance; when each address weighs 1 and COMMUNES has a population, also the inhabitants behind the addresses gained (inhabitants_gained: the gain × population / n_addresses of the commune; INHABITANTS_GAINED is their total).</translation>
    </message>
    <message>
      <source>Optimal sites for new places</source>
      <translation>Optimal sites for new places</translation>
    </message>
    <message>
      <source>Chooses COUNT new sites among CANDIDATES (any points: town halls, libraries…; without it, a regular grid of GRID_KM cells inside COMMUNES, or over the cells where addresses are) that maximise the demand within DISTANCE_KM of a place (maximal covering), existing places (SERVICES) counted first — a mobile place (field mobile true, with days_per_week, weeks_per_year or days) for the share of the week it is there — or that minimise the mean distance to the nearest place (p-median). Demand: the addresses, each weighing WEIGHT_FIELD, else its commune's population (field population of COMMUNES) spread over the commune's addresses, else 1; with FRAGILITY_FIELD (an index on base 100 per commune, such as the MedNum ifn_global), each weight is multiplied by index / 100 so that the fragile count more. Addresses that share the same set of candidates in reach are merged first (exact), so a département of a million addresses stays fast. METHOD auto solves the exact integer programme (HiGHS) when the instance is small enough, else greedy plus interchange; the output says which, with the gap to an upper bound of the best possible (0 = proven optimal). OUTPUT: the chosen sites in rank order, with the demand each one adds (gain), the demand in its reach (served), the cumulated coverage, method and gap, and the commune it lies in (code_insee, nom) when COMMUNES_FOR_LABELS or COMMUNES is given (COMMUNES_FOR_LABELS only names the sites: the candidates and the demand stay as they are).</source>
      <translation>Chooses COUNT new sites among CANDIDATES (any points: town halls, libraries…; without it, a regular grid of GRID_KM cells inside COMMUNES, or over the cells where addresses are) that maximise the demand within DISTANCE_KM of a place (maximal covering), existing places (SERVICES) counted first — a mobile place (field mobile true, with days_per_week, weeks_per_year or days) for the share of the week it is there — or that minimise the mean distance to the nearest place (p-median). Demand: the addresses, each weighing WEIGHT_FIELD, else its commune's population (field population of COMMUNES) spread over the commune's addresses, else 1; with FRAGILITY_FIELD (an index on base 100 per commune, such as the MedNum ifn_global), each weight is multiplied by index / 100 so that the fragile count more. Addresses that share the same set of candidates in reach are merged first (exact), so a département of a million addresses stays fast. METHOD auto solves the exact integer programme (HiGHS) when the instance is small enough, else greedy plus interchange; the output says which, with the gap to an upper bound of the best possible (0 = proven optimal). OUTPUT: the chosen sites in rank order, with the demand each one adds (gain), the demand in its reach (served), the cumulated coverage, method and gap, and the commune it lies in (code_insee, nom) when COMMUNES_FOR_LABELS or COMMUNES is given (COMMUNES_FOR_LABELS only names the sites: the candidates and the demand stay as they are).</translation>
    </message>
    <message>
      <source>Metric CRS for distances (default: the addresses' CRS if projected, else Lambert-93)</source>
      <translation>Metric CRS for distances (default: the addresses' CRS if projected, else Lambert-93)</translation>
    </message>
    <message>
      <source>Population field of the addresses (default: 1 per address)</source>
      <translation>Population field of the addresses (default: 1 per address)</translation>
    </message>
    <message>
      <source>Existing service places</source>
      <translation>Existing service places</translation>
    </message>
    <message>
      <source>Places to add</source>
      <translation>Places to add</translation>
    </message>
    <message>
      <source>Places to remove (points on existing places)</source>
      <translation>Places to remove (points on existing places)</translation>
    </message>
    <message>
      <source>Tolerance to match a removed point to a place (m)</source>
      <translation>Tolerance to match a removed point to a place (m)</translation>
    </message>
    <message>
      <source>Before / after per commune</source>
      <translation>Before / after per commune</translation>
    </message>
    <message>
      <source>Gain per address</source>
      <translation>Gain per address</translation>
    </message>
    <message>
      <source>Communes (polygons with code_insee, for the map of the gains)</source>
      <translation>Communes (polygons with code_insee, for the map of the gains)</translation>
    </message>
    <message>
      <source>Gains per commune (map)</source>
      <translation>Gains per commune (map)</translation>
    </message>
    <message>
      <source>People newly within the distance</source>
      <translation>People newly within the distance</translation>
    </message>
    <message>
      <source>Share within the distance, before</source>
      <translation>Share within the distance, before</translation>
    </message>
    <message>
      <source>Share within the distance, after</source>
      <translation>Share within the distance, after</translation>
    </message>
    <message>
      <source>Change of the mean distance (m)</source>
      <translation>Change of the mean distance (m)</translation>
    </message>
    <message>
      <source>Inhabitants behind the addresses gained (with COMMUNES and their population)</source>
      <translation>Inhabitants behind the addresses gained (with COMMUNES and their population)</translation>
    </message>
    <message>
      <source>Demand points (addresses)</source>
      <translation>Demand points (addresses)</translation>
    </message>
    <message>
      <source>Demand weight field (default: 1 per point)</source>
      <translation>Demand weight field (default: 1 per point)</translation>
    </message>
    <message>
      <source>Existing places</source>
      <translation>Existing places</translation>
    </message>
    <message>
      <source>Candidate sites (default: a grid)</source>
      <translation>Candidate sites (default: a grid)</translation>
    </message>
    <message>
      <source>Communes (for the grid of candidates)</source>
      <translation>Communes (for the grid of candidates)</translation>
    </message>
    <message>
      <source>Fragility index field of the communes (base 100, e.g. ifn_global)</source>
      <translation>Fragility index field of the communes (base 100, e.g. ifn_global)</translation>
    </message>
    <message>
      <source>Communes naming each site (default: COMMUNES; changes neither the candidates nor the demand)</source>
      <translation>Communes naming each site (default: COMMUNES; changes neither the candidates nor the demand)</translation>
    </message>
    <message>
      <source>Grid cell for candidates (km)</source>
      <translation>Grid cell for candidates (km)</translation>
    </message>
    <message>
      <source>Number of new sites</source>
      <translation>Number of new sites</translation>
    </message>
    <message>
      <source>Covering distance (km)</source>
      <translation>Covering distance (km)</translation>
    </message>
    <message>
      <source>Objective</source>
      <translation>Objective</translation>
    </message>
    <message>
      <source>Time limit of the exact solver (s)</source>
      <translation>Time limit of the exact solver (s)</translation>
    </message>
    <message>
      <source>Chosen sites</source>
      <translation>Chosen sites</translation>
    </message>
    <message>
      <source>Method used</source>
      <translation>Method used</translation>
    </message>
    <message>
      <source>Covered demand (maximal covering) or mean distance in m (p-median)</source>
      <translation>Covered demand (maximal covering) or mean distance in m (p-median)</translation>
    </message>
    <message>
      <source>Same, with the existing places only</source>
      <translation>Same, with the existing places only</translation>
    </message>
    <message>
      <source>Relative gap to the bound (0 = optimal)</source>
      <translation>Relative gap to the bound (0 = optimal)</translation>
    </message>
    <message>
      <source>Workshop sheet (one A4 page per commune)</source>
      <translation>Workshop sheet (one A4 page per commune)</translation>
    </message>
    <message>
      <source>A plain-language A4 page per commune for a digital-mediation workshop: a map of the commune with the nearest help places (France Services and mediation places, or CATEGORIES), and for each its name, address, opening hours in words, services, distance from the centre of the commune as the crow flies and, with ROADS (an OpenStreetMap extract), the driving time; three figures in plain words (the share of the inhabitants within DISTANCE_KM of a help place — the diagnosis's own share when COMMUNES is the diagnosis layer, on its demand —, the nearest place, how many of the listed places are open at OPEN_AT); the date, sources and licences, and the few words it uses explained. CODES: the INSEE codes of the communes (empty: every commune). OUTPUT_PDF: one page per commune; OUTPUT_HTML: the same as an offline web page (no network needed).</source>
      <translation>A plain-language A4 page per commune for a digital-mediation workshop: a map of the commune with the nearest help places (France Services and mediation places, or CATEGORIES), and for each its name, address, opening hours in words, services, distance from the centre of the commune as the crow flies and, with ROADS (an OpenStreetMap extract), the driving time; three figures in plain words (the share of the inhabitants within DISTANCE_KM of a help place — the diagnosis's own share when COMMUNES is the diagnosis layer, on its demand —, the nearest place, how many of the listed places are open at OPEN_AT); the date, sources and licences, and the few words it uses explained. CODES: the INSEE codes of the communes (empty: every commune). OUTPUT_PDF: one page per commune; OUTPUT_HTML: the same as an offline web page (no network needed).</translation>
    </message>
    <message>
      <source>Offline workshop bundle (USB stick)</source>
      <translation>Offline workshop bundle (USB stick)</translation>
    </message>
    <message>
      <source>Writes one folder a trainer can put on a USB stick and open with no network and no QGIS: index.html (the start page), carte.html (the offline web map of COMMUNES, the diagnosis layer, and of the SERVICES), fiches/ (one workshop sheet per commune, HTML) and fiches.pdf (all the sheets to print), and with OSM (an OpenStreetMap extract) cartopartie/ (the mapping-party checklist in HTML and PDF and propositions.osm for JOSM, see OSM completeness pack). Every page has its scripts, styles and pictures inside it. FOLDER must be new or empty; it appears only once complete.</source>
      <translation>Writes one folder a trainer can put on a USB stick and open with no network and no QGIS: index.html (the start page), carte.html (the offline web map of COMMUNES, the diagnosis layer, and of the SERVICES), fiches/ (one workshop sheet per commune, HTML) and fiches.pdf (all the sheets to print), and with OSM (an OpenStreetMap extract) cartopartie/ (the mapping-party checklist in HTML and PDF and propositions.osm for JOSM, see OSM completeness pack). Every page has its scripts, styles and pictures inside it. FOLDER must be new or empty; it appears only once complete.</translation>
    </message>
    <message>
      <source>Communes (the diagnosis layer, or communes with code_insee and population)</source>
      <translation>Communes (the diagnosis layer, or communes with code_insee and population)</translation>
    </message>
    <message>
      <source>Kinds of help places (comma-separated; empty: France Services and mediation places)</source>
      <translation>Kinds of help places (comma-separated; empty: France Services and mediation places)</translation>
    </message>
    <message>
      <source>OpenStreetMap extract for driving times (optional)</source>
      <translation>OpenStreetMap extract for driving times (optional)</translation>
    </message>
    <message>
      <source>Distance of the first figure (km)</source>
      <translation>Distance of the first figure (km)</translation>
    </message>
    <message>
      <source>Number of places listed</source>
      <translation>Number of places listed</translation>
    </message>
    <message>
      <source>Opening time of the third figure</source>
      <translation>Opening time of the third figure</translation>
    </message>
    <message>
      <source>INSEE codes of the communes (comma-separated; empty: all)</source>
      <translation>INSEE codes of the communes (comma-separated; empty: all)</translation>
    </message>
    <message>
      <source>Workshop sheets (PDF)</source>
      <translation>Workshop sheets (PDF)</translation>
    </message>
    <message>
      <source>Workshop sheets (offline HTML)</source>
      <translation>Workshop sheets (offline HTML)</translation>
    </message>
    <message>
      <source>INSEE codes of the communes with a sheet (comma-separated; empty: all)</source>
      <translation>INSEE codes of the communes with a sheet (comma-separated; empty: all)</translation>
    </message>
    <message>
      <source>Indicator of the web map</source>
      <translation>Indicator of the web map</translation>
    </message>
    <message>
      <source>OpenStreetMap extract for the mapping-party checklist (optional)</source>
      <translation>OpenStreetMap extract for the mapping-party checklist (optional)</translation>
    </message>
    <message>
      <source>Bundle folder</source>
      <translation>Bundle folder</translation>
    </message>
    <message>
      <source>Start page of the bundle</source>
      <translation>Start page of the bundle</translation>
    </message>
    <message>
      <source>Leaflet was not found on this computer: the bundle's map needs the internet</source>
      <translation>Leaflet was not found on this computer: the bundle's map needs the internet</translation>
    </message>
    <message>
      <source>Opening hours not evaluated: the Python package opening-hours-py is missing ({hint}); the third figure counts the places near the commune instead</source>
      <translation>Opening hours not evaluated: the Python package opening-hours-py is missing ({hint}); the third figure counts the places near the commune instead</translation>
    </message>
    <message>
      <source>TerriDiag — digital diagnosis of French territories</source>
      <translation>TerriDiag — digital diagnosis of French territories</translation>
    </message>
    <message>
      <source>Open in the time window</source>
      <translation>Open in the time window</translation>
    </message>
    <message>
      <source>Closed in the time window</source>
      <translation>Closed in the time window</translation>
    </message>
    <message>
      <source>Opening hours unknown</source>
      <translation>Opening hours unknown</translation>
    </message>
    <message>
      <source>Not among the places measured</source>
      <translation>Not among the places measured</translation>
    </message>
    <message>
      <source>Places by opening status</source>
      <translation>Places by opening status</translation>
    </message>
    <message>
      <source>TerriDiag — data</source>
      <translation>TerriDiag — data</translation>
    </message>
    <message>
      <source>TerriDiag — scenario</source>
      <translation>TerriDiag — scenario</translation>
    </message>
    <message>
      <source>1 commune</source>
      <translation>1 commune</translation>
    </message>
    <message>
      <source>weighted by their population</source>
      <translation>weighted by their population</translation>
    </message>
    <message>
      <source>each point counting once (no population known)</source>
      <translation>each point counting once (no population known)</translation>
    </message>
    <message>
      <source>No address file was used: shares and distances describe the population of the IRIS, grid cells or communes, not addresses.</source>
      <translation>No address file was used: shares and distances describe the population of the IRIS, grid cells or communes, not addresses.</translation>
    </message>
    <message>
      <source>Where a commune is one point, its whole population is either within a distance or beyond it (0 % or 100 %).</source>
      <translation>Where a commune is one point, its whole population is either within a distance or beyond it (0 % or 100 %).</translation>
    </message>
    <message>
      <source>{n} communes</source>
      <translation>{n} communes</translation>
    </message>
    <message>
      <source>Demand: {parts}, {weighted}.</source>
      <translation>Demand: {parts}, {weighted}.</translation>
    </message>
    <message>
      <source>The OSM extract covers less than the territory: {share} % of the demand is within {m} m of a road.</source>
      <translation>The OSM extract covers less than the territory: {share} % of the demand is within {m} m of a road.</translation>
    </message>
    <message>
      <source>{communes} outside the OSM extract: no travel time (e.g. {codes}).</source>
      <translation>{communes} outside the OSM extract: no travel time (e.g. {codes}).</translation>
    </message>
    <message>
      <source>{n} demand points farther than {m} m from a road have no travel time.</source>
      <translation>{n} demand points farther than {m} m from a road have no travel time.</translation>
    </message>
    <message>
      <source>{n} demand points have no travel time: a service place off the road network could be nearer.</source>
      <translation>{n} demand points have no travel time: a service place off the road network could be nearer.</translation>
    </message>
    <message>
      <source>{n} demand points have no path to a service place on the road network (a road cut off at the edge of the extract): no travel time.</source>
      <translation>{n} demand points have no path to a service place on the road network (a road cut off at the edge of the extract): no travel time.</translation>
    </message>
    <message>
      <source>{n} of {total} service places are farther than {m} m from a road: left out of the travel times.</source>
      <translation>{n} of {total} service places are farther than {m} m from a road: left out of the travel times.</translation>
    </message>
    <message>
      <source>{n} addresses in {communes}</source>
      <translation>{n} addresses in {communes}</translation>
    </message>
    <message>
      <source>; </source>
      <translation>; </translation>
    </message>
    <message>
      <source>{n} IRIS in {communes}</source>
      <translation>{n} IRIS in {communes}</translation>
    </message>
    <message>
      <source>{n} inhabited 200 m grid cells in {communes}</source>
      <translation>{n} inhabited 200 m grid cells in {communes}</translation>
    </message>
    <message>
      <source>1 commune as a single point</source>
      <translation>1 commune as a single point</translation>
    </message>
    <message>
      <source>{n} population points in {communes}</source>
      <translation>{n} population points in {communes}</translation>
    </message>
    <message>
      <source>{communes} as one point each</source>
      <translation>{communes} as one point each</translation>
    </message>
    <message>
      <source>addresses</source>
      <translation>addresses</translation>
    </message>
    <message>
      <source>Typology: where to act first</source>
      <translation>Typology: where to act first</translation>
    </message>
    <message>
      <source>No change</source>
      <translation>No change</translation>
    </message>
    <message>
      <source>Fewer within reach</source>
      <translation>Fewer within reach</translation>
    </message>
  </context>
  <context>
    <name>TerriDiagDockBody</name>
    <message>
      <source>Ctrl+PgUp / Ctrl+PgDown switches between the panels</source>
      <translation>Ctrl+PgUp / Ctrl+PgDown switches between the panels</translation>
    </message>
    <message>
      <source>Progress of the computation running in the background</source>
      <translation>Progress of the computation running in the background</translation>
    </message>
    <message>
      <source>Stop the computation; nothing half-made is added to the project</source>
      <translation>Stop the computation; nothing half-made is added to the project</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>Ready.</source>
      <translation>Ready.</translation>
    </message>
  </context>
  <context>
    <name>TerriDiagOptions</name>
    <message>
      <source>Network</source>
      <translation>Network</translation>
    </message>
    <message>
      <source>&amp;Geocoder base URL:</source>
      <translation>&amp;Geocoder base URL:</translation>
    </message>
    <message>
      <source>BAN geocoding service used by the locator bar and the geocode algorithm (https://data.geopf.fr/geocodage or https://api-adresse.data.gouv.fr)</source>
      <translation>BAN geocoding service used by the locator bar and the geocode algorithm (https://data.geopf.fr/geocodage or https://api-adresse.data.gouv.fr)</translation>
    </message>
    <message>
      <source>&amp;Download cache folder:</source>
      <translation>&amp;Download cache folder:</translation>
    </message>
    <message>
      <source>Downloaded open data is kept here and not downloaded again while unchanged (empty = default folder)</source>
      <translation>Downloaded open data is kept here and not downloaded again while unchanged (empty = default folder)</translation>
    </message>
    <message>
      <source>Choose the cache folder</source>
      <translation>Choose the cache folder</translation>
    </message>
    <message>
      <source>…</source>
      <translation>…</translation>
    </message>
    <message>
      <source>Defaults of the diagnosis</source>
      <translation>Defaults of the diagnosis</translation>
    </message>
    <message>
      <source>Distance &amp;threshold (km):</source>
      <translation>Distance &amp;threshold (km):</translation>
    </message>
    <message>
      <source>Other distances (km):</source>
      <translation>Other distances (km):</translation>
    </message>
    <message>
      <source>Time threshold (min):</source>
      <translation>Time threshold (min):</translation>
    </message>
    <message>
      <source>Other times (min):</source>
      <translation>Other times (min):</translation>
    </message>
    <message>
      <source>Confidentiality threshold (addresses):</source>
      <translation>Confidentiality threshold (addresses):</translation>
    </message>
    <message>
      <source>Logging</source>
      <translation>Logging</translation>
    </message>
    <message>
      <source>&amp;Level:</source>
      <translation>&amp;Level:</translation>
    </message>
    <message>
      <source>Messages at or above this level go to the QGIS message log, tab "TerriDiag"</source>
      <translation>Messages at or above this level go to the QGIS message log, tab "TerriDiag"</translation>
    </message>
  </context>
</TS>
