#!/usr/bin/env python3
"""Renders a page of transit's (trends or summary) in headless Chromium, driven over the
DevTools protocol (on a pipe: no extra package), in a viewport of the given size (a phone's is
emulated as a phone: 390 px wide, the page's viewport meta honoured), and prints what a reader
would meet, as JSON:

  width         the layout viewport's width in CSS pixels (as the page saw it)
  overflow      how many CSS pixels the page is wider than the viewport (0: no sideways scroll)
  requests      every request the page made besides itself (the browser's own network log)
  sections      per section.subject: its heading, how many charts (svg[role=img]) it has, and
                how many of them show no value (no text.value with text that is rendered with a
                size, not hidden, and inside its chart)
  overview      the same for the overview's charts (the legend aside), and its figures
  min_value_px  the smallest rendered height of a value, in CSS pixels
  screenshot    the size of the PNG written (--screenshot)

Usage: check_page.py PAGE --width W --height H [--mobile] [--screenshot PNG] [--browser PATH]

Exit status 0 when the page rendered, 2 when the browser gave no answer (the JSON says why)."""
import argparse
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time

METRICS = r"""
(function () {
  function visible(t) {
    if (!t.textContent.trim()) return false;
    var s = getComputedStyle(t);
    if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
    var r = t.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    var svg = t.ownerSVGElement.getBoundingClientRect();
    return r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1 && r.bottom <= svg.bottom + 1;
  }
  var minPx = Infinity;
  function charts(root) {
    var all = root.querySelectorAll('svg[role="img"]:not(.legend)'), blind = 0;
    for (var i = 0; i < all.length; i++) {
      var values = all[i].querySelectorAll('text.value'), seen = 0;
      for (var j = 0; j < values.length; j++) {
        if (visible(values[j])) { seen++; minPx = Math.min(minPx, values[j].getBoundingClientRect().height); }
      }
      if (!seen) blind++;
    }
    return {charts: all.length, without_value: blind};
  }
  var out = {width: document.documentElement.clientWidth,
             overflow: Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth),
             sections: [], overview: null};
  var sections = document.querySelectorAll('section.subject');
  for (var i = 0; i < sections.length; i++) {
    var h = sections[i].querySelector('h2'), c = charts(sections[i]);
    out.sections.push({name: h ? h.textContent : '', charts: c.charts, without_value: c.without_value});
  }
  var overview = document.getElementById('overview');
  if (overview) {
    var c = charts(overview);
    out.overview = {charts: c.charts, without_value: c.without_value, figures: overview.querySelectorAll('figure').length};
  }
  out.min_value_px = minPx === Infinity ? null : Math.round(minPx * 10) / 10;
  return JSON.stringify(out);
})()
"""


class Browser:
    """Chromium with --remote-debugging-pipe: commands on fd 3, answers and events on fd 4, each
    message JSON ended by a NUL."""

    def __init__(self, path):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # The child's fds 3 and 4, whatever numbers the pipes got here.
        def child():
            r, w = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)
        self.process = subprocess.Popen(
            [path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-extensions", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--disable-default-apps", "--mute-audio", "--remote-debugging-pipe", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=child, pass_fds=(3, 4))
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def _read(self, deadline):
        while b"\0" not in self.buffer:
            if time.time() > deadline:
                raise TimeoutError("the browser did not answer in time")
            chunk = os.read(self.from_browser, 1 << 16)
            if not chunk:
                raise EOFError("the browser closed its pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            m = self._read(deadline)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        for k, m in enumerate(self.events):
            if m.get("method") == method:
                del self.events[k]
                return m
        while True:
            m = self._read(deadline)
            if m.get("method") == method:
                return m
            self.events.append(m)

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("page")
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--height", type=int, required=True)
    p.add_argument("--mobile", action="store_true", help="emulate a phone (touch, the viewport meta honoured)")
    p.add_argument("--screenshot")
    p.add_argument("--full-page", action="store_true", help="the screenshot holds the whole page, not the viewport")
    p.add_argument("--browser", default=shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium")
    a = p.parse_args()
    url = "file://" + os.path.abspath(a.page)

    browser = Browser(a.browser)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Network.enable", session=session)
        browser.send("Page.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": a.width, "height": a.height, "deviceScaleFactor": 1, "mobile": a.mobile}, session=session)
        browser.send("Page.navigate", {"url": url}, session=session)
        browser.wait_for("Page.loadEventFired", timeout=120)
        time.sleep(0.2)
        result = json.loads(browser.send("Runtime.evaluate", {"expression": METRICS, "returnByValue": True}, session=session)["result"]["value"])
        result["requests"] = sorted({m["params"]["request"]["url"] for m in browser.events
                                     if m.get("method") == "Network.requestWillBeSent" and m["params"]["request"]["url"] != url})
        if a.screenshot:
            params = {"format": "png"}
            if a.full_page:
                size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
                params.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": a.width, "height": min(size["height"], 16000), "scale": 1})
            data = base64.b64decode(browser.send("Page.captureScreenshot", params, session=session, timeout=120)["data"])
            with open(a.screenshot, "wb") as f:
                f.write(data)
            result["screenshot"] = len(data)
    except Exception as e:  # noqa: BLE001 - any failure is the answer
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        return 2
    finally:
        browser.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
