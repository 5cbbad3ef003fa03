#!/usr/bin/env bash
# Rebuilds the entity typer's data files byte for byte: the word classes and the corpus priors
# learned from imdb_train.csv (no labels read), then the typer learned from every annotated
# review (with the binary's built-in word classes, which the first step reproduces) and the
# typed priors it reads: what a typer learned without them decides of each name over
# imdb_train.csv, leaving out the annotated reviews, the held-out ones and those other
# evaluation sets hold (../shared/data/entities/imdb_excluded_ids.txt).
#   scripts/learn_typer.sh [REVIEWLENS] [OUT_DIR]
# REVIEWLENS defaults to target/release/reviewlens, OUT_DIR to data/entity. Needs ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-target/release/reviewlens}
OUT=${2:-data/entity}
S=../shared/data
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$B" entities classes "$S/sentiment/imdb_train.csv" -o "$OUT/word_classes.tsv" \
  --credit "Source: the train half of the Large Movie Review Dataset (Maas et al., ACL 2011); word classes only."
"$B" entities mine "$S/sentiment/imdb_train.csv" -o "$OUT/priors.tsv" \
  --credit "Source: the train half of the Large Movie Review Dataset (Maas et al., ACL 2011); counts only."
python3 scripts/imdb_gold.py --full "$tmp/imdb_gold_full.jsonl" >/dev/null
python3 -c 'import glob, json, sys
for f in sorted(glob.glob("tests/gold/imdb-heldout/*.json")):
    print("\n".join(sorted(json.load(open(f)))))' > "$tmp/heldout_ids.txt"
# The typer is learned with the priors just mined (the built-in ones are what analyze uses).
"$B" entities learn \
  "$S/entities/dev_reviews.jsonl" "$S/critics/dev_critics.jsonl" "$S/entities/dev_imdb.jsonl" \
  "$tmp/imdb_gold_full.jsonl" tests/gold/corpus_entities.jsonl "$S/entities/seed.jsonl" \
  --priors "$OUT/priors.tsv" \
  --typed-corpus "$S/sentiment/imdb_train.csv" --typed-output "$OUT/typed_priors.tsv" \
  --exclude-ids "$S/entities/imdb_excluded_ids.txt" --exclude-ids "$tmp/heldout_ids.txt" \
  --credit "Annotations: ../shared's development gold, the project's own IMDB annotations (tests/gold/imdb_entities.jsonl) and corpus gold; the seed review's gold too, so the seed is a regression check, not an estimate." \
  -o "$OUT/typer.tsv"
