#!/usr/bin/env python3
"""Builds tests/gold/imdb_entities.jsonl from hand annotations of imdb_train.csv reviews.

The annotations live in tests/gold/imdb/*.json, one file per batch: for each review (keyed by its
imdb_train.csv id) its group and its entities, each listed once as
    [kind, canonical, [surfaces as written], {optional fields}]
following ../shared/data/entities/GUIDELINES.md. The optional fields are those of the gold format
(character, actor, artist, role, group, work_type, nested) and `skip`: {surface: [occurrence
numbers, 0-based]} for occurrences of a surface that name something else in context. This script
only finds the offsets: every whole-word occurrence of each surface (longest surfaces first,
never overlapping), in Unicode code points as Python slices them.

The review texts are read from ../shared/data/sentiment/imdb_train.csv and never written into the
repository: the output holds ids, spans, kinds and names, and each text's SHA-1 so a reader can
check it has the same text.

    python3 scripts/imdb_gold.py                      # writes tests/gold/imdb_entities.jsonl
    python3 scripts/imdb_gold.py --full OUT.jsonl     # also a gold file with texts, for eval
    python3 scripts/imdb_gold.py --full OUT.jsonl BATCH.json...   # only these batches, into OUT
    python3 scripts/imdb_gold.py --show ID [BATCH]    # a review with its mentions in [brackets]
    python3 scripts/imdb_gold.py --check BATCH.json   # resolves one batch, prints problems
    python3 scripts/imdb_gold.py --heldout            # writes tests/gold/imdb_heldout.jsonl
    python3 scripts/imdb_gold.py --heldout --full OUT.jsonl   # the held-out set with texts

The held-out batches (tests/gold/imdb-heldout/*.json) are annotated the same way but never
learned from: `--heldout` resolves them alone, checks that none of their reviews is in a
learned-from batch (by id or text), and writes tests/gold/imdb_heldout.jsonl.
"""
import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
KINDS = {"show", "actor", "character", "song", "person"}
FIELDS = {"character", "actor", "artist", "role", "group", "work_type", "nested", "skip", "note"}


def texts():
    csv.field_size_limit(1 << 30)
    with open(SHARED / "sentiment" / "imdb_train.csv", newline="", encoding="utf-8") as f:
        return {row["id"]: row["text"] for row in csv.DictReader(f)}


def occurrences(text, surface):
    pattern = r"(?<![\w])" + re.escape(surface) + r"(?![\w])"
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def build(doc_id, entries, text, problems):
    """The mentions of one review; problems go to `problems`."""
    taken = []
    mentions = []
    spans = []
    for entry in entries:
        if len(entry) != 4 or entry[0] not in KINDS or not isinstance(entry[2], list):
            problems.append(f"{doc_id}: malformed entry {entry!r}")
            continue
        kind, canonical, surfaces, extra = entry
        unknown = set(extra) - FIELDS
        if unknown:
            problems.append(f"{doc_id}: {canonical}: unknown fields {sorted(unknown)}")
        for surface in surfaces:
            spans.append((len(surface), kind, canonical, surface, extra))
    spans.sort(key=lambda s: -s[0])
    for _, kind, canonical, surface, extra in spans:
        skip = set(extra.get("skip", {}).get(surface, []))
        found = occurrences(text, surface)
        if not found:
            problems.append(f"{doc_id}: {surface!r} ({kind} {canonical}) not found")
            continue
        kept = 0
        for n, (start, end) in enumerate(found):
            if n in skip or any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            kept += 1
            m = {"kind": kind, "canonical": canonical, "surface": surface, "start": start, "end": end}
            for key, value in extra.items():
                if key not in ("skip", "note"):
                    m[key] = value
            mentions.append(m)
        if kept == 0:
            problems.append(f"{doc_id}: every occurrence of {surface!r} is skipped or taken")
    mentions.sort(key=lambda m: m["start"])
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["surface"]
    return mentions


LEARNED = ROOT / "tests" / "gold" / "imdb"
HELDOUT = ROOT / "tests" / "gold" / "imdb-heldout"


def batches(paths=None):
    paths = paths or sorted(LEARNED.glob("*.json"))
    for path in paths:
        with open(path, encoding="utf-8") as f:
            yield Path(path).name, json.load(f)


