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


class Page:
    """One page opened in headless Chromium driven over the DevTools protocol on a pipe
    (``--remote-debugging-pipe``: no port, no websocket library). Collects the page's uncaught
    exceptions and console errors; :meth:`wait_attr` polls an attribute of ``<html>``."""

    def __init__(self, tmp_path, size="1280,900"):
        import os
        import subprocess

        cmd_r, cmd_w = os.pipe()        # we write commands, Chromium reads them on its fd 3
        out_r, out_w = os.pipe()        # Chromium writes replies and events on its fd 4
        self._errors: list[str] = []
        self._buf = b""
        self._id = 0
        self._events: list[dict] = []

        def fds():      # runs in the child before the fds other than pass_fds are closed
            a, b = os.dup(cmd_r), os.dup(out_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
             f"--user-data-dir={tmp_path / 'profile-cdp'}", "--proxy-server=127.0.0.1:9",
             "--proxy-bypass-list=<-loopback>", f"--window-size={size}", "--remote-debugging-pipe",
             "about:blank"], preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(out_w)
        self._w, self._r = cmd_w, out_r
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Runtime", "Log", "Page"):
            self.send(f"{domain}.enable", session=True)

    def _read(self) -> dict:
        import json
        import os
        while b"\0" not in self._buf:
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        data = json.loads(msg)
        method = data.get("method", "")
        p = data.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self._errors.append((d.get("exception") or {}).get("description") or d.get("text", "exception"))
        elif method == "Runtime.consoleAPICalled" and p.get("type") == "error":
            self._errors.append("console.error: " + " ".join(str(a.get("value", a.get("description", "")))
                                                             for a in p.get("args", [])))
        elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
            self._errors.append("log: " + p["entry"].get("text", ""))
        return data

    def send(self, method: str, session: bool = False, **params) -> dict:
        import json
        import os
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            data = self._read()
            if data.get("id") == self._id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", session=True, url=url)

    def evaluate(self, expression: str):
        res = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return res.get("result", {}).get("value")

    def wait_attr(self, name: str, timeout: float = 60.0):
        """The value of ``<html name=…>`` once the page has set it (None after ``timeout`` s)."""
        import time
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            value = self.evaluate(f"document.documentElement && document.documentElement.getAttribute({name!r})")
            if value is not None:
                return value
            time.sleep(0.02)
        return None

    def screenshot(self, path) -> None:
        import base64
        from pathlib import Path
        Path(path).write_bytes(base64.b64decode(self.send("Page.captureScreenshot", session=True)["data"]))

    @property
    def errors(self) -> list[str]:
        return list(self._errors)

    def close(self) -> None:
        import os
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=20)
        except Exception:       # noqa: BLE001 - a stuck browser is killed, not left running
            self.proc.kill()
            self.proc.wait()
        for fd in (self._w, self._r):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
