#!/usr/bin/env python3
"""Writes the JSON seeds of the fuzz corpus: the bundled examples (Examples/, native clusters) and
the shared Helix instance they come from, each cut down to a few nodes so that the fuzzer mutates
small inputs, plus a plan and placements that `layerflow` writes for them.

Run from the repository root after `swift build --product layerflow` (the plan seeds need it):

    python3 Fuzz/Scripts/make-json-seeds.py [path/to/layerflow]
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "Fuzz", "Corpus")
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "instances")


def write(target, name, value, pretty=False):
    path = os.path.join(CORPUS, target, name)
    with open(path, "w") as f:
        json.dump(value, f, indent=1 if pretty else None, sort_keys=True)
        f.write("\n")
    return path


def shrink_native(cluster, keep, layers=None):
    """`cluster` with only the nodes whose ids are in `keep` and the links between them."""
    small = dict(cluster)
    small["nodes"] = [n for n in cluster["nodes"] if n["id"] in keep]
    types = {n["type"] for n in small["nodes"]}
    small["gpuTypes"] = [t for t in cluster["gpuTypes"] if t["name"] in types]
    ends = set(keep) | {"coordinator"}
    small["links"] = [l for l in cluster["links"] if l["from"] in ends and l["to"] in ends]
    if layers is not None:
        small["model"] = dict(small["model"], layerCount=layers)
    return small


def shrink_helix(instance, keep):
    small = dict(instance)
    small["nodes"] = [n for n in instance["nodes"] if n["id"] in keep]
    types = {n["type"] for n in small["nodes"]}
    small["gpuTypes"] = [t for t in instance["gpuTypes"] if t["name"] in types]

    def end_ok(end):
        return end in ("source", "sink") or end in keep

    for field in ("links", "prunedLinks"):
        if field in instance:
            small[field] = [l for l in instance[field] if end_ok(l["from"]) and end_ok(l["to"])]
    references = []
    for entry in instance.get("reference", [])[:3]:
        entry = dict(entry)
        if isinstance(entry.get("placement"), dict):
            entry["placement"] = {k: v for k, v in entry["placement"].items() if int(k) in keep}
        references.append(entry)
    small["reference"] = references
    small.pop("bestKnown", None)
    return small


def main():
    layerflow = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "layerflow")

    # Native clusters from the bundled examples: three nodes (two types), then one node.
    example = json.load(open(os.path.join(ROOT, "Examples", "helix-cluster10-llama30b.json")))
    by_type = {}
    for node in example["nodes"]:
        by_type.setdefault(node["type"], []).append(node["id"])
    keep = sorted(sum((ids[:2] for ids in by_type.values()), []))[:3]
    small = shrink_native(example, keep, layers=22)  # few enough layers for three nodes to serve
    native = write("cluster-json", "example-cluster10-3nodes.json", small)
    one = shrink_native(example, keep[:1])
    for t in one["gpuTypes"]:
        t.pop("serving", None)
    write("cluster-json", "example-cluster10-1node-no-serving.json", one, pretty=True)

    # Helix instances (the shared instance the example was converted from), cut to three nodes.
    instance = json.load(open(os.path.join(SHARED, "helix-cluster10-llama30b.json")))
    helix = shrink_helix(instance, {int(k) for k in keep})
    write("helix-instance-json", "cluster10-3nodes.json", helix)
    write("cluster-json", "helix-cluster10-3nodes.json", helix)

    # Placements and a plan for the three-node cluster.
    placement = {keep[0]: [0, 7], keep[1]: [7, 18], keep[2]: [15, 22]}
    write("plan-json", "placement.json", placement)
    write("plan-json", "placement-wrapped.json", {"placement": placement, "other": [1, 2]})
    plan = os.path.join(CORPUS, "plan-json", "plan-balanced.json")
    subprocess.run(
        [layerflow, "plan", native, "--method", "balanced", "--json", plan], check=True,
        stdout=subprocess.DEVNULL)
    with open(plan) as f:
        document = json.load(f)
    write("plan-json", "plan-balanced.json", document)


if __name__ == "__main__":
    main()
