# The DNSSEC stack for `smtpc check`'s tests (issue 25); sourced by start, stop and
# status (needs lib.sh; start also needs certs.sh). Two daemons, on loopback only:
#   NSD      :$SMTPC_TEST_CHECK_AUTH_PORT      authoritative for the zones below, signed at
#            start by ldns-signzone (ECDSA P-256, one key per signed zone, made once and
#            kept in $DNSSEC_DIR/keys; a zone is signed again when its records change or
#            its signatures are a week old, and they are valid for 30 days)
#   Unbound  :$SMTPC_TEST_CHECK_RESOLVER_PORT  validating resolver with stub zones to NSD
#            and one trust anchor, the DS of check.test ($DNSSEC_DIR/anchor.ds): AD on
#            secure answers, none on insecure ones, SERVFAIL on bogus ones (the data when
#            the query sets CD). Names outside check.test are refused.
# Records (Z = check.test, P = $SMTPC_TEST_SMTP_PORT; names and addresses are in zones.env;
# every A is 127.0.0.1 unless given; TLSA at _P._tcp.MXHOST; EE = SHA-256 of Postfix's
# server key (SubjectPublicKeyInfo), OTHER = the same of the wrongname key, CA = SHA-256
# of the test CA's certificate, all computed from the files in $TLS_DIR at start):
#   Z (signed)        delegates insecure.Z without DS and bogus.Z with one
#   dane-ee           MX 10 mx-dane-ee; TLSA 3 1 1 EE; TLS-RPT
#   dane-mismatch     MX 10 mx-dane-mismatch; TLSA 3 1 1 OTHER
#   dane-ta           MX 10 mx-dane-ta; TLSA 2 0 1 CA (Postfix sends the CA at depth 1)
#   dane-ta-badname   MX 10 mx.dane-ta-badname (a name not in the certificate); TLSA 2 0 1 CA
#   dane-notls        MX 10 mx-dane-notls (the no-TLS address); TLSA 3 1 1 EE
#   dane-pkix         MX 10 mx-dane-pkix; TLSA 1 1 1 EE and 0 0 1 CA (unusable for SMTP)
#   nullmx            MX 0 .
#   nomx              A, no MX
#   multi             MX 10/20/30 multi-mx1/2/3, two A each (the multi addresses, in order)
#   sts-enforce       MX 10 sts-mx1, MX 20 sts-mx2; _mta-sts TXT; TLS-RPT; mta-sts A
#   sts-testing       the same records as sts-enforce
#   sts-404, sts-redirect  MX 10 sts-mx1; _mta-sts TXT; TLS-RPT; mta-sts A
#   sts-twotxt        the same, but two v=STSv1 TXT records
#   insecure.Z (unsigned)  MX 10 mx.insecure.Z; TLSA 3 1 1 OTHER (never to be used)
#   bogus.Z (signed, signatures expired in 2020)  MX 10 mx.bogus.Z; TLSA 3 1 1 EE
# shellcheck shell=bash

DNSSEC_KEYS="$DNSSEC_DIR/keys"
DNSSEC_ZONES="$DNSSEC_DIR/zones"

# SHA-256, in hex, of the SubjectPublicKeyInfo of certificate $1 (TLSA selector 1).
spki_sha256() {
    openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1
}

# SHA-256, in hex, of certificate $1 in DER (TLSA selector 0).
cert_sha256() {
    openssl x509 -in "$1" -outform DER | sha256sum | cut -d' ' -f1
}

# Set the TLSA record data (presentation form) the zones publish, from the
# certificates as they are now: TLSA_EE, TLSA_OTHER, TLSA_TA.
compute_tlsa() {
    TLSA_EE="3 1 1 $(spki_sha256 "$TLS_DIR/server.pem")"
    TLSA_OTHER="3 1 1 $(spki_sha256 "$TLS_DIR/wrongname.pem")"
    TLSA_TA="2 0 1 $(cert_sha256 "$TLS_DIR/ca.pem")"
}

