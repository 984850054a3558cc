"""Reads a stored message the way a mail client would, for SendCommandTests.

    send-check.py structure FILE            the MIME tree, the decoded headers, each part's
                                            SHA-256, one JSON object
    send-check.py dkim FILE DNS_PORT        dkimpy's verdict (True/False), the key looked
                                            up in the test dnsmasq on 127.0.0.1:DNS_PORT
    send-check.py schema SCHEMA JSON        validates JSON against SCHEMA (jsonschema)
"""

import email
import email.policy
import hashlib
import json
import sys


def structure(path):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    parts = []
    for part in message.walk():
        entry = {"type": part.get_content_type(), "defects": [str(d) for d in part.defects]}
        if not part.is_multipart():
            payload = part.get_payload(decode=True) or b""
            entry["sha256"] = hashlib.sha256(payload).hexdigest()
            entry["filename"] = part.get_filename()
            entry["cid"] = part.get("Content-ID")
        parts.append(entry)
    headers = {name: str(message[name]) for name in ["Subject", "From", "To", "Cc", "Bcc", "Message-ID", "DKIM-Signature"]}
    print(json.dumps({"headers": headers, "parts": parts, "defects": [str(d) for d in message.defects]}))


def dkim_verdict(path, port):
    import dkim
    import dns.resolver

    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = int(port)

    def dnsfunc(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        answer = resolver.resolve(name.rstrip("."), "TXT")
        return b"".join(b"".join(record.strings) for record in answer)

    with open(path, "rb") as f:
        data = f.read()
    print(dkim.verify(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), dnsfunc=dnsfunc))


def schema(schema_path, json_path):
    import jsonschema

    with open(schema_path) as f:
        document = json.load(f)
    with open(json_path) as f:
        instance = json.load(f)
    jsonschema.validate(instance, document)
    print("valid")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "structure":
        structure(sys.argv[2])
    elif command == "dkim":
        dkim_verdict(sys.argv[2], sys.argv[3])
    elif command == "schema":
        schema(sys.argv[2], sys.argv[3])
