#!/usr/bin/env python3
"""Turns a JMH JSON result (benchmarks/run) into the tables of docs/benchmarks.md.

Rates are computed from JMH's average time per operation: GFLOP/s = flops / (ns per op), with
2mn flops for gemv, gemvT and ger and 2mnk for gemm. "+-" is JMH's 99.9% confidence half-width, carried
over to the rate; a result of a single iteration has no interval, and none is shown. Every bar of issue 3
whose results are in the file is checked and printed as met or NOT met.

usage: benchmarks/report.py [RESULT.json]   (default: benchmarks/target/jmh-result.json)
"""
import json
import os
import sys
from collections import defaultdict

UNIT_NS = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6, "s/op": 1e9}
PEAKS = {}  # PeakBench method -> (vector fma per us, error, flops per us or None)
PAIRS = {}  # PairedBench pair -> (us per call of both ways, [(first ns, second ns) per iteration])


def load(path):
    rows = defaultdict(dict)  # (bench, shape-key) -> impl -> (ns, err_ns, alloc)
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 2)
        cls, method = name[-2], name[-1]
        p = dict(r.get("params", {}))
        if cls == "PairedBench":
            sec = r["secondaryMetrics"]
            iters = [(f, g) for fr, gr in zip(sec["firstNanos"]["rawData"], sec["secondNanos"]["rawData"])
                     for f, g in zip(fr, gr)]
            PAIRS[p["pair"]] = (r["primaryMetric"]["score"] * UNIT_NS[r["primaryMetric"]["scoreUnit"]] / 1e3, iters)
            continue
        if cls == "PeakBench":
            # Throughput, vector fma per microsecond summed over the threads, and the flops they did per
            # microsecond (the secondary result, which knows the vector width; absent from older results).
            flops_rate = r.get("secondaryMetrics", {}).get("flops", {}).get("score")
            PEAKS[method] = (r["primaryMetric"]["score"], r["primaryMetric"].get("scoreError"), flops_rate)
            continue
        impl = p.pop("impl")
        m = r["primaryMetric"]
        scale = UNIT_NS[m["scoreUnit"]]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        if alloc is None:
            alloc = r.get("secondaryMetrics", {}).get("\u00b7gc.alloc.rate.norm", {}).get("score")
        key = (cls, method, tuple(sorted(p.items())))
        try:
            err = float(m["scoreError"])
        except (TypeError, ValueError, KeyError):
            err = None
        if err is not None and err != err:  # NaN with a single iteration: no interval, not an exact figure
            err = None
        rows[key][impl] = (m["score"] * scale, None if err is None else err * scale, alloc)
    return rows


def flops(cls, method, params):
    p = dict(params)
    if cls == "Level2Bench":
        m, n = map(int, p["shape"].split("x")[:2])
        return 2.0 * m * n
    if cls == "GemmBench":
        m, k, n = map(int, p["shape"].split("x"))
        return 2.0 * m * n * k
    return None


def fmt_rate(ns, err, fl):
    g = fl / ns
    if err is None:
        return f"{g:.1f}"
    return f"{g:.1f} ± {g - fl / (ns + err):.1f}"


def fmt_time(ns, err, div, unit):
    return f"{ns / div:,.1f} {unit}" + ("" if err is None else f" ± {err / div:,.1f}")


def alloc_str(a):
    return "n/a" if a is None else f"{a:.0f}" if a >= 1 or a == 0 else f"{a:.3f}"


def main(path):
    rows = load(path)
    bars = []
    print("| benchmark | shape | scalar | simd | VectorBLAS | simd / scalar | simd / VectorBLAS | B/op scalar, simd, VectorBLAS |")
    print("|---|---|---|---|---|---|---|---|")
    for key in sorted(rows, key=lambda k: (k[0], k[1], k[2])):
        cls, method, params = key
        impls = rows[key]
        fl = flops(cls, method, params)
        shape = ", ".join(f"{k}={v}" for k, v in params)
        if cls == "ThreadsBench" or not impls.keys() & {"simd", "scalar", "vectorblas"}:
            continue
        s_ = impls.get("scalar")
        v = impls.get("simd")
        b = impls.get("vectorblas")
        vs_scalar = s_[0] / v[0] if s_ and v else None
        vs_blas = b[0] / v[0] if b and v else None
        if fl:
            cells = [fmt_rate(x[0], x[1], fl) if x else "n/a" for x in (s_, v, b)]
        else:
            div = 1e3 if cls == "TrainingStepBench" else 1.0
            u = "µs" if div == 1e3 else "ns"
            cells = [fmt_time(x[0], x[1], div, u) if x else "n/a" for x in (s_, v, b)]
        allocs = ", ".join(alloc_str(x[2]) if x else "-" for x in (s_, v, b))
        print(f"| {cls.replace('Bench', '')}.{method} | {shape} | {cells[0]} | {cells[1]} | {cells[2]} | "
              f"{f'{vs_scalar:.1f}x' if vs_scalar else 'n/a'} | {f'{vs_blas:.2f}x' if vs_blas else 'n/a'} | {allocs} |")
        # the bars of issue 3, where this run measured both sides of one
        p = dict(params)
        if cls == "Level2Bench" and method in ("gemv", "gemvT"):
            if vs_scalar:
                bars.append((f"{method} {p['shape']} >= 5x scalar", vs_scalar >= 5, f"{vs_scalar:.1f}x"))
            if vs_blas:
                bars.append((f"{method} {p['shape']} >= VectorBLAS", vs_blas >= 1, f"{vs_blas:.2f}x"))
        if cls == "Level2Bench" and method == "ger" and p["shape"] == "128x784" and vs_scalar:
            bars.append((f"ger {p['shape']} >= 5x scalar", vs_scalar >= 5, f"{vs_scalar:.1f}x"))
        if cls == "GemmBench" and vs_blas:
            bars.append((f"gemm {p['form']} {p['shape']} >= 1.5x VectorBLAS", vs_blas >= 1.5, f"{vs_blas:.2f}x"))
        if cls == "ActivationBench" and method == "sigmoid" and vs_scalar:
            bars.append((f"sigmoid n={p['n']} >= 4x scalar", vs_scalar >= 4, f"{vs_scalar:.1f}x"))
        if cls == "TrainingStepBench" and vs_scalar:
            # Every parameter in the name: input and layout make rows of the same batch.
            bars.append((f"training step {shape} >= 4x scalar", vs_scalar >= 4, f"{vs_scalar:.1f}x"))
    threads_table(rows)
    peak_table()
    paired_table()
    print()
    print("| bar | measured | |")
    print("|---|---|---|")
    for name, ok, got in bars:
        print(f"| {name} | {got} | {'met' if ok else '**NOT met**'} |")


