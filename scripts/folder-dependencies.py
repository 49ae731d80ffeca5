#!/usr/bin/env python3
"""Which source folder of the LayerFlow module uses which, from the types each declares.

Usage: scripts/folder-dependencies.py [--check]

A folder uses another when one of its files names a type (struct, enum, class, protocol,
typealias) declared at the top level of the other; comments and string literals are ignored.
Prints the dependencies of each folder and any cycle; with --check, exits 1 when a folder uses one
that docs/Architecture.md's layering puts above it (or when there is a cycle).
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.join(ROOT, "Sources", "LayerFlow")
# The layering of docs/Architecture.md, lowest first: a folder may use only folders of its own
# layer or below (and not its own layer's others, except where listed together in one group).
LAYERS = [
    ["Common"],
    ["Parsing"],
    ["MaxFlow"],
    ["Model"],
    ["Placement"],
    ["FlowNetwork"],
    ["Evaluation"],
    ["MILP"],
    ["Formulations"],
    ["Heuristics"],
    ["Serving"],
    ["Planning"],
    ["Scheduling"],
    ["Pressure"],
    ["Replanning"],
    ["Catalog"],
    ["Estimation"],
    ["Exports", "Rendering"],
    ["Formats"],
]
DECLARATION = re.compile(r"^(?:@\w+(?:\([^)]*\))?\s+)*(?:public |package |internal |fileprivate |private )?(?:final )?"
                         r"(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z]\w*)", re.M)
STRIP = re.compile(r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"', re.S)


def swift_files(folder):
    for directory, _, names in os.walk(os.path.join(MODULE, folder)):
        for name in names:
            if name.endswith(".swift"):
                yield os.path.join(directory, name)


def main():
    folders = sorted(d for d in os.listdir(MODULE) if os.path.isdir(os.path.join(MODULE, d)) and not d.endswith(".docc"))
    declared = {}
    texts = {}
    for folder in folders:
        texts[folder] = ""
        for path in swift_files(folder):
            text = STRIP.sub(" ", open(path, encoding="utf-8").read())
            texts[folder] += text + "\n"
            for name in DECLARATION.findall(text):
                declared.setdefault(name, folder)
    uses = {folder: {} for folder in folders}
    for folder in folders:
        words = set(re.findall(r"\b[A-Z]\w*\b", texts[folder]))
        for name in words:
            owner = declared.get(name)
            if owner and owner != folder:
                uses[folder].setdefault(owner, []).append(name)
    layer_of = {f: i for i, group in enumerate(LAYERS) for f in group}
    problems = []
    for folder in folders:
        deps = uses[folder]
        print(f"{folder}: " + (", ".join(f"{d} ({', '.join(sorted(n)[:3])}{'…' if len(n) > 3 else ''})" for d, n in sorted(deps.items())) or "—"))
        if folder not in layer_of:
            problems.append(f"{folder} is not in the layering (docs/Architecture.md)")
            continue
        for dep, names in deps.items():
            if dep in layer_of and layer_of[dep] >= layer_of[folder] and not (layer_of[dep] == layer_of[folder]):
                problems.append(f"{folder} uses {dep}, a layer above it ({', '.join(sorted(names))})")
            elif dep in layer_of and layer_of[dep] == layer_of[folder]:
                pass
    # cycles (Tarjan)
    index, low, stack, on, sccs, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
        for w in uses[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop(); on.discard(w); scc.append(w)
                if w == v: break
            if len(scc) > 1: sccs.append(sorted(scc))
    for f in folders:
        if f not in index: visit(f)
    for scc in sccs:
        problems.append("cycle: " + " ↔ ".join(scc))
    print("\n".join(problems) if problems else "no cycle; every folder uses only folders below it")
    if "--check" in sys.argv and problems:
        sys.exit(1)


if __name__ == "__main__":
    main()
