"""Seeded generator of the synthetic demo territory (the embedded default territory).

``generator.generate(outdir, seed)`` writes every layer in the official open-data formats the
readers accept; the output folder and every file say the data is synthetic.
"""
