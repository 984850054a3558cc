#!/usr/bin/python3
"""A small Chromium DevTools Protocol driver, for the tests and the bench of smtpc's web view.

Starts Debian's headless Chromium with a throw-away profile, opens pages and speaks CDP
over one websocket (Debian's python3-websocket). Chromium is always stopped and its
profile removed, also on errors, timeouts and SIGTERM.

    cdp.py wait-text URL TEXT [--timeout S]          until document.body.innerText holds TEXT
    cdp.py dom URL [--wait-ms N]                     outerHTML, innerText, the HTTP status
    cdp.py screenshot URL OUT.png [--width W] [--height H] [--wait-text TEXT] [--full-page]
    cdp.py watch URL --selector CSS --count N [--timeout S] [--include-existing]
    cdp.py hold URL [--seconds S]                    keep the page open until SIGTERM, S s, or its parent ends

Options of every subcommand: --no-js (Emulation.setScriptExecutionDisabled), --header
'Name: value' (repeatable), --marker TEXT (repeatable: console messages holding it are
listed under "marked"), --load-timeout S, --chromium PATH.

Prints one JSON object on stdout. Exit 0 when done, 1 when the text, the count or the
page did not come in time (the JSON still says what was seen), 2 when Chromium is
missing or fails to start (a message on stderr), 64 on a usage error.

Every page carries a guard, installed before any of its own scripts: alert, confirm,
prompt and print are replaced by traps that record the call; securitypolicyviolation
events, Chromium's CSP log entries, uncaught exceptions, dialogs, console messages and
every inline script or event handler that was compiled (Debugger.scriptParsed) are
collected. The JSON holds them as "dialogs", "cspViolations", "exceptions", "console",
"marked" and "inlineScripts", and "clean" is true when no dialog, no marked console
message and no inline script was seen: a hostile `<script>alert(1)</script>` or
`<img src=x onerror=alert(1)>` that ran makes it false.

As a module:

    from cdp import Browser
    with Browser() as browser:
        page = browser.new_page()          # js=True, headers=None, markers=(), width, height
        status = page.goto(url)            # the main document's HTTP status
        page.watch("li.client code")       # a MutationObserver in the page, from now
        ...                                # e.g. send SMTP lines
        entries = page.wait_seen(1000, timeout=30)   # [{"t": epoch ms, "text": ...}, ...]
        print(page.report())               # dialogs, cspViolations, exceptions, ...
"""

import argparse
import base64
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

try:
    import websocket
except ImportError:  # reported by main(), so that --help still works
    websocket = None

CHROMIUM = os.environ.get("CDP_CHROMIUM", "/usr/bin/chromium")
OWN_SOURCE = "__cdp__"  # sourceURL of the driver's own scripts, left out of inlineScripts
BINDING = "__cdpReport"

# Runs in every frame before the page's scripts. The binding is taken at once, so that
# a page that deletes or replaces it cannot silence the guard.
GUARD = """
(() => {
  const report = globalThis.%(binding)s;
  const send = (kind, detail) => { try { report(JSON.stringify({kind, detail})); } catch (e) {} };
  const answers = {alert: undefined, confirm: false, prompt: null, print: undefined};
  for (const name of Object.keys(answers)) {
    const trap = function (...args) {
      send("dialog", {type: name, message: args.map(String).join(" "), via: "trap"});
      return answers[name];
    };
    try { Object.defineProperty(window, name, {value: trap, writable: false, configurable: false}); } catch (e) {}
  }
  document.addEventListener("securitypolicyviolation", (e) => send("csp", {
    directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample,
    source: e.sourceFile, line: e.lineNumber, via: "event"}), true);
})();
//# sourceURL=%(own)s/guard.js
""" % {"binding": BINDING, "own": OWN_SOURCE}

