#!/usr/bin/python3
"""From a line reaching the practice server to the teacher's page showing it: bench/run's
web-view latency row (issue 27).

    web_latency.py --smtp HOST:PORT --page URL [--selector CSS] [--lines 1000]
                   [--interval-ms 5] [--timeout 30] [--header 'Name: value'] [--connect-first]

Opens URL in headless Chromium (Tests/TestSupport/cdp.py), starts a MutationObserver on
elements matching CSS (default: each client and server line of a conversation), then opens
one SMTP connection, says EHLO and sends LINES commands `NOOP lat-RUN-N`, each after the
reply to the one before and INTERVAL ms apart, each carrying a number of its own. The time
of a line is taken just before it is written to the socket (time.time(), epoch ms); the
time it is shown is the page's Date.now() when the element holding its number was added
(the same clock). Latency = shown - sent, per line; the first element holding a number
counts. --connect-first connects and says EHLO before the page is opened, for a page that
shows only conversations that exist when it loads.

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
    parser.add_argument("--interval-ms", type=float, default=5, help="pause between a reply and the next line")
    parser.add_argument("--timeout", type=float, default=30, help="seconds for the last lines to appear")
    parser.add_argument("--header", action="append", default=[], help="a request header for the page")
    parser.add_argument("--helo", default="bench.example")
    parser.add_argument("--connect-first", action="store_true", help="connect and EHLO before opening the page")
    args = parser.parse_args(argv)
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


def send_lines(session, run, count, interval):
    """Send COUNT NOOPs; returns ({number: sent epoch ms}, [reply ms])."""
    sent, replies = {}, []
    for number in range(1, count + 1):
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


def measure(args):
    run = f"{os.getpid()}{int(time.time()) % 100000}"
    headers = dict((name.strip(), value.strip()) for name, _, value in (h.partition(":") for h in args.header))
    session = None
    with Browser() as browser:
        page = browser.new_page(headers=headers, guard=False)
        if args.connect_first:
            session = Session(args.host, args.port)
            session.send(f"EHLO {args.helo}")
            session.expect("250", "EHLO")
        status = page.goto(args.page)
        if status != 200:
            raise CDPError(f"{args.page}: HTTP status {status}")
        page.watch(args.selector)
        if session is None:
            session = Session(args.host, args.port)
            session.send(f"EHLO {args.helo}")
            session.expect("250", "EHLO")
        sent, replies = send_lines(session, run, args.lines, args.interval_ms)
        session.close()
        page.wait_seen(args.lines, args.timeout, interval=0.1, until=lambda seen: len(first_shown(seen, run)) >= args.lines)
        time.sleep(0.1)  # one more animation frame for the last "frame" times
        shown = first_shown(page.refresh_frames(), run)
        exceptions = page.report()["exceptions"]
    latencies = [shown[n]["t"] - sent[n] for n in sent if n in shown]
    frames = [shown[n]["frame"] - sent[n] for n in sent if n in shown and shown[n].get("frame") is not None]
    result = {"lines": args.lines, "seen": len(latencies), "missing": args.lines - len(latencies),
              "interval_ms": args.interval_ms, "page": args.page, "selector": args.selector,
              "page_exceptions": len(exceptions), "reply_median_ms": round(statistics.median(replies), 3)}
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
        print(f"web_latency.py: error: {len(missing)} of {args.lines} lines never appeared on {args.page} "
              f"(selector {args.selector!r}) within {args.timeout:g} s: lines {shown}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
