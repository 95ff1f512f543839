"""Headless Chromium for the page tests: the network cut (proxy to a closed port), a fresh
profile per call folder, a fixed window."""
from __future__ import annotations

import shutil
import subprocess

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def run(tmp_path, *args, url, size="1280,900"):
    """Chromium's stdout (e.g. ``--dump-dom``) for ``url``; ``args`` such as ``--screenshot=…``."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'profile'}", "--proxy-server=127.0.0.1:9",
           "--proxy-bypass-list=<-loopback>", f"--window-size={size}", "--virtual-time-budget=4000",
           *args, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout
