"""cdp.py — drive headless Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: JSON messages ended by NUL on fds 3 and 4), with
nothing but the standard library. The page tests use it to open a page at
a given window size, click where a user clicks, read the DOM and take a
screenshot.

    with Browser(profile_dir) as b:
        b.open("file:///.../page.html", 1366, 768)
        b.click("button[data-filter=outcome]")
        n = b.eval("document.querySelectorAll('tr.area').length")

Chromium runs in a session of its own, so that it and its helpers are
ended together (by that group's id) however the test ends.
"""
import base64
import json
import os
import select
import signal
import time


class BrowserError(Exception):
    pass


class Browser:
    def __init__(self, profile, timeout=60):
        self.profile = profile
        self.timeout = timeout
        self.pid = None
        self.buf = b""
        self.n = 0
        self.events = []
        self.session = None
        self.errors = []  # exceptions thrown by the page's script

    def __enter__(self):
        to_chrome = os.pipe()
        from_chrome = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: fds 3 and 4 are the pipe's ends
            try:
                os.setsid()
                a, b = os.dup(to_chrome[0]), os.dup(from_chrome[1])
                os.dup2(a, 3)
                os.dup2(b, 4)
                null = os.open(os.devnull, os.O_RDWR)
                os.dup2(null, 0)
                os.dup2(null, 1)
                os.dup2(null, 2)
                os.closerange(5, 1024)
                os.execvp("chromium", [
                    "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--user-data-dir=" + self.profile,
                    "--remote-debugging-pipe", "about:blank"])
            finally:
                os._exit(127)
        self.pid = pid
        os.close(to_chrome[0])
        os.close(from_chrome[1])
        self.w, self.r = to_chrome[1], from_chrome[0]
        target = self.call("Target.createTarget", {"url": "about:blank"},
                           browser=True)["targetId"]
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": target, "flatten": True},
                                 browser=True)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        return self

    def __exit__(self, *exc):
        try:
            self.call("Browser.close", browser=True)
        except (BrowserError, OSError):
            pass
        deadline = time.time() + 10
        while time.time() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.1)
        else:
            os.killpg(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        try:  # the helpers of our own session, if any outlived it
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(self.w)
        os.close(self.r)

    def _read(self, deadline):
        while b"\0" not in self.buf:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.r], [], [], left)[0]:
                raise BrowserError("no answer from chromium in time")
            chunk = os.read(self.r, 1 << 16)
            if not chunk:
                raise BrowserError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        m = json.loads(msg)
        if m.get("method") == "Runtime.exceptionThrown":
            d = m["params"]["exceptionDetails"]
            self.errors.append(d.get("exception", {}).get("description")
                               or d.get("text"))
        return m

    def call(self, method, params=None, browser=False):
        self.n += 1
        m = {"id": self.n, "method": method, "params": params or {}}
        if not browser:
            m["sessionId"] = self.session
        os.write(self.w, json.dumps(m).encode() + b"\0")
        deadline = time.time() + self.timeout
        while True:
            r = self._read(deadline)
            if r.get("id") == self.n:
                if "error" in r:
                    raise BrowserError("%s: %s" % (method, r["error"]))
                return r.get("result", {})
            if "method" in r:
                self.events.append(r)

    def wait_event(self, method):
        deadline = time.time() + self.timeout
        while True:
            for k, e in enumerate(self.events):
                if e["method"] == method:
                    del self.events[k]
                    return e
            r = self._read(deadline)
            if "method" in r:
                self.events.append(r)

    def open(self, url, width, height):
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1,
                   "mobile": False})
        # by way of a blank page: a new fragment alone would not load
        # the page anew
        for target in ("about:blank", url):
            self.events = [e for e in self.events
                           if e["method"] != "Page.loadEventFired"]
            start = time.time()
            self.call("Page.navigate", {"url": target})
            self.wait_event("Page.loadEventFired")
        return time.time() - start

    def eval(self, expr):
        r = self.call("Runtime.evaluate",
                      {"expression": expr, "returnByValue": True})
        if "exceptionDetails" in r:
            raise BrowserError("%s: %s" % (expr, r["exceptionDetails"]))
        return r["result"].get("value")

    def click(self, selector):
        """A mouse click in the middle of the first element selector
        matches, as a user makes it (it must be on the screen)."""
        box = self.eval("(function(){var e=document.querySelector(%s);"
                        "if(!e)return null;e.scrollIntoView({block:'nearest'});"
                        "var r=e.getBoundingClientRect();"
                        "return [r.left+r.width/2,r.top+r.height/2]})()"
                        % json.dumps(selector))
        if box is None:
            raise BrowserError("nothing to click: " + selector)
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent",
                      {"type": kind, "x": box[0], "y": box[1],
                       "button": "left", "clickCount": 1})

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
