#!/usr/bin/python3
"""Checks of smtpc's web view in headless Chromium, for WebBrowserTests.swift.

    browser_checks.py live SMTP_PORT BASE [--header 'Name: value']
        Opens the page of a conversation while it goes on, sends NOOP lines (hostile ones among them) and times each from its write to
        its row on the page; then opens the list (BASE/) and times a new conversation's
        row. Prints {"latencies": [ms…], "listLatency": ms, "text": …, "report": …}.

    browser_checks.py class SMTP_PORT STUDENTS TRANSACTIONS PASSWORD_PREFIX TEACHER_URL
        STUDENTS clients at once, each logged in as studentN (password PREFIX + N) over
        STARTTLS, each sending TRANSACTIONS messages, while the teacher's page is open.
        Prints {"sent", "failed", "seconds", "medianAnswerMs", "slowestAnswerMs", "rowsShownLive", "clean"}.

Exit 0 when done (the caller judges the figures), 1 on a failure to connect.
"""

import json
import re
import smtplib
import socket
import ssl
import sys
import threading
import time
import urllib.request

sys.path.insert(0, __file__.rsplit("/Tests/", 1)[0] + "/Tests/TestSupport")
from cdp import Browser  # noqa: E402

HOSTILE = ["NOOP <script>alert('row')</script>", "NOOP <img src=x onerror=alert('img')>", "NOOP \"'><svg onload=alert(3)>",
           "MAIL FROM:<\"<script>alert('addr')</script>\"@example.org>"]


class Client:
    """A raw SMTP connection: one line at a time, each reply read whole."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.file = self.sock.makefile("rb")
        self.reply()

    def reply(self):
        lines = []
        while True:
            line = self.file.readline().decode("utf-8", "replace")
            lines.append(line)
            if len(line) < 4 or line[3] != "-":
                return lines

    def send(self, line):
        started = time.time() * 1000
        self.sock.sendall(line.encode() + b"\r\n")
        self.reply()
        return started


def newest(base, headers):
    """The newest conversation's id, from the list page."""
    with urllib.request.urlopen(urllib.request.Request(base + "/", headers=headers), timeout=10) as response:
        return re.search(r'<tr id="c(\d+)"', response.read().decode()).group(1)


def live(port, base, headers):
    first = Client(port)
    first.send("EHLO live.example")
    with Browser() as browser:
        page = browser.new_page(headers=headers, markers=("row", "img", "addr"))
        status = page.goto(base + f"/conversations/{newest(base, headers)}")
        if status != 200:
            print(json.dumps({"error": f"status {status}"}))
            return 1
        page.watch("li.client code")
        sent = {}
        lines = [f"NOOP live-{n}" for n in range(5)] + HOSTILE
        for line in lines:
            sent[line] = first.send(line)
            time.sleep(0.05)
        seen = page.wait_seen(len(lines), timeout=5)
        latencies = []
        for line in lines:
            shown = next((entry for entry in seen if entry["text"] == line), None)
            latencies.append(None if shown is None else shown["t"] - sent[line])
        text = page.text()
        report = page.report()

        listing = browser.new_page(headers=headers)
        listing.goto(base + "/")
        time.sleep(0.5)  # the page's stream opens and refreshes the rows it has: not what is timed
        listing.watch("#conversations tbody tr")
        opened = time.time() * 1000
        second = Client(port)
        rows = listing.wait_seen(1, timeout=5)
        list_latency = rows[0]["t"] - opened if rows else None
        second.send("QUIT")
    first.send("QUIT")
    print(json.dumps({"latencies": latencies, "listLatency": list_latency, "text": text, "report": report}))
    return 0


def student(port, number, transactions, prefix, failures):
    name = f"student{number}"
    try:
        client = smtplib.SMTP("127.0.0.1", port, local_hostname=f"laptop-{number}", timeout=60)
        client.starttls(context=ssl._create_unverified_context())
        client.ehlo(f"laptop-{number}")
        client.login(name, f"{prefix}{number}")
        for index in range(transactions):
            body = f"Subject: {name} message {index}\r\n\r\nhello from {name}, message {index}\r\n"
            client.sendmail(f"{name}@class.example", [f"teacher+{index}@class.example"], body.encode())
        client.quit()
    except (OSError, smtplib.SMTPException) as error:
        failures.append(f"{name}: {error}")


def classroom(port, students, transactions, prefix, teacher):
    """The class at work while the teacher's page is open and following it: how long the
    page took to answer a question at worst, and how many conversations it was shown live."""
    failures = []
    with Browser() as browser:
        page = browser.new_page()
        page.goto(teacher)
        page.watch("#conversations tbody tr", include_existing=False)
        started = time.monotonic()
        threads = [threading.Thread(target=student, args=(port, n, transactions, prefix, failures))
                   for n in range(1, students + 1)]
        for thread in threads:
            thread.start()
        answers = []
        while any(thread.is_alive() for thread in threads):
            asked = time.monotonic()
            page.evaluate("document.querySelectorAll('#conversations tbody tr').length")
            answers.append(time.monotonic() - asked)
            time.sleep(0.1)
        answers.sort()
        median = answers[len(answers) // 2] if answers else 0.0
        slowest = answers[-1] if answers else 0.0
        for thread in threads:
            thread.join()
        seconds = time.monotonic() - started
        time.sleep(0.5)
        shown = page.evaluate("document.querySelectorAll('#conversations tbody tr').length")
        report = page.report()
    print(json.dumps({"sent": (students - len(failures)) * transactions, "failed": failures, "seconds": seconds,
                      "medianAnswerMs": median * 1000, "slowestAnswerMs": slowest * 1000, "rowsShownLive": shown, "clean": report["clean"]}))
    return 0


def main(argv):
    if argv[1] == "live":
        headers = {}
        if "--header" in argv:
            name, value = argv[argv.index("--header") + 1].split(": ", 1)
            headers[name] = value
        return live(int(argv[2]), argv[3], headers)
    if argv[1] == "class":
        return classroom(int(argv[2]), int(argv[3]), int(argv[4]), argv[5], argv[6])
    print(__doc__, file=sys.stderr)
    return 64


if __name__ == "__main__":
    sys.exit(main(sys.argv))
