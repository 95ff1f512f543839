#!/usr/bin/env python3
"""Write the help pages of the Processing provider and of each algorithm (French and English),
from the algorithms themselves: their display name, HELP text and parameter descriptions in
English and, through the plugin's French translation (i18n/terridiag_fr.qm), in French. Nothing
is written twice by hand, so a page cannot drift from its algorithm.

    python scripts/help_pages.py OUT_DIR      # `make package` writes dist/terridiag/help, `make help` ./help

Each algorithm's ``helpUrl()`` points to OUT_DIR/<id>.html inside the installed plugin.
"""
from __future__ import annotations

import html
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QGIS_PROCESS_NOTE = {
    "fr": "Sous Debian et Ubuntu, appelez <code>/usr/bin/qgis_process.bin</code> si le lanceur "
          "<code>qgis_process</code> échoue. L’extension doit être activée une fois pour "
          "<code>qgis_process</code> : <code>qgis_process plugins enable terridiag</code>.",
    "en": "On Debian and Ubuntu, call <code>/usr/bin/qgis_process.bin</code> if the "
          "<code>qgis_process</code> launcher fails. Enable the plugin once for <code>qgis_process</code>: "
          "<code>qgis_process plugins enable terridiag</code>.",
}
WORDS = {
    "fr": {"computes": "Ce que calcule l’algorithme", "inputs": "Entrées", "outputs": "Sorties",
           "name": "Paramètre", "description": "Description", "type": "Type", "default": "Défaut",
           "optional": "facultatif", "example": "Exemple en ligne de commande", "options": "choix",
           "all": "Tous les algorithmes TerriDiag", "lang": "Français", "group": "Groupe", "colon": "\u00a0: ",
           "provider": "TerriDiag — diagnostic numérique des territoires : algorithmes Processing",
           "intro": "Chaque calcul de TerriDiag est un algorithme Processing : la boîte à outils, le "
                    "modeleur, <code>qgis_process</code> et le panneau TerriDiag suivent le même chemin. "
                    "Les sources de données (BAN, France Services, lieux de médiation, ARCEP, INSEE, "
                    "OpenStreetMap) sont citées par chaque algorithme qui les lit, avec leur licence."},
    "en": {"computes": "What the algorithm computes", "inputs": "Inputs", "outputs": "Outputs",
           "name": "Parameter", "description": "Description", "type": "Type", "default": "Default",
           "optional": "optional", "example": "Command-line example", "options": "choices",
           "all": "All TerriDiag algorithms", "lang": "English", "group": "Group", "colon": ": ",
           "provider": "TerriDiag — digital diagnosis of French territories: Processing algorithms",
           "intro": "Every TerriDiag computation is a Processing algorithm: the toolbox, the modeler, "
                    "<code>qgis_process</code> and the TerriDiag panel share one code path. The data "
                    "sources (BAN, France Services, digital mediation places, ARCEP, INSEE, "
                    "OpenStreetMap) are named by each algorithm that reads them, with their licence."},
}
STYLE = """body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:60em;margin:1.5em auto;padding:0 1em;
color:#1a1a1a;line-height:1.45}h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:2px solid
#2b6ca3;padding-bottom:.15em;margin-top:1.6em}h3{font-size:1.02em;margin:1.1em 0 .3em}code,pre{font-family:
"DejaVu Sans Mono",monospace;font-size:.9em}pre{background:#f3f5f7;border:1px solid #d6dbe0;padding:.6em;
overflow-x:auto;white-space:pre-wrap}table{border-collapse:collapse;width:100%;font-size:.92em}th,td{border:1px
solid #d6dbe0;padding:.3em .45em;text-align:left;vertical-align:top}th{background:#eef2f6}.id{color:#555}
nav{font-size:.9em;margin-bottom:.6em}.lang{font-size:.85em;color:#2b6ca3;text-transform:uppercase;
letter-spacing:.05em}"""


