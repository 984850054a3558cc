#!/usr/bin/env python3
"""bench/run's arithmetic and its table.

    report.py median HYPERFINE.json   the median of one command's times, in ms
    report.py median FILE.json cpu    the median CPU time, in ms (bench/interleave.py's files)
    report.py table ROWS.tsv          the table: smtpc, the tool, ratio, target, met

ROWS.tsv has one row per line: SECTION, MEASURE, UNIT, SMTPC, TOOL, TOOL-VALUE, TARGET.
Values are numbers in UNIT (MB/s, msg/s, ms, MiB), "-" for none, "n/a" when this smtpc
cannot do it. The ratio is always smtpc / tool, as in issue 9. TARGET is one of
"ratio>=X", "ratio<=X", "abs<X", "abs<=X" (smtpc's own figure, in UNIT), "unsupported"
(the row could not be measured), or empty (a figure without a target).
"""

import json
import operator
import re
import statistics
import sys

OPS = {">=": operator.ge, "<=": operator.le, "<": operator.lt, ">": operator.gt}


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def show(value, unit):
    v = number(value)
    if v is None:
        return value
    if unit == "ms":
        return f"{v:.1f} ms" if v < 100 else f"{v:.0f} ms"
    if unit == "MiB":
        return f"{v:.1f} MiB"
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:.1f} {unit}"


def judge(target, unit, mine, ratio):
    """(target text, met text) for one row."""
    if target == "unsupported":
        return "", "not supported by this build"
    match = re.fullmatch(r"(ratio|abs)(>=|<=|<|>)([0-9.]+)", target)
    if not match:
        return "", ""
    kind, op, limit = match.group(1), match.group(2), float(match.group(3))
    shown = op.replace(">=", "≥").replace("<=", "≤")
    if kind == "ratio":
        text, value = f"{shown} {limit:.1f}×", ratio
    else:
        text, value = f"{shown} {limit:g} {unit}", mine
    if value is None:
        return text, "?"
    return text, "yes" if OPS[op](value, limit) else "NO"


def table(path):
    header = ("measure", "", "smtpc", "the other tool", "its figure", "ratio", "target", "met")
    rows = []
    previous = None
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            section, measure, unit, mine, tool, theirs, target = line.rstrip("\n").split("\t")
            a, b = number(mine), number(theirs)
            ratio = a / b if a is not None and b else None
            target_text, met = judge(target, unit, a, ratio)
            rows.append((
                section if section != previous else "",
                measure,
                "not supported" if mine == "n/a" else show(mine, unit),
                "" if tool == "-" else tool,
                "" if theirs == "-" else show(theirs, unit),
                f"{ratio:.2f}×" if ratio is not None else "",
                target_text,
                met,
            ))
            previous = section
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    right = {2, 4, 5}

    def render(row):
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))).rstrip()

    print(render(header))
    print(render(tuple("-" * w for w in widths)))
    for row in rows:
        if row[0] and row is not rows[0]:
            print()
        print(render(row))


def median(path, key="times"):
    with open(path, encoding="utf-8") as handle:
        values = json.load(handle)["results"][0].get(key)
    if not values:
        print("-")  # hyperfine's files have no cpu list
        return
    print(f"{statistics.median(values) * 1000:.3f}")


if __name__ == "__main__":
    usage = "usage: report.py median HYPERFINE.json [cpu] | report.py table ROWS.tsv"
    if sys.argv[1:2] == ["median"] and len(sys.argv) in (3, 4) and sys.argv[3:] in ([], ["cpu"]):
        median(*sys.argv[2:])
    elif sys.argv[1:2] == ["table"] and len(sys.argv) == 3:
        table(sys.argv[2])
    else:
        sys.exit(usage)
