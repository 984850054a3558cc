#!/usr/bin/env python3
"""Issue 24's flood, by hand: the interactive console on a slowly read terminal.

    flood.py [--mib N | --endless] [--rate MBPS] [--end quit|eof|ctrl-c] SMTPC [ARGS...]

Starts a server on 127.0.0.1 that answers EHLO with N MiB of `250-` lines (or an endless
multi-line reply) as fast as the socket takes them, then starts SMTPC ARGS 127.0.0.1 PORT
on a pseudo-terminal whose reader takes at most RATE MB/s (default 3). It types EHLO, lets
the flood run for --seconds (default 10; for a finite flood until it has all been sent,
at most that long), then ends the console with /quit, Ctrl-D or Ctrl-C (Ctrl-C then
/quit) and times how long it takes to exit. Prints one JSON object: bytes the server
sent, bytes the terminal got, peak RSS (VmHWM, KiB), the time to exit (ms), and whether
the terminal showed the "more lines of this reply" summary.
"""

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import socket
import struct
import sys
import termios
import threading
import time

LINE = b"250-" + b"x" * 70 + b"\r\n"


def serve(listener, args, sent):
    conn, _ = listener.accept()
    conn.sendall(b"220 flood.test ESMTP\r\n")
    data = b""
    while b"\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk
    block = LINE * 900
    total = None if args.endless else args.mib << 20
    try:
        while total is None or sent[0] < total:
            conn.sendall(block)
            sent[0] += len(block)
        conn.sendall(b"250 end of the flood\r\n")
        while conn.recv(65536):
            conn.sendall(b"221 bye\r\n")
    except OSError:
        pass
    finally:
        sent[1] = True


def peak_rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=200)
    parser.add_argument("--endless", action="store_true")
    parser.add_argument("--rate", type=float, default=3.0, help="terminal reader, MB/s")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--end", choices=["quit", "eof", "ctrl-c"], default="quit")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    sent = [0, False]
    threading.Thread(target=serve, args=(listener, args, sent), daemon=True).start()

    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["TERM"] = "xterm"
        os.execvp(args.command[0], args.command + ["127.0.0.1", str(port)])

    tail = bytearray()
    per_tick = int(args.rate * 1e6 / 100)  # read every 10 ms

    def read_for(seconds, until=None):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until and until():
                return True
            ready, _, _ = select.select([fd], [], [], 0.01)
            if ready:
                try:
                    chunk = os.read(fd, per_tick)
                except OSError:
                    return True
                if not chunk:
                    return True
                counted[0] += len(chunk)
                tail.extend(chunk)
                del tail[:-200000]
                time.sleep(0.01)
        return False

    counted = [0]
    read_for(15, until=lambda: b"> " in tail)
    os.write(fd, b"EHLO flood.example\r")
    read_for(args.seconds, until=lambda: sent[1])
    read_for(1.0)
    started = time.monotonic()
    if args.end == "quit":
        os.write(fd, b"/quit\r")
    elif args.end == "eof":
        os.write(fd, b"\x04")
    else:
        os.write(fd, b"\x03")
        read_for(0.3)
        os.write(fd, b"/quit\r")
    peak = peak_rss(pid)
    exited = None
    while time.monotonic() - started < 30:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            exited = (time.monotonic() - started) * 1000
            break
        peak = peak_rss(pid) or peak
        # The terminal is still read slowly while smtpc leaves.
        read_for(0.05)
    if exited is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    print(json.dumps({
        "server_sent_bytes": sent[0], "terminal_bytes": counted[0], "peak_rss_kib": peak,
        "exit_ms": None if exited is None else round(exited), "summary_shown": b"more lines of this reply" in tail,
    }))


if __name__ == "__main__":
    sys.exit(main())
