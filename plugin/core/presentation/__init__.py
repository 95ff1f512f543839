"""The presentation core: every word, number format, class break, colour and licence text that
TerriDiag shows, defined once, in English and French, for every output and panel.

- :mod:`.language`: the languages (``Language``, in the order of the Processing enums) and French
  typography (no-break spaces, typographic apostrophe).
- :mod:`.vocabulary`: string-id enums with en/fr labels — place categories, typology classes,
  fragility methods, travel modes — and the words the outputs share (``words``).
- :mod:`.numbers`: how a value is printed ("83 %", "1,2 km", "1 234").
- :mod:`.indicators`: what a field is called, in which unit, with its threshold stated
  ("Part de la population à moins de 5 km").
- :mod:`.classification`: class breaks and colours of an indicator (QGIS style, web map, report,
  atlas), so the same commune has the same colour everywhere.
- :mod:`.sources`: licence and source texts, the ODbL notice, credits.
- :mod:`.demand`: the sentences that say what the figures were computed on.
- :mod:`.glossary`: one plain line per technical term.

Nothing here imports QGIS or Qt: the QGIS styles, panels and Processing enums read it like the
web map and the report do. (The ``.ts`` files keep only the interface's own chrome.)
"""
