#!/usr/bin/env python3
"""Writes the figures of one model in Helix's simulator (Thesys-lab/Helix-ASPLOS25) as the two CSV
files of ../shared/sim-data, which LayerFlow's `HelixSimData` importer reads:

  <model>_layer_time_profiles.csv   gpu,phase,batch_tokens,layer_time_ms
  <model>_gpu_layer_settings.csv    gpu,layers_on_node,max_layers_on_node,vllm_num_blocks,
                                    kv_capacity_token_layers,kv_tokens_per_layer,prompt_max_requests,
                                    prompt_max_tokens,decode_max_tokens,decode_max_context_tokens

Sources, under simulator/ in Helix's repository:
  model_manager/<model>/<gpu>/{prompt,decode}_bs2time.csv   (headerless "batch,ms" rows)
  model_manager/<model>/<gpu>/<model>_<gpu>.py              (machine_name, max_num_layers and the
      vllm_num_blocks_dict / prompt_max_requests_dict / decode_max_tokens_dict literals)
  event_simulator/utils.py                                  (VLLM_BLOCK_SIZE, MAX_INPUT_LEN,
                                                             DECODE_PER_TOKEN_MAX_CONTEXT)
Only literal figures are read (with ast.literal_eval); nothing of Helix is executed or copied.
The derived columns follow Helix's own formulas: kv = block size x blocks x layers,
prompt_max_tokens = requests x MAX_INPUT_LEN, decode context = tokens x DECODE_PER_TOKEN_MAX_CONTEXT.

--repo is a clone or a bare git directory (then files are read with `git show <commit>:<path>`).

Example:
  scripts/helix-model-manager-to-sim-data.py --repo ../Helix-ASPLOS25 --model llama1_30b \\
      --gpus l4,t4 --out /tmp/llama1_30b
"""

import argparse
import ast
import csv
import os
import subprocess
import sys


def reader(repo, commit):
    if os.path.isdir(os.path.join(repo, "simulator")):
        def read(path):
            with open(os.path.join(repo, path), encoding="utf-8") as f:
                return f.read()
    else:
        def read(path):
            return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True,
                                  capture_output=True, text=True).stdout
    return read


def literals(source, names):
    """The literal values assigned to `names` anywhere in a Python source (first assignment wins)."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            targets, value = [node.target.id], node.value
        elif isinstance(node, ast.Assign):
            targets, value = [t.id for t in node.targets if isinstance(t, ast.Name)], node.value
        else:
            continue
        for target in targets:
            if target in names and target not in found and value is not None:
                try:
                    found[target] = ast.literal_eval(value)
                except ValueError:
                    pass
    missing = [n for n in names if n not in found]
    if missing:
        sys.exit(f"error: no literal value for {', '.join(missing)}")
    return found


def curve(text, path):
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = [f.strip() for f in line.split(",")]
        if len(fields) != 2:
            sys.exit(f"error: {path}:{number}: expected 'batch,ms'")
        int(fields[0]), float(fields[1])  # fail early on anything that is not a number
        rows.append(fields)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--commit", default="HEAD")
    parser.add_argument("--model", required=True, help="model folder, e.g. llama1_30b")
    parser.add_argument("--gpus", required=True, help="comma-separated GPU folders, e.g. l4,t4")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    read = reader(args.repo, args.commit)

    constants = literals(read("simulator/event_simulator/utils.py"),
                         ["VLLM_BLOCK_SIZE", "MAX_INPUT_LEN", "DECODE_PER_TOKEN_MAX_CONTEXT"])
    profiles = [["gpu", "phase", "batch_tokens", "layer_time_ms"]]
    settings = [["gpu", "layers_on_node", "max_layers_on_node", "vllm_num_blocks", "kv_capacity_token_layers",
                 "kv_tokens_per_layer", "prompt_max_requests", "prompt_max_tokens", "decode_max_tokens",
                 "decode_max_context_tokens"]]
    for folder in args.gpus.split(","):
        base = f"simulator/model_manager/{args.model}/{folder}"
        figures = literals(read(f"{base}/{args.model}_{folder}.py"),
                           ["machine_name", "max_num_layers", "vllm_num_blocks_dict", "prompt_max_requests_dict",
                            "decode_max_tokens_dict"])
        name = figures["machine_name"]
        for phase in ("prompt", "decode"):
            path = f"{base}/{phase}_bs2time.csv"
            for batch, ms in curve(read(path), path):
                profiles.append([name, phase, batch, ms])
        for k in range(1, figures["max_num_layers"] + 1):
            blocks = figures["vllm_num_blocks_dict"][k]
            requests = figures["prompt_max_requests_dict"][k]
            decode = figures["decode_max_tokens_dict"][k]
            per_layer = constants["VLLM_BLOCK_SIZE"] * blocks
            settings.append([name, k, figures["max_num_layers"], blocks, per_layer * k, per_layer, requests,
                             requests * constants["MAX_INPUT_LEN"], decode,
                             decode * constants["DECODE_PER_TOKEN_MAX_CONTEXT"]])

    os.makedirs(args.out, exist_ok=True)
    for suffix, rows in (("layer_time_profiles", profiles), ("gpu_layer_settings", settings)):
        with open(os.path.join(args.out, f"{args.model}_{suffix}.csv"), "w", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)


if __name__ == "__main__":
    main()
