#!/usr/bin/env bash
# Set up a Debian machine for TerriDiag (12 gives QGIS 3.22, 13 gives 3.40: whatever Debian offers, the
# tests assume no version): Debian packages (QGIS and the Python stack, so that they
# share QGIS's GDAL/PROJ/GEOS), a venv over the system packages for test tools, and a second venv with
# current releases (geopandas 1.x, shapely 2.x, pandas 2+, PySAL access) to test the engine there too.
# Idempotent: every step is skipped when what it makes is already there.
#   scripts/setup.sh runtime   -> what `make demo` needs
#   scripts/setup.sh test      -> runtime + test tools (Xvfb, Chromium, poppler, pytest-qgis, modern venv)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-runtime}"

RUNTIME_PKGS="qgis python3-qgis qgis-providers python3-gdal proj-data python3-geopandas python3-shapely
 python3-pyproj python3-scipy python3-rasterio python3-folium python3-pandas python3-numpy python3-matplotlib
 python3-openpyxl python3-pyqt5 python3-venv python3-pip qttools5-dev-tools pyqt5-dev-tools libjs-leaflet
 poppler-utils zip xvfb xauth"
TEST_PKGS="chromium fonts-dejavu-core x11-apps imagemagick python3-dask python3-distributed"

pkgs="$RUNTIME_PKGS"
[ "$MODE" = test ] && pkgs="$pkgs $TEST_PKGS"

missing=""
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "setup: Debian packages already installed"
fi

# venv over Debian's packages (python3-qgis only imports from /usr/bin/python3)
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv (system site packages)"
  /usr/bin/python3 -m venv --system-site-packages .venv
fi

stamp_install() {  # venv requirements-file [pip options]
  local venv="$1" req="$2" stamp="$1/.installed-$(basename "$2")"
  shift 2
  if [ ! -f "$stamp" ] || [ "$req" -nt "$stamp" ]; then
    echo "setup: pip install -r $req into $venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" -r "$req"
    touch "$stamp"
  fi
}

# optional runtime libraries (opening hours): in .venv for `make demo` and the tests
stamp_install .venv requirements/optional.txt

if [ "$MODE" = test ]; then
  stamp_install .venv requirements/test.txt
  if [ ! -x .venv-modern/bin/python ]; then
    echo "setup: creating .venv-modern (current geopandas/shapely/pandas, PySAL access)"
    /usr/bin/python3 -m venv .venv-modern
  fi
  stamp_install .venv-modern requirements/modern.txt
  stamp_install .venv-modern requirements/optional.txt
  # the Qt6 migration script (see the file for why here and why --ignore-requires-python)
  stamp_install .venv-modern requirements/migration.txt --ignore-requires-python
fi
echo "setup: ready ($MODE; QGIS $(dpkg-query -W -f='${Version}' qgis 2>/dev/null || echo '?'))"