def _example_value(param) -> str | None:
    """A plausible value for a required parameter (or destination) of the qgis_process example."""
    kind = param.type()
    default = param.defaultValue()
    name = param.name().lower()
    if kind in ("sink", "vectorDestination"):
        return f"{name}.gpkg"
    if kind == "rasterDestination":
        return f"{name}.tif"
    if kind == "fileDestination":
        ext = param.defaultFileExtension() or "txt"
        return f"{name}.{ext}"
    if kind == "folderDestination":
        return f"{name}/"
    if kind in LAYER_TYPES:
        return f"{name}.gpkg"
    if kind == "file":
        if param.behavior() == param.Behavior.Folder:
            return f"{name}/"
        return f"{name}.{param.extension() or 'csv'}"
    if kind == "crs":
        return "EPSG:2154"
    if default is not None and str(default) != "":
        return str(default).lower() if isinstance(default, bool) else str(default)
    if kind == "enum":
        return "0"
    if kind == "field":
        return name
    return "…"


def _is_destination(param) -> bool:
    return param.isDestination()


LAYER_TYPES = ("source", "vector", "multilayer", "layer", "raster")


def example(alg) -> str:
    """The required parameters, the layers it reads (optional ones too: they say what data it takes)
    and its outputs."""
    args = []
    for p in alg.parameterDefinitions():
        optional = bool(p.flags() & p.Flag.FlagOptional)
        if optional and not (_is_destination(p) or p.type() in LAYER_TYPES):
            continue
        value = _example_value(p)
        if value is None:
            continue
        args.append(f"{p.name()}={_quote(value)}")
    lines = [f"qgis_process run terridiag:{alg.name()} --"] + [f"    {a}" for a in args]
    return " \\\n".join(lines)


def _quote(value: str) -> str:
    return f"'{value}'" if any(c in value for c in " ;&|<>()'\"") else value


def _default_text(p) -> str:
    default = p.defaultValue()
    if default is None or default == "":
        return ""
    if p.type() == "enum":
        opts = p.options()
        idx = default if isinstance(default, list) else [default]
        try:
            return ", ".join(f"{int(i)} ({opts[int(i)]})" for i in idx)
        except (ValueError, IndexError, TypeError):
            return str(default)
    return str(default)


def describe(alg) -> dict:
    params = []
    for p in alg.parameterDefinitions():
        if p.flags() & p.Flag.FlagHidden:
            continue
        params.append({"name": p.name(), "description": p.description(), "type": p.type(),
                       "optional": bool(p.flags() & p.Flag.FlagOptional), "default": _default_text(p),
                       "options": list(p.options()) if p.type() == "enum" else [],
                       "destination": _is_destination(p)})
    outputs = [{"name": o.name(), "description": o.description(), "type": o.type()}
               for o in alg.outputDefinitions()]
    return {"id": f"terridiag:{alg.name()}", "name": alg.name(), "title": alg.displayName(),
            "group": alg.group(), "help": alg.shortHelpString(), "params": params, "outputs": outputs,
            "example": example(alg)}


def _section(info: dict, lang: str) -> str:
    w = WORDS[lang]
    e = html.escape
    rows = []
    for p in info["params"]:
        desc = e(p["description"])
        if p["options"]:
            desc += f"<br><small>{w['options']}{w['colon']}"
            desc += ", ".join(f"{i} = {e(o)}" for i, o in enumerate(p["options"])) + "</small>"
        flag = f" <small>({w['optional']})</small>" if p["optional"] else ""
        rows.append(f"<tr><td><code>{e(p['name'])}</code>{flag}</td><td>{desc}</td>"
                    f"<td><code>{e(p['type'])}</code></td><td>{e(p['default'])}</td></tr>")
    outs = "".join(f"<tr><td><code>{e(o['name'])}</code></td><td>{e(o['description'])}</td>"
                   f"<td><code>{e(o['type'])}</code></td></tr>" for o in info["outputs"])
    paragraphs = "".join(f"<p>{e(t)}</p>" for t in info["help"].split("\n") if t.strip())
    return (f'<section lang="{lang}"><p class="lang">{w["lang"]}</p><h2>{e(info["title"])}</h2>'
            f'<p class="id">{w["group"]}{w["colon"]}{e(info["group"])} — <code>{e(info["id"])}</code></p>'
            f'<h3>{w["computes"]}</h3>{paragraphs}'
            f'<h3>{w["inputs"]}</h3><table><tr><th>{w["name"]}</th><th>{w["description"]}</th>'
            f'<th>{w["type"]}</th><th>{w["default"]}</th></tr>{"".join(rows)}</table>'
            f'<h3>{w["outputs"]}</h3><table><tr><th>{w["name"]}</th><th>{w["description"]}</th>'
            f'<th>{w["type"]}</th></tr>{outs}</table>'
            f'<h3>{w["example"]}</h3><pre>{e(info["example"])}</pre><p>{QGIS_PROCESS_NOTE[lang]}</p></section>')


