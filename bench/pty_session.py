#!/usr/bin/env python3
"""Drive smtpc's interactive console on a pseudo-terminal and time it, for bench/run.

    pty_session.py PROMPT MARKER SMTPC ARGS...

Starts SMTPC ARGS on a new 80x24 pseudo-terminal, waits for PROMPT (the console's
prompt text, e.g. "127.0.0.1:2525> "), waits a moment and reads VmRSS (idle, connected,
at the prompt) from /proc/PID/status; then types HELP and times how long until the last
reply line (containing MARKER) and then the prompt are back on the terminal; then types
"MA" and a Tab and times the first output the Tab produces (completion); then Ctrl-C,
/quit (QUIT, then leave), and waits for the exit. Prints one JSON object with the figures (kB, ms).
"""

import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


class Session:
    def __init__(self, argv):
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.environ["TERM"] = "xterm"
            os.execvp(argv[0], argv)
        self.pid, self.fd, self.buf = pid, fd, bytearray()

    def read_until(self, needle, start=0, timeout=30.0):
        """Read until needle appears at or after start; return the time it was seen."""
        deadline = time.monotonic() + timeout
        while True:
            at = self.buf.find(needle, start)
            if at >= 0:
                return time.monotonic(), at + len(needle)
            left = deadline - time.monotonic()
            if left <= 0:
                tail = bytes(self.buf[-400:])
                raise SystemExit(f"pty_session: timed out waiting for {needle!r}; last output: {tail!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise SystemExit(f"pty_session: smtpc closed the terminal; last output: {bytes(self.buf[-400:])!r}")
                self.buf += chunk

    def drain(self, wait):
        """Read whatever arrives within wait seconds."""
        end = time.monotonic() + wait
        while (left := end - time.monotonic()) > 0:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            self.buf += chunk

    def status(self, field):
        with open(f"/proc/{self.pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return None


def main():
    prompt, marker, argv = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
    result = {}
    began = time.monotonic()
    s = Session(argv)
    seen, pos = s.read_until(prompt)
    result["prompt_ms"] = (seen - began) * 1000
    s.drain(1.0)  # let start-up finish (threads, late output) before reading the RSS
    result["idle_rss_kb"] = s.status("VmRSS")
    result["idle_hwm_kb"] = s.status("VmHWM")
    with open(f"/proc/{s.pid}/smaps_rollup", encoding="ascii") as f:
        result["idle_smaps_rollup"] = f.read()
    if os.environ.get("BENCH_SMAPS"):  # for profiling: keep the whole map (bench/smaps.py sums it)
        with open(f"/proc/{s.pid}/smaps", encoding="ascii") as f, open(os.environ["BENCH_SMAPS"], "w") as out:
            out.write(f.read())

    mark = len(s.buf)
    sent = time.monotonic()
    os.write(s.fd, b"HELP\r")
    got, after = s.read_until(marker, mark, timeout=120)
    back, pos = s.read_until(prompt, after, timeout=120)
    result["help_last_line_ms"] = (got - sent) * 1000
    result["help_prompt_ms"] = (back - sent) * 1000
    result["help_output_bytes"] = len(s.buf) - mark
    s.drain(0.3)
    result["after_help_rss_kb"] = s.status("VmRSS")
    result["after_help_hwm_kb"] = s.status("VmHWM")

    os.write(s.fd, b"MA")
    s.read_until(b"MA", len(s.buf) - 2 if len(s.buf) >= 2 else 0, timeout=10)
    s.drain(0.2)
    mark = len(s.buf)
    sent = time.monotonic()
    os.write(s.fd, b"\t")
    try:
        deadline = sent + 2.0
        while len(s.buf) == mark and time.monotonic() < deadline:
            ready, _, _ = select.select([s.fd], [], [], deadline - time.monotonic())
            if ready:
                s.buf += os.read(s.fd, 1 << 16)
        result["completion_ms"] = (time.monotonic() - sent) * 1000 if len(s.buf) > mark else None
    except OSError:
        result["completion_ms"] = None

    os.write(s.fd, b"\x03")
    s.drain(0.2)
    os.write(s.fd, b"/quit\r")  # sends QUIT and leaves (QUIT alone leaves the console open)
    end = time.monotonic() + 10
    status = None
    while time.monotonic() < end:
        s.drain(0.05)
        done, status = os.waitpid(s.pid, os.WNOHANG)
        if done:
            break
    else:
        os.kill(s.pid, signal.SIGTERM)
        os.waitpid(s.pid, 0)
        raise SystemExit(f"pty_session: smtpc did not exit after /quit; last output: {bytes(s.buf[-300:])!r}")
    result["exit_status"] = os.waitstatus_to_exitcode(status)
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