# Make the signing key of zone $1 unless it exists: $DNSSEC_KEYS/$1.{key,private}.
make_zone_key() {
    [[ -s "$DNSSEC_KEYS/$1.private" && -s "$DNSSEC_KEYS/$1.key" ]] && return 0
    local base
    base="$(cd "$DNSSEC_KEYS" && ldns-keygen -a ECDSAP256SHA256 -k "$1")" || die "ldns-keygen $1 failed"
    mv -f "$DNSSEC_KEYS/$base.key" "$DNSSEC_KEYS/$1.key"
    mv -f "$DNSSEC_KEYS/$base.private" "$DNSSEC_KEYS/$1.private"
    rm -f "$DNSSEC_KEYS/$base.ds"
    chmod 600 "$DNSSEC_KEYS/$1.private"
}

# The DS record (SHA-256) of zone $1's key, without a TTL.
zone_ds() {
    ldns-key2ds -n -2 "$DNSSEC_KEYS/$1.key" | awk '{ print $1, "IN DS", $5, $6, $7, $8 }'
}

# The start of zone $1's file: TTL, SOA and NS (NSD's own name is in check.test).
zone_head() {
    cat <<ZONE
\$ORIGIN $1.
\$TTL 60
@ SOA ns.$SMTPC_TEST_CHECK_ZONE. hostmaster.$SMTPC_TEST_CHECK_ZONE. 1 3600 600 86400 60
@ NS ns.$SMTPC_TEST_CHECK_ZONE.
ZONE
}

