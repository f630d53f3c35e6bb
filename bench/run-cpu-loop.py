#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The CPU-loop row of bench-linux alone: native, Xen 4.17 and satori.

Boots the same kernel, initramfs and QEMU options as
bench/run-linux-lmbench.py, with `lmb=cpu` on the kernel command line:
/bin/lmb then runs only its CPU loop (100 stretches of a million
iterations), pinned to each vCPU in turn, for --loops rounds. Two
measurements per run:

- host: the host CPU time QEMU's vCPU threads (all threads but the main
  one) spent from lmb's last "cpu_mark" line to its result line (300 ms
  idle, then the loop), less what they spent in the 300 ms idle window
  before (mark to mark), read from /proc/<qemu>/task/*/schedstat. All
  vCPU threads, not only the busiest: a hypervisor may move the loop's
  vCPU between physical CPUs (QEMU threads) meanwhile. It counts
  everything the machine's CPUs did during the loop (the loop, timer
  interrupts, the hypervisor's work, the other CPU's idle wake-ups) and
  nothing of the time the host ran other processes instead, so it
  hardly depends on the host's load; microseconds per million
  iterations. "process": the same with QEMU's main (I/O) thread.
- min / median: lmb's fastest and median stretch in TSC cycles per
  thousand iterations (under TCG the guest's TSC is the host's, on all
  three systems). min does not move with the host's load as long as
  some stretches run unpreempted; median does.
- wall: the whole run by the guest's clock_gettime, microseconds per
  million iterations (moves with the load); intr: the guest's interrupts
  (all vCPUs, /proc/stat) during the run.

After each run lmb measures the time the loop loses to interruptions
(lmb.c, cpu_intr_measure; docs/performance.md, "The CPU loop with its
interruptions"); the second table has per system tick_kcyc (the fastest
stretch plus the loop's share of time lost to the periodic tick: the
honest CPU-loop number) and its ratio to native, the periodic share,
events per second and us per event, small_kc (all interruptions but host
preemption), long (fastest 100 ms stretch), the lost time by class and
the guest's interrupts per second; then the interruptions by size.

    bench/run-cpu-loop.py [--rounds N] [--loops N] [--systems ...]
                          [--no-build] [--logs] [--icount SHIFT]
                          [--accel tcg,thread=...] [--taskset CPUS]

With --icount 0 (`make bench-cpu-loop ICOUNT=0`) QEMU runs one thread
for all vCPUs and the guest's clock and TSC count executed instructions
(1 ns each): timing is deterministic and blind to the host, and a cost is
an instruction count (no TLB refills or other host-side TCG costs).
"""

import argparse
import ast
import importlib.util
import os
import re
import statistics
import sys

import linuxboot

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "lmbench", os.path.join(HERE, "run-linux-lmbench.py"))
LMB = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(LMB)

MARK = re.compile(r"lmb: cpu_mark (\d+)")
# lmb's interruption measure after each run (cpu_intr_print): the chunk
# baseline, the loop with the tick class in, the lost time by class (%).
CHUNKS = re.compile(r"lmb: cpu_chunks_cpu\d+ base ([0-9.]+) tick_kcyc "
                    r"([0-9.]+) lost ([0-9.]+) jitter ([0-9.]+)"
                    r"(?: short ([0-9.]+) shorts \d+ small_kcyc [0-9.]+)? tick "
                    r"([0-9.]+) host ([0-9.]+) ticks (\d+) tick_med "
                    r"([0-9.]+) tick_gap ([0-9.]+) hosts (\d+) irqs (\d+) "
                    r"secs ([0-9.]+) mhz [0-9.]+"
                    r"(?: per_n (-?[0-9.]+) per_us (-?[0-9.]+) per_pct "
                    r"(-?[0-9.]+))?")
HIST = re.compile(r"lmb: cpu_hist_cpu\d+ \(us: count/lost us\)((?: "
                  r"\d+:\d+/\d+)+)")
LONG = re.compile(r"lmb: cpu_long_cpu\d+ ([0-9.]+) median ([0-9.]+)")
RESULT = re.compile(r"lmb: cpu_loop_cpu(\d+) ([0-9.]+) median ([0-9.]+) "
                    r"wall ([0-9.]+) intr ([0-9]+)")
# lmb's loop: CPU_STRETCHES * CPU_STRETCH_ITERS iterations per run.
MILLIONS = 100


def thread_cpu_ns(pid):
    """{tid: nanoseconds on a CPU} for every thread of @pid."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                out[tid] = int(f.read().split()[0])
        except OSError:
            pass
    return out


def cpu_delta(before, after):
    """{tid: nanoseconds} each thread ran from @before to @after."""
    return {t: after[t] - before.get(t, 0) for t in after}


def parse_intr(line, run):
    """Add the interruption lines' numbers to @run (the vCPU's run)."""
    m = CHUNKS.search(line)
    if m:
        g = [float(x or "nan") for x in m.groups()]
        secs = g[12]
        # From this run's fastest stretch, as lmb's cpu_intr_kcyc: the
        # loop plus a class's lost time per unit of the loop's own time.
        useful = 100 - g[2]
        # tick_kcyc: the periodic (tick) part found by lmb's fold.
        run.update(base=g[0], lost=g[2], jitter=g[3], short=g[4],
                   tick=g[5], hostpre=g[6], per_s=g[13] / secs,
                   per_us=g[14], per_pct=g[15],
                   tick_kcyc=run["min"] * (1 + g[15] / useful),
                   small_kcyc=run["min"] * (1 + (g[3] + g[4] + g[5]) /
                                            useful),
                   ticks_s=g[7] / secs, tick_med=g[8], tick_gap=g[9],
                   hosts_s=g[10] / secs, irqs_s=g[11] / secs)
    m = HIST.search(line)
    if m:
        run["hist"] = [tuple(int(v) for v in b.replace(":", "/").split("/"))
                       for b in m.group(1).split()]
    m = LONG.search(line)
    if m:
        run.update(long=float(m.group(1)), long_med=float(m.group(2)))


def qemu_options(cmd, args):
    """@cmd with the run's QEMU choices, the same for every system:
    --accel replaces "-accel tcg", --icount adds a deterministic
    instruction clock, --taskset pins all of QEMU's threads."""
    cmd = list(cmd)
    if args.accel:
        cmd[cmd.index("-accel") + 1] = args.accel
    if args.icount is not None:
        # QEMU 10 aborts ("Bad icount read") when an x2APIC timer MSR
        # reads the instruction clock outside an I/O instruction, which
        # both hypervisors do: they get the xAPIC's MMIO instead, and so
        # does native Linux, for the same machine.
        cmd[cmd.index("-cpu") + 1] = "max,-x2apic"
        cmd += ["-icount", f"shift={args.icount},sleep=off"]
    if args.taskset:
        cmd = ["taskset", "-c", args.taskset] + cmd
    return cmd


def log_path_of(system, tag):
    return os.path.join(LMB.OUT, f"cpu-{system}-{tag}.log")


def runs_from_log(system, tag):
    """The runs of an earlier boot, from its log (--logs)."""
    runs = []
    with open(log_path_of(system, tag), encoding="utf-8") as log:
        for line in log:
            if line.startswith("# host {"):
                runs.append(ast.literal_eval(line[len("# host "):]))
            elif runs:
                parse_intr(line, runs[-1])
    return runs


def boot(system, vmlinuz, tag, args):
    """One boot; returns a list of per-run dicts."""
    cmd = qemu_options(LMB.command(system, vmlinuz, args.satori_args), args)
    log_path = log_path_of(system, tag)
    runs, marks = [], []

    def on_line(proc, line):
        nonlocal marks
        if MARK.search(line):
            marks.append(thread_cpu_ns(proc.pid))
        m = RESULT.search(line)
        if m and len(marks) >= 2:
            loop = cpu_delta(marks[-1], thread_cpu_ns(proc.pid))
            idle = cpu_delta(marks[-2], marks[-1])
            main = str(proc.pid)
            runs.append({
                "vcpu": int(m.group(1)),
                "host": (sum(loop.values()) - loop.get(main, 0) -
                         sum(idle.values()) + idle.get(main, 0)) /
                1e3 / MILLIONS,
                "process": (sum(loop.values()) -
                            sum(idle.values())) / 1e3 / MILLIONS,
                "min": float(m.group(2)),
                "median": float(m.group(3)),
                "wall": float(m.group(4)),
                "intr": int(m.group(5)),
            })
            log.write(f"\n# host {runs[-1]}\n")
            marks = []
        if runs:
            parse_intr(line, runs[-1])
        return LMB.DONE in line

    with open(log_path, "w", encoding="utf-8", buffering=1) as log:
        done = linuxboot.stream_boot(cmd, log, args.timeout, on_line)
    if not done:
        sys.exit(f"{system} {tag}: no '{LMB.DONE}' within {args.timeout} s;"
                 f" log: {os.path.relpath(log_path, LMB.ROOT)}")
    return runs


KEYS = ("host", "process", "min", "median", "wall", "intr")
INTR_KEYS = ("base", "tick_kcyc", "small_kcyc", "long", "lost", "jitter",
             "short", "tick", "hostpre", "ticks_s", "irqs_s", "tick_med",
             "tick_gap", "per_s", "per_us", "per_pct")


def med_of(rows, key):
    vals = [r[key] for r in rows if key in r]
    return statistics.median(vals) if vals else float("nan")


def intr_summary(per_boot, hists, systems):
    """The interruption table: per system the medians over boots of each
    boot's median run, the ratios to native, and the summed histogram."""
    print("\ninterruptions (one run of 2^18 chunks of 4096 iterations per "
          "vCPU run; kcyc: TSC cycles per 1000 iterations; %: of the run)")
    print(f"{'system':<8}{'tick_kcyc':>10}{'/nat':>8}{'per%':>6}"
          f"{'per/s':>6}{'us/per':>7}{'small_kc':>9}{'/nat':>8}"
          f"{'long':>8}{'/nat':>8}{'lost%':>6}{'short%':>7}{'tick%':>6}"
          f"{'host%':>6}{'ticks/s':>8}{'irqs/s':>7}{'base':>8}")
    nat = {k: med_of(per_boot.get("native", []), k) for k in INTR_KEYS}
    for s in systems:
        m = {k: med_of(per_boot[s], k) for k in INTR_KEYS}
        print(f"{s:<8}{m['tick_kcyc']:10.1f}"
              f"{m['tick_kcyc'] / nat['tick_kcyc']:8.4f}{m['per_pct']:6.2f}"
              f"{m['per_s']:6.0f}{m['per_us']:7.1f}{m['small_kcyc']:9.1f}"
              f"{m['small_kcyc'] / nat['small_kcyc']:8.4f}{m['long']:8.1f}"
              f"{m['long'] / nat['long']:8.4f}{m['lost']:6.2f}"
              f"{m['jitter'] + m['short']:7.2f}{m['tick']:6.2f}"
              f"{m['hostpre']:6.2f}{m['ticks_s']:8.0f}{m['irqs_s']:7.0f}"
              f"{m['base']:8.1f}")
    print("\ninterruptions by size, all runs (bin: count, lost ms)")
    for s in systems:
        bins = [[0, 0] for _ in range(15)]
        for h in hists[s]:
            for i, (_, n, us) in enumerate(h):
                bins[i][0] += n
                bins[i][1] += us
        print(f"{s:<8}" + " ".join(
            f"{1 << i}us:{n}/{us / 1e3:.1f}" for i, (n, us) in
            enumerate(bins) if n))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3, help="boots per system")
    ap.add_argument("--loops", type=int, default=3,
                    help="runs per vCPU in each boot")
    ap.add_argument("--systems", default="native,xen,satori")
    ap.add_argument("--satori-args", default="")
    ap.add_argument("--timeout", type=int, default=LMB.TIMEOUT)
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--icount", type=int, metavar="SHIFT",
                    help="QEMU -icount shift=SHIFT,sleep=off: the guest's "
                         "TSC counts instructions (2^SHIFT ns each), the "
                         "host's load drops out")
    ap.add_argument("--accel", help="QEMU -accel value instead of tcg, "
                                    "e.g. tcg,thread=single")
    ap.add_argument("--taskset", metavar="CPUS",
                    help="run QEMU under taskset -c CPUS")
    ap.add_argument("--logs", action="store_true",
                    help="no boots: summarise the last run's logs "
                         "(build/bench/lmbench/cpu-<system>-<boot>.log)")
    args = ap.parse_args()
    systems = args.systems.split(",")
    os.makedirs(LMB.OUT, exist_ok=True)
    vmlinuz = None if args.logs else LMB.build(args.no_build)
    LMB.GUEST_ARGS = f"{LMB.GUEST_ARGS} lmb=cpu lmb_rounds={args.loops}"

    # Per system, per boot: the median over that boot's runs.
    per_boot = {s: [] for s in systems}
    hists = {s: [] for s in systems}
    for r in range(args.rounds):
        for s in systems:
            runs = (runs_from_log(s, r) if args.logs else
                    boot(s, vmlinuz, r, args))
            med = {k: statistics.median(x[k] for x in runs) for k in KEYS}
            med.update({k: med_of(runs, k) for k in INTR_KEYS})
            hists[s] += [x["hist"] for x in runs if "hist" in x]
            per_boot[s].append(med)
            print(f"boot {r + 1} {s:<7} " + " ".join(
                f"{k} {med[k]:.1f}" for k in KEYS) + "  host by run: " +
                " ".join(f"{x['host']:.0f}" for x in runs) +
                "  tick_kcyc by run: " +
                " ".join(f"{x.get('tick_kcyc', 0):.1f}" for x in runs),
                flush=True)
    print("\nmedians over boots (host, process, wall: us per million "
          "iterations; min, median: TSC cycles per thousand; intr per run)")
    print(f"{'system':<8}" + "".join(f"{k:>10}" for k in KEYS) +
          f"{'host/nat':>10}{'min/nat':>9}{'spread':>8}")
    for s in systems:
        med = {k: statistics.median(b[k] for b in per_boot[s]) for k in KEYS}
        hosts = [b["host"] for b in per_boot[s]]
        rel = ""
        if "native" in per_boot:
            nat = {k: statistics.median(b[k] for b in per_boot["native"])
                   for k in ("host", "min")}
            rel = (f"{med['host'] / nat['host']:10.3f}"
                   f"{med['min'] / nat['min']:9.3f}")
        print(f"{s:<8}" + "".join(f"{med[k]:10.1f}" for k in KEYS) + rel +
              f"{(max(hosts) - min(hosts)) / med['host']:8.3f}")
    intr_summary(per_boot, hists, systems)


if __name__ == "__main__":
    main()
