"""Shared test set-up.

The repository root *is* the plugin folder; installed, it is called ``terridiag``. Tests import
it under that name through a symlink in ``.build/pkg`` (git-ignored), so relative imports inside
the plugin behave as in QGIS.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PKG_ROOT = REPO / ".build" / "pkg"
SHARED_DATA = Path(os.environ.get("TERRIDIAG_SHARED_DATA", REPO.parent / "shared" / "data")).resolve()
ARTIFACTS = Path(os.environ.get("TERRIDIAG_ARTIFACTS", REPO / "test-artifacts"))


def _debian_proj_data() -> None:
    """Debian's pyproj in a venv looks for PROJ's data under the venv prefix: point it at Debian's."""
    import importlib.util

    spec = importlib.util.find_spec("pyproj")
    if (spec and spec.origin and spec.origin.startswith("/usr/lib/python3/")
            and "PROJ_DATA" not in os.environ and Path("/usr/share/proj/proj.db").exists()):
        os.environ["PROJ_DATA"] = "/usr/share/proj"


_debian_proj_data()


def _link_package() -> None:
    PKG_ROOT.mkdir(parents=True, exist_ok=True)
    link = PKG_ROOT / "terridiag"
    if not link.exists():
        try:
            link.symlink_to(REPO, target_is_directory=True)
        except FileExistsError:  # another xdist worker made it
            pass
    if str(PKG_ROOT) not in sys.path:
        sys.path.insert(0, str(PKG_ROOT))


_link_package()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data (real open data); skip with a reason when it is not there."""
    if not (SHARED_DATA / "MANIFEST.md").exists():
        pytest.skip(f"real open data not found at {SHARED_DATA} (set TERRIDIAG_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="module")
def dask_client():
    """A LocalCluster of two thread workers in this process (the tests compare with in-process
    runs and need no worker start-up) for the Dask engine tests of a module, closed after it (its
    threads do not outlive the module); skipped without Dask."""
    distributed = pytest.importorskip("distributed", reason="dask.distributed not installed (python3-distributed)")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0")
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
