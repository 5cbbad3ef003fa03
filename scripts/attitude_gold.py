#!/usr/bin/env python3
"""Adds the review texts to tests/gold/imdb_attitude.jsonl, for `reviewlens attitude learn` and
`reviewlens eval critics`.

tests/gold/imdb_attitude.jsonl holds, for 160 reviews of imdb_train.csv that the entity gold
(tests/gold/imdb/*.json) annotates, the reviewer's attitude toward each entity they judge
clearly, as ../shared/data/critics/dev_critics.jsonl holds critics' (`doc_label` is the IMDB
label; `entity_sentiment` [{kind, canonical, name, sign}], `name` being how the review writes
the entity; `unsure`: entities one annotator judged and the other did not). Two readers
annotated every review independently; a judgement counts when both gave it the same sign
(tests/gold/README.md). No review text is in the repository: this script reads the texts from
../shared/data/sentiment/imdb_train.csv and checks each against its SHA-1.

tests/gold/imdb_attitude_heldout.jsonl holds 160 more of the entity gold's reviews, annotated the
same way and never learned from: the attitude model's held-out check (`--heldout` writes it).

    python3 scripts/attitude_gold.py [--heldout] OUT.jsonl
"""
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
GOLD = ROOT / "tests" / "gold" / "imdb_attitude.jsonl"
HELDOUT = ROOT / "tests" / "gold" / "imdb_attitude_heldout.jsonl"


def main():
    args = sys.argv[1:]
    gold = GOLD
    if args[:1] == ["--heldout"]:
        gold, args = HELDOUT, args[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    csv.field_size_limit(1 << 30)
    with open(SHARED / "sentiment" / "imdb_train.csv", newline="", encoding="utf-8") as f:
        texts = {row["id"]: row["text"] for row in csv.DictReader(f)}
    out = []
    for n, line in enumerate(gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        doc = json.loads(line)
        text = texts.get(doc["source"]["id"])
        if text is None or hashlib.sha1(text.encode("utf-8")).hexdigest() != doc["text_sha1"]:
            sys.exit(f"{gold}:{n}: the text of {doc['source']['id']} is not the one annotated")
        doc["text"] = text
        out.append(json.dumps(doc, ensure_ascii=False))
    Path(args[0]).write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
