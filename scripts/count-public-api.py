#!/usr/bin/env python3
"""Counts the public declarations of LayerFlow's library modules from their symbol graphs.

Usage: scripts/count-public-api.py [--list] [--skip-build]

Runs `swift package dump-symbol-graph --minimum-access-level public` (unless --skip-build), then
counts, per module, the public symbols declared in this package's Sources/ (symbols with a source
location there: synthesized and inherited members, which a reader never wrote, and SPI symbols
are left out),
and the public types among them. --list prints every public type an importer sees, by module.
"""
import collections
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULES = ["LayerFlow", "LayerFlowGLPK", "LayerFlowSimulator"]
TYPE_KINDS = {"swift.struct", "swift.class", "swift.enum", "swift.protocol", "swift.typealias", "swift.actor"}


def symbol_graph_dir():
    paths = glob.glob(os.path.join(ROOT, ".build", "*", "symbolgraph"))
    if not paths:
        sys.exit("no symbol graph under .build: run without --skip-build")
    return max(paths, key=os.path.getmtime)


def main():
    args = set(sys.argv[1:])
    if "--skip-build" not in args:
        subprocess.run(["swift", "package", "dump-symbol-graph", "--minimum-access-level", "public"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    directory = symbol_graph_dir()
    sources = os.path.join(ROOT, "Sources") + os.sep
    total = 0
    for module in MODULES:
        declarations = []
        for path in glob.glob(os.path.join(directory, f"{module}*.symbols.json")):
            name = os.path.basename(path)
            if name != f"{module}.symbols.json" and not name.startswith(f"{module}@"):
                continue
            for symbol in json.load(open(path))["symbols"]:
                uri = symbol.get("location", {}).get("uri", "")
                # SPI symbols (`@_spi(Benchmarks)`) are seen only by an `@_spi` import.
                if symbol["accessLevel"] != "public" or sources not in uri or symbol.get("spi"):
                    continue
                declarations.append(symbol)
        types = sorted({".".join(s["pathComponents"]) for s in declarations if s["kind"]["identifier"] in TYPE_KINDS})
        kinds = collections.Counter(s["kind"]["identifier"].removeprefix("swift.") for s in declarations)
        total += len(declarations)
        print(f"{module}: {len(declarations)} public declarations, {len(types)} public types "
              f"({', '.join(f'{k} {v}' for k, v in kinds.most_common(6))})")
        if "--list" in args:
            for name in types:
                print(f"    {name}")
    print(f"total: {total} public declarations")


if __name__ == "__main__":
    main()