def resolve(all_texts, paths=None):
    docs, problems, seen = [], [], set()
    for name, batch in batches(paths):
        for row_id, doc in batch.items():
            if row_id in seen:
                problems.append(f"{name}: {row_id} annotated twice")
            seen.add(row_id)
            text = all_texts.get(row_id)
            if text is None:
                problems.append(f"{name}: no row {row_id} in imdb_train.csv")
                continue
            docs.append({
                "id": "imdbx-" + row_id.replace("/", "-"),
                "group": doc["group"],
                "source": {"dataset": "imdb_train.csv", "id": row_id, "batch": name},
                "text_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest(),
                "mentions": build(row_id, doc["entities"], text, problems),
                "_text": text,
            })
    return docs, problems


def sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def check_sets(docs, all_texts, problems, apart_from=()):
    """No annotated review may be one another evaluation set holds, by id or by text (the
    training file repeats some texts under other ids), nor one of the row ids `apart_from`; no
    text is annotated twice."""
    ents = SHARED / "entities"
    dev = [json.loads(l) for l in open(ents / "dev_imdb.jsonl", encoding="utf-8") if l.strip()]
    excluded = {l.strip() for l in open(ents / "imdb_excluded_ids.txt", encoding="utf-8") if l.strip()}
    excluded |= set(apart_from)
    held = {d["source"]["id"] for d in dev} | excluded
    held_texts = {sha1(d["text"]) for d in dev} | {sha1(all_texts[i]) for i in excluded if i in all_texts}
    seen = {}
    for d in docs:
        digest = sha1(d["_text"])
        if d["source"]["id"] in held:
            problems.append(f"{d['source']['id']}: held by another evaluation set")
        elif digest in held_texts:
            problems.append(f"{d['source']['id']}: its text is held by another evaluation set")
        if digest in seen:
            problems.append(f"{d['source']['id']}: the same text as {seen[digest]}")
        seen.setdefault(digest, d["source"]["id"])


def show(doc):
    text, out, at = doc["_text"], [], 0
    for m in doc["mentions"]:
        out.append(text[at:m["start"]])
        extra = {k: v for k, v in m.items() if k not in ("kind", "canonical", "surface", "start", "end")}
        label = m["kind"] + ("" if m["canonical"] == m["surface"] else f"={m['canonical']}")
        if extra:
            label += " " + json.dumps(extra, ensure_ascii=False)
        out.append(f"[{m['surface']}|{label}]")
        at = m["end"]
    out.append(text[at:])
    return "".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--full", help="also write a gold JSONL with texts here")
    ap.add_argument("--show", metavar="ID")
    ap.add_argument("--check", metavar="BATCH", nargs="+")
    ap.add_argument("--heldout", action="store_true", help="the held-out batches instead")
    ap.add_argument("batch", nargs="*")
    args = ap.parse_args()
    if args.batch and not (args.full or args.show):
        sys.exit("batches given: write them with --full OUT.jsonl (imdb_entities.jsonl holds them all)")
    paths = args.check or args.batch or None
    if args.heldout:
        paths = sorted(HELDOUT.glob("*.json"))
    all_texts = texts()
    docs, problems = resolve(all_texts, paths)
    # Held-out reviews are apart from the learned-from ones, by id and by text.
    apart = [row for _, batch in batches() for row in batch] if args.heldout else []
    check_sets(docs, all_texts, problems, apart)
    if args.show:
        for d in docs:
            if d["source"]["id"] == args.show or d["id"] == args.show:
                print(show(d))
        return
    for p in problems:
        print("problem:", p, file=sys.stderr)
    kinds = {}
    for d in docs:
        for m in d["mentions"]:
            kinds[m["kind"]] = kinds.get(m["kind"], 0) + 1
    if args.check:
        print(f"{len(docs)} reviews, {sum(kinds.values())} mentions: {kinds}; {len(problems)} problems")
        sys.exit(1 if problems else 0)
    if problems:
        sys.exit(f"{len(problems)} problems: nothing written")
    if args.full:
        with open(args.full, "w", encoding="utf-8", newline="\n") as f:
            for d in docs:
                rec = {k: v for k, v in d.items() if k != "_text"}
                rec["text"] = d["_text"]
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.batch:
        # Some batches only (a first look at a new batch): the repository's file stays whole.
        print(f"{len(docs)} reviews, {sum(kinds.values())} mentions: {kinds} -> {args.full}")
        return
    name = "imdb_heldout.jsonl" if args.heldout else "imdb_entities.jsonl"
    dest = ROOT / "tests" / "gold" / name
    with open(dest, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            f.write(json.dumps({k: v for k, v in d.items() if k != "_text"}, ensure_ascii=False) + "\n")
    print(f"{len(docs)} reviews, {sum(kinds.values())} mentions: {kinds} -> {dest}")


if __name__ == "__main__":
    main()