# Print the parent zone, check.test.
parent_zone() {
    local p="$SMTPC_TEST_SMTP_PORT" ee="$TLSA_EE" other="$TLSA_OTHER" ta="$TLSA_TA" sts_txt rpt_txt d addrs i mx
    sts_txt="\"v=STSv1; id=$SMTPC_TEST_CHECK_STS_ID;\""
    rpt_txt="\"v=TLSRPTv1; rua=$SMTPC_TEST_CHECK_TLSRPT_RUA\""
    zone_head "$SMTPC_TEST_CHECK_ZONE"
    cat <<ZONE
ns.$SMTPC_TEST_CHECK_ZONE. A 127.0.0.1
$SMTPC_TEST_CHECK_INSECURE_DOMAIN. NS ns.$SMTPC_TEST_CHECK_ZONE.
$SMTPC_TEST_CHECK_BOGUS_DOMAIN. NS ns.$SMTPC_TEST_CHECK_ZONE.
$(zone_ds "$SMTPC_TEST_CHECK_BOGUS_DOMAIN")

$SMTPC_TEST_CHECK_DANE_EE_DOMAIN. MX 10 $SMTPC_TEST_CHECK_DANE_EE_MX.
_smtp._tls.$SMTPC_TEST_CHECK_DANE_EE_DOMAIN. TXT $rpt_txt
$SMTPC_TEST_CHECK_DANE_EE_MX. A 127.0.0.1
_$p._tcp.$SMTPC_TEST_CHECK_DANE_EE_MX. TLSA $ee

$SMTPC_TEST_CHECK_DANE_MISMATCH_DOMAIN. MX 10 $SMTPC_TEST_CHECK_DANE_MISMATCH_MX.
$SMTPC_TEST_CHECK_DANE_MISMATCH_MX. A 127.0.0.1
_$p._tcp.$SMTPC_TEST_CHECK_DANE_MISMATCH_MX. TLSA $other

$SMTPC_TEST_CHECK_DANE_TA_DOMAIN. MX 10 $SMTPC_TEST_CHECK_DANE_TA_MX.
$SMTPC_TEST_CHECK_DANE_TA_MX. A 127.0.0.1
_$p._tcp.$SMTPC_TEST_CHECK_DANE_TA_MX. TLSA $ta

$SMTPC_TEST_CHECK_DANE_TA_BADNAME_DOMAIN. MX 10 $SMTPC_TEST_CHECK_DANE_TA_BADNAME_MX.
$SMTPC_TEST_CHECK_DANE_TA_BADNAME_MX. A 127.0.0.1
_$p._tcp.$SMTPC_TEST_CHECK_DANE_TA_BADNAME_MX. TLSA $ta

$SMTPC_TEST_CHECK_DANE_NOTLS_DOMAIN. MX 10 $SMTPC_TEST_CHECK_DANE_NOTLS_MX.
$SMTPC_TEST_CHECK_DANE_NOTLS_MX. A $SMTPC_TEST_CHECK_NOTLS_ADDR
_$p._tcp.$SMTPC_TEST_CHECK_DANE_NOTLS_MX. TLSA $ee

$SMTPC_TEST_CHECK_DANE_PKIX_DOMAIN. MX 10 $SMTPC_TEST_CHECK_DANE_PKIX_MX.
$SMTPC_TEST_CHECK_DANE_PKIX_MX. A 127.0.0.1
_$p._tcp.$SMTPC_TEST_CHECK_DANE_PKIX_MX. TLSA 1 ${ee#3 }
_$p._tcp.$SMTPC_TEST_CHECK_DANE_PKIX_MX. TLSA 0 ${ta#2 }

$SMTPC_TEST_CHECK_NULLMX_DOMAIN. MX 0 .
$SMTPC_TEST_CHECK_NOMX_DOMAIN. A 127.0.0.1

$SMTPC_TEST_CHECK_STS_POLICY_MX. A 127.0.0.1
$SMTPC_TEST_CHECK_STS_OTHER_MX. A 127.0.0.1
ZONE
    for d in "$SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN" "$SMTPC_TEST_CHECK_STS_TESTING_DOMAIN" \
        "$SMTPC_TEST_CHECK_STS_404_DOMAIN" "$SMTPC_TEST_CHECK_STS_REDIRECT_DOMAIN" \
        "$SMTPC_TEST_CHECK_STS_TWO_TXT_DOMAIN"; do
        echo
        echo "$d. MX 10 $SMTPC_TEST_CHECK_STS_POLICY_MX."
        case "$d" in
            "$SMTPC_TEST_CHECK_STS_ENFORCE_DOMAIN" | "$SMTPC_TEST_CHECK_STS_TESTING_DOMAIN")
                echo "$d. MX 20 $SMTPC_TEST_CHECK_STS_OTHER_MX." ;;
        esac
        echo "_mta-sts.$d. TXT $sts_txt"
        [[ "$d" == "$SMTPC_TEST_CHECK_STS_TWO_TXT_DOMAIN" ]] &&
            echo "_mta-sts.$d. TXT \"v=STSv1; id=${SMTPC_TEST_CHECK_STS_ID}b;\""
        echo "_smtp._tls.$d. TXT $rpt_txt"
        echo "mta-sts.$d. A 127.0.0.1"
    done

    echo
    read -r -a addrs <<<"$SMTPC_TEST_CHECK_MULTI_ADDRS"
    i=0
    for mx in $SMTPC_TEST_CHECK_MULTI_MX; do
        echo "$SMTPC_TEST_CHECK_MULTI_DOMAIN. MX $((10 * (i / 2 + 1))) $mx."
        echo "$mx. A ${addrs[i]}"
        echo "$mx. A ${addrs[i + 1]}"
        i=$((i + 2))
    done
}

# Print the unsigned child zone insecure.check.test.
insecure_zone() {
    zone_head "$SMTPC_TEST_CHECK_INSECURE_DOMAIN"
    cat <<ZONE
$SMTPC_TEST_CHECK_INSECURE_DOMAIN. MX 10 $SMTPC_TEST_CHECK_INSECURE_MX.
$SMTPC_TEST_CHECK_INSECURE_MX. A 127.0.0.1
_$SMTPC_TEST_SMTP_PORT._tcp.$SMTPC_TEST_CHECK_INSECURE_MX. TLSA $TLSA_OTHER
ZONE
}

# Print the child zone bogus.check.test (signed with expired signatures).
bogus_zone() {
    zone_head "$SMTPC_TEST_CHECK_BOGUS_DOMAIN"
    cat <<ZONE
$SMTPC_TEST_CHECK_BOGUS_DOMAIN. MX 10 $SMTPC_TEST_CHECK_BOGUS_MX.
$SMTPC_TEST_CHECK_BOGUS_MX. A 127.0.0.1
_$SMTPC_TEST_SMTP_PORT._tcp.$SMTPC_TEST_CHECK_BOGUS_MX. TLSA $TLSA_EE
ZONE
}

# Install zone $1's text from "$DNSSEC_ZONES/$1.zone.new"; sign it to $1.signed
# (ldns-signzone options after $1) when it changed, when it was never signed, or
# when its signatures are a week old. Sets DNSSEC_CHANGED when it signs.
sign_zone() {
    local zone="$1" file="$DNSSEC_ZONES/$1.zone" signed="$DNSSEC_ZONES/$1.signed"
    shift
    if replace_if_changed "$file" || [[ ! -s "$signed" || -n "$(find "$signed" -mmin +10080)" ]]; then
        rm -f "$signed"
        ldns-signzone "$@" -f "$signed.new" "$file" "$DNSSEC_KEYS/$zone" >"$DNSSEC_DIR/sign.log" 2>&1 || {
            cat "$DNSSEC_DIR/sign.log" >&2
            die "ldns-signzone $zone failed"
        }
        mv -f "$signed.new" "$signed"
        DNSSEC_CHANGED=yes
    fi
}

# The listen addresses: loopback, and ::1 when loopback has IPv6.
dnssec_listen_hosts() {
    echo 127.0.0.1
    have_ipv6 && echo ::1
    return 0
}

# Write NSD's configuration.
write_nsd_config() {
    local host zone file
    {
        cat <<CF
# Private NSD for smtpc's tests; generated by scripts/testenv/start.
server:
    port: $SMTPC_TEST_CHECK_AUTH_PORT
CF
        for host in $(dnssec_listen_hosts); do echo "    ip-address: $host"; done
        cat <<CF
    username: ""
    chroot: ""
    zonesdir: "$DNSSEC_ZONES"
    database: ""
    zonelistfile: "$DNSSEC_DIR/nsd/zone.list"
    xfrdfile: "$DNSSEC_DIR/nsd/xfrd.state"
    xfrdir: "$DNSSEC_DIR/nsd"
    cookie-secret-file: "$DNSSEC_DIR/nsd/cookiesecrets.txt"
    pidfile: "$NSD_PID"
    logfile: "$DIR/nsd.log"
    server-count: 1
    reuseport: no
    verbosity: 1
    hide-version: yes
remote-control:
    control-enable: no
CF
        for zone in "$SMTPC_TEST_CHECK_ZONE" "$SMTPC_TEST_CHECK_INSECURE_DOMAIN" "$SMTPC_TEST_CHECK_BOGUS_DOMAIN"; do
            file="$zone.signed"
            [[ "$zone" == "$SMTPC_TEST_CHECK_INSECURE_DOMAIN" ]] && file="$zone.zone"
            printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "$zone" "$file"
        done
    } >"$DNSSEC_DIR/nsd.conf.new"
    replace_if_changed "$DNSSEC_DIR/nsd.conf" && DNSSEC_CHANGED=yes
    return 0
}

# Write Unbound's configuration.
write_unbound_config() {
    local host zone
    {
        cat <<CF
# Private Unbound for smtpc's tests; generated by scripts/testenv/start.
server:
    port: $SMTPC_TEST_CHECK_RESOLVER_PORT
CF
        for host in $(dnssec_listen_hosts); do echo "    interface: $host"; done
        cat <<CF
    access-control: 127.0.0.0/8 allow
    access-control: ::1/128 allow
    do-ip6: $(if have_ipv6; then echo yes; else echo no; fi)
    do-daemonize: yes
    username: ""
    chroot: ""
    directory: "$DNSSEC_DIR"
    pidfile: "$UNBOUND_PID"
    logfile: "$DIR/unbound.log"
    use-syslog: no
    log-time-ascii: yes
    log-servfail: yes
    verbosity: 1
    val-log-level: 2
    num-threads: 1
    so-reuseport: no
    module-config: "validator iterator"
    # NSD answers from loopback, which Unbound would not ask by default.
    do-not-query-localhost: no
    trust-anchor-file: "$DNSSEC_DIR/anchor.ds"
    cache-max-ttl: 60
    cache-max-negative-ttl: 10
    val-bogus-ttl: 5
    # Only the test zones: everything else is refused at once, never sent to the root.
    local-zone: "." refuse
    local-zone: "test." nodefault
    local-zone: "$SMTPC_TEST_CHECK_ZONE." transparent
remote-control:
    control-enable: no
CF
        for zone in "$SMTPC_TEST_CHECK_ZONE" "$SMTPC_TEST_CHECK_INSECURE_DOMAIN" "$SMTPC_TEST_CHECK_BOGUS_DOMAIN"; do
            printf 'stub-zone:\n    name: "%s."\n    stub-addr: 127.0.0.1@%s\n' "$zone" "$SMTPC_TEST_CHECK_AUTH_PORT"
        done
    } >"$DNSSEC_DIR/unbound.conf.new"
    replace_if_changed "$DNSSEC_DIR/unbound.conf" && DNSSEC_CHANGED=yes
    return 0
}

# Make the keys, write and sign the zones, the trust anchor and both configurations;
# DNSSEC_CHANGED tells whether the daemons must start afresh.
write_dnssec_config() {
    DNSSEC_CHANGED=no
    mkdir -p "$DNSSEC_KEYS" "$DNSSEC_ZONES" "$DNSSEC_DIR/nsd"
    chmod 700 "$DNSSEC_KEYS"
    make_zone_key "$SMTPC_TEST_CHECK_ZONE"
    make_zone_key "$SMTPC_TEST_CHECK_BOGUS_DOMAIN"
    compute_tlsa

    local now
    now="$(date +%s)"
    parent_zone >"$DNSSEC_ZONES/$SMTPC_TEST_CHECK_ZONE.zone.new"
    sign_zone "$SMTPC_TEST_CHECK_ZONE" -i "$((now - 3600))" -e "$((now + 30 * 86400))"
    bogus_zone >"$DNSSEC_ZONES/$SMTPC_TEST_CHECK_BOGUS_DOMAIN.zone.new"
    sign_zone "$SMTPC_TEST_CHECK_BOGUS_DOMAIN" -i 20200101000000 -e 20200201000000
    insecure_zone >"$DNSSEC_ZONES/$SMTPC_TEST_CHECK_INSECURE_DOMAIN.zone.new"
    replace_if_changed "$DNSSEC_ZONES/$SMTPC_TEST_CHECK_INSECURE_DOMAIN.zone" && DNSSEC_CHANGED=yes

    zone_ds "$SMTPC_TEST_CHECK_ZONE" >"$DNSSEC_DIR/anchor.ds.new"
    replace_if_changed "$DNSSEC_DIR/anchor.ds" && DNSSEC_CHANGED=yes
    write_nsd_config
    write_unbound_config
}

# Start NSD and Unbound; start both afresh when anything changed (Unbound then
# forgets what it cached).
start_dnssec() {
    if [[ "$DNSSEC_CHANGED" == yes ]]; then
        stop_dnssec
    fi
    if ! nsd_running; then
        nsd -c "$DNSSEC_DIR/nsd.conf" >"$DNSSEC_DIR/nsd.start.log" 2>&1 || {
            cat "$DNSSEC_DIR/nsd.start.log" >&2
            die "nsd start failed"
        }
    fi
    if ! unbound_running; then
        unbound -c "$DNSSEC_DIR/unbound.conf" >"$DNSSEC_DIR/unbound.start.log" 2>&1 || {
            cat "$DNSSEC_DIR/unbound.start.log" >&2
            die "unbound start failed"
        }
    fi
}

# Stop Unbound and NSD.
stop_dnssec() {
    stop_session "$UNBOUND_PID"
    stop_session "$NSD_PID"
}
