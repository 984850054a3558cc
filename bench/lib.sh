# Helpers for bench/run; sourced, not run.
# shellcheck shell=bash disable=SC2034  # variables used by bench/run

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: error: %s\n' "$*" >&2; exit 1; }

# Make sure the test servers run; remember whether we started them, so that
# the end of the run stops only what it started (someone else's servers stay up).
STARTED_SERVERS=no
ensure_servers() {
    local status=0
    scripts/testenv/status >/dev/null 2>&1 || status=$?
    if ((status == 0)); then
        return 0
    fi
    [[ "$(id -u)" -eq 0 ]] || die "the test servers are not running and starting them needs root"
    scripts/testenv/install
    scripts/testenv/start >&2
    # Only a start from nothing is ours to undo; a partial set was someone else's.
    ((status == 3)) && STARTED_SERVERS=yes
    return 0
}

# Stop the servers at exit, but only when this run started them.
stop_servers_if_ours() {
    if [[ "$STARTED_SERVERS" == yes ]]; then
        scripts/testenv/stop || say "stopping the test servers failed"
    fi
}

# Build smtpc ($BUILD configuration) only when its binary is missing; print its path.
ensure_smtpc() {
    local bin=".build/$BUILD/smtpc"
    if [[ ! -x "$bin" ]]; then
        say "building smtpc ($BUILD); this takes a few minutes the first time"
        swift build -c "$BUILD" --product smtpc >&2
    fi
    [[ -x "$bin" ]] || die "$bin is still missing after swift build"
    printf '%s\n' "$PWD/$bin"
}

# Print N copies of one SMTP transaction (MAIL, RCPT, DATA, small body) for smtpc's script mode.
transactions() {
    local n="$1" i
    for ((i = 1; i <= n; i++)); do
        printf 'MAIL FROM:<%s>\nRCPT TO:<%s>\nDATA\n' "$FROM" "$RCPT"
        printf 'From: <%s>\nTo: <%s>\nSubject: smtpc bench %s message %d\n\n' "$FROM" "$RCPT" "$RUN_ID" "$i"
        printf 'A small body for the smtpc benchmark.\n.\n'
    done
}

# Write the smtpc scripts the runs read on standard input.
write_scripts() {
    { echo "EHLO $HELO"; transactions 1; echo QUIT; } >"$WORK/plain.smtp"
    { echo "EHLO $HELO"; transactions "$M"; echo QUIT; } >"$WORK/many.smtp"
    echo QUIT >"$WORK/quit.smtp"
    # openssl s_client sends no EHLO after the handshake; send one so the session matches.
    printf 'EHLO %s\nQUIT\n' "$HELO" >"$WORK/ehlo-quit.smtp"
}

# check NAME EXPECT CMD: run CMD once through sh; it must exit 0 and, when EXPECT is
# "PATTERN COUNT", print at least COUNT lines matching PATTERN. A tool that fails is
# never timed: a benchmark of an error path would measure nothing useful.
check() {
    local name="$1" expect="$2" cmd="$3" out="$WORK/$1.out" rc=0
    sh -c "$cmd" >"$out" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 20 "$out" >&2
        die "$name failed (exit $rc): $cmd"
    fi
    if [[ -n "$expect" ]]; then
        local pattern="${expect% *}" want="${expect##* }" got
        got="$(grep -c -- "$pattern" "$out" || true)"
        ((got >= want)) || { tail -n 20 "$out" >&2; die "$name: $got lines match '$pattern', expected $want"; }
    fi
}

# time_row SECTION LABEL DIVISOR MSGS RUNS EXPECT CMD: check CMD, time it RUNS times
# with hyperfine ($WARMUP warm-up runs first, output discarded), and record the row for
# report.py. DIVISOR turns the time of one run into the time of one unit (a message);
# MSGS is how many messages one run sends, counted for remove_delivered_mail.
ROW=0
SENT=0
time_row() {
    local section="$1" label="$2" divisor="$3" msgs="$4" runs="$5" expect="$6" cmd="$7"
    ROW=$((ROW + 1))
    local id="row$ROW"
    check "$id" "$expect" "$cmd"
    SENT=$((SENT + msgs * (1 + WARMUP + runs)))
    hyperfine --runs "$runs" --warmup "$WARMUP" --style none --export-json "$WORK/$id.json" \
        "$cmd" >/dev/null 2>"$WORK/$id.hyperfine" || { cat "$WORK/$id.hyperfine" >&2; die "hyperfine failed on: $cmd"; }
    printf '%s\t%s\ttime\t%s\t%s\n' "$section" "$label" "$divisor" "$WORK/$id.json" >>"$WORK/results.tsv"
}

# rss_row SECTION LABEL CMD: the maximum resident set size of CMD (GNU time -v), RUNS_RSS times.
rss_row() {
    local section="$1" label="$2" cmd="$3" i
    ROW=$((ROW + 1))
    local id="row$ROW"
    : >"$WORK/$id.rss"
    for ((i = 0; i < RUNS_RSS; i++)); do
        /usr/bin/time -v -o "$WORK/$id.time" sh -c "$cmd" >/dev/null 2>&1 ||
            { cat "$WORK/$id.time" >&2; die "failed under /usr/bin/time: $cmd"; }
        awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/$id.time" >>"$WORK/$id.rss"
    done
    printf '%s\t%s\trss\t1\t%s\n' "$section" "$label" "$WORK/$id.rss" >>"$WORK/results.tsv"
}

# Print one line about the machine and the versions measured.
describe_machine() {
    local cpu
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    # The load average says how busy the shared cores were when the run began.
    printf 'machine: %s, %s cores (%s), Linux %s, load average %s\n' \
        "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(nproc)" "${cpu:-unknown CPU}" "$(uname -r)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'tools:   Postfix %s, %s, swaks %s, hyperfine %s\n' \
        "$(postconf -c "$SMTPC_TEST_POSTFIX_CONFIG" -h mail_version 2>/dev/null || echo '?')" \
        "$(openssl version | cut -d' ' -f1-2)" "$(swaks --version | awk 'NR==1 { print $3 }')" \
        "$(hyperfine --version | cut -d' ' -f2)"
}

# Wait (bounded) until Postfix has delivered this run's mail, then delete exactly those
# messages: the tests share the maildir, and a run leaves hundreds of messages there.
remove_delivered_mail() {
    local dir="$SMTPC_TEST_MAILDIR/${RCPT%@*}" i count=0
    [[ -d "$dir" ]] || return 0
    for ((i = 0; i < 60; i++)); do
        count="$(grep -rlF -- "$RUN_ID" "$dir/new" "$dir/cur" 2>/dev/null | wc -l)"
        ((count >= SENT)) && break
        sleep 0.5
    done
    grep -rlZF -- "$RUN_ID" "$dir/new" "$dir/cur" 2>/dev/null | xargs -0r rm -f
    ((count >= SENT)) || say "only $count of $SENT messages were delivered within 30 s; removed those"
}
