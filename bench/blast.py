#!/usr/bin/env python3
"""The simplest fast SMTP sender, to measure the sink alone: bench/run's "(sink alone)" row.

    blast.py PORT SIZE

EHLO, MAIL, RCPT, DATA; then SIZE bytes of 76-character text lines (none starts with a
dot, so nothing needs stuffing) from one 1 MiB buffer written again and again with
sendall(); then ".", QUIT. Prints the rate of the DATA phase in MB/s (10^6 bytes/s).
"""

import socket
import sys
import time


def reply(sock, buf):
    """Read one complete reply; return (code, what follows it in buf)."""
    while True:
        lines = buf.split(b"\r\n")
        for i, line in enumerate(lines[:-1]):
            if len(line) >= 4 and line[3:4] == b" ":
                return int(line[:3]), b"\r\n".join(lines[i + 1 :])
        more = sock.recv(65536)
        if not more:
            raise SystemExit("blast.py: connection closed")
        buf += more


def main():
    port, size = int(sys.argv[1]), int(sys.argv[2])
    sock = socket.create_connection(("127.0.0.1", port))
    code, buf = reply(sock, b"")
    assert code == 220, code
    for cmd, want in ((b"EHLO blast", 250), (b"MAIL FROM:<a@blast>", 250), (b"RCPT TO:<b@blast>", 250), (b"DATA", 354)):
        sock.sendall(cmd + b"\r\n")
        code, buf = reply(sock, buf)
        assert code == want, (cmd, code)
    line = b"The quick brown fox jumps over the lazy dog, and the sink counts it all.   \r\n"
    block = memoryview(line * ((1 << 20) // len(line)))
    start = time.monotonic()
    sent = 0
    while sent < size:
        piece = block[: min(len(block), size - sent)]
        sock.sendall(piece)
        sent += len(piece)
    sock.sendall(b"\r\n.\r\n")
    code, buf = reply(sock, buf)
    seconds = time.monotonic() - start
    assert code == 250, code
    sock.sendall(b"QUIT\r\n")
    reply(sock, buf)
    print(f"{sent / seconds / 1e6:.1f}")


if __name__ == "__main__":
    main()
