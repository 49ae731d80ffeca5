#!/usr/bin/env python3
"""Compare LayerFlow's max-flow with OR-Tools and networkx on the same graphs.

Runs the Swift harness `maxflow-compare` (release build), which generates the seeded
Helix-shaped graphs, writes each as the exact fixed-point problem LayerFlow solves
(`Benchmarks/output/helix-N<N>.lfmf`) and reports LayerFlow's median solve time. This
script reads the same files and times, in rounds alternating with the harness,

* OR-Tools `ortools.graph.python.max_flow.SimpleMaxFlow` on the same int64
  capacities (arcs added with numpy arrays; only `solve()` is timed), and
* networkx `maximum_flow` (preflow-push, the default) on the same integers (graph
  construction not timed); skipped for sizes where it would exceed the time budget,

checks that all three agree on the value (the integers must be equal, and LayerFlow's
Double must equal OR-Tools' integer × 2^-k), and prints a Markdown table.

Usage (from the repository root):

    python3 Benchmarks/Scripts/compare_maxflow.py [--sizes 24,100,300,1000] [--runs 7]
        [--rounds 3] [--networkx-budget 60] [--no-build] [--json rows.json]

Installs `ortools` and `networkx` with pip if they are missing.
"""

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCHMARKS = os.path.join(ROOT, "Benchmarks")
HARNESS = os.path.join(BENCHMARKS, ".build", "release", "maxflow-compare")
MAGIC = b"LFMF0001"


def ensure(module, package):
    try:
        return importlib.import_module(module)
    except ImportError:
        print(f"installing {package} with pip …", file=sys.stderr)
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", package])
        return importlib.import_module(module)


np = ensure("numpy", "numpy")
nx = ensure("networkx", "networkx")
ensure("ortools", "ortools")
from ortools.graph.python import max_flow  # noqa: E402


def read_problem(path):
    """Reads a `.lfmf` file written by maxflow-compare."""
    with open(path, "rb") as handle:
        data = handle.read()
    if data[:8] != MAGIC:
        raise ValueError(f"{path}: not an LFMF0001 file")
    header = np.frombuffer(data, dtype="<i8", count=5, offset=8)
    node_count, arc_count, source, sink, scale_exponent = (int(x) for x in header)
    offset = 8 + 5 * 8
    tails = np.frombuffer(data, dtype="<i4", count=arc_count, offset=offset)
    offset += 4 * arc_count
    heads = np.frombuffer(data, dtype="<i4", count=arc_count, offset=offset)
    offset += 4 * arc_count
    capacities = np.frombuffer(data, dtype="<i8", count=arc_count, offset=offset)
    return dict(nodes=node_count, arcs=arc_count, source=source, sink=sink,
                scale_exponent=scale_exponent, tails=tails, heads=heads, capacities=capacities)


def time_ortools(problem, runs):
    """Median and minimum solve() time in ms, and the flow value (int)."""
    tails = problem["tails"].astype(np.int32)
    heads = problem["heads"].astype(np.int32)
    capacities = problem["capacities"].astype(np.int64)
    times, value = [], None
    spent = 0.0
    # The first run warms up; then at least `runs` runs, and more (up to 2,001) until
    # 0.3 s of solving, as the Swift harness does.
    while len(times) < runs + 1 or (spent < 0.3 and len(times) < 2_002):
        solver = max_flow.SimpleMaxFlow()
        solver.add_arcs_with_capacity(tails, heads, capacities)
        start = time.perf_counter()
        status = solver.solve(problem["source"], problem["sink"])
        elapsed = time.perf_counter() - start
        if status != solver.OPTIMAL:
            raise RuntimeError(f"OR-Tools status {status}")
        value = solver.optimal_flow()
        times.append(elapsed * 1e3)
        spent += elapsed if len(times) > 1 else 0.0
    times = times[1:]
    return statistics.median(times), min(times), int(value), len(times)


