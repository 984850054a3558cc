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
    local bin=".build/$BUILD/smtpc" flags=()
    # The release binary is measured as it would ship, built with `make release`'s flags
    # (scripts/release-flags: the Swift runtime and libstdc++ linked in statically, ...).
    [[ "$BUILD" == release ]] && read -ra flags <<<"$(scripts/release-flags)"
    say "building smtpc ($BUILD${flags:+, static Swift runtime}); the first build takes several minutes"
    swift build -c "$BUILD" "${flags[@]}" --product smtpc >&2
    [[ -x "$bin" ]] || die "$bin is still missing after swift build"
    printf '%s\n' "$PWD/$bin"
}

# Everything the run started goes at exit: the sink, the work directory, the servers
# if they were ours.
SINK_PID=""
cleanup() {
    if [[ -n "$SINK_PID" ]]; then
        kill "$SINK_PID" 2>/dev/null || true
        wait "$SINK_PID" 2>/dev/null || true
    fi
    stop_pid PAGE_PID TERM
    stop_pid SERVE_PID INT
    stop_pid SMTP_SINK_PID TERM
    [[ -n "${WORK:-}" ]] && rm -rf "$WORK"
    stop_servers_if_ours
}

# Compile bench/sink.c into the work directory and start it on a free loopback port
# (SINK_PORT); it answers HELP with $HELP_LINES lines.
start_sink() {
    cc -O2 -Wall -o "$WORK/sink" bench/sink.c || die "cc could not compile bench/sink.c"
    "$WORK/sink" -p 0 -H "$HELP_LINES" -s "$WORK/sink.stats" >"$WORK/sink.port" 2>"$WORK/sink.log" &
    SINK_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        SINK_PORT="$(awk '$1 == "port" { print $2 }' "$WORK/sink.port" 2>/dev/null)"
        [[ -n "$SINK_PORT" ]] && return 0
        sleep 0.05
    done
    die "the sink did not start: $(cat "$WORK/sink.log")"
}

# The sink's count of KEY (connections, messages, bytes, commands).
sink_count() { awk -v k="$1" '$1 == k { print $2 }' "$WORK/sink.stats"; }
sink_totals() {
    printf '%s connections, %s messages, %s bytes received\n' \
        "$(sink_count connections)" "$(sink_count messages)" "$(sink_count bytes)"
}

# The sink must be right before it is trusted: end-of-data across reads, pipelining,
# and the two tools that speak to it in this run.
check_sink() {
    python3 bench/sink_check.py "$SINK_PORT" >&2 || die "bench/sink.c failed its check"
}

# Is SECTION among those BENCH_ONLY asks for?
wanted() { [[ ",$ONLY," == *",$1,"* ]]; }

# Values measured, by NAME and KEY.
put() { mkdir -p "$WORK/vals"; printf '%s\n' "$3" >"$WORK/vals/$1.$2"; }
get() { cat "$WORK/vals/$1.$2" 2>/dev/null || echo "-"; }

# row SECTION MEASURE UNIT SMTPC TOOL-LABEL TOOL-VALUE TARGET: one line of the table.
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$WORK/rows.tsv"; }

# run_checked NAME MSGS CMD: run CMD once; it must exit 0 and, when MSGS > 0, the
# sink must have received exactly MSGS messages. A tool that fails is never timed.
run_checked() {
    local name="$1" msgs="$2" cmd="$3" rc=0 before after
    before="$(sink_count messages)"
    sh -c "$cmd" >"$WORK/$name.out" 2>&1 || rc=$?
    if ((rc != 0)); then
        tail -n 20 "$WORK/$name.out" >&2
        die "$name failed (exit $rc): $cmd"
    fi
    if ((msgs > 0)); then
        sleep 0.05 # the sink writes its counts when the client says QUIT or closes
        after="$(sink_count messages)"
        (( after - before == msgs )) || { tail -n 20 "$WORK/$name.out" >&2; die "$name: the sink got $((after - before)) messages, expected $msgs"; }
    fi
}

# time_cmd NAME MSGS RUNS WARMUP CMD: check CMD, then time it with hyperfine; puts the
# median in ms as NAME.ms.
time_cmd() {
    local name="$1" msgs="$2" runs="$3" warmup="$4" cmd="$5"
    run_checked "$name" "$msgs" "$cmd"
    hyperfine --runs "$runs" --warmup "$warmup" --style none --export-json "$WORK/$name.json" \
        "$cmd" >/dev/null 2>"$WORK/$name.hyperfine" || { cat "$WORK/$name.hyperfine" >&2; die "hyperfine failed on: $cmd"; }
    put "$name" ms "$(python3 bench/report.py median "$WORK/$name.json")"
}

