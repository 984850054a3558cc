#!/usr/bin/env python3
"""Write a realistic test message of SIZE bytes for bench/run's /send rows.

    genmsg.py FILE SIZE [crlf|lf]

Headers, then text lines of about 76 characters made of ordinary words; about one
line in forty starts with a dot ('.', '..', '. and', '.signature'), so a sender must
dot-stuff, and a few lines are a lone '.' that would end the message if it did not.
A 1 MiB block of body lines is generated once and repeated up to SIZE (cut at a line
boundary), so a 1 GiB file takes a few seconds, mostly the disk's.
"""

import random
import sys

WORDS = (
    "the of and to in is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no will "
    "message server relay queue delivery mailbox recipient sender header envelope transfer "
    "connection protocol reply status extension pipelining certificate handshake transcript"
).split()


def line(rng):
    """One body line, at most 76 characters, sometimes starting with a dot."""
    roll = rng.random()
    if roll < 0.005:
        return "."
    if roll < 0.025:
        return rng.choice(["..", ". and so on", ".signature follows", "...", ".\tindented"])
    words = []
    size = 0
    target = rng.randint(60, 76)
    while True:
        word = rng.choice(WORDS)
        if size + len(word) + 1 > target:
            break
        words.append(word)
        size += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def main(path, size, eol):
    nl = b"\r\n" if eol == "crlf" else b"\n"
    rng = random.Random(5321)
    head = nl.join(
        s.encode()
        for s in (
            "From: Bench Sender <sender@bench.example>",
            "To: Bench Recipient <rcpt@bench.example>",
            "Subject: smtpc benchmark message",
            "Message-ID: <bench.5321@bench.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=us-ascii",
            "",
            "",
        )
    )
    block = bytearray()
    while len(block) < 1 << 20:
        block += line(rng).encode() + nl
    written = 0
    with open(path, "wb") as out:
        out.write(head[:size])
        written = min(len(head), size)
        while written < size:
            piece = block[: size - written]
            if len(piece) < len(block):
                # end on a whole line
                cut = piece.rfind(nl)
                piece = piece[: cut + len(nl)] if cut >= 0 else b""
                if not piece:
                    break
            out.write(piece)
            written += len(piece)
    print(written)


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or (len(sys.argv) == 4 and sys.argv[3] not in ("crlf", "lf")):
        sys.exit("usage: genmsg.py FILE SIZE [crlf|lf]")
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) == 4 else "crlf")