def time_networkx(problem, runs):
    graph = nx.DiGraph()
    graph.add_nodes_from(range(problem["nodes"]))
    pairs = set()
    for tail, head, capacity in zip(problem["tails"].tolist(), problem["heads"].tolist(),
                                    problem["capacities"].tolist()):
        if (tail, head) in pairs:
            raise ValueError("parallel arcs: networkx.DiGraph cannot hold them")
        pairs.add((tail, head))
        graph.add_edge(tail, head, capacity=capacity)
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value, _flows = nx.maximum_flow(graph, problem["source"], problem["sink"])
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times), int(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="24,100,300,1000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3,
                        help="alternate LayerFlow and OR-Tools this many times per size")
    parser.add_argument("--networkx-budget", type=float, default=60.0,
                        help="skip networkx where one run is predicted to take longer (seconds)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--json", help="also write the rows as JSON to this file")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.check_call(["swift", "build", "-c", "release", "--package-path", BENCHMARKS,
                               "--product", "maxflow-compare"], cwd=ROOT)
    output_dir = os.path.join(BENCHMARKS, "output")

    def run_harness(size):
        harness = subprocess.run([HARNESS, "--sizes", str(size), "--runs", str(args.runs),
                                  "--output", output_dir], cwd=ROOT, check=True,
                                 capture_output=True, text=True)
        return json.loads(harness.stdout.strip().splitlines()[-1])

    rows = []
    networkx_seconds_per_arc = None
    for size in [int(size) for size in args.sizes.split(",")]:
        # LayerFlow and OR-Tools take turns, `--rounds` times, so that a change in the
        # machine's load hits both; each reports the median of its round medians.
        swift_rounds, ortools_rounds = [], []
        for _ in range(args.rounds):
            swift_rounds.append(run_harness(size))
            problem = read_problem(swift_rounds[-1]["file"])
            ortools_rounds.append(time_ortools(problem, args.runs))
        swift = dict(swift_rounds[0])
        swift["solveMsMedian"] = statistics.median(r["solveMsMedian"] for r in swift_rounds)
        swift["solveMsMin"] = min(r["solveMsMin"] for r in swift_rounds)
        swift["constructionMs"] = statistics.median(r["constructionMs"] for r in swift_rounds)
        swift["runs"] = sum(r["runs"] for r in swift_rounds)
        assert all(r["value"] == swift["value"] for r in swift_rounds)
        assert problem["arcs"] == swift["arcs"]
        ortools_median = statistics.median(r[0] for r in ortools_rounds)
        ortools_min = min(r[1] for r in ortools_rounds)
        ortools_value = ortools_rounds[0][2]
        ortools_runs = sum(r[3] for r in ortools_rounds)
        assert all(r[2] == ortools_value for r in ortools_rounds)

        networkx_ms, networkx_value = None, None
        predicted = None if networkx_seconds_per_arc is None else networkx_seconds_per_arc * problem["arcs"] * 1.5
        if predicted is None or predicted <= args.networkx_budget:
            runs = 3 if problem["arcs"] < 100_000 else 1
            networkx_ms, networkx_value = time_networkx(problem, runs)
            networkx_seconds_per_arc = networkx_ms / 1e3 / problem["arcs"]

        scale = 2.0 ** -problem["scale_exponent"]
        layerflow_value = swift["value"]
        agree = layerflow_value == float(ortools_value) * scale
        if networkx_value is not None:
            agree = agree and networkx_value == ortools_value
        if not agree:
            raise SystemExit(f"N={swift['computeNodes']}: values differ: LayerFlow {layerflow_value!r}, "
                             f"OR-Tools {ortools_value} × 2^-{problem['scale_exponent']}, networkx {networkx_value}")
        rows.append(dict(
            computeNodes=swift["computeNodes"], nodes=problem["nodes"], arcs=problem["arcs"],
            layerflowMs=swift["solveMsMedian"], layerflowMinMs=swift["solveMsMin"],
            constructionMs=swift["constructionMs"],
            ortoolsMs=ortools_median, ortoolsMinMs=ortools_min, networkxMs=networkx_ms,
            layerflowRuns=swift["runs"], ortoolsRuns=ortools_runs,
            value=layerflow_value, quanta=ortools_value, scaleExponent=problem["scale_exponent"]))

    print(f"Max flow on Helix-shaped graphs: median over {args.rounds} alternating rounds of the median solve "
          f"time over at least {args.runs} runs and 0.3 s (networkx: 1–3 runs); the three values agree exactly.\n")
    print("| N | nodes | arcs | LayerFlow ms | OR-Tools ms | networkx ms | LayerFlow / OR-Tools | max flow (tokens/s) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        networkx = "—" if row["networkxMs"] is None else f"{row['networkxMs']:.1f}"
        print(f"| {row['computeNodes']} | {row['nodes']} | {row['arcs']:,} | {row['layerflowMs']:.3f} | "
              f"{row['ortoolsMs']:.3f} | {networkx} | {row['layerflowMs'] / row['ortoolsMs']:.2f} | "
              f"{row['value']:.6f} |")
    print("\nLayerFlow graph construction (FlowGraph.addArc, including random generation), median ms: "
          + ", ".join(f"N={row['computeNodes']}: {row['constructionMs']:.2f}" for row in rows))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(rows, handle, indent=2)


if __name__ == "__main__":
    main()