def threads_table(rows):
    """ThreadsBench: each benchmark on 1 and 2 threads, and the speed-up."""
    by = defaultdict(dict)
    for (cls, method, params), impls in rows.items():
        if cls != "ThreadsBench" or "simd" not in impls:
            continue
        p = dict(params)
        by[method][int(p["threads"])] = impls["simd"]
    if not by:
        return
    print()
    print("| ThreadsBench | 1 thread | 2 threads | 2 threads / 1 thread | B/op (1, 2 threads) |")
    print("|---|---:|---:|---:|---|")
    for method in sorted(by):
        one, two = by[method].get(1), by[method].get(2)
        if not one or not two:
            continue
        cell = lambda v: f"{v[0] / 1e3:,.1f}" + ("" if v[1] is None else f" ± {v[1] / 1e3:,.1f}") + " µs"
        print(f"| {method} | {cell(one)} | {cell(two)} | {one[0] / two[0]:.2f}x | "
              f"{alloc_str(one[2])}, {alloc_str(two[2])} |")


def peak_table():
    """PeakBench: the fma throughput the machine gave during the run, on 1 and 2 threads."""
    if not PEAKS:
        return
    print()
    print("| PeakBench (fma in registers) | vector fma per µs | GFLOP/s |")
    print("|---|---:|---:|")
    for method in ("oneThread", "twoThreads"):
        if method in PEAKS:
            score, err, flops_rate = PEAKS[method]
            err = f" ± {float(err):,.0f}" if err not in (None, "NaN") else ""
            # Results from before the flops counter: 8 lanes (256-bit) assumed, and said.
            gflops = f"{flops_rate / 1e3:.1f}" if flops_rate else f"{score * 16 / 1e3:.1f} (if 8 lanes)"
            print(f"| {method} | {score:,.0f}{err} | {gflops} |")
    if "oneThread" in PEAKS and "twoThreads" in PEAKS:
        print(f"| two threads / one | {PEAKS['twoThreads'][0] / PEAKS['oneThread'][0]:.2f}x | |")


def paired_table():
    """PairedBench: per pair, how many times faster the first way was than the second, iteration by iteration."""
    if not PAIRS:
        return
    print()
    print("| PairedBench: operation, shape | first way | second way | µs per call, first / second "
          "| second / first: median | min to max | iterations |")
    print("|---|---|---|---|---:|---|---:|")
    for pair in sorted(PAIRS):
        both_us, iters = PAIRS[pair]
        op, shape, first, second = pair.split(":")
        ratios = sorted(g / f for f, g in iters if f > 0)
        if not ratios:
            continue
        n = len(ratios)
        median = ratios[n // 2] if n % 2 else (ratios[n // 2 - 1] + ratios[n // 2]) / 2
        f_sum = sum(f for f, _ in iters)
        g_sum = sum(g for _, g in iters)
        first_us = both_us * f_sum / (f_sum + g_sum)
        second_us = both_us * g_sum / (f_sum + g_sum)
        print(f"| {op} {shape} | {first} | {second} | {first_us:,.1f} / {second_us:,.1f} | {median:.2f}x | "
              f"{ratios[0]:.2f}x to {ratios[-1]:.2f}x | {n} |")


if __name__ == "__main__":
    if len(sys.argv) > 2 or len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr if len(sys.argv) > 2 else sys.stdout)
        sys.exit(2 if len(sys.argv) > 2 else 0)
    result = sys.argv[1] if len(sys.argv) == 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                                  "target", "jmh-result.json")
    try:
        with open(result, encoding="utf-8") as f:
            runs = json.load(f)
        if not isinstance(runs, list) or not all(isinstance(r, dict) and "benchmark" in r for r in runs):
            raise ValueError("not a list of JMH runs")
        main(result)
    except (OSError, ValueError) as e:
        # A missing, empty, cut-off or other file: one line, not a traceback. (UnicodeDecodeError and
        # JSONDecodeError are ValueErrors.)
        print(f"report.py: {result}: cannot be read as a JMH JSON result: {e}", file=sys.stderr)
        sys.exit(1)
