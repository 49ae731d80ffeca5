#!/usr/bin/env python3
"""The memory-pressure experiment of issue 13 (docs/Guides/MemoryPressure.md, "The effect,
simulated"): 8 data-parallel L4 replicas of LLaMA-3-8B under a burst whose KV working set is twice
their capacity, simulated without and with the KunServe-style policy.

  scripts/pressure-burst-experiment.py write-trace [FILE]   write the trace (default Examples/pressure-burst-trace.csv)
  scripts/pressure-burst-experiment.py run [OUTDIR]         run both simulations, print the bars (exit 1 if one fails)

The trace: 2,048 prompt and 2,048 output tokens per request; one request every 5.5 s over [0, 900)
and [920, 3600) s (about 60 requests in flight, 49 % of the KV reserved), and 200 requests 0.1 s
apart from 900 s: with the ~60 in flight, 260 x 4,096 tokens = 2.1x the 502,542 tokens the eight
replicas hold. Needs the release binary: swift build -c release --product layerflow.
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / ".build" / "release" / "layerflow"
CLUSTER = ROOT / "Examples" / "pressure-burst-8xL4-llama3-8b.json"
PLACEMENT = ROOT / "Examples" / "pressure-burst-8xL4-llama3-8b-placement.json"
TRACE = ROOT / "Examples" / "pressure-burst-trace.csv"
COMMON = ["--workload", "online", "--duration", "3600", "--routing", "layerflow",
          "--expected-output-tokens", "2048", "--kv-high-water-mark", "1"]
POLICY = ["--memory-pressure", "kunserve", "--pressure-max-degree", "4"]
# Equal windows of the same arrivals: before the burst, and the last 600 s of arrivals (after the
# restore). Serving starts at 15 s (weights loading), so trace time t is simulated time t + 15.
BEFORE = (315.0, 915.0)
AFTER = (3015.0, 3615.0)


def write_trace(path: Path) -> None:
    times = []
    t = 0.0
    while t < 900:
        times.append(t)
        t += 5.5
    times += [900 + i * 0.1 for i in range(200)]
    t = 920.0
    while t < 3600:
        times.append(t)
        t += 5.5
    times.sort()
    path.write_text("arrival_time_s,input_tokens,output_tokens\n" + "".join(f"{t:.1f},2048,2048\n" for t in times))


def simulate(out: Path, extra: list) -> dict:
    arguments = [str(BINARY), "simulate", str(CLUSTER), "--placement", str(PLACEMENT), "--trace", str(TRACE)] + COMMON + extra
    subprocess.run(arguments + ["--json", str(out)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text())


def tokens_per_second(report: dict, window: tuple) -> float:
    points = [p for p in report["timeSeries"] if window[0] <= p["timeSeconds"] < window[1]]
    return sum(p["tokensPerSecond"] * p["coveredSeconds"] for p in points) / sum(p["coveredSeconds"] for p in points)


def run(directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    without = simulate(directory / "without.json", [])
    policy = simulate(directory / "with.json", POLICY + ["--svg", str(directory / "with.svg")])
    switches = policy["memoryPressure"]["switches"]
    for change in switches:
        print(f"{change['action']:8} decided {change['decidedAtSeconds']:8.2f} s, switched {change['switchedAtSeconds']:8.2f} s; "
              f"groups {' '.join('+'.join(g) for g in change['groups'])}; KV {change['kvCapacityTokensBefore']:,} -> "
              f"{change['kvCapacityTokensAfter']:,} tokens; {change['requestsMoved']} requests' KV moved, "
              f"{change['kvBytesMoved'] / 1e9:.2f} GB in {change['kvExchangeSeconds']:.2f} s; reload "
              f"{change['weightBytesReloaded'] / 1e9:.2f} GB in {change['reloadSeconds']:.2f} s; preempted {change['requestsPreempted']}")
    p99 = (without["promptLatencySeconds"]["p99"], policy["promptLatencySeconds"]["p99"])
    ratio = p99[0] / p99[1]
    restores = [c for c in switches if c["action"] == "restore"]
    restored = bool(restores) and restores[-1]["switchedAtSeconds"] < AFTER[0] and switches[-1]["action"] == "restore"
    before, after = tokens_per_second(policy, BEFORE), tokens_per_second(policy, AFTER)
    lost = [(name, r["issuedRequests"], r["completedRequests"], r["rejectedRequests"]) for name, r in (("without", without), ("with", policy))]
    bars = [
        (f"p99 TTFT {p99[0]:.2f} s without, {p99[1]:.2f} s with: {ratio:.1f}x lower (bar >= 5x)", ratio >= 5),
        (f"throughput after the restore {after:.2f} tokens/s vs {before:.2f} before the burst: "
         f"{(after / before - 1) * 100:+.2f} % (bar within 2 %); max flow after the restore "
         f"{restores[-1]['maxFlowAfterTokensPerSecond'] if restores else float('nan'):.2f} vs {policy['maxFlowTokensPerSecond']:.2f}",
         restored and abs(after / before - 1) <= 0.02),
        ("no request lost: " + "; ".join(f"{n} issued {i}, completed {c}, rejected {r}" for n, i, c, r in lost),
         all(i == c and r == 0 for _, i, c, r in lost) and len(policy["memoryPressure"]["samples"]) > 0),
    ]
    for text, ok in bars:
        print(("PASS " if ok else "FAIL ") + text)
    print(f"Wrote {directory / 'without.json'}, {directory / 'with.json'}, {directory / 'with.svg'}")
    return 0 if all(ok for _, ok in bars) else 1


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "run"
    if command == "write-trace":
        write_trace(Path(sys.argv[2]) if len(sys.argv) > 2 else TRACE)
    elif command == "run":
        sys.exit(run(Path(sys.argv[2]) if len(sys.argv) > 2 else Path(".build/pressure-burst")))
    else:
        sys.exit(f"unknown command {command!r}: write-trace [FILE] or run [OUTDIR]")
