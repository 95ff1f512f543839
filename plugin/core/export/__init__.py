"""Outputs people share: offline web map, report (HTML/PDF), GeoPackage, CSV/XLSX tables."""
