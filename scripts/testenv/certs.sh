# Test certificate authority and certificates for the smtpc test servers.
# Sourced by start; needs lib.sh. Files go to $TLS_DIR:
#   ca.pem                   the test CA (give it to clients as --cafile)
#   server.pem, server.key   mx.smtpc.test, localhost, 127.0.0.1, ::1, *.check.test (Postfix)
#   client.pem, client.key   client certificate CN=alice.smtpc.test (--cert/--key)
#   wrongname.pem/.key       valid, signed by the CA, but only for wrong.example
#   expired.pem/.key         signed by the CA for the server names, already expired
#   mta-sts.pem/.key         mta-sts.DOMAIN for each MTA-STS test domain (mtasts.sh, nginx)
#   server.names, mta-sts.names  the names those were issued for (a change reissues them)
# shellcheck shell=bash disable=SC2034  # CERTS_CHANGED is read by start

# Run openssl quietly; show its output only when it fails.
ossl() {
    local out
    out="$(openssl "$@" 2>&1)" || { printf '%s\n' "$out" >&2; die "openssl $1 failed"; }
}

# Issue $TLS_DIR/$1.{pem,key} for subject CN $2 with extensions file $3,
# signed by the test CA, valid $4 days (negative: already expired). Both files
# are made aside and renamed at the end, so a running server never reads a
# new key with an old certificate for longer than two renames take.
issue_cert() {
    local name="$1" cn="$2" ext="$3" days="$4" new="$TLS_DIR/$1.new"
    ossl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$new.key" -subj "/O=smtpc tests/CN=$cn" -out "$new.csr"
    ossl x509 -req -in "$new.csr" -CA "$TLS_DIR/ca.pem" -CAkey "$TLS_DIR/ca.key" \
        -CAcreateserial -days "$days" -extfile "$ext" -out "$new.pem"
    rm -f "$new.csr"
    chmod 600 "$new.key"
    chmod 644 "$new.pem"
    mv -f "$new.key" "$TLS_DIR/$name.key"
    mv -f "$new.pem" "$TLS_DIR/$name.pem"
}

# The names Postfix's certificate carries; the wildcard covers the MX hosts
# directly under the `smtpc check` zone (zones.env), not those one label deeper.
SERVER_NAMES="DNS:$SMTPC_TEST_HOSTNAME, DNS:localhost, IP:127.0.0.1, IP:::1, DNS:*.$SMTPC_TEST_CHECK_ZONE"

# The names of the MTA-STS policy server's certificate: mta-sts.DOMAIN for each
# MTA-STS test domain.
mta_sts_names() {
    local d names=""
    for d in "$SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN" "$SMTPC_TEST_CHECK_STS_TESTING_DOMAIN" \
        "$SMTPC_TEST_CHECK_STS_404_DOMAIN" "$SMTPC_TEST_CHECK_STS_REDIRECT_DOMAIN" \
        "$SMTPC_TEST_CHECK_STS_TWO_TXT_DOMAIN"; do
        names+="${names:+, }DNS:mta-sts.$d"
    done
    printf '%s\n' "$names"
}

# True when $TLS_DIR/$1.pem and .key exist, the certificate is valid for
# another day, and it was issued for the names $2 (kept in $TLS_DIR/$1.names).
cert_current() {
    [[ -s "$TLS_DIR/$1.pem" && -s "$TLS_DIR/$1.key" && -s "$TLS_DIR/$1.names" ]] &&
        [[ "$(<"$TLS_DIR/$1.names")" == "$2" ]] &&
        openssl x509 -checkend 86400 -noout -in "$TLS_DIR/$1.pem" >/dev/null 2>&1
}

# Write an extensions file for a server certificate for names $2 to $1.
server_ext() {
    cat >"$1" <<EXT
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $2
EXT
}

# Create the CA and the certificates that are missing, expire within a day, or
# were issued for other names; CERTS_CHANGED tells whether any was made anew.
# A new CA brings new certificates for everything.
make_certs() {
    CERTS_CHANGED=no
    mkdir -p "$TLS_DIR"
    local all=no
    if ! [[ -s "$TLS_DIR/ca.pem" && -s "$TLS_DIR/ca.key" ]] ||
        ! openssl x509 -checkend 86400 -noout -in "$TLS_DIR/ca.pem" >/dev/null 2>&1; then
        all=yes
        ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout "$TLS_DIR/ca.key" -out "$TLS_DIR/ca.pem" -days 3650 \
            -subj "/O=smtpc tests/CN=smtpc test CA" \
            -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    fi

    local ext="$TLS_DIR/issue.ext" mta_sts
    mta_sts="$(mta_sts_names)"
    if [[ "$all" == yes ]] || ! cert_current server "$SERVER_NAMES" || [[ ! -s "$TLS_DIR/expired.pem" ]]; then
        server_ext "$ext" "$SERVER_NAMES"
        issue_cert server "$SMTPC_TEST_HOSTNAME" "$ext" 3650
        issue_cert expired "$SMTPC_TEST_HOSTNAME" "$ext" -1
        printf '%s\n' "$SERVER_NAMES" >"$TLS_DIR/server.names"
        CERTS_CHANGED=yes
    fi
    if [[ "$all" == yes || ! -s "$TLS_DIR/wrongname.pem" ]]; then
        server_ext "$ext" "DNS:wrong.example"
        issue_cert wrongname wrong.example "$ext" 3650
        CERTS_CHANGED=yes
    fi
    if [[ "$all" == yes ]] || ! cert_current mta-sts "$mta_sts"; then
        server_ext "$ext" "$mta_sts"
        issue_cert mta-sts "mta-sts.$SMTPC_TEST_CHECK_ZONE" "$ext" 3650
        printf '%s\n' "$mta_sts" >"$TLS_DIR/mta-sts.names"
        CERTS_CHANGED=yes
    fi
    if [[ "$all" == yes || ! -s "$TLS_DIR/client.pem" ]]; then
        cat >"$ext" <<EXT
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
EXT
        issue_cert client "alice.$SMTPC_TEST_DOMAIN" "$ext" 3650
        CERTS_CHANGED=yes
    fi
    rm -f "$ext" "$TLS_DIR/ca.srl"
    chmod 644 "$TLS_DIR"/*.pem
    chmod 600 "$TLS_DIR"/*.key
}
