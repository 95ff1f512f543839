"""TerriDiag headless engine.

Nothing in this package imports ``qgis``: it runs in tests, scripts, notebooks and
``qgis_process`` alike. QGIS-facing code lives in ``plugin.processing``, ``plugin.gui`` and
``plugin.qgis_bridge`` and calls into this package.
"""
