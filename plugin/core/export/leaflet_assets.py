"""Find Leaflet's JavaScript and CSS on this computer, so the web map can inline them.

The web map must work offline, so Leaflet is read from an installed package (Debian's
``libjs-leaflet``, a Python package that ships it, a folder named in ``TERRIDIAG_LEAFLET_DIR``),
never from a copy in this repository. When none is found the map links the CDN copies instead and
says so on the map itself (:attr:`LeafletAssets.offline` is then False).
"""
from __future__ import annotations

import base64
import importlib.util
import os
import re
from dataclasses import dataclass
from pathlib import Path

CDN_VERSION = "1.9.4"
CDN_JS = f"https://unpkg.com/leaflet@{CDN_VERSION}/dist/leaflet.js"
CDN_CSS = f"https://unpkg.com/leaflet@{CDN_VERSION}/dist/leaflet.css"

# Folders that hold leaflet.js + leaflet.css, in order of preference.
SYSTEM_DIRS = (
    "/usr/share/javascript/leaflet",          # Debian/Ubuntu libjs-leaflet
    "/usr/share/nodejs/leaflet/dist",         # Debian node-leaflet
    "/usr/local/share/javascript/leaflet",
    "/usr/share/leaflet",
)
# Python packages known to ship Leaflet's files, with the folder inside the package.
PYTHON_PACKAGES = (
    ("folium", "templates"),                  # some folium builds bundle leaflet here
    ("leaflet", "static/leaflet"),            # django-leaflet
)


@dataclass
class LeafletAssets:
    js: str | None           # leaflet.js source, None when not found
    css: str | None          # leaflet.css with its images inlined as data: URIs
    origin: str              # folder the files were read from, or the CDN URL
    version: str = ""

    @property
    def offline(self) -> bool:
        return self.js is not None and self.css is not None

    def head_html(self) -> str:
        """``<style>``/``<script>`` tags to put in the page's head."""
        if self.offline:
            # "</" cannot appear inside a script/style element without closing it early.
            js = self.js.replace("</script", "<\\/script")
            css = self.css.replace("</style", "<\\/style")
            return f"<style>{css}</style>\n<script>{js}</script>"
        return (f'<link rel="stylesheet" href="{CDN_CSS}"/>\n'
                f'<script src="{CDN_JS}"></script>')


def _candidate_dirs(extra_dirs=()) -> list[Path]:
    dirs = [Path(d) for d in extra_dirs if d]
    env = os.environ.get("TERRIDIAG_LEAFLET_DIR")
    if env:
        dirs.append(Path(env))
    dirs += [Path(d) for d in SYSTEM_DIRS]
    for package, sub in PYTHON_PACKAGES:
        try:
            spec = importlib.util.find_spec(package)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.submodule_search_locations:
            for loc in spec.submodule_search_locations:
                dirs.append(Path(loc) / sub)
    return dirs


def _pick(folder: Path, names) -> Path | None:
    for name in names:
        if (folder / name).is_file():
            return folder / name
    return None


def _inline_images(css: str, folder: Path) -> str:
    """Replace ``url(images/x.png)`` by data URIs: the page must not fetch anything."""
    def repl(match):
        ref = match.group(1).strip("'\"")
        target = (folder / ref).resolve()
        if ref.startswith(("data:", "#")) or not target.is_file():
            return match.group(0)
        data = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"
    return re.sub(r"url\(([^)]+\.png)\)", repl, css)


def _version(js: str) -> str:
    match = re.search(r'version\s*=\s*"(\d+\.\d+\.\d+)', js) or re.search(r"Leaflet (\d+\.\d+\.\d+)", js)
    return match.group(1) if match else ""


def find_leaflet(extra_dirs=()) -> LeafletAssets:
    """Leaflet from the first folder that holds both files, else the CDN links."""
    for folder in _candidate_dirs(extra_dirs):
        js_path = _pick(folder, ("leaflet.min.js", "leaflet.js"))
        css_path = _pick(folder, ("leaflet.css", "leaflet.min.css"))
        if js_path is None or css_path is None:
            continue
        try:
            js = js_path.read_text(encoding="utf-8")
            css = _inline_images(css_path.read_text(encoding="utf-8"), css_path.parent)
        except (OSError, UnicodeDecodeError):
            continue
        # drop the source-map comment: the map file is not shipped in the page
        js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)
        css = re.sub(r"/\*# sourceMappingURL=\S+ \*/\s*$", "", css)
        return LeafletAssets(js=js, css=css, origin=str(folder), version=_version(js))
    return LeafletAssets(js=None, css=None, origin=CDN_JS, version=CDN_VERSION)
