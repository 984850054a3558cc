#!/usr/bin/env python3
"""Where a process's resident memory is: /proc/PID/smaps summed by mapping, for profiling.

    smaps.py PID|SMAPS-FILE [N]

Prints the N (default 25) largest contributors to Rss: each file mapped (all its
segments together, split into text/read-only and writable), [heap], [stack], and the
anonymous mappings, with their Rss and Private_Dirty in KiB.
"""

import collections
import re
import sys


def main():
    source = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    path = f"/proc/{source}/smaps" if source.isdigit() else source
    rss = collections.Counter()
    dirty = collections.Counter()
    name = None
    with open(path, encoding="ascii", errors="replace") as f:
        for line in f:
            head = re.match(r"^[0-9a-f]+-[0-9a-f]+ (\S+) \S+ \S+ \S+\s*(.*)$", line)
            if head:
                perms, file = head.group(1), head.group(2).strip()
                kind = "w" if "w" in perms else ("x" if "x" in perms else "r")
                if not file:
                    file = "[anonymous]"
                name = f"{file} ({kind})" if not file.startswith("[") else file
                continue
            field = re.match(r"^(Rss|Private_Dirty):\s+(\d+) kB", line)
            if field and name:
                (rss if field.group(1) == "Rss" else dirty)[name] += int(field.group(2))
    total = sum(rss.values())
    print(f"{'Rss KiB':>8} {'dirty':>8}  mapping   (total Rss {total} KiB = {total / 1024:.1f} MiB)")
    for name, kb in rss.most_common(limit):
        print(f"{kb:8d} {dirty[name]:8d}  {name}")


if __name__ == "__main__":
    main()
