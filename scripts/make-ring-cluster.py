#!/usr/bin/env python3
"""Writes a ring cluster (layerflow-cluster/1) for stress tests of the planner's time limits.

Usage: scripts/make-ring-cluster.py NODES OUTPUT [--example Examples/helix-single24-llama70b.json]

The model and GPU types are the example's (LLaMA-2-70B on A100, L4 and T4 in turn); node i links to
nodes i-1 and i+1 (10 Gb/s) and to and from the coordinator (1 Gb/s). See docs/Reliability.md.
"""
import argparse
import json

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("nodes", type=int)
parser.add_argument("output")
parser.add_argument("--example", default="Examples/helix-single24-llama70b.json")
arguments = parser.parse_args()

cluster = json.load(open(arguments.example))
types = [gpu["name"] for gpu in cluster["gpuTypes"]]
n = arguments.nodes
cluster["name"] = f"ring{n}"
cluster["nodes"] = [{"id": str(i), "type": types[i % len(types)]} for i in range(n)]
links = []
for i in range(n):
    def link(a, b, bandwidth):
        links.append({"from": a, "to": b, "bandwidthBytesPerSecond": bandwidth, "latencySeconds": 0.001})
    link("coordinator", str(i), 1.25e8)
    link(str(i), "coordinator", 1.25e8)
    link(str(i), str((i + 1) % n), 1.25e9)
    link(str((i + 1) % n), str(i), 1.25e9)
cluster["links"] = links
with open(arguments.output, "w") as file:
    json.dump(cluster, file)
