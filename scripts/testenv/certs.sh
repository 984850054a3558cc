# Test certificate authority and certificates for the smtpc test servers.
# Sourced by start; needs lib.sh. Files go to $TLS_DIR:
#   ca.pem                   the test CA (give it to clients as --cafile)
#   server.pem, server.key   mx.smtpc.test, localhost, 127.0.0.1, ::1 (Postfix)
#   client.pem, client.key   client certificate CN=alice.smtpc.test (--cert/--key)
#   wrongname.pem/.key       valid, signed by the CA, but only for wrong.example
#   expired.pem/.key         signed by the CA for the server names, already expired
# shellcheck shell=bash disable=SC2034  # CERTS_CHANGED is read by start

# Run openssl quietly; show its output only when it fails.
ossl() {
    local out
    out="$(openssl "$@" 2>&1)" || { printf '%s\n' "$out" >&2; die "openssl $1 failed"; }
}

# Issue $TLS_DIR/$1.{pem,key} for subject CN $2 with extensions file $3,
# signed by the test CA, valid $4 days (negative: already expired).
issue_cert() {
    local name="$1" cn="$2" ext="$3" days="$4"
    ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$TLS_DIR/$name.key" -subj "/O=smtpc tests/CN=$cn" -out "$TLS_DIR/$name.csr"
    ossl x509 -req -in "$TLS_DIR/$name.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" \
        -CAcreateserial -days "$days" -extfile "$ext" -out "$TLS_DIR/$name.pem"
    rm -f "$TLS_DIR/$name.csr"
}

# Create the CA and certificates unless valid ones are already there;
# CERTS_CHANGED tells whether they were made anew.
make_certs() {
    CERTS_CHANGED=no
    if [[ -s "$TLS_DIR/ca.pem" && -s "$TLS_DIR/server.pem" && -s "$TLS_DIR/expired.pem" ]] &&
        openssl x509 -checkend 86400 -noout -in "$TLS_DIR/ca.pem" >/dev/null 2>&1 &&
        openssl x509 -checkend 86400 -noout -in "$TLS_DIR/server.pem" >/dev/null 2>&1; then
        return 0
    fi
    CERTS_CHANGED=yes
    mkdir -p "$TLS_DIR"
    ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" -days 3650 \
        -subj "/O=smtpc tests/CN=smtpc test CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"

    local server_ext="$TLS_DIR/server.ext" client_ext="$TLS_DIR/client.ext" wrong_ext="$TLS_DIR/wrong.ext"
    cat >"$server_ext" <<EXT
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$SMTPC_TEST_HOSTNAME, DNS:localhost, IP:127.0.0.1, IP:::1
EXT
    cat >"$client_ext" <<EXT
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
EXT
    cat >"$wrong_ext" <<EXT
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
EXT
    issue_cert server "$SMTPC_TEST_HOSTNAME" "$server_ext" 3650
    issue_cert client "alice.$SMTPC_TEST_DOMAIN" "$client_ext" 3650
    issue_cert wrongname wrong.example "$wrong_ext" 3650
    issue_cert expired "$SMTPC_TEST_HOSTNAME" "$server_ext" -1
    rm -f "$server_ext" "$client_ext" "$wrong_ext" "$TLS_DIR/ca.srl"
    chmod 644 "$TLS_DIR"/*.pem
    chmod 600 "$TLS_DIR"/*.key
}
