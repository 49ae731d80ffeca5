#!/usr/bin/env python3
"""The re-planning experiments of issue 12 (docs/Guides/Replanning.md): every single-node failure
of a plan, joins, stragglers, health exclusion and the no-change case, each re-plan next to an
unconstrained max-flow plan made from scratch on the same changed cluster (`layerflow plan
--objective max-flow`), every throughput LayerFlow's own max flow.

  scripts/replan-experiments.py PLAN [OUTDIR]    PLAN: a layerflow-plan/1 file (it embeds its cluster)

Environment: LAYERFLOW_BINARY (default .build/release/layerflow), REPLAN_SCRATCH_SECONDS (the
from-scratch plans' time limit, default 60).

Prints Markdown tables; exits 1 if a bar fails (coverage broken, moves over the failed node's
layers + 10 % of the model, throughput under 0.95x from scratch). Needs the release binary:
swift build -c release --product layerflow.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("LAYERFLOW_BINARY", ROOT / ".build" / "release" / "layerflow"))
# Time limit of each from-scratch plan (seconds).
SCRATCH_SECONDS = os.environ.get("REPLAN_SCRATCH_SECONDS", "60")


def run(arguments):
    completed = subprocess.run([str(BINARY)] + arguments, capture_output=True, text=True)
    if completed.returncode != 0:
        sys.exit(f"layerflow {' '.join(arguments)} failed ({completed.returncode}): {completed.stderr.strip()}")
    return completed


def replan(plan, out, *flags):
    run(["replan", str(plan), "--json", str(out)] + list(flags))
    return json.loads(out.read_text())


def from_scratch(report, out):
    cluster = out.with_suffix(".cluster.json")
    cluster.write_text(json.dumps(report["changedCluster"]))
    run(["plan", str(cluster), "--objective", "max-flow", "--time-limit", SCRATCH_SECONDS, "--json", str(out.with_suffix(".scratch.json"))])
    return json.loads(out.with_suffix(".scratch.json").read_text())["throughputTokensPerSecond"]


def covered(placement, layers):
    held = set()
    for start, end in placement.values():
        held.update(range(start, end))
    return len(held) == layers


def failures(plan, document, outdir):
    layers = document["clusterDefinition"]["model"]["layerCount"]
    placement = document["placement"]
    types = {node["id"]: node["type"] for node in document["clusterDefinition"]["nodes"]}
    print("| failed node | type | its layers | moved layers | bound | throughput | from scratch | ratio | re-plan ms |")
    print("|---|---|---|---|---|---|---|---|---|")
    ok = True
    ratios, times = [], []
    for node in sorted(types, key=lambda n: (placement.get(n, [10**9])[0], n)):
        report = replan(plan, outdir / f"fail-{node}.json", "--fail", node)
        scratch = from_scratch(report, outdir / f"fail-{node}.json")
        own = (lambda r: r[1] - r[0])(placement[node]) if node in placement else 0
        bound = own + math.ceil(0.1 * layers)
        ratio = report["throughputTokensPerSecond"] / scratch if scratch > 0 else float("nan")
        keeps = report["transition"]["keepsCoverage"] and covered(report["placement"], layers)
        passed = keeps and report["movedLayers"] <= bound and ratio >= 0.95
        ok = ok and passed
        ratios.append(ratio)
        times.append(report["replanSeconds"] * 1000)
        mark = "" if passed else " ✗"
        print(f"| {node} | {types[node]} | {own} | {report['movedLayers']} | {bound} | {report['throughputTokensPerSecond']:,.2f} "
              f"| {scratch:,.2f} | {ratio:.3f}{mark} | {report['replanSeconds'] * 1000:.1f} |")
    print(f"\nratio min {min(ratios):.3f}, median {sorted(ratios)[len(ratios) // 2]:.3f}; "
          f"re-plan ms median {sorted(times)[len(times) // 2]:.1f}, max {max(times):.1f}\n")
    return ok


def joins(plan, document, outdir):
    print("| joined | moved layers (serving nodes) | new node holds | throughput before → after |")
    print("|---|---|---|---|")
    ok = True
    for gpu in sorted({t["name"] for t in document["clusterDefinition"]["gpuTypes"]}):
        report = replan(plan, outdir / f"join-{gpu}.json", "--join", gpu)
        others_moved = report["budgetedMovedLayers"]
        new = {k: v for k, v in report["placement"].items() if k.startswith("joined-")}
        ok = ok and others_moved == 0
        print(f"| {gpu} | {others_moved} | {new or '-'} | {report['previousThroughputTokensPerSecond']:,.2f} → "
              f"{report['throughputTokensPerSecond']:,.2f} |")
    print()
    return ok


def stragglers(plan, document, outdir):
    cut = document["evaluation"]["bottleneck"]["nodes"]
    placement = document["placement"]
    successor = {}
    for node in cut:
        end = placement[node][1]
        successor[node] = next((n for n, r in placement.items() if r[0] == end), "coordinator")
    link = f"{cut[0]}-{successor[cut[0]]}"
    flags = sum((["--derate", f"{n}=0.5"] for n in cut), []) + ["--derate-link", f"{link}=0.1"]
    print(f"Derated: {', '.join(cut)} to 0.5, link {link} to 0.1.\n")
    print("| budget | moved layers | old plan on true capacities | re-plan | ratio | from scratch | ratio |")
    print("|---|---|---|---|---|---|---|")
    ok = True
    for budget in [None, 80]:
        extra = [] if budget is None else ["--max-moved-layers", str(budget)]
        report = replan(plan, outdir / f"straggle-{budget}.json", *(flags + extra))
        scratch = from_scratch(report, outdir / f"straggle-{budget}.json")
        old = report["survivingThroughputTokensPerSecond"]
        new = report["throughputTokensPerSecond"]
        ok = ok and new >= 1.3 * old and new >= 0.98 * scratch
        print(f"| {'default (' + str(report['budget']) + ')' if budget is None else budget} | {report['movedLayers']} "
              f"| {old:,.2f} | {new:,.2f} | {new / old:.2f}x | {scratch:,.2f} | {new / scratch:.3f} |")
    print()
    return ok


def unchanged(plan, outdir):
    report = replan(plan, outdir / "unchanged.json")
    same = report["placement"] == report["previousPlacement"]
    print(f"No change: decision {report['decision']}, placement identical: {same}, moved {report['movedLayers']}\n")
    return same


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    plan = Path(sys.argv[1])
    document = json.loads(plan.read_text())
    outdir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp(prefix="replan-"))
    outdir.mkdir(parents=True, exist_ok=True)
    results = [failures(plan, document, outdir), joins(plan, document, outdir), stragglers(plan, document, outdir),
               unchanged(plan, outdir)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
