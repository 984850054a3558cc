#!/usr/bin/env python3
"""Wait until the smtpc test servers answer; used by scripts/testenv/start.

Usage: probe.py [--deadline SECONDS] [--cafile CA] CHECK...
Each CHECK is one of:
  smtp:HOST:PORT      a 220 greeting in plain text
  tls:HOST:PORT       a 220 greeting after a TLS handshake verified with --cafile
  unix:PATH           a 220 greeting on a unix-domain stream socket
  dns:HOST:PORT:NAME  an answer with at least one MX record for NAME (UDP)
  securedns:HOST:PORT:NAME  the same, and the resolver set AD (validated it)
  tcp:HOST:PORT       something accepts connections
  https:HOST:PORT:NAME  an HTTP reply to GET /.well-known/mta-sts.txt for Host
                      and SNI NAME, over TLS verified with --cafile for NAME
Every check is retried until it passes or the shared deadline expires.
Exit status 0 when all pass; 1 with one line per failing check otherwise.
"""

import argparse
import os
import random
import socket
import ssl
import struct
import sys
import time


def read_greeting(sock):
    """Read one (possibly multi-line) reply and require it to be a 220."""
    data = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            raise OSError("connection closed before a greeting")
        data += chunk
        lines = data.split(b"\r\n")
        for line in lines[:-1]:
            if len(line) >= 4 and line[3:4] == b" ":
                if line.startswith(b"220"):
                    return
                raise OSError("greeting was %r" % line.decode("ascii", "replace"))
        if len(data) > 65536:
            raise OSError("greeting too long")


def host_port(spec):
    """Split HOST:PORT where HOST may itself contain colons (IPv6)."""
    host, _, port = spec.rpartition(":")
    return host.strip("[]"), int(port)


def check_smtp(spec, _ca):
    host, port = host_port(spec)
    with socket.create_connection((host, port), timeout=2) as sock:
        read_greeting(sock)


def check_tls(spec, ca):
    host, port = host_port(spec)
    context = ssl.create_default_context(cafile=ca)
    with socket.create_connection((host, port), timeout=2) as raw:
        with context.wrap_socket(raw, server_hostname=host) as sock:
            read_greeting(sock)


def check_unix(path, _ca):
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        sock.connect(path)
        read_greeting(sock)


def mx_query(spec, flags):
    """Ask HOST:PORT for NAME's MX over UDP with header flags; return the reply's flags."""
    rest, _, name = spec.rpartition(":")
    host, port = host_port(rest)
    ident = random.randrange(65536)
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"
    query = struct.pack("!HHHHHH", ident, flags, 1, 0, 0, 0) + question + struct.pack("!HH", 15, 1)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(1)
        sock.sendto(query, (host, port))
        reply = sock.recv(4096)
    rid, rflags, _qd, ancount = struct.unpack("!HHHH", reply[:8])
    if rid != ident or rflags & 0x000F or ancount == 0:
        raise OSError("no MX answer for %s (rcode %d, %d answers)" % (name, rflags & 0xF, ancount))
    return rflags


def check_dns(spec, _ca):
    mx_query(spec, 0x0100)  # RD


def check_securedns(spec, _ca):
    # RD and AD: a validating resolver sets AD in the reply when the data is secure (RFC 6840 5.7).
    if not mx_query(spec, 0x0120) & 0x0020:
        raise OSError("the MX answer for %s is not marked secure (no AD)" % spec.rpartition(":")[2])


def check_https(spec, ca):
    rest, _, name = spec.rpartition(":")
    host, port = host_port(rest)
    context = ssl.create_default_context(cafile=ca)
    with socket.create_connection((host, port), timeout=2) as raw:
        with context.wrap_socket(raw, server_hostname=name) as sock:
            request = "GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n" % name
            sock.sendall(request.encode("ascii"))
            status = sock.recv(4096).split(b"\r\n", 1)[0]
    if not status.startswith(b"HTTP/1."):
        raise OSError("no HTTP reply from %s (%r)" % (name, status[:40]))


def check_tcp(spec, _ca):
    """Something accepts connections (a proxy, which says nothing first)."""
    host, port = host_port(spec)
    with socket.create_connection((host, port), timeout=2):
        pass


CHECKS = {
    "smtp": check_smtp,
    "tls": check_tls,
    "unix": check_unix,
    "dns": check_dns,
    "securedns": check_securedns,
    "tcp": check_tcp,
    "https": check_https,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deadline", type=float, default=20.0)
    parser.add_argument("--cafile")
    parser.add_argument("--print-ok", action="store_true", help="print ok when all pass")
    parser.add_argument("checks", nargs="+")
    args = parser.parse_args()
    end = time.monotonic() + args.deadline
    pending = {}
    for check in args.checks:
        kind, _, spec = check.partition(":")
        if kind not in CHECKS:
            parser.error("unknown check %r" % check)
        pending[check] = "not tried"
    while pending:
        for check in list(pending):
            kind, _, spec = check.partition(":")
            try:
                CHECKS[kind](spec, args.cafile)
                del pending[check]
            except (OSError, ValueError, ssl.SSLError) as error:
                pending[check] = str(error) or type(error).__name__
        if not pending or time.monotonic() >= end:
            break
        time.sleep(0.2)
    for check, reason in pending.items():
        print("testenv: %s did not answer within %gs: %s" % (check, args.deadline, reason), file=sys.stderr)
    if not pending and args.print_ok:
        print("ok")
    return 1 if pending else 0


if __name__ == "__main__":
    sys.exit(main())
