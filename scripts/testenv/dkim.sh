# DKIM keys for `smtpc send --dkim`'s tests, their public halves published by the
# private dnsmasq (dnsmasq.sh) as TXT records; sourced by start (needs lib.sh).
#   $DIR/dkim/rsa.key      RSA 2048, selector rsa   (rsa._domainkey.smtpc.test)
#   $DIR/dkim/ed25519.key  Ed25519,  selector ed    (ed._domainkey.smtpc.test)
# Made once; kept while $DIR lives.
# shellcheck shell=bash

DKIM_DIR="$DIR/dkim"

# Make the keys that are missing.
make_dkim_keys() {
    mkdir -p "$DKIM_DIR"
    [[ -s "$DKIM_DIR/rsa.key" ]] ||
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DKIM_DIR/rsa.key" 2>/dev/null
    [[ -s "$DKIM_DIR/ed25519.key" ]] || openssl genpkey -algorithm ED25519 -out "$DKIM_DIR/ed25519.key" 2>/dev/null
    chmod 600 "$DKIM_DIR"/*.key
}

# The dnsmasq lines publishing both keys: the record's text in strings of at most 255
# bytes (RFC 1035), `p=` the DER public key (RSA) or the raw 32 bytes (Ed25519, RFC 8463).
dkim_txt_records() {
    local rsa ed
    rsa="$(openssl pkey -in "$DKIM_DIR/rsa.key" -pubout -outform DER 2>/dev/null | base64 -w0)"
    ed="$(openssl pkey -in "$DKIM_DIR/ed25519.key" -pubout -outform DER 2>/dev/null | tail -c 32 | base64 -w0)"
    printf 'txt-record=rsa._domainkey.%s,"v=DKIM1; k=rsa; p=%s","%s"\n' "$SMTPC_TEST_DOMAIN" "${rsa:0:200}" "${rsa:200}"
    printf 'txt-record=ed._domainkey.%s,"v=DKIM1; k=ed25519; p=%s"\n' "$SMTPC_TEST_DOMAIN" "$ed"
}
