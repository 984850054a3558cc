#!/usr/bin/python3
"""From a line reaching the practice server to the teacher's page showing it: bench/run's
web-view latency row (issue 27).

    web_latency.py --smtp HOST:PORT --page URL [--selector CSS] [--lines 1000]
                   [--interval-ms 5] [--timeout 30] [--header 'Name: value'] [--per-connection M]
                   [--connect-first | --open-conversation]

Opens URL in headless Chromium (Tests/TestSupport/cdp.py), starts a MutationObserver on
elements matching CSS (default: each client and server line of a conversation), then opens
one SMTP connection, says EHLO and sends LINES commands `NOOP lat-RUN-N`, each after the
reply to the one before and INTERVAL ms apart, each carrying a number of its own
(--per-connection M: M lines per connection, each connection watched on a page of its own,
one after the other, for a server that keeps only so much of one conversation). The time
of a line is taken just before it is written to the socket (time.time(), epoch ms); the
time it is shown is the page's Date.now() when the element holding its number was added
(the same clock). Latency = shown - sent, per line; the first element holding a number
counts. --connect-first connects and says EHLO before the page is opened, for a page that
shows only conversations that exist when it loads. --open-conversation (implies it) takes
--page as a list of conversations: it follows the link in the list's row (a <tr> or <li>)
that names this connection's client address, 127.0.0.1:PORT, and watches the page it
leads to (smtpc serve --web's list and /conversations/N).

Prints one JSON object: lines sent and seen, the latency's median, p95 and max in ms, the
same to the next animation frame after the insertion ("frame_*", when the page had
frames), the median reply time. Exits 1, loudly, when any line did not appear within
TIMEOUT seconds after the last was sent, or the page or the SMTP session failed.
"""

import argparse
import json
import math
import os
import re
import socket
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TestSupport"))
from cdp import Browser, CDPError, ChromiumError, exit_on_signals  # noqa: E402

DEFAULT_SELECTOR = "li.client code, li.server code"


class SMTPError(Exception):
    pass


class Session:
    """A plain SMTP session, a command at a time."""

    def __init__(self, host, port, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""
        self.expect("220", "the greeting")

    def reply(self):
        """The lines of one reply (up to its final line)."""
        lines = []
        while True:
            while b"\n" not in self.buffer:
                data = self.sock.recv(65536)
                if not data:
                    raise SMTPError("the server closed the connection")
                self.buffer += data
            line, self.buffer = self.buffer.split(b"\n", 1)
            lines.append(line.rstrip(b"\r").decode("utf-8", "replace"))
            if len(lines[-1]) < 4 or lines[-1][3] != "-":
                return lines

    def expect(self, code, what):
        lines = self.reply()
        if not lines[-1].startswith(code):
            raise SMTPError(f"{what}: expected {code}, got {lines[-1]!r}")
        return lines

    def send(self, line):
        self.sock.sendall(line.encode() + b"\r\n")

    def close(self):
        try:
            self.send("QUIT")
            self.reply()
        except (OSError, SMTPError):
            pass
        self.sock.close()


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smtp", required=True, help="the practice server, HOST:PORT")
    parser.add_argument("--page", required=True, help="the teacher's page, a URL")
    parser.add_argument("--selector", default=DEFAULT_SELECTOR, help="CSS of one shown line (default %(default)s)")
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--per-connection", type=int, default=0,
                        help="lines per connection (a conversation and a page each; default all in one)")
    parser.add_argument("--interval-ms", type=float, default=5, help="pause between a reply and the next line")
    parser.add_argument("--timeout", type=float, default=30, help="seconds for the last lines to appear")
    parser.add_argument("--header", action="append", default=[], help="a request header for the page")
    parser.add_argument("--helo", default="bench.example")
    parser.add_argument("--connect-first", action="store_true", help="connect and EHLO before opening the page")
    parser.add_argument("--open-conversation", action="store_true",
                        help="--page lists conversations: follow the link of the row naming this client")
    args = parser.parse_args(argv)
    args.connect_first = args.connect_first or args.open_conversation
    if args.lines < 1 or args.per_connection < 0:
        parser.error("--lines must be 1 or more, --per-connection 0 or more")
    args.per_connection = args.per_connection or args.lines
    host, _, port = args.smtp.rpartition(":")
    if not host or not port.isdigit():
        parser.error(f"--smtp {args.smtp}: give HOST:PORT")
    args.host, args.port = host.strip("[]"), int(port)
    return args


