"""Indicators per demand point and per commune: coverage (crow flies and road network), 2SFCA,
connectivity, fragility indices, typology, confidentiality, access surfaces, and the catalogue
that documents every output field."""
