"""Where the plugin's shipped files are: its folder, the icon, the Qt Designer forms, the help pages
and the translations. Plain strings from ``os.path``: this module is read when QGIS starts, and
pathlib (with urllib.parse and ipaddress) would only move into TerriDiag's load time."""
from __future__ import annotations

import os

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
ICON = os.path.join(PLUGIN_DIR, "resources", "icons", "terridiag.svg")
UI_DIR = os.path.join(PLUGIN_DIR, "ui")
I18N_DIR = os.path.join(PLUGIN_DIR, "i18n")
# help pages (French and English) written from the algorithms by scripts/help_pages.py (`make help`)
HELP_DIR = os.path.join(PLUGIN_DIR, "help")
