# Shared helpers for scripts/testenv/{install,start,stop,status}; sourced, not run.
# shellcheck shell=bash disable=SC2034  # variables used by the sourcing scripts

TESTENV_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=ports.env
. "$TESTENV_SCRIPTS/ports.env"
# shellcheck source=zones.env
. "$TESTENV_SCRIPTS/zones.env"

# All state lives under one absolute directory (Postfix wants absolute paths).
DIR="$(realpath -m "${SMTPC_TESTENV_DIR:-/tmp/smtpc-testenv}")"
# Postfix and Dovecot configs cannot quote paths: keep the name plain.
[[ "$DIR" =~ ^[A-Za-z0-9/._-]+$ ]] || {
    printf 'testenv: error: SMTPC_TESTENV_DIR=%s: use only letters, digits, / . _ -\n' "$DIR" >&2
    exit 1
}
PF_CONF="$DIR/postfix/conf"
PF_QUEUE="$DIR/postfix/queue"
PF_DATA="$DIR/postfix/data"
DC_CONF="$DIR/dovecot/dovecot.conf"
DC_RUN="$DIR/dovecot/run"
DNS_PID="$DIR/dnsmasq/dnsmasq.pid"
TLS_DIR="$DIR/tls"
DNSSEC_DIR="$DIR/dnssec"
NSD_PID="$DNSSEC_DIR/nsd.pid"
UNBOUND_PID="$DNSSEC_DIR/unbound.pid"
MTASTS_DIR="$DIR/mta-sts"
NGINX_PID="$MTASTS_DIR/nginx.pid"
# Mail is delivered as this uid/gid (exists on every Debian system).
MAIL_UID=65534
MAIL_GID=65534

say() { printf 'testenv: %s\n' "$*"; }
die() { printf 'testenv: error: %s\n' "$*" >&2; exit 1; }

# True when the loopback interface has an IPv6 address we can bind.
have_ipv6() {
    [[ -r /proc/net/if_inet6 ]] && grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6
}

# True when process $1 exists and is not a zombie waiting to be reaped.
proc_alive() {
    local stat
    [[ -n "$1" && -r "/proc/$1/stat" ]] || return 1
    read -r stat <"/proc/$1/stat" 2>/dev/null || return 1
    stat="${stat##*) }"
    [[ "${stat%% *}" != Z ]]
}

# Print the pid stored in file $1 (digits only), or nothing.
pid_of() { if [[ -s "$1" ]]; then tr -dc '0-9' <"$1"; fi; }

# True when the pid in file $1 names a live process.
pid_alive() { proc_alive "$(pid_of "$1")"; }

# Wait (at most 10 s) until the process in pid file $1 has gone.
wait_gone() {
    local pid i
    pid="$(pid_of "$1")"
    for ((i = 0; i < 100; i++)); do
        proc_alive "$pid" || return 0
        sleep 0.1
    done
    die "process $pid (from $1) did not stop"
}

# Print the session id of process $1 (field 6 of /proc/PID/stat), or nothing.
session_of() {
    local stat fields
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 0
    read -r -a fields <<<"${stat##*) }"
    printf '%s\n' "${fields[3]}"
}

# True when a process other than a zombie belongs to session $1.
session_alive() {
    local f stat fields
    for f in /proc/[0-9]*/stat; do
        read -r stat 2>/dev/null <"$f" || continue
        read -r -a fields <<<"${stat##*) }"
        [[ "${fields[3]}" == "$1" && "${fields[0]}" != Z ]] && return 0
    done
    return 1
}

# Stop the daemon in pid file $1 and wait (at most 10 s) until every process of
# its session has gone: NSD's other processes, which hold its sockets, outlive
# the one in the pid file by a moment.
stop_session() {
    local pid sid i
    pid="$(pid_of "$1")"
    proc_alive "$pid" || { rm -f "$1"; return 0; }
    sid="$(session_of "$pid")"
    # A daemon that did not leave our session is waited for alone.
    [[ "$sid" == "$(session_of $$)" ]] && sid=""
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        if [[ -n "$sid" ]]; then session_alive "$sid" || break; else proc_alive "$pid" || break; fi
        sleep 0.1
    done
    ((i < 100)) || die "process $pid (from $1) or its session did not stop"
    rm -f "$1"
}

# Move "$1.new" over $1 unless they are equal; return 0 when $1 changed.
replace_if_changed() {
    if [[ -e "$1" ]] && cmp -s "$1.new" "$1"; then
        rm -f "$1.new"
        return 1
    fi
    mv -f "$1.new" "$1"
}

postfix_running() { pid_alive "$PF_QUEUE/pid/master.pid"; }
dovecot_running() { pid_alive "$DC_RUN/master.pid"; }
dnsmasq_running() { pid_alive "$DNS_PID"; }
nsd_running() { pid_alive "$NSD_PID"; }
unbound_running() { pid_alive "$UNBOUND_PID"; }
nginx_running() { pid_alive "$NGINX_PID"; }
