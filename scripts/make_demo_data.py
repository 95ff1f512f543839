#!/usr/bin/env python3
"""Write the synthetic demo territory: python scripts/make_demo_data.py OUTDIR [--seed N]."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _import_generate():
    # The repository root is the plugin package ("terridiag" once installed): import it under
    # that name through a symlink in .build/pkg, as the tests do.
    pkg = REPO / ".build" / "pkg"
    pkg.mkdir(parents=True, exist_ok=True)
    link = pkg / "terridiag"
    if not link.exists():
        try:
            link.symlink_to(REPO, target_is_directory=True)
        except FileExistsError:
            pass
    sys.path.insert(0, str(pkg))
    from terridiag.plugin.core.demo.generator import generate
    return generate


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=None,
                    help="random seed (default: the one in resources/demo_territory.json)")
    args = ap.parse_args(argv)
    generate = _import_generate()
    t0 = time.perf_counter()
    paths = generate(args.outdir, seed=args.seed)
    for key, path in paths.items():
        print(f"{key:22s} {path}")
    print(f"SYNTHETIC demo territory written in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
