#!/usr/bin/env python3
"""Where a STARTTLS session's time goes, segment by segment: smtpc builds against openssl.

    bench/timeline.py ROUNDS SMTPC [SMTPC ...]

Needs the test servers (scripts/testenv/start; SMTPC_TEST_CA from their env file). Each
round runs every client once, in rotating order, through a relay on 127.0.0.1:2599 that
forwards to Postfix's STARTTLS port (2525) and notes the time of every segment either way
(TCP_NODELAY and TCP_QUICKACK on both of its sockets, so that the relay itself delays
nothing). Prints, per client, medians over the rounds: spawn to connect, the conversation
(connect to close), the whole run, and each segment as C<bytes> (client to server) or
S<bytes> (server to client) @ milliseconds after the connect. docs/benchmarks.md, ninth
round, reads its output.

The clients do the work of bench/run's STARTTLS row: they connect to `localhost`, check
the certificate against that name, say `EHLO bench.example` before and after the
handshake, and QUIT; openssl's second EHLO and QUIT are fed in lockstep, each after the
reply before it (bench/interleave.py), so that it makes smtpc's round trips.
"""

import os
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no bench/__pycache__ from the import below
from interleave import feed_in_lockstep  # noqa: E402

TCP_QUICKACK = 12  # Linux


def relay(client, marks):
    upstream = socket.create_connection(("127.0.0.1", 2525))
    for end in (client, upstream):
        end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    selector = selectors.DefaultSelector()
    selector.register(client, selectors.EVENT_READ, ("C", upstream))
    selector.register(upstream, selectors.EVENT_READ, ("S", client))
    done = False
    while not done:
        for key, _ in selector.select():
            try:
                data = key.fileobj.recv(65536)
                key.fileobj.setsockopt(socket.IPPROTO_TCP, TCP_QUICKACK, 1)
            except ConnectionResetError:
                data = b""  # a side that closes with bytes unread resets: the end all the same
            if not data:
                done = True
                break
            side, other = key.data
            marks.append((side + str(len(data)), time.perf_counter()))
            other.sendall(data)
    selector.close()
    upstream.close()
    client.close()


def main(arguments):
    if len(arguments) < 2:
        sys.exit(__doc__)
    rounds = int(arguments[0])
    ca = os.environ["SMTPC_TEST_CA"]
    clients = {}
    for index, binary in enumerate(arguments[1:]):
        command = [binary, "--no-history", "--color", "never", "--starttls", "--cafile", ca,
                   "--ehlo", "bench.example", "localhost", "2599"]
        clients[f"smtpc{index}"] = (command, b"QUIT\n", False)
    clients["openssl"] = (
        ["openssl", "s_client", "-CAfile", ca, "-verify_return_error", "-verify_hostname", "localhost", "-quiet",
         "-crlf", "-starttls", "smtp", "-name", "bench.example", "-connect", "localhost:2599"],
        b"EHLO bench.example\nQUIT\n",
        True,
    )
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 2599))
    listener.listen(16)
    results = {name: [] for name in clients}
    names = list(clients)
    for number in range(rounds):
        for name in names[number % len(names):] + names[:number % len(names)]:
            command, script, lockstep = clients[name]
            start = time.perf_counter()
            process = subprocess.Popen(command, stdin=subprocess.PIPE, bufsize=0, stderr=subprocess.DEVNULL,
                                       stdout=subprocess.PIPE if lockstep else subprocess.DEVNULL)
            feeder = None
            if lockstep:
                lines = script.splitlines(keepends=True)
                feeder = threading.Thread(target=feed_in_lockstep, args=(process, lines, 0))
                feeder.start()
            else:
                process.stdin.write(script)
                process.stdin.close()
            connection, _ = listener.accept()
            connected = time.perf_counter()
            marks = []
            relay(connection, marks)
            closed = time.perf_counter()
            if feeder is not None:
                feeder.join()
                process.stdout.close()
            process.wait()
            ended = time.perf_counter()
            results[name].append((connected - start, closed - connected, ended - start,
                                  [(label, at - connected) for label, at in marks]))
    for name, runs in results.items():
        median = lambda index: statistics.median(run[index] for run in runs) * 1000
        print(f"{name}: spawn to connect {median(0):.2f} ms, conversation {median(1):.2f} ms, whole run {median(2):.2f} ms")
        count = min(len(run[3]) for run in runs)
        segments = (f"{runs[0][3][i][0]}@{statistics.median(run[3][i][1] for run in runs) * 1000:.2f}" for i in range(count))
        print("    " + "  ".join(segments))


if __name__ == "__main__":
    main(sys.argv[1:])
