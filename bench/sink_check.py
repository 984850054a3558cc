#!/usr/bin/env python3
"""Check bench/sink.c before it is trusted: bench/run runs this against a fresh sink.

    sink_check.py PORT

- the end of data, CRLF.CRLF, is found wherever the reads split it (each body is sent
  in three writes at every pair of cut points, with pauses so that the sink reads them
  apart), including an empty body, dot-stuffed lines and a "\\r\\n.\\r" that is not the end;
- pipelined commands (MAIL, RCPT, DATA in one write) get their three replies, in order;
- QUIT gets 221 and the connection closes.
Exits non-zero with a message on the first failure.
"""

import socket
import sys
import time


def lines(sock, n):
    buf = b""
    while buf.count(b"\r\n") < n:
        more = sock.recv(4096)
        if not more:
            raise SystemExit(f"sink_check: connection closed after {buf!r}")
        buf += more
    return buf.split(b"\r\n")[:n]


def session(port, wire, cuts):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    assert lines(sock, 1)[0].startswith(b"220")
    sock.sendall(b"MAIL FROM:<a@check>\r\nRCPT TO:<b@check>\r\nDATA\r\n")
    got = lines(sock, 3)
    assert [g[:3] for g in got] == [b"250", b"250", b"354"], got
    previous = 0
    for cut in list(cuts) + [len(wire)]:
        if cut > previous:
            sock.sendall(wire[previous:cut])
            time.sleep(0.001)
        previous = cut
    got = lines(sock, 1)[0]
    assert got.startswith(b"250"), (wire, cuts, got)
    sock.sendall(b"QUIT\r\n")
    assert lines(sock, 1)[0].startswith(b"221")
    assert sock.recv(10) == b""
    sock.close()


def main():
    port = int(sys.argv[1])
    bodies = [b"", b"x\r\n", b"a\r\n..\r\n", b"\r\n", b"a\r\n.\r\r\n.x\r\n\r\n..\r\n"]
    count = 0
    for body in bodies:
        wire = body + b".\r\n"
        for a in range(len(wire) + 1):
            for b in range(a, len(wire) + 1, 2):
                session(port, wire, (a, b))
                count += 1
    print(f"sink_check: {count} sessions ok")


if __name__ == "__main__":
    main()
