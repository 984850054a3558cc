#!/usr/bin/python3
"""Sign messages with dkimpy (Debian's python3-dkim), for tests of smtpc's DKIM verification.

Usage: dkimpy-sign.py MANIFEST

Each line of MANIFEST is "MESSAGE KEY DOMAIN SELECTOR CANONICALIZATION LENGTH OUTPUT",
tab-separated:
  MESSAGE           the message to sign (CRLF line ends);
  KEY               a PKCS#8 or PKCS#1 PEM private key from openssl (RSA or Ed25519);
  DOMAIN, SELECTOR  d= and s=;
  CANONICALIZATION  header/body, e.g. relaxed/simple;
  LENGTH            "l" to add l= (the body length), "-" not to;
  OUTPUT            where the signed message (DKIM-Signature field, then the message) goes.
"""

import base64
import sys

import dkim

ED25519_PKCS8_PREFIX = bytes.fromhex("302e020100300506032b657004220420")


def sign(message_path, key_path, domain, selector, canonicalization, length, output_path):
    with open(key_path, "rb") as f:
        pem = f.read()
    with open(message_path, "rb") as f:
        message = f.read()
    lines = [l for l in pem.decode().splitlines() if l and not l.startswith("-----")]
    der = base64.b64decode("".join(lines))
    if der.startswith(ED25519_PKCS8_PREFIX):
        # dkimpy takes an Ed25519 key as the base64 of its 32-byte seed.
        key, algorithm = base64.b64encode(der[len(ED25519_PKCS8_PREFIX):]), b"ed25519-sha256"
    else:
        key, algorithm = pem, b"rsa-sha256"
    header, body = canonicalization.split("/")
    field = dkim.sign(
        message, selector.encode(), domain.encode(), key,
        canonicalize=(header.encode(), body.encode()), signature_algorithm=algorithm,
        length=(length == "l"))
    with open(output_path, "wb") as f:
        f.write(field + message)


def main():
    with open(sys.argv[1]) as manifest:
        for line in manifest:
            if line.strip():
                sign(*line.rstrip("\n").split("\t"))


if __name__ == "__main__":
    main()
