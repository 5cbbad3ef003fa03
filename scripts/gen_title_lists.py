#!/usr/bin/env python3
"""Builds the TV series titles and charting songs that scripts/gen_known_names.py adds to
data/entity/known_names.tsv (classes tv and song), from five public repositories read at
pinned commits (clone each, then give the clones' folders in this order):

    tv:    github.com/CS257-S25/team-project-f  533d63a  Data/{netflix,amazon_prime,disney_plus,hulu}_titles.csv:
           Shivam Bansal's streaming catalogues (Kaggle, CC0 1.0 as its Data/metadata.md says),
           the rows whose type is "TV Show"
           github.com/dariusk/corpora              cf30ca2  data/film-tv/tv_shows.json (CC0): 1,000
           names from Wikipedia's list of television programs
    songs: github.com/utdata/rwd-billboard-data    16bc0eb  weekly Billboard Hot 100, 1997 to 2026 (MIT)
           github.com/ryanrishi/loudness-wars      dddef64  Billboard year-end charts, 1950-2020 (MIT)
           github.com/fivethirtyeight/data         fcf572c  classic-rock/classic-rock-song-list.csv
           (CC BY 4.0, FiveThirtyEight)

    python3 scripts/gen_title_lists.py OUT_DIR TEAM_PROJECT_F CORPORA RWD_BILLBOARD LOUDNESS_WARS FIVETHIRTYEIGHT

writes OUT_DIR/tv_titles.txt (a title a line) and OUT_DIR/songs.tsv (title<TAB>artist), sorted,
byte-identical for the same commits. Only titles and artists are read.
"""
import csv, io, json, re, subprocess, sys, unicodedata

COMMITS = {
    "team-project-f": "533d63a136977a8ed593b241bd0970c6302268af",
    "corpora": "cf30ca27ab176b63623af1ddcfa2447ac07305ba",
    "rwd-billboard-data": "16bc0eb1f740ddd31c7b22db723b15fb76013d3c",
    "loudness-wars": "dddef644340ed9b5a7609c468622ff1b239f78fd",
    "fivethirtyeight": "fcf572c4fba05a42f1f34f415bd5e6dc389efd68",
}
out_dir, *repos = sys.argv[1:]
if len(repos) != 5:
    sys.exit(__doc__)
REPO = dict(zip(COMMITS, repos))


def show(name, path):
    cmd = ["git", "-C", REPO[name], "show", f"{COMMITS[name]}:{path}"]
    text = subprocess.run(cmd, check=True, capture_output=True).stdout.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_paths(name, prefix):
    cmd = ["git", "-C", REPO[name], "ls-tree", "-r", "--name-only", COMMITS[name], prefix]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return sorted(p for p in out.splitlines() if p.endswith(".csv"))


def clean(s):
    s = unicodedata.normalize("NFC", s or "").replace("\t", " ").replace("\u00a0", " ")
    return " ".join(s.split())


def tv_titles():
    titles = []
    for f in ["netflix_titles", "amazon_prime_titles", "disney_plus_titles", "hulu_titles"]:
        for row in csv.DictReader(io.StringIO(show("team-project-f", f"Data/{f}.csv"))):
            if row["type"] == "TV Show":
                titles.append(row["title"])
    for t in json.loads(show("corpora", "data/film-tv/tv_shows.json"))["tv_shows"]:
        # Wikipedia's disambiguation: "(TV series)", "(U.S. TV series)", "(soap opera)".
        titles.append(re.sub(r"\s*\((?:[^()]*TV series|soap opera)\)$", "", t))
    unique = {}
    for t in map(clean, titles):
        if t:
            unique.setdefault(t.casefold(), t)
    return sorted(unique.values(), key=lambda s: (s.casefold(), s))


# The 1997-2021 files write inner quotes unescaped: read by pattern, not as CSV.
HOT100_ROW = re.compile(r'^(\d{4}-\d\d-\d\d),"(.*?)","(.*)",\d+,\d+,\d+,\d+$')


def songs():
    pairs = []
    for p in csv_paths("rwd-billboard-data", "data-download/py-hot100"):
        for line in show("rwd-billboard-data", p).splitlines()[1:]:
            m = HOT100_ROW.match(line)
            if m:
                pairs.append((m.group(2), m.group(3)))
    late = show("rwd-billboard-data", "data-download/hot100_late2021_dataminer.csv")
    pairs += [(r["title"], r["performer"]) for r in csv.DictReader(io.StringIO(late))]
    # The weekly scrapes, without their archive of earlier weeks (over 4 MiB, left out).
    for p in csv_paths("rwd-billboard-data", "data-scraped/hot-100"):
        if p.endswith("/previous_archive.csv"):
            continue
        rows = csv.DictReader(io.StringIO(show("rwd-billboard-data", p)))
        pairs += [(r["title"], r["performer"]) for r in rows]
    for p in csv_paths("loudness-wars", "billboard"):
        rows = list(csv.reader(io.StringIO(show("loudness-wars", p))))
        head = [h.strip().lower() for h in rows[0]]
        artist = head.index("artist")
        song = next(i for i, h in enumerate(head) if h in ("song", "song title", "title"))
        pairs += [(r[song], r[artist]) for r in rows[1:] if len(r) > max(artist, song)]
    rock = show("fivethirtyeight", "classic-rock/classic-rock-song-list.csv")
    pairs += [(r["Song Clean"], r["ARTIST CLEAN"]) for r in csv.DictReader(io.StringIO(rock))]
    unique = {}
    for t, a in pairs:
        t, a = clean(t), clean(a)
        if t and a:
            unique.setdefault((t.casefold(), a.casefold()), (t, a))
    return sorted(unique.values(), key=lambda p: (p[0].casefold(), p[1].casefold(), p))


tv = tv_titles()
with open(f"{out_dir}/tv_titles.txt", "w", encoding="utf-8", newline="\n") as f:
    f.writelines(t + "\n" for t in tv)
so = songs()
with open(f"{out_dir}/songs.tsv", "w", encoding="utf-8", newline="\n") as f:
    f.writelines(f"{t}\t{a}\n" for t, a in so)
print(f"tv_titles.txt: {len(tv)} titles; songs.tsv: {len(so)} songs")