# Records each element matching the selector as it is added: Date.now() (epoch ms, the
# clock of time.time() on this machine) and its text; "frame" is the next animation
# frame's time, when the page had one.
WATCH = """
(() => {
  const selector = %(selector)s;
  const state = {seen: [], marked: new WeakSet()};
  const take = (element, batch) => {
    if (state.marked.has(element)) return;
    state.marked.add(element);
    const entry = {t: Date.now(), text: element.textContent, frame: null};
    state.seen.push(entry);
    batch.push(entry);
  };
  const scan = (node, batch) => {
    if (node.nodeType !== 1) return;
    if (node.matches(selector)) take(node, batch);
    for (const element of node.querySelectorAll(selector)) take(element, batch);
  };
  const stamp = (batch) => {
    if (batch.length) requestAnimationFrame(() => { const t = Date.now(); for (const e of batch) e.frame = t; });
  };
  if (%(existing)s) { const batch = []; scan(document.documentElement, batch); stamp(batch); }
  else for (const element of document.querySelectorAll(selector)) state.marked.add(element);
  state.observer = new MutationObserver((records) => {
    const batch = [];
    for (const record of records) for (const node of record.addedNodes) scan(node, batch);
    stamp(batch);
  });
  state.observer.observe(document, {childList: true, subtree: true});
  window.__cdpWatch = state;
  return true;
})()
//# sourceURL=%(own)s/watch.js
"""


class ChromiumError(Exception):
    """Chromium is missing, would not start, or went away."""


class CDPError(Exception):
    """A CDP command failed or timed out, or a page did not do what was awaited."""