def page(fr: dict, en: dict) -> str:
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(fr["title"])} — '
            f'{html.escape(fr["id"])}</title><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<style>{STYLE}</style></head><body><nav><a href="index.html">{WORDS["fr"]["all"]}</a> · '
            f'<a href="index.html">{WORDS["en"]["all"]}</a></nav><h1>TerriDiag · <code>{html.escape(fr["id"])}</code>'
            f'</h1>{_section(fr, "fr")}{_section(en, "en")}'
            f"</body></html>\n")


def index(algs: dict[str, dict[str, dict]]) -> str:
    parts = []
    for lang in ("fr", "en"):
        w = WORDS[lang]
        groups: dict[str, list] = {}
        for name in sorted(algs, key=lambda n: (algs[n][lang]["group"], algs[n][lang]["title"])):
            groups.setdefault(algs[name][lang]["group"], []).append(algs[name][lang])
        items = "".join(f"<h3>{html.escape(g)}</h3><ul>" + "".join(
            f'<li><a href="{a["name"]}.html">{html.escape(a["title"])}</a> <code class="id">{a["id"]}</code></li>'
            for a in lst) + "</ul>" for g, lst in groups.items())
        parts.append(f'<section lang="{lang}"><p class="lang">{w["lang"]}</p><h2>{w["provider"]}</h2>'
                     f'<p>{w["intro"]}</p>{items}<p>{QGIS_PROCESS_NOTE[lang]}</p></section>')
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>TerriDiag — aide / help</title>'
            f'<style>{STYLE}</style></head><body><h1>TerriDiag</h1>{"".join(parts)}</body></html>\n')


def _link_package() -> None:
    pkg = REPO / ".build" / "pkg"
    pkg.mkdir(parents=True, exist_ok=True)
    if not (pkg / "terridiag").exists():
        (pkg / "terridiag").symlink_to(REPO, target_is_directory=True)
    sys.path.insert(0, str(pkg))


def collect() -> dict[str, dict]:
    from terridiag.plugin.processing.provider import algorithm_classes

    out = {}
    for cls in algorithm_classes():
        alg = cls()
        alg.initAlgorithm({})
        out[alg.name()] = describe(alg)
    return out


def write_pages(out_dir: Path) -> list[Path]:
    """Every page (index.html and <algorithm>.html) in out_dir, French and English."""
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator

    qm = REPO / "i18n" / "terridiag_fr.qm"
    en = collect()
    translator = QTranslator()
    if not translator.load(str(qm)):
        raise SystemExit(f"help_pages: cannot load {qm}: run 'make translations' first")
    QCoreApplication.installTranslator(translator)
    try:
        fr = collect()
    finally:
        QCoreApplication.removeTranslator(translator)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(en):
        path = out_dir / f"{name}.html"
        path.write_text(page(fr[name], en[name]), encoding="utf-8")
        written.append(path)
    index_path = out_dir / "index.html"
    index_path.write_text(index({n: {"fr": fr[n], "en": en[n]} for n in en}), encoding="utf-8")
    return [index_path] + written


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _link_package()
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    written = write_pages(Path(argv[1]))
    print(f"help_pages: {len(written)} page(s) in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
