#!/usr/bin/env python3
"""Times commands in alternation, for bench/run's rows that compare smtpc with a tool.

    interleave.py RUNS WARMUP DIR NAME CMD [NAME CMD ...]

Each round runs every command once (the order rotating from round to round), through
`sh -c` as hyperfine does; WARMUP rounds come first and are not kept. A shared machine
changes speed from one minute to the next: timed in alternation, both sides of a ratio
see the same machine, where two blocks of runs one after the other may not (two
hyperfine runs of the same STARTTLS row, minutes apart, read 1.29x and 0.99x;
docs/benchmarks.md, eighth round). The time of an empty `sh -c` (measured in the same
rounds, median) is subtracted from every run, as hyperfine subtracts the shell's start.

Writes DIR/NAME.json for each command in hyperfine's export format (results[0].times,
in seconds), which `report.py median` reads.
"""

import json
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.perf_counter()
    subprocess.run(["sh", "-c", command], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main(arguments):
    if len(arguments) < 5 or len(arguments) % 2 == 0:
        sys.exit("usage: interleave.py RUNS WARMUP DIR NAME CMD [NAME CMD ...]")
    runs, warmup, directory = int(arguments[0]), int(arguments[1]), arguments[2]
    pairs = list(zip(arguments[3::2], arguments[4::2]))
    commands = pairs + [("(shell)", "")]
    times = {name: [] for name, _ in commands}
    for round_number in range(warmup + runs):
        shift = round_number % len(commands)
        for name, command in commands[shift:] + commands[:shift]:
            elapsed = run_once(command)
            if round_number >= warmup:
                times[name].append(elapsed)
    shell = statistics.median(times["(shell)"])
    for name, _ in pairs:
        kept = [max(t - shell, 0.0) for t in times[name]]
        with open(os.path.join(directory, f"{name}.json"), "w", encoding="utf-8") as handle:
            json.dump({"results": [{"times": kept}]}, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