def _die_with_parent():
    """In the child before exec: SIGKILL when the driver dies, however it dies (Linux)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Connection:
    """One websocket to the browser; a reader thread sorts replies by id and events by session."""

    def __init__(self, url):
        self._ws = websocket.create_connection(url, timeout=None, suppress_origin=True, enable_multithread=True)
        self._cond = threading.Condition()
        self._next_id = 0
        self._replies = {}
        self._sessions = {}  # session id -> callable(method, params), run on the reader thread
        self.closed = None
        threading.Thread(target=self._read, name="cdp-reader", daemon=True).start()

    def _read(self):
        while True:
            try:
                message = json.loads(self._ws.recv())
            except Exception as error:  # the socket closed or broke: wake every waiter
                with self._cond:
                    self.closed = error or "closed"
                    self._cond.notify_all()
                return
            with self._cond:
                if "id" in message:
                    self._replies[message["id"]] = message
                    self._cond.notify_all()
                    continue
                handler = self._sessions.get(message.get("sessionId"))
            if handler:
                handler(message["method"], message.get("params", {}))

    def send(self, method, params=None, session=None):
        """Send a command without waiting; returns its id."""
        with self._cond:
            self._next_id += 1
            number = self._next_id
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self._ws.send(json.dumps(message))
        return number

    def call(self, method, params=None, session=None, timeout=30):
        """Send a command and return its result; CDPError on an error reply or a timeout."""
        number = self.send(method, params, session)
        with self._cond:
            ok = self._cond.wait_for(lambda: number in self._replies or self.closed, timeout)
            reply = self._replies.pop(number, None)
        if reply is None:
            raise CDPError(f"{method}: {'the browser went away' if ok else f'no reply in {timeout} s'}")
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error'].get('message')} {reply['error'].get('data', '')}".strip())
        return reply.get("result", {})

    def route(self, session, handler):
        with self._cond:
            self._sessions[session] = handler

    def wait(self, predicate, timeout):
        """Wait until predicate() (checked under the lock, after each message) is true."""
        with self._cond:
            return self._cond.wait_for(lambda: predicate() or self.closed is not None, timeout) and predicate()

    def notify(self):
        with self._cond:
            self._cond.notify_all()

    def close(self):
        try:
            self._ws.close(timeout=1)
        except Exception:
            pass


class Browser:
    """Headless Chromium with a temporary profile. Use as a context manager, or call close()."""

    def __init__(self, chromium=CHROMIUM, startup_timeout=20):
        if websocket is None:
            raise ChromiumError("Python's websocket module is missing: apt-get install python3-websocket "
                                "(scripts/testenv/install)")
        if not (os.path.isfile(chromium) and os.access(chromium, os.X_OK)):
            raise ChromiumError(f"{chromium} is missing: apt-get install chromium (scripts/testenv/install)")
        self.profile = tempfile.mkdtemp(prefix="smtpc-cdp-")
        self.process = None
        self.connection = None
        try:
            self._start(chromium, startup_timeout)
        except BaseException:
            self.close()
            raise

    def _start(self, chromium, startup_timeout):
        log = open(os.path.join(self.profile, "chromium.log"), "wb")
        arguments = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                     f"--user-data-dir={self.profile}", "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--mute-audio", "--hide-scrollbars", "about:blank"]
        with log:
            self.process = subprocess.Popen(arguments, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                            start_new_session=True, preexec_fn=_die_with_parent)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.monotonic() + startup_timeout
        while True:
            lines = _read_lines(port_file)
            if len(lines) >= 2:
                break
            if self.process.poll() is not None:
                raise ChromiumError(f"{chromium} exited with {self.process.returncode} at start-up: {self._log_tail()}")
            if time.monotonic() > deadline:
                raise ChromiumError(f"{chromium} wrote no DevToolsActivePort in {startup_timeout} s: {self._log_tail()}")
            time.sleep(0.02)
        try:
            self.connection = Connection(f"ws://127.0.0.1:{lines[0]}{lines[1]}")
        except (OSError, websocket.WebSocketException) as error:
            raise ChromiumError(f"cannot connect to Chromium's DevTools on port {lines[0]}: {error}") from error

    def _log_tail(self):
        lines = _read_lines(os.path.join(self.profile, "chromium.log"))
        return " | ".join(lines[-5:]) or "(no output)"

    def new_page(self, js=True, headers=None, markers=(), width=1280, height=800, guard=True):
        """A new tab, attached, with the guard installed (guard=False leaves out the Debugger)."""
        target = self.connection.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.connection.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self.connection, target, session, markers)
        page.setup(js=js, headers=headers or {}, width=width, height=height, guard=guard)
        return page

    def close(self):
        """Stop Chromium (its whole process group) and remove the profile. Safe to call twice."""
        if self.connection:
            self.connection.close()
            self.connection = None
        if self.process and self.process.poll() is None:
            _kill_group(self.process)
        if self.process:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _kill_group(process):
    """SIGTERM Chromium's process group (our child's own session), SIGKILL after a second."""
    for sig, grace in ((signal.SIGTERM, 1.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            os.killpg(process.pid, signal.SIGKILL)  # helpers left behind in the group
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _read_lines(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read().splitlines()
    except FileNotFoundError:
        return []


class Page:
    """One tab: navigation, evaluation, the guard's findings, a watcher of added elements."""

    def __init__(self, connection, target, session, markers=()):
        self.connection = connection
        self.target = target
        self.session = session
        self.markers = list(markers)
        self.status = None
        self.loads = 0
        self.findings = {"dialogs": [], "cspViolations": [], "exceptions": [], "console": [], "marked": [],
                         "inlineScripts": []}
        self.documents = set()  # URLs of the documents loaded
        self.script_files = set()  # URLs of the script files loaded: any other script compiled is inline
        self.seen = []
        connection.route(session, self._on_event)

    def call(self, method, params=None, timeout=30):
        return self.connection.call(method, params, self.session, timeout)

    def setup(self, js, headers, width, height, guard):
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Network.setCacheDisabled", {"cacheDisabled": True})  # every script file seen on the network
        if guard:
            self.call("Debugger.enable")
            self.call("Debugger.setSkipAllPauses", {"skip": True})  # a hostile `debugger;` must not hang us
        self.call("Runtime.addBinding", {"name": BINDING})
        self.call("Page.addScriptToEvaluateOnNewDocument", {"source": GUARD})
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        if headers:
            self.call("Network.setExtraHTTPHeaders", {"headers": headers})
        if not js:
            self.call("Emulation.setScriptExecutionDisabled", {"value": True})

    # --- events, on the reader thread ---------------------------------------------------

    def _on_event(self, method, params):
        handler = getattr(self, "_ev_" + method.replace(".", "_"), None)
        if handler:
            handler(params)
            self.connection.notify()

    def _ev_Page_loadEventFired(self, params):
        self.loads += 1

    def _ev_Network_responseReceived(self, params):
        if params.get("type") == "Script":
            self.script_files.add(params["response"]["url"])
        if params.get("type") == "Document":
            self.documents.add(params["response"]["url"])
            if params.get("frameId") == self.target:
                self.status = params["response"]["status"]

    def _ev_Page_javascriptDialogOpening(self, params):
        self.findings["dialogs"].append({"type": params.get("type"), "message": params.get("message"), "via": "dialog"})
        self.connection.send("Page.handleJavaScriptDialog", {"accept": False}, self.session)

    def _ev_Runtime_bindingCalled(self, params):
        if params.get("name") != BINDING:
            return
        try:
            record = json.loads(params["payload"])
        except (ValueError, KeyError):
            return
        key = {"dialog": "dialogs", "csp": "cspViolations"}.get(record.get("kind"))
        if key:
            self.findings[key].append(record.get("detail"))

    def _ev_Runtime_exceptionThrown(self, params):
        details = params.get("exceptionDetails", {})
        exception = details.get("exception", {})
        self.findings["exceptions"].append({"text": details.get("text"), "description": exception.get("description"),
                                            "url": details.get("url"), "line": details.get("lineNumber")})

    def _ev_Runtime_consoleAPICalled(self, params):
        text = " ".join(_remote_text(arg) for arg in params.get("args", []))
        entry = {"type": params.get("type"), "text": text}
        self.findings["console"].append(entry)
        if any(marker in text for marker in self.markers):
            self.findings["marked"].append(entry)

    def _ev_Log_entryAdded(self, params):
        entry = params.get("entry", {})
        text = entry.get("text", "")
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.findings["cspViolations"].append({"text": text, "url": entry.get("url"), "via": "log"})
        elif any(marker in text for marker in self.markers):
            self.findings["marked"].append({"type": entry.get("level"), "text": text})

    def _ev_Debugger_scriptParsed(self, params):
        url = params.get("url", "")
        if url.startswith(OWN_SOURCE):
            return
        # Inline <script>, on* attributes and javascript: URLs are compiled with their
        # document's URL (about:srcdoc in an iframe's srcdoc), eval'd code with none; only a
        # script file loaded over the network has a URL of its own.
        if url not in self.script_files:
            self.findings["inlineScripts"].append({"url": url, "line": params.get("startLine"),
                                                   "length": params.get("length")})

    # --- commands ------------------------------------------------------------------------

    def goto(self, url, timeout=15):
        """Navigate and wait for the load event; returns the HTTP status (None for none).
        CDPError when the navigation fails without any response."""
        loads = self.loads
        result = self.call("Page.navigate", {"url": url}, timeout)
        if result.get("errorText") and self.status is None:
            raise CDPError(f"{url}: {result['errorText']}")
        if not self.connection.wait(lambda: self.loads > loads, timeout) and result.get("errorText") is None:
            raise CDPError(f"{url}: no load event in {timeout} s")
        return self.status

    def evaluate(self, expression, await_promise=False, timeout=30):
        """The value of a JavaScript expression in the page (JSON-able values only)."""
        source = f"{expression}\n//# sourceURL={OWN_SOURCE}/eval.js"
        result = self.call("Runtime.evaluate", {"expression": source, "returnByValue": True,
                                                "awaitPromise": await_promise}, timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CDPError(f"evaluate: {details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    def text(self):
        return self.evaluate("document.body ? document.body.innerText : ''") or ""

    def html(self):
        root = self.call("DOM.getDocument", {"depth": 0})["root"]
        return self.call("DOM.getOuterHTML", {"nodeId": root["nodeId"]})["outerHTML"]

    def wait_text(self, text, timeout=10, interval=0.02):
        """Poll innerText until it holds TEXT; returns the page's text then, or None on timeout."""
        deadline = time.monotonic() + timeout
        probe = f"(() => {{ const t = document.body ? document.body.innerText : ''; " \
                f"return t.includes({json.dumps(text)}) ? t : null; }})()"
        while True:
            found = self.evaluate(probe)
            if found is not None:
                return found
            if time.monotonic() > deadline:
                return None
            time.sleep(interval)

    def screenshot(self, path, full_page=False):
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = base64.b64decode(self.call("Page.captureScreenshot", params)["data"])
        with open(path, "wb") as handle:
            handle.write(data)
        return len(data)

    def watch(self, selector, include_existing=False):
        """Start recording elements matching SELECTOR as they are added (see WATCH)."""
        self.seen = []
        self.evaluate(WATCH % {"selector": json.dumps(selector), "existing": "true" if include_existing else "false",
                               "own": OWN_SOURCE})

    def take_seen(self):
        """The entries recorded since the last call (also appended to self.seen)."""
        fresh = self.evaluate(f"window.__cdpWatch ? window.__cdpWatch.seen.slice({len(self.seen)}) : null")
        if fresh is None:
            raise CDPError("the watcher is gone (did the page navigate away?)")
        self.seen.extend(fresh)
        return fresh

    def wait_seen(self, count, timeout=10, interval=0.05, until=None):
        """Poll until COUNT entries were seen (or until(self.seen) is true); returns self.seen
        either way; the caller compares."""
        deadline = time.monotonic() + timeout
        while True:
            self.take_seen()
            if (until(self.seen) if until else len(self.seen) >= count) or time.monotonic() > deadline:
                return self.seen
            time.sleep(interval)

    def refresh_frames(self):
        """The entries' "frame" times are set one animation frame later: fetch them again."""
        self.seen = self.evaluate("window.__cdpWatch ? window.__cdpWatch.seen : []") or []
        return self.seen

    def report(self):
        """The guard's findings; "clean" is false when a dialog, a marked console message or
        an inline script was seen."""
        time.sleep(0.05)  # let events already sent by the page arrive
        findings = {key: list(value) for key, value in self.findings.items()}
        findings["clean"] = not (findings["dialogs"] or findings["marked"] or findings["inlineScripts"])
        return findings

    def close(self):
        try:
            self.connection.call("Target.closeTarget", {"targetId": self.target}, timeout=5)
        except CDPError:
            pass


def _remote_text(arg):
    if "value" in arg:
        value = arg["value"]
        return value if isinstance(value, str) else json.dumps(value)
    return arg.get("description") or arg.get("unserializableValue") or arg.get("type", "")


# --- the command line ---------------------------------------------------------------------

class UsageParser(argparse.ArgumentParser):
    """Usage errors exit 64 (EX_USAGE), apart from 1 (not found) and 2 (no Chromium)."""

    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(64)


def parse_arguments(argv):
    parser = UsageParser(prog="cdp.py", description="Headless Chromium over CDP, one JSON object out.")
    common = UsageParser(add_help=False)
    common.add_argument("--no-js", action="store_true", help="disable the page's JavaScript")
    common.add_argument("--header", action="append", default=[], help="an extra request header, 'Name: value'")
    common.add_argument("--marker", action="append", default=[], help="console text that must not appear")
    common.add_argument("--load-timeout", type=float, default=15, help="seconds for the page's load event")
    common.add_argument("--chromium", default=CHROMIUM, help="the Chromium binary (default %(default)s)")
    common.add_argument("--width", type=int, default=1280)
    common.add_argument("--height", type=int, default=800)
    commands = parser.add_subparsers(dest="command", required=True)

    wait = commands.add_parser("wait-text", parents=[common], help="wait until the page's text holds TEXT")
    wait.add_argument("url")
    wait.add_argument("text")
    wait.add_argument("--timeout", type=float, default=10)

    dom = commands.add_parser("dom", parents=[common], help="the page's HTML, text and HTTP status")
    dom.add_argument("url")
    dom.add_argument("--wait-ms", type=int, default=0, help="wait this long after the load event")

    shot = commands.add_parser("screenshot", parents=[common], help="a PNG of the page")
    shot.add_argument("url")
    shot.add_argument("out")
    shot.add_argument("--wait-text", help="take it once the page's text holds this")
    shot.add_argument("--timeout", type=float, default=10)
    shot.add_argument("--full-page", action="store_true")

    watch = commands.add_parser("watch", parents=[common], help="record elements matching CSS as they are added")
    watch.add_argument("url")
    watch.add_argument("--selector", required=True)
    watch.add_argument("--count", type=int, required=True)
    watch.add_argument("--timeout", type=float, default=10)
    watch.add_argument("--include-existing", action="store_true", help="count matching elements already there")

    hold = commands.add_parser("hold", parents=[common], help="keep the page open until SIGTERM")
    hold.add_argument("url")
    hold.add_argument("--seconds", type=float, default=3600)
    return parser.parse_args(argv)


def parse_headers(lines):
    headers = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            print(f"cdp.py: --header {line!r}: give 'Name: value'", file=sys.stderr)
            raise SystemExit(64)
        headers[name.strip()] = value.strip()
    return headers


def run_wait_text(page, args, out):
    started = time.monotonic()
    text = page.wait_text(args.text, args.timeout)
    out.update(found=text is not None, ms=round((time.monotonic() - started) * 1000, 1), text=text)
    if text is None:
        out["text"] = page.text()
    return 0 if text is not None else 1


def run_dom(page, args, out):
    time.sleep(args.wait_ms / 1000)
    out.update(html=page.html(), text=page.text())
    return 0


def run_screenshot(page, args, out):
    code = 0
    if args.wait_text is not None:
        code = 0 if page.wait_text(args.wait_text, args.timeout) is not None else 1
        out["found"] = code == 0
    time.sleep(0.1)  # a frame for the last paint
    out.update(path=args.out, bytes=page.screenshot(args.out, args.full_page), width=args.width, height=args.height)
    return code


def run_watch(page, args, out):
    page.watch(args.selector, args.include_existing)
    seen = page.wait_seen(args.count, args.timeout)
    out.update(seen=[{"t": e["t"], "text": e["text"]} for e in seen], count=len(seen))
    return 0 if len(seen) >= args.count else 1


def run_hold(page, args, out):
    """Print the object once the page has loaded, then keep it open (a teacher watching)
    until SIGTERM, SIGINT, --seconds, or the process that started it ends; the exit prints
    nothing more."""
    out.update(status=page.status, opened=True)
    out.update(page.report())
    print(json.dumps(out, ensure_ascii=False), flush=True)
    out.clear()
    parent = os.getppid()
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline and os.getppid() == parent:  # an orphan lets go of its page
        time.sleep(0.2)
    return 0


RUNNERS = {"wait-text": run_wait_text, "dom": run_dom, "screenshot": run_screenshot, "watch": run_watch,
           "hold": run_hold}


def run(args, headers):
    """(exit status, JSON object) of one subcommand."""
    # The page is opened before the watcher starts: `watch` counts elements added after the load.
    out = {"url": args.url}
    with Browser(args.chromium) as browser:
        page = browser.new_page(js=not args.no_js, headers=headers, markers=args.marker,
                                width=args.width, height=args.height)
        try:
            out["status"] = page.goto(args.url, args.load_timeout)
        except CDPError as error:
            out.update(error=str(error), status=page.status)
            out.update(page.report())
            return 1, out
        code = RUNNERS[args.command](page, args, out)
        if out:
            out["status"] = page.status
            out.update(page.report())
        return code, out


def exit_on_signals(normal=()):
    """Turn SIGTERM, SIGHUP and SIGINT into SystemExit (status 0 for those in NORMAL,
    else 128 + the signal), so that `with Browser()` stops Chromium and removes its
    profile; a second signal during that clean-up is ignored, not allowed to cut it short."""

    def leave(signum, frame):
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(sig, signal.SIG_IGN)
        raise SystemExit(0 if signum in normal else 128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(sig, leave)


def main(argv=None):
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    headers = parse_headers(args.header)
    exit_on_signals(normal=(signal.SIGTERM, signal.SIGINT) if args.command == "hold" else ())
    try:
        code, out = run(args, headers)
    except ChromiumError as error:
        print(f"cdp.py: {error}", file=sys.stderr)
        return 2
    except CDPError as error:
        print(f"cdp.py: {error}", file=sys.stderr)
        print(json.dumps({"url": args.url, "error": str(error)}))
        return 1
    if out:
        print(json.dumps(out, ensure_ascii=False))
    return code


if __name__ == "__main__":
    sys.exit(main())
