# Assertions for the shell checks (check, check-dnssec); sourced, not run.
# Each runs a command, matches its output (stdout and stderr) with an extended
# regex, and counts the result in passed/failed. Failures print the tail of the
# output; with CHECK_VERBOSE=yes passes print the line that matched.
# shellcheck shell=bash

passed=0 failed=0

# expect NAME REGEX CMD...: CMD's output must match REGEX.
expect() {
    local name="$1" regex="$2" out
    shift 2
    out="$("$@" 2>&1 || true)"
    if grep -qE -- "$regex" <<<"$out"; then
        passed=$((passed + 1))
        [[ "${CHECK_VERBOSE:-no}" != yes ]] || printf 'ok   %s: %s\n' "$name" "$(grep -m 1 -E -- "$regex" <<<"$out")"
    else
        failed=$((failed + 1))
        printf 'FAIL %s: no /%s/ in:\n%s\n' "$name" "$regex" "$(tail -n 8 <<<"$out")"
    fi
}

# refute NAME REGEX CMD...: CMD's output must not match REGEX.
refute() {
    local name="$1" regex="$2" out
    shift 2
    out="$("$@" 2>&1 || true)"
    if grep -qE -- "$regex" <<<"$out"; then
        failed=$((failed + 1))
        printf 'FAIL %s: unexpected /%s/ in:\n%s\n' "$name" "$regex" "$(grep -E -- "$regex" <<<"$out")"
    else
        passed=$((passed + 1))
        [[ "${CHECK_VERBOSE:-no}" != yes ]] || printf 'ok   %s: no /%s/ in %s\n' "$name" "$regex" "$(head -n 1 <<<"$out")"
    fi
}
