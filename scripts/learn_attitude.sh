#!/usr/bin/env bash
# Learns the shipped attitude model, data/sentiment/attitude.tsv, from the critics' reviews of
# ../shared/data/critics/dev_critics.jsonl and the IMDB reviews of tests/gold/imdb_attitude.jsonl
# (texts added from ../shared by scripts/attitude_gold.py). The corpus reviews' attitudes
# (tests/gold/corpus_attitude.jsonl) are not learned from: they measure it. tests/attitude.rs
# checks that this reproduces the shipped file byte for byte.
#
#   bash scripts/learn_attitude.sh [REVIEWLENS] [OUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/reviewlens}"
out="${2:-$root/data/sentiment}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/attitude_gold.py" "$work/imdb_attitude.jsonl"
"$bin" attitude learn "$root/../shared/data/critics/dev_critics.jsonl" "$work/imdb_attitude.jsonl" \
    -o "$out/attitude.tsv"
