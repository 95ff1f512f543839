"""OSM completeness pack of a mapping party (cartopartie)."""
