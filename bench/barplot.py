#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Bar chart of benchmark ratios (satori/native, satori/Xen) as a PNG.

    bench/barplot.py <results.json> <out.png>

The JSON is what bench/run-linux-lmbench.py writes: {"systems": [...],
"names": [...], "runs": {system: [{test: value}, ...]}}. Needs Debian's
python3-matplotlib (`apt-get install python3-matplotlib`); only the
benchmarks use it, never the tests.
"""

import json
import statistics
import sys


def ratios_png(path, runs, systems, names):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    others = [s for s in systems if s != "satori"]
    med = {s: {n: statistics.median(r[n] for r in runs[s] if n in r)
               for n in names} for s in systems}
    width = 0.8 / max(1, len(others))
    fig, ax = plt.subplots(figsize=(11, 4.5))
    for i, other in enumerate(others):
        vals = [med["satori"][n] / med[other][n] if med[other][n] else 0
                for n in names]
        ax.bar([x + i * width for x in range(len(names))], vals, width,
               label=f"satori / {other}")
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axhline(0.8, color="grey", linewidth=0.8, linestyle="--")
    ax.set_xticks([x + width * (len(others) - 1) / 2
                   for x in range(len(names))])
    ax.set_xticklabels(names, rotation=40, ha="right")
    ax.set_yscale("log")
    ax.set_ylabel("time ratio, log scale (lower is better)")
    ax.set_title("lmbench-style microbenchmarks, Linux 6.1 dom0 "
                 "(QEMU TCG, medians)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    # The rounds the runner kept (--max-other); the host's share is a
    # condition of the run, not a result.
    kept = data.get("kept")
    runs = {s: [r for i, r in enumerate(rs) if kept is None or i in kept]
            for s, rs in data["runs"].items()}
    names = [n for n in data["names"] if n != "host_other_pct"]
    ratios_png(sys.argv[2], runs, data["systems"], names)
