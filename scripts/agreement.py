#!/usr/bin/env python3
"""How far an independent reader agrees with ../shared's gold: the ceiling the issues' targets
are measured against.

tests/gold/agreement/ holds readings of ../shared's development reviews made apart from their
gold (by readers who saw the texts and GUIDELINES.md, never the gold; annotations only, no text):

- dev_imdb_entities.json, dev_critics_entities.json: entity annotations of 40 dev_imdb and 24
  dev_critics reviews, in the batch format of tests/gold/imdb/ ([kind, canonical, [surfaces],
  {fields}] per entity; `scripts/imdb_gold.py` documents it), keyed by the gold's ids;
- dev_critics_verdicts.json: for all 44 dev_critics reviews, the reader's verdict and attitude
  ("+", "-" or "0" for not clearly judged) toward every name the review's gold annotates.

This script resolves the readings' spans as imdb_gold.py does and scores them against the gold
as the project's scorers do (entities: ../shared/eval/score_entities.py's lenient and strict
F1; verdicts and attitudes: the share of the gold's labels the reader gave). Run from the
repository root:

    python3 scripts/agreement.py
"""
import csv
import io
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
AGREE = ROOT / "tests" / "gold" / "agreement"
sys.path.insert(0, str(ROOT / "scripts"))
import imdb_gold  # noqa: E402


def load(path):
    with open(path, encoding="utf-8") as f:
        return {d["id"]: d for d in map(json.loads, f) if d}


def entities(reading, gold_path):
    gold = load(gold_path)
    ann = json.load(open(AGREE / reading, encoding="utf-8"))
    problems, rows = [], []
    with tempfile.TemporaryDirectory() as tmp:
        sub = Path(tmp) / "gold.jsonl"
        with open(sub, "w", encoding="utf-8") as f:
            for doc_id, doc in ann.items():
                text = gold[doc_id]["text"]
                for m in imdb_gold.build(doc_id, doc["entities"], text, problems):
                    rows.append([doc_id, m["kind"], m["start"], m["end"]])
                f.write(json.dumps(gold[doc_id]) + "\n")
        pred = Path(tmp) / "mentions.csv"
        with open(pred, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["review_id", "kind", "start", "end"])
            w.writerows(rows)
        if problems:
            sys.exit("\n".join(problems))
        scorer = SHARED / "eval" / "score_entities.py"
        out = subprocess.run([sys.executable, scorer, sub, pred], capture_output=True, text=True,
                             check=True).stdout
        other = subprocess.run([sys.executable, scorer, sub, pred, "--kinds", "character,person"],
                               capture_output=True, text=True, check=True).stdout
    print(f"{reading}: {len(ann)} reviews against {gold_path.name}")
    print(out.rstrip())
    print(other.rstrip().splitlines()[-1])
    print()


def verdicts():
    gold = load(SHARED / "data" / "critics" / "dev_critics.jsonl")
    ann = json.load(open(AGREE / "dev_critics_verdicts.json", encoding="utf-8"))
    same = sum(ann[i]["verdict"] == gold[i]["doc_label"] for i in ann)
    judged = right = unjudged = 0
    by_sign = {"+": [0, 0], "-": [0, 0]}
    for i, doc in gold.items():
        for e in doc["entity_sentiment"]:
            judged += 1
            said = ann[i]["attitudes"].get(e["name"], "0")
            right += said == e["sign"]
            unjudged += said == "0"
            by_sign[e["sign"]][0] += said == e["sign"]
            by_sign[e["sign"]][1] += 1
    labels = sorted({d["doc_label"] for d in gold.values()})
    print(f"dev_critics_verdicts.json: {len(ann)} reviews")
    print(f"verdict: the reader gives the gold's label to {same} of {len(ann)}: {same / len(ann):.3f}")
    table = io.StringIO()
    table.write("  gold \\ reader  " + " ".join(f"{l:>9}" for l in labels) + "\n")
    for g in labels:
        counts = [sum(1 for i in ann if gold[i]["doc_label"] == g and ann[i]["verdict"] == r)
                  for r in labels]
        table.write(f"  {g:>13}  " + " ".join(f"{c:>9}" for c in counts) + "\n")
    print(table.getvalue().rstrip())
    print(f"attitude: the reader gives the gold's sign to {right} of {judged} judgements: "
          f"{right / judged:.3f} ({unjudged} not clearly judged by the reader; "
          f"'+' {by_sign['+'][0]} of {by_sign['+'][1]}, '-' {by_sign['-'][0]} of {by_sign['-'][1]})")


def main():
    data = SHARED / "data"
    entities("dev_imdb_entities.json", data / "entities" / "dev_imdb.jsonl")
    entities("dev_critics_entities.json", data / "critics" / "dev_critics.jsonl")
    verdicts()


if __name__ == "__main__":
    main()
