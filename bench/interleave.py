#!/usr/bin/env python3
"""Times commands in alternation, for bench/run's rows that compare smtpc with a tool.

    interleave.py [--lockstep NAME FILE REPLIES]... RUNS WARMUP DIR NAME CMD [NAME CMD ...]

Each round runs every command once (the order rotating from round to round), through
`sh -c` as hyperfine does; WARMUP rounds come first and are not kept. A shared machine
changes speed from one minute to the next: timed in alternation, both sides of a ratio
see the same machine, where two blocks of runs one after the other may not (two
hyperfine runs of the same STARTTLS row, minutes apart, read 1.29x and 0.99x;
docs/benchmarks.md, eighth round). The time of an empty `sh -c` (measured in the same
rounds, median) is subtracted from every run, as hyperfine subtracts the shell's start;
so is its CPU time.

Every run must exit 0: a tool that fails fast would look fast. The warm-up rounds are
its check.

--lockstep NAME FILE REPLIES feeds NAME's standard input from here, one line of FILE at
a time, as a user at a terminal would: the first line once the command has printed
REPLIES final reply lines (`250 ...`, not `250-...`) on its standard output, each next
line after one more, then end of input. `openssl s_client` sends what it reads at once,
so given `EHLO` and `QUIT` in a file it sends both in one record, one round trip fewer
than smtpc's script mode, which waits for each reply (docs/benchmarks.md).

Writes DIR/NAME.json for each command in hyperfine's export format (results[0].times,
wall seconds), which `report.py median` reads, with a list more, measured in the same
runs: "cpu", the user + system seconds of the shell and the command (wait4), less the
empty shell's median. Peak RSS is not taken here: a process started from Python keeps
Python's high-water mark through its exec, so wait4's ru_maxrss read 14.6 MiB for
`openssl version`, which GNU time, a small C program, reads as 5.6 MiB; bench/run
measures peak RSS under GNU time.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import time

FINAL_REPLY = re.compile(rb"^[0-9]{3}(?: |\r?$)")


def feed_in_lockstep(process, lines, replies):
    """Write LINES to the process's stdin, each once REPLIES (then one more) replies were seen."""
    pending = b""
    seen = 0
    for line in lines:
        while seen < replies:
            data = os.read(process.stdout.fileno(), 65536)
            if not data:
                break  # it closed its output: it has ended; the exit status tells how
            pending += data
            *complete, pending = pending.split(b"\n")
            seen += sum(1 for reply in complete if FINAL_REPLY.match(reply))
        try:
            process.stdin.write(line)
            process.stdin.flush()
        except BrokenPipeError:
            break
        replies += 1
    try:
        process.stdin.close()
    except BrokenPipeError:
        pass
    while os.read(process.stdout.fileno(), 65536):
        pass


def run_once(name, command, lockstep, directory):
    """(wall seconds, CPU seconds) of one run of COMMAND; exits if it fails."""
    errors = os.path.join(directory, f"{name}.err")
    with open(errors, "wb") as stderr:
        start = time.perf_counter()
        if lockstep is None:
            process = subprocess.Popen(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=stderr)
        else:
            lines, replies = lockstep
            process = subprocess.Popen(["sh", "-c", command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=stderr, bufsize=0)
            feed_in_lockstep(process, lines, replies)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stdout is not None:
        process.stdout.close()
    if process.returncode != 0:
        with open(errors, encoding="utf-8", errors="replace") as handle:
            sys.stderr.write("".join(handle.readlines()[-20:]))
        sys.exit(f"interleave.py: {name} failed (exit {process.returncode}): {command}")
    return elapsed, usage.ru_utime + usage.ru_stime


def parse(arguments):
    lockstep = {}
    while arguments[:1] == ["--lockstep"]:
        if len(arguments) < 4:
            sys.exit("interleave.py: --lockstep needs NAME FILE REPLIES")
        name, path, replies = arguments[1:4]
        with open(path, "rb") as handle:
            lines = [line.rstrip(b"\r\n") + b"\n" for line in handle if line.strip()]
        lockstep[name] = (lines, int(replies))
        arguments = arguments[4:]
    if len(arguments) < 5 or len(arguments) % 2 == 0:
        sys.exit("usage: interleave.py [--lockstep NAME FILE REPLIES]... RUNS WARMUP DIR NAME CMD [NAME CMD ...]")
    pairs = list(zip(arguments[3::2], arguments[4::2]))
    unknown = set(lockstep) - {name for name, _ in pairs}
    if unknown:
        sys.exit(f"interleave.py: --lockstep names no command: {', '.join(sorted(unknown))}")
    return int(arguments[0]), int(arguments[1]), arguments[2], pairs, lockstep


def main(arguments):
    runs, warmup, directory, pairs, lockstep = parse(arguments)
    commands = pairs + [("(shell)", "")]
    kept = {name: [] for name, _ in commands}
    for round_number in range(warmup + runs):
        shift = round_number % len(commands)
        for name, command in commands[shift:] + commands[:shift]:
            measured = run_once(name, command, lockstep.get(name), directory)
            if round_number >= warmup:
                kept[name].append(measured)
    shell_wall = statistics.median(wall for wall, _ in kept["(shell)"])
    shell_cpu = statistics.median(cpu for _, cpu in kept["(shell)"])
    for name, _ in pairs:
        result = {
            "times": [max(wall - shell_wall, 0.0) for wall, _ in kept[name]],
            "cpu": [max(cpu - shell_cpu, 0.0) for _, cpu in kept[name]],
        }
        with open(os.path.join(directory, f"{name}.json"), "w", encoding="utf-8") as handle:
            json.dump({"results": [result]}, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
