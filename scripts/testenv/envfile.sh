# Writes "$DIR/env", the settings the tests read; sourced by start (needs lib.sh).
# Format: one `export NAME='VALUE'` per line (values never hold a quote), so it
# can be sourced by a shell and parsed by the Swift tests line by line.
# shellcheck shell=bash

write_env_file() {
    local host6="" tmp="$DIR/env.tmp"
    have_ipv6 && host6="::1"
    local -a vars=(
        SMTPC_TESTENV_DIR "$DIR"
        SMTPC_TEST_HOST "$SMTPC_TEST_HOST"
        SMTPC_TEST_HOST6 "$host6"
        SMTPC_TEST_HOSTNAME "$SMTPC_TEST_HOSTNAME"
        SMTPC_TEST_DOMAIN "$SMTPC_TEST_DOMAIN"
        SMTPC_TEST_SMTP_PORT "$SMTPC_TEST_SMTP_PORT"
        SMTPC_TEST_SMTPS_PORT "$SMTPC_TEST_SMTPS_PORT"
        SMTPC_TEST_SUBMISSION_PORT "$SMTPC_TEST_SUBMISSION_PORT"
        SMTPC_TEST_NOTLS_PORT "$SMTPC_TEST_NOTLS_PORT"
        SMTPC_TEST_PROXY_PORT "$SMTPC_TEST_PROXY_PORT"
        SMTPC_TEST_XCLIENT_PORT "$SMTPC_TEST_XCLIENT_PORT"
        SMTPC_TEST_SOCKS_PORT "$SMTPC_TEST_SOCKS_PORT"
        SMTPC_TEST_SOCKS_AUTH_PORT "$SMTPC_TEST_SOCKS_AUTH_PORT"
        SMTPC_TEST_HTTP_PROXY_PORT "$SMTPC_TEST_HTTP_PROXY_PORT"
        SMTPC_TEST_HTTP_PROXY_AUTH_PORT "$SMTPC_TEST_HTTP_PROXY_AUTH_PORT"
        SMTPC_TEST_PROXY_USER "$SMTPC_TEST_PROXY_USER"
        SMTPC_TEST_PROXY_PASSWORD "$SMTPC_TEST_PROXY_PASSWORD"
        SMTPC_TEST_LMTP_PORT "$SMTPC_TEST_LMTP_PORT"
        SMTPC_TEST_LMTP_SOCKET "$DIR/lmtp.sock"
        SMTPC_TEST_DNS_PORT "$SMTPC_TEST_DNS_PORT"
        SMTPC_TEST_USER "$SMTPC_TEST_USER"
        SMTPC_TEST_PASSWORD "$SMTPC_TEST_PASSWORD"
        SMTPC_TEST_USER2 "$SMTPC_TEST_USER2"
        SMTPC_TEST_PASSWORD2 "$SMTPC_TEST_PASSWORD2"
        SMTPC_TEST_UNKNOWN_USER "$SMTPC_TEST_UNKNOWN_USER"
        SMTPC_TEST_CA "$TLS_DIR/ca.pem"
        SMTPC_TEST_DKIM_DIR "$DKIM_DIR"
        SMTPC_TEST_SERVER_CERT "$TLS_DIR/server.pem"
        SMTPC_TEST_SERVER_KEY "$TLS_DIR/server.key"
        SMTPC_TEST_CLIENT_CERT "$TLS_DIR/client.pem"
        SMTPC_TEST_CLIENT_KEY "$TLS_DIR/client.key"
        SMTPC_TEST_WRONGNAME_CERT "$TLS_DIR/wrongname.pem"
        SMTPC_TEST_WRONGNAME_KEY "$TLS_DIR/wrongname.key"
        SMTPC_TEST_EXPIRED_CERT "$TLS_DIR/expired.pem"
        SMTPC_TEST_EXPIRED_KEY "$TLS_DIR/expired.key"
        SMTPC_TEST_MAILDIR "$DIR/maildir"
        SMTPC_TEST_RELAY_MAILDIR "$DIR/maildir/relayed"
        SMTPC_TEST_LMTP_MAILDIR "$DIR/lmtp-maildir"
        SMTPC_TEST_POSTFIX_CONFIG "$PF_CONF"
        SMTPC_TEST_POSTFIX_LOG "$DIR/postfix.log"
        SMTPC_TEST_DOVECOT_LOG "$DIR/dovecot.log"
        SMTPC_TEST_DNS_LOG "$DIR/dnsmasq.log"
        # `smtpc check` (issue 25): the computed values; the names and ports follow.
        SMTPC_TEST_CHECK_TLSA_EE "$TLSA_EE"
        SMTPC_TEST_CHECK_TLSA_OTHER "$TLSA_OTHER"
        SMTPC_TEST_CHECK_TLSA_TA "$TLSA_TA"
        SMTPC_TEST_CHECK_TRUST_ANCHOR "$DNSSEC_DIR/anchor.ds"
        SMTPC_TEST_CHECK_STS_CERT "$TLS_DIR/mta-sts.pem"
        SMTPC_TEST_CHECK_STS_POLICY_DIR "$MTASTS_DIR/www"
        SMTPC_TEST_CHECK_AUTH_LOG "$DIR/nsd.log"
        SMTPC_TEST_CHECK_RESOLVER_LOG "$DIR/unbound.log"
        SMTPC_TEST_CHECK_HTTPS_LOG "$DIR/nginx.log"
    )
    # Every SMTPC_TEST_CHECK_* that ports.env and zones.env set.
    local name
    while read -r name; do
        vars+=("$name" "${!name}")
    done < <(sed -n 's/^\(SMTPC_TEST_CHECK_[A-Z0-9_]*\)=.*/\1/p' "$TESTENV_SCRIPTS/ports.env" "$TESTENV_SCRIPTS/zones.env")
    {
        echo "# smtpc test servers; written by scripts/testenv/start. One export per line."
        local i
        for ((i = 0; i < ${#vars[@]}; i += 2)); do
            [[ "${vars[i + 1]}" != *"'"* && "${vars[i + 1]}" != *$'\n'* ]] ||
                die "${vars[i]} must not contain a quote or a line break"
            printf "export %s='%s'\n" "${vars[i]}" "${vars[i + 1]}"
        done
    } >"$tmp"
    chmod 644 "$tmp"
    mv -f "$tmp" "$DIR/env"
}
