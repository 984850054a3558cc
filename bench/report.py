#!/usr/bin/env python3
"""Print bench/run's results as one table with smtpc/other ratios.

Reads the tab-separated rows bench/run recorded: SECTION, LABEL, KIND, DIVISOR, SOURCE.
KIND is "time" (SOURCE is a hyperfine JSON export of one command, DIVISOR turns the
time of one run into the time of one message) or "rss" (SOURCE holds one maximum
resident set size in kB per line, from GNU time). In each section the first row is
smtpc's, the reference of every ratio in that section.
"""

import json
import math
import statistics
import sys


def percentile(values, fraction):
    """The nearest-rank percentile: a value that was really observed, never interpolated."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def load(kind, divisor, source):
    """Return (samples, unit) for one row: seconds per message, or kilobytes."""
    if kind == "time":
        with open(source, encoding="utf-8") as handle:
            times = json.load(handle)["results"][0]["times"]
        return [t / divisor for t in times], "s"
    with open(source, encoding="utf-8") as handle:
        return [float(line) for line in handle if line.strip()], "kB"


def show(value, unit):
    """Format a time in ms (more decimals when small) or a size in MB."""
    if unit == "kB":
        return f"{value / 1024:.1f} MB"
    ms = value * 1000
    return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms"


def main(path):
    """Read the rows in PATH and print the table."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            section, label, kind, divisor, source = line.rstrip("\n").split("\t")
            samples, unit = load(kind, float(divisor), source)
            rows.append((section, label, samples, unit, float(divisor)))

    header = ("measure", "tool", "median", "p90", "runs", "smtpc/tool")
    lines = []
    reference = {}
    for section, label, samples, unit, divisor in rows:
        median = statistics.median(samples)
        first = section not in reference
        if first:
            reference[section] = median
        ratio = "(ref)" if first else f"{reference[section] / median:.2f}"
        note = ""
        if unit == "s" and divisor > 1:
            note = f"  = {1 / median:,.0f} msg/s"
        lines.append((section if first else "", label, show(median, unit),
                      show(percentile(samples, 0.9), unit), str(len(samples)), ratio + note))

    widths = [max(len(row[i]) for row in lines + [header]) for i in range(len(header))]
    right = {2, 3, 4}

    def render(row):
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    print(render(header))
    print(render(tuple("-" * w for w in widths)))
    previous = None
    for row, (section, *_rest) in zip(lines, rows):
        if previous is not None and section != previous:
            print()
        previous = section
        print(render(row))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RESULTS.tsv")
    main(sys.argv[1])