def percentile(values, fraction):
    """Nearest rank: the smallest value with at least FRACTION of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(values, prefix):
    if not values:
        return {}
    return {f"{prefix}median_ms": round(statistics.median(values), 2), f"{prefix}p95_ms": round(percentile(values, 0.95), 2),
            f"{prefix}max_ms": round(max(values), 2)}


def send_lines(session, run, numbers, interval):
    """Send a NOOP for each of NUMBERS; returns ({number: sent epoch ms}, [reply ms])."""
    sent, replies = {}, []
    for number in numbers:
        started = time.time() * 1000
        sent[number] = started
        session.send(f"NOOP lat-{run}-{number}")
        session.expect("250", f"NOOP {number}")
        replies.append(time.time() * 1000 - started)
        if interval:
            time.sleep(interval / 1000)
    return sent, replies


def first_shown(entries, run):
    """{number: the first entry (t, frame) whose text holds lat-RUN-number}."""
    pattern = re.compile(rf"lat-{run}-(\d+)\b")
    shown = {}
    for entry in entries:
        for match in pattern.finditer(entry.get("text") or ""):
            shown.setdefault(int(match.group(1)), entry)
    return shown


FIND_ROW = """
(() => {
  const address = %s;
  for (const row of document.querySelectorAll("tr, li")) {
    const link = row.querySelector("a[href]");
    if (link && row.textContent.includes(address)) return link.href;
  }
  return null;
})()
"""


def open_conversation(page, session, list_url, timeout=10):
    """Load the list, wait for the row naming SESSION's client address; returns its link."""
    host, port = session.sock.getsockname()[:2]
    address = f"{host}:{port}"
    deadline = time.monotonic() + timeout
    status = page.goto(list_url)
    if status != 200:
        raise CDPError(f"{list_url}: HTTP status {status}")
    while True:
        link = page.evaluate(FIND_ROW % json.dumps(address))
        if link:
            return link
        if time.monotonic() > deadline:
            raise CDPError(f"{list_url}: no row names this connection's client {address} in {timeout} s")
        time.sleep(0.1)


def connect(args):
    session = Session(args.host, args.port)
    session.send(f"EHLO {args.helo}")
    session.expect("250", "EHLO")
    return session


def measure_conversation(browser, args, headers, run, numbers):
    """One connection, one page: send NUMBERS' lines, wait for them on the page.
    Returns (sent, replies, shown, page URL, page exceptions)."""
    page = browser.new_page(headers=headers, guard=False)
    session = connect(args) if args.connect_first else None
    url = open_conversation(page, session, args.page) if args.open_conversation else args.page
    status = page.goto(url)
    if status != 200:
        raise CDPError(f"{url}: HTTP status {status}")
    page.watch(args.selector)
    session = session or connect(args)
    sent, replies = send_lines(session, run, numbers, args.interval_ms)
    session.close()
    wanted = set(numbers)
    page.wait_seen(len(numbers), args.timeout, interval=0.1, until=lambda seen: wanted <= first_shown(seen, run).keys())
    time.sleep(0.1)  # one more animation frame for the last "frame" times
    shown = first_shown(page.refresh_frames(), run)
    exceptions = page.report()["exceptions"]
    page.close()
    return sent, replies, shown, url, exceptions


def measure(args):
    run = f"{os.getpid()}{int(time.time()) % 100000}"
    headers = dict((name.strip(), value.strip()) for name, _, value in (h.partition(":") for h in args.header))
    sent, replies, shown, pages, exceptions = {}, [], {}, [], []
    with Browser() as browser:
        for first in range(1, args.lines + 1, args.per_connection):
            numbers = range(first, min(first + args.per_connection, args.lines + 1))
            s, r, w, url, e = measure_conversation(browser, args, headers, run, numbers)
            sent.update(s)
            replies += r
            shown.update((n, entry) for n, entry in w.items() if n in s)
            pages.append(url)
            exceptions += e
    latencies = [shown[n]["t"] - sent[n] for n in sent if n in shown]
    frames = [shown[n]["frame"] - sent[n] for n in sent if n in shown and shown[n].get("frame") is not None]
    result = {"lines": args.lines, "seen": len(latencies), "missing": args.lines - len(latencies),
              "per_connection": args.per_connection, "interval_ms": args.interval_ms, "pages": pages,
              "selector": args.selector, "page_exceptions": len(exceptions),
              "reply_median_ms": round(statistics.median(replies), 3)}
    result.update(summary(latencies, ""))
    if len(frames) == len(latencies):
        result.update(summary(frames, "frame_"))
    missing = sorted(set(sent) - set(shown))
    return result, missing


def main():
    args = parse_arguments(sys.argv[1:])
    exit_on_signals()  # a bench stopped midway still stops Chromium
    try:
        result, missing = measure(args)
    except ChromiumError as error:
        print(f"web_latency.py: {error}", file=sys.stderr)
        return 2
    except (CDPError, SMTPError, OSError) as error:
        print(f"web_latency.py: error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result))
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
        print(f"web_latency.py: error: {len(missing)} of {args.lines} lines never appeared on {' '.join(result['pages'])} "
              f"(selector {args.selector!r}) within {args.timeout:g} s: lines {shown}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
