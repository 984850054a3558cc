#!/usr/bin/python3
"""Verify DKIM signatures with dkimpy (Debian's python3-dkim) for the SMTPDKIM tests.

Usage: dkimpy-verify.py MANIFEST

Each line of MANIFEST is "MESSAGE NAME SOURCE PATH", tab-separated:
  MESSAGE  a signed message file;
  NAME     the only DNS name that has a key (SELECTOR._domainkey.DOMAIN);
  SOURCE   "txt" when PATH holds the TXT record to serve, or "pem" when PATH
           holds a public key from `openssl pkey -pubout`, from which the
           record is made here, independently of the code under test.
Prints one line per manifest line: "pass", or "fail" and dkimpy's reasons.
"""

import base64
import io
import logging
import sys

import dkim

ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


def record_from_public_key(pem):
    """The DKIM key record for a SubjectPublicKeyInfo in PEM."""
    lines = [l for l in pem.splitlines() if l and not l.startswith("-----")]
    der = base64.b64decode("".join(lines))
    if der.startswith(ED25519_SPKI_PREFIX):
        # RFC 8463: p= is the 32-byte key itself, not its SubjectPublicKeyInfo.
        return "v=DKIM1; k=ed25519; p=" + base64.b64encode(der[len(ED25519_SPKI_PREFIX):]).decode()
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def verify(message_path, name, source, path):
    with open(path) as f:
        text = f.read()
    record = text.strip() if source == "txt" else record_from_public_key(text)
    asked = []

    def dnsfunc(query, timeout=5):
        asked.append(query)
        wanted = name.encode() + b"."
        return record.encode() if query in (wanted, wanted[:-1]) else None

    log = io.StringIO()
    logger = logging.getLogger("dkimpy-verify-" + message_path)
    logger.addHandler(logging.StreamHandler(log))
    logger.setLevel(logging.DEBUG)
    with open(message_path, "rb") as f:
        message = f.read()
    try:
        ok = dkim.verify(message, logger=logger, dnsfunc=dnsfunc)
    except Exception as error:  # a verifier error is a failed verification
        ok = False
        log.write("%s: %s\n" % (type(error).__name__, error))
    if ok:
        return "pass"
    reasons = " | ".join(l for l in log.getvalue().splitlines() if l)
    return "fail asked=%r %s" % (asked, reasons[-600:])


def main():
    with open(sys.argv[1]) as manifest:
        for line in manifest:
            if line.strip():
                print(verify(*line.rstrip("\n").split("\t")), flush=True)


if __name__ == "__main__":
    main()
