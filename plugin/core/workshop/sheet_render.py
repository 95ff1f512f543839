"""Layout of the workshop sheet: one A4 page per commune in PDF (matplotlib, no browser), and the
same content as an offline HTML page (the map inlined as a PNG, no request leaves the file)."""
from __future__ import annotations

import base64
import html
import io
import math
import textwrap


from ..export.atomic import atomic_path, check_output_path
from ..presentation.vocabulary import Category
from .sheet import Sheet, category_label, place_line, t

A4 = (8.27, 11.69)
FONT = "DejaVu Sans"


def _scale_km(span_m: float) -> float:
    for km in (0.2, 0.5, 1, 2, 5, 10, 20, 50):
        if km * 1000 >= span_m / 5:
            return km
    return 100.0


def _rings(geoms) -> list:
    """Exterior rings of (multi)polygons as coordinate arrays."""
    import numpy as np
    out = []
    for g in geoms:
        if g is None or g.is_empty:
            continue
        for part in getattr(g, "geoms", [g]):
            if hasattr(part, "exterior"):
                out.append(np.asarray(part.exterior.coords)[:, :2])
    return out


def draw_map(ax, sheet: Sheet, communes) -> None:
    """The commune (pale yellow), its neighbours (outlines), its centre (a star) and the places
    (numbered discs in their category's colour), with a scale bar; no background tiles."""
    from matplotlib.patches import Rectangle
    code = sheet.code
    xs = [sheet.centre[0]] + [p.x for p in sheet.places]
    ys = [sheet.centre[1]] + [p.y for p in sheet.places]
    own = communes[communes["code_insee"].astype(str) == code]
    if len(own):
        x0, y0, x1, y1 = own.total_bounds
        xs += [x0, x1]
        ys += [y0, y1]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    span = max(x1 - x0, y1 - y0, 2000.0) * 1.15
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    ax.set_xlim(mx - span / 2, mx + span / 2)
    ax.set_ylim(my - span / 2, my + span / 2)
    box = communes.cx[mx - span / 2: mx + span / 2, my - span / 2: my + span / 2]
    # matplotlib's artists directly, not GeoDataFrame.plot (pyplot: not from a QGIS task's thread)
    from matplotlib.collections import LineCollection, PolyCollection
    if len(box):
        ax.add_collection(LineCollection(_rings(box.geometry), colors="#9e9e9e", linewidths=0.5))
    if len(own):
        ax.add_collection(PolyCollection(_rings(own.geometry), facecolors="#fff3b0", edgecolors="#5c4b00",
                                         linewidths=1.2))
    ax.plot(*sheet.centre, marker="*", markersize=13, color="#b30000", markeredgecolor="white", zorder=5)
    taken = [sheet.centre]
    gap = span * 0.045                   # a numbered disc's size on the map
    for p in sheet.places:
        colour = Category.colour_of(p.category)
        x, y = p.x, p.y
        turn = 0
        # a disc that would hide the centre or another disc moves aside, with a line to its place
        while any(math.hypot(x - a, y - b) < gap for a, b in taken) and turn < 12:
            angle = math.pi / 4 + turn * math.pi / 3
            x, y = p.x + gap * 1.3 * math.cos(angle) * (1 + turn // 6), p.y + gap * 1.3 * math.sin(angle) * (1 + turn // 6)
            turn += 1
        if (x, y) != (p.x, p.y):
            ax.plot([p.x, x], [p.y, y], color=colour, linewidth=0.8, zorder=5)
            ax.plot(p.x, p.y, marker="o", markersize=3, color=colour, zorder=6)
        taken.append((x, y))
        ax.plot(x, y, marker="o", markersize=15, color=colour, markeredgecolor="white", zorder=6)
        ax.text(x, y, str(p.rank), ha="center", va="center", color="white", fontsize=8, fontweight="bold",
                zorder=7, family=FONT)
    km = _scale_km(span)
    bx, by = mx - span / 2 + span * 0.05, my - span / 2 + span * 0.05
    ax.add_patch(Rectangle((bx, by), km * 1000, span * 0.012, color="#222222", zorder=8))
    ax.text(bx, by + span * 0.025, f"{km:g} km", fontsize=7, family=FONT, zorder=8)
    ax.annotate("N", xy=(mx + span * 0.44, my + span * 0.46), xytext=(mx + span * 0.44, my + span * 0.36),
                arrowprops=dict(arrowstyle="->", color="#222222"), ha="center", fontsize=8, family=FONT)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_color("#888888")


def map_png(sheet: Sheet, communes, dpi: int = 110) -> bytes:
    from matplotlib.figure import Figure
    fig = Figure(figsize=(4.2, 4.2))
    ax = fig.add_axes([0.01, 0.01, 0.98, 0.98])
    draw_map(ax, sheet, communes)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def _flow(fig, x, y, lines, width_chars, step, **kw):
    """Write wrapped lines from (x, y) down (figure fractions); returns the next y."""
    for text, extra in lines:
        style = dict(kw, **extra)
        for k, part in enumerate(textwrap.wrap(text, width_chars) or [""]):
            fig.text(x + (0.012 if k and extra.get("indent", True) else 0), y, part, family=FONT,
                     **{a: b for a, b in style.items() if a != "indent"})
            y -= step * style.get("fontsize", 8) / 8
    return y


def page(sheet: Sheet, communes):
    from matplotlib.figure import Figure
    lang = sheet.lang
    fig = Figure(figsize=A4)
    fig.text(0.05, 0.962, sheet.title, fontsize=17, fontweight="bold", family=FONT)
    fig.text(0.05, 0.94, sheet.subtitle, fontsize=10.5, color="#333333", family=FONT)
    # three figures
    fig.text(0.05, 0.912, sheet.labels["figures_title"], fontsize=11, fontweight="bold", family=FONT)
    y = 0.893
    for k, f in enumerate(sheet.figures):
        fig.text(0.05, y, f"{k + 1}", fontsize=13, fontweight="bold", color="#b30000", family=FONT)
        y = _flow(fig, 0.085, y + 0.002, [(f, {"indent": False})], 92, 0.0135, fontsize=10.5)
        y -= 0.008
    top = y - 0.005
    # map (left) and places (right)
    side = 0.44 * A4[0] / A4[1]          # a square map: its height in figure fractions
    ax = fig.add_axes([0.05, top - 0.01 - side, 0.44, side])
    draw_map(ax, sheet, communes)
    fig.text(0.05, top - 0.03 - side, sheet.labels["map_title"], fontsize=7.5, color="#444444", family=FONT)
    fig.text(0.52, top - 0.015, sheet.labels["places_title"], fontsize=11, fontweight="bold", family=FONT)
    y = top - 0.04
    for p in sheet.places:
        fig.text(0.52, y, f"{p.rank}", fontsize=10, fontweight="bold", color=Category.colour_of(p.category),
                 family=FONT)
        lines = [(p.name, {"fontweight": "bold", "fontsize": 8.5}),
                 (category_label(p, lang), {"color": "#444444"})]
        if p.address:
            lines.append((p.address, {}))
        lines.append((p.hours or t("hours_unknown_short", lang), {}))
        if p.services:
            lines.append((p.services, {"color": "#444444", "fontsize": 7}))
        lines.append((place_line(p, lang), {"fontweight": "bold"}))
        y = _flow(fig, 0.545, y, lines, 54, 0.013, fontsize=8) - 0.01
    y = min(y, top - 0.06 - side)
    # notes, useful words, sources
    y = _flow(fig, 0.05, y, [(n, {}) for n in sheet.notes], 110, 0.0135, fontsize=8.5) - 0.008
    fig.text(0.05, y, sheet.labels["words_title"], fontsize=11, fontweight="bold", family=FONT)
    y -= 0.02
    y = _flow(fig, 0.05, y, [(f"{term}\u00a0: {text}" if lang == "fr" else f"{term}: {text}", {})
                              for term, text in sheet.explained.items()], 110, 0.0135, fontsize=8.5) - 0.008
    fig.text(0.05, y, sheet.labels["sources_title"], fontsize=10, fontweight="bold", family=FONT)
    y -= 0.017
    _flow(fig, 0.05, y, [(s, {}) for s in sheet.sources] + [(t("made", lang, date=sheet.date), {})], 130, 0.012,
          fontsize=7, color="#333333")
    return fig


def render_pdf(path, sheets: list[Sheet], communes) -> None:
    import matplotlib
    from matplotlib.backends.backend_pdf import PdfPages
    # TrueType fonts (42), not Type 3: the text of the PDF can be searched, copied and read aloud
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(str(path)) as pdf:
        for sheet in sheets:
            pdf.savefig(page(sheet, communes))
        info = pdf.infodict()
        info["Title"] = sheets[0].title if len(sheets) == 1 else "Fiches atelier"
        info["Creator"] = "TerriDiag"


_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0; }
.sheet { max-width: 186mm; margin: 0 auto 10mm; page-break-after: always; }
h1 { font-size: 20pt; margin: 0; } .sub { color: #333; margin: 1mm 0 4mm; font-size: 12pt; }
h2 { font-size: 13pt; margin: 4mm 0 2mm; }
ol.figures { padding-left: 7mm; font-size: 12pt; } ol.figures li { margin-bottom: 1.5mm; }
.cols { display: flex; gap: 6mm; align-items: flex-start; }
.cols img { width: 88mm; border: 1px solid #888; }
.places { flex: 1; font-size: 10pt; } .place { margin-bottom: 3mm; }
.num { display: inline-block; width: 6mm; height: 6mm; border-radius: 3mm; color: white; text-align: center;
       font-weight: bold; margin-right: 2mm; }
.muted { color: #444; } .small { font-size: 8.5pt; color: #333; } .notes { font-size: 10pt; }
dl.words dt { font-weight: bold; } dl.words dd { margin: 0 0 1.5mm 4mm; }
"""


def sheet_html(sheet: Sheet, communes, png: bytes | None = None) -> str:
    esc = html.escape
    lang = sheet.lang
    img = base64.b64encode(png if png is not None else map_png(sheet, communes)).decode("ascii")
    out = [f"<section class=\"sheet\" id=\"commune-{esc(sheet.code)}\">",
           f"<h1>{esc(sheet.title)}</h1><p class=\"sub\">{esc(sheet.subtitle)}</p>",
           f"<h2>{esc(sheet.labels['figures_title'])}</h2><ol class=\"figures\">"]
    out += [f"<li>{esc(f)}</li>" for f in sheet.figures]
    out.append("</ol><div class=\"cols\"><figure style=\"margin:0\">"
               f"<img alt=\"{esc(sheet.labels['map_title'])}\" src=\"data:image/png;base64,{img}\">"
               f"<figcaption class=\"small\">{esc(sheet.labels['map_title'])}</figcaption></figure>"
               f"<div class=\"places\"><h2 style=\"margin-top:0\">{esc(sheet.labels['places_title'])}</h2>")
    for p in sheet.places:
        colour = Category.colour_of(p.category)
        out.append(f"<div class=\"place\"><span class=\"num\" style=\"background:{colour}\">{p.rank}</span>"
                   f"<b>{esc(p.name)}</b> <span class=\"muted\">— {esc(category_label(p, lang))}</span><br>"
                   + (f"{esc(p.address)}<br>" if p.address else "")
                   + f"{esc(p.hours or t('hours_unknown_short', lang))}<br>"
                   + (f"<span class=\"muted small\">{esc(p.services)}</span><br>" if p.services else "")
                   + f"<b>{esc(place_line(p, lang))}</b></div>")
    out.append("</div></div>")
    if sheet.notes:
        out.append("<div class=\"notes\">" + "".join(f"<p>{esc(n)}</p>" for n in sheet.notes) + "</div>")
    out.append(f"<h2>{esc(sheet.labels['words_title'])}</h2><dl class=\"words\">")
    out += [f"<dt>{esc(term)}</dt><dd>{esc(text)}</dd>" for term, text in sheet.explained.items()]
    out.append(f"</dl><h2>{esc(sheet.labels['sources_title'])}</h2><div class=\"small\">")
    out += [f"<p>{esc(s)}</p>" for s in sheet.sources]
    out.append(f"<p>{esc(t('made', lang, date=sheet.date))}</p></div></section>")
    return "\n".join(out)


def render_html(sheets: list[Sheet], communes) -> str:
    lang = sheets[0].lang if sheets else "fr"
    title = sheets[0].title if len(sheets) == 1 else ("Fiches atelier" if lang == "fr" else "Workshop sheets")
    body = "\n".join(sheet_html(s, communes) for s in sheets)
    return (f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>")


def write_sheets(sheets: list[Sheet], communes, html_path=None, pdf_path=None) -> dict:
    """Write the sheets as HTML and/or PDF (atomically); returns {"html": path, "pdf": path}."""
    out = {}
    if html_path:
        p = check_output_path(html_path, (".html", ".htm"))
        with atomic_path(p) as tmp:
            tmp.write_text(render_html(sheets, communes), encoding="utf-8")
        out["html"] = p
    if pdf_path:
        p = check_output_path(pdf_path, (".pdf",))
        with atomic_path(p) as tmp:
            render_pdf(tmp, sheets, communes)
        out["pdf"] = p
    return out


