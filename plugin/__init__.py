"""TerriDiag plugin package: ``core`` (headless engine) and the QGIS-facing layers around it."""