# time_pair RUNS WARMUP MSGS NAME CMD [NAME CMD ...]: each command checked once (MSGS
# messages must reach the sink, 0 for none), then all timed in alternation
# (bench/interleave.py: one run of each per round), so that a ratio between them compares
# runs made on the same machine in the same minutes. Medians of the same runs: NAME.ms
# (wall) and NAME.cpu (user + system), in ms. LOCKSTEP="NAME FILE
# REPLIES" (in the environment of the call) feeds NAME's input a line of FILE at a time,
# each after a reply (interleave.py --lockstep); interleave.py checks that command itself,
# in its warm-up rounds.
time_pair() {
    local runs="$1" warmup="$2" msgs="$3" i
    shift 3
    local -a spec=("$@") feed=()
    [[ -n "${LOCKSTEP:-}" ]] && read -ra feed <<<"--lockstep $LOCKSTEP"
    for ((i = 0; i < ${#spec[@]}; i += 2)); do
        [[ "${feed[1]:-}" == "${spec[i]}" ]] && continue
        run_checked "${spec[i]}" "$msgs" "${spec[i + 1]}"
    done
    python3 bench/interleave.py "${feed[@]}" "$runs" "$warmup" "$WORK" "${spec[@]}" || die "interleave.py failed"
    for ((i = 0; i < ${#spec[@]}; i += 2)); do
        put "${spec[i]}" ms "$(python3 bench/report.py median "$WORK/${spec[i]}.json")"
        put "${spec[i]}" cpu "$(python3 bench/report.py median "$WORK/${spec[i]}.json" cpu)"
    done
}

# per_second NAME COUNT: COUNT divided by NAME's median time.
per_second() { awk -v ms="$(get "$1" ms)" -v n="$2" 'BEGIN { printf "%.1f\n", n / (ms / 1000) }'; }

# peak_rss NAME CMD: median maximum resident set size (GNU time) of RUNS_RSS runs, as NAME.rss in MiB.
peak_rss() {
    local name="$1" cmd="$2" i
    : >"$WORK/$name.rss"
    for ((i = 0; i < RUNS_RSS; i++)); do
        /usr/bin/time -f '%M' -o "$WORK/$name.time" sh -c "$cmd" >/dev/null 2>&1 ||
            { cat "$WORK/$name.time" >&2; die "failed under /usr/bin/time: $cmd"; }
        tail -n 1 "$WORK/$name.time" >>"$WORK/$name.rss"
    done
    put "$name" rss "$(sort -n "$WORK/$name.rss" | awk '{ v[NR] = $1 } END { printf "%.1f\n", v[int((NR + 1) / 2)] / 1024 }')"
}

# transfer NAME SIZE CMD: run CMD (which sends one message of SIZE bytes to the sink)
# SEND_RUNS times under GNU time; NAME.rate is the best MB/s (10^6 bytes/s over the
# whole session), NAME.rss the largest peak RSS in MiB.
transfer() {
    local name="$1" size="$2" cmd="$3" i rc before_m before_b t0 t1 rate rss best=0 peak=0
    for ((i = 0; i < SEND_RUNS; i++)); do
        before_m="$(sink_count messages)"
        before_b="$(sink_count bytes)"
        rc=0
        t0="$(date +%s%N)"
        /usr/bin/time -f '%M' -o "$WORK/$name.time" sh -c "$cmd" >"$WORK/$name.out" 2>&1 || rc=$?
        t1="$(date +%s%N)"
        ((rc == 0)) || { tail -n 20 "$WORK/$name.out" >&2; die "$name failed (exit $rc): $cmd"; }
        sleep 0.05
        (( $(sink_count messages) - before_m == 1 )) || { tail -n 20 "$WORK/$name.out" >&2; die "$name: the sink did not get the message"; }
        (( $(sink_count bytes) - before_b >= size )) || die "$name: the sink got $(( $(sink_count bytes) - before_b )) bytes of body, fewer than the file's $size"
        rate="$(awk -v s="$size" -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f\n", s / (ns / 1e9) / 1e6 }')"
        rss="$(tail -n 1 "$WORK/$name.time")"
        awk -v a="$rate" -v b="$best" 'BEGIN { exit !(a > b) }' && best="$rate"
        ((rss > peak)) && peak="$rss"
    done
    put "$name" rate "$best"
    put "$name" rss "$(awk -v k="$peak" 'BEGIN { printf "%.1f\n", k / 1024 }')"
}

# sink_ceiling SIZE: the sink alone, fed by bench/blast.py, as ceiling.rate.
sink_ceiling() {
    put ceiling rate "$(python3 bench/blast.py "$SINK_PORT" "$1")" || die "blast.py failed"
}

# Does this smtpc have --pipeline? It exits 64 (usage) when it does not.
pipeline_supported() {
    local rc=0
    $SMTPC --pipeline "$HOST" "$SINK_PORT" <"$WORK/quit.smtp" >"$WORK/pipeline-probe.out" 2>&1 || rc=$?
    ((rc == 0)) && return 0
    if ((rc == 64)); then
        say "--pipeline: not supported by this build ($(head -n 1 "$WORK/pipeline-probe.out"))"
        return 1
    fi
    tail -n 5 "$WORK/pipeline-probe.out" >&2
    die "smtpc --pipeline failed (exit $rc)"
}

# The console on a pseudo-terminal (bench/pty_session.py): idle RSS at the prompt,
# the long HELP, Tab completion.
console_session() {
    python3 bench/pty_session.py "$HOST:$SINK_PORT> " "end of HELP" \
        $BIN --no-history --color never "$HOST" "$SINK_PORT" >"$WORK/console.json" ||
        die "the console session failed"
    local key
    for key in idle_rss_kb:idle_rss after_help_rss_kb:help_rss; do
        put console "${key#*:}" "$(python3 -c 'import json,sys; print(f"{json.load(open(sys.argv[1]))[sys.argv[2]] / 1024:.1f}")' "$WORK/console.json" "${key%:*}")"
    done
    for key in help_prompt_ms:help_ms completion_ms:completion_ms; do
        put console "${key#*:}" "$(python3 -c 'import json,sys; v = json.load(open(sys.argv[1]))[sys.argv[2]]; print("-" if v is None else f"{v:.1f}")' "$WORK/console.json" "${key%:*}")"
    done
    if [[ -n "${BENCH_KEEP:-}" ]]; then cp "$WORK/console.json" "$BENCH_KEEP/console.json"; fi
}

# Scripts for smtpc's script mode.
write_scripts() {
    echo QUIT >"$WORK/quit.smtp"
    # openssl s_client sends no EHLO after the handshake; send one so the session matches.
    printf 'EHLO %s\nQUIT\n' "$HELO" >"$WORK/ehlo-quit.smtp"
    # MSGS transactions; each message is 1 KiB on the wire (CRLF line ends) before the dot.
    python3 - "$MSGS" "$HELO" "$FROM" "$RCPT" >"$WORK/many.smtp" <<'PY'
import sys
n, helo, sender, rcpt = int(sys.argv[1]), *sys.argv[2:]
out = [f"EHLO {helo}"]
for i in range(1, n + 1):
    lines = [f"From: <{sender}>", f"To: <{rcpt}>", f"Subject: smtpc bench message {i}", ""]
    size = sum(len(l) + 2 for l in lines)
    while size < 1024:
        take = min(72, 1024 - size - 2)
        lines.append(("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod " * 2)[:max(take, 1)])
        size += len(lines[-1]) + 2
    out += [f"MAIL FROM:<{sender}>", f"RCPT TO:<{rcpt}>", "DATA", *lines, "."]
out.append("QUIT")
print("\n".join(out))
PY
}

# send_script FILE: a session that sends FILE with /send.
send_script() {
    printf 'EHLO %s\nMAIL FROM:<%s>\nRCPT TO:<%s>\n/send %s\nQUIT\n' "$HELO" "$FROM" "$RCPT" "$1"
}

# Print one line about the machine and the versions measured.
describe_machine() {
    local cpu
    cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
    # The load average says how busy the shared cores were when the run began.
    printf 'machine: %s, %s cores (%s), Linux %s, load average %s\n' \
        "$(. /etc/os-release && echo "$PRETTY_NAME")" "$(nproc)" "${cpu:-unknown CPU}" "$(uname -r)" \
        "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf 'tools:   %s, %s, swaks %s, Postfix %s (smtp-source), hyperfine %s\n' \
        "$(curl --version | awk 'NR == 1 { print $1, $2 }')" "$(openssl version | cut -d' ' -f1-2)" \
        "$(swaks --version | awk 'NR == 1 { print $3 }')" \
        "$(postconf -c "$SMTPC_TEST_POSTFIX_CONFIG" -h mail_version 2>/dev/null || echo '?')" \
        "$(hyperfine --version | cut -d' ' -f2)"
}

# --- the web view's rows (issue 27) -------------------------------------------------

SERVE_PID=""
SMTP_SINK_PID=""
PAGE_PID=""

# stop_pid VAR SIGNAL: send SIGNAL to the process whose id is in VAR (one this run
# started), SIGKILL after 10 s, reap it, empty VAR.
stop_pid() {
    local var="$1" sig="$2" pid="${!1}" i
    [[ -n "$pid" ]] || return 0
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    printf -v "$var" '%s' ""
}

# A free loopback TCP port (bound, then released for the caller).
free_port() {
    /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT WHAT PID LOG: wait (15 s at most) until 127.0.0.1:PORT accepts a connection,
# as long as PID lives; else die with LOG's tail.
wait_port() {
    local port="$1" what="$2" pid="$3" log="$4" i
    for ((i = 0; i < 300; i++)); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || die "$what exited: $(tail -n 5 "$log")"
        sleep 0.05
    done
    die "$what is not listening on 127.0.0.1:$port after 15 s: $(tail -n 5 "$log")"
}

# Start `smtpc serve` with the web view: SMTP on a port of its choosing (SERVE_PORT, read
# from its banner's "listening on"), the web view on WEB_PORT. WEB_URL is the page to
# watch: http://127.0.0.1:WEB_PORT$WEB_PAGE_PATH, or, when WEB_PAGE_PATH is empty, the
# first URL on WEB_PORT that the banner prints (the teacher's, with its token), else /.
start_web_serve() {
    local i log="$WORK/serve.log"
    WEB_PORT="$(free_port)"
    # shellcheck disable=SC2086  # WEB_SERVE_ARGS: more options, split on spaces
    $BIN serve --listen 127.0.0.1:0 --web "127.0.0.1:$WEB_PORT" $WEB_SERVE_ARGS >"$log" 2>&1 &
    SERVE_PID=$!
    SERVE_PORT=""
    for ((i = 0; i < 300; i++)); do
        SERVE_PORT="$(grep -oE 'listening on 127\.0\.0\.1:[0-9]+' "$log" 2>/dev/null | grep -v ":$WEB_PORT\$" | head -n 1 |
            cut -d: -f2 || true)"
        [[ -n "$SERVE_PORT" ]] && break
        kill -0 "$SERVE_PID" 2>/dev/null || die "smtpc serve --web exited: $(tail -n 5 "$log")"
        sleep 0.05
    done
    [[ -n "$SERVE_PORT" ]] || die "smtpc serve --web printed no 'listening on 127.0.0.1:PORT' in 15 s: $(tail -n 5 "$log")"
    wait_port "$WEB_PORT" "smtpc serve's web view" "$SERVE_PID" "$log"
    if [[ -n "$WEB_PAGE_PATH" ]]; then
        WEB_URL="http://127.0.0.1:$WEB_PORT$WEB_PAGE_PATH"
    else
        WEB_URL="$(grep -oE "http://127\.0\.0\.1:$WEB_PORT/[^[:space:]]*" "$log" | head -n 1 || true)"
        WEB_URL="${WEB_URL:-http://127.0.0.1:$WEB_PORT/}"
    fi
}

# Postfix's smtp-sink on a free port (SMTP_SINK_PORT); as root it must be given a user.
start_smtp_sink() {
    local user=()
    ((EUID == 0)) && user=(-u nobody)
    SMTP_SINK_PORT="$(free_port)"
    smtp-sink "${user[@]}" "127.0.0.1:$SMTP_SINK_PORT" 256 >"$WORK/smtp-sink.log" 2>&1 &
    SMTP_SINK_PID=$!
    wait_port "$SMTP_SINK_PORT" smtp-sink "$SMTP_SINK_PID" "$WORK/smtp-sink.log"
}

# Keep WEB_URL open in headless Chromium (cdp.py hold), a teacher watching, until
# stop_pid PAGE_PID TERM; returns once the page has loaded with status 200.
open_web_page() {
    local i
    /usr/bin/python3 Tests/TestSupport/cdp.py hold "$WEB_URL" >"$WORK/page.json" 2>"$WORK/page.log" &
    PAGE_PID=$!
    for ((i = 0; i < 600; i++)); do
        [[ -s "$WORK/page.json" ]] && break
        kill -0 "$PAGE_PID" 2>/dev/null || die "cdp.py hold $WEB_URL exited: $(tail -n 5 "$WORK/page.log")"
        sleep 0.05
    done
    grep -q '"status": 200' "$WORK/page.json" || die "the page $WEB_URL did not open: $(cat "$WORK/page.json" "$WORK/page.log")"
}

# source_checked NAME PORT: one smtp-source run with its counter on (-c); every one of
# WEB_MSGS messages must have been accepted (its last count), or the bench stops.
source_checked() {
    local name="$1" port="$2" rc=0 count
    $WEB_SOURCE -c "127.0.0.1:$port" >"$WORK/$name.check" 2>&1 || rc=$?
    count="$(tr '\r' '\n' <"$WORK/$name.check" | grep -E '^[0-9]+$' | tail -n 1 || true)"
    if ((rc != 0)) || [[ "$count" != "$WEB_MSGS" ]]; then
        tr '\r' '\n' <"$WORK/$name.check" | tail -n 5 >&2
        die "$name: smtp-source (exit $rc) counted ${count:-no} messages of $WEB_MSGS on 127.0.0.1:$port"
    fi
}
