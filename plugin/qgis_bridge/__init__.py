"""Conversion between QGIS objects and the core's tables; QGIS-only helpers."""
