#!/usr/bin/env python3
"""The Python module's figures in README "From Python": analyze_frame on imdb_train.csv against
the CLI on the same file (medians of alternating runs), and vaderSentiment on a tenth of it.

Usage (from the repository, ../shared beside it, after `cargo build --release` and
`pip install ./bindings/python vaderSentiment`):  python3 scripts/bench_python.py [RUNS]
"""
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import pandas as pd

import reviewlens

DATA = "../shared/data/sentiment/imdb_train.csv"


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    t = time.perf_counter()
    df = pd.read_csv(DATA)
    read = time.perf_counter() - t
    py, cli = [], []
    out = tempfile.mkdtemp()
    for _ in range(runs):
        t = time.perf_counter()
        reviewlens.analyze_frame(df)
        py.append(time.perf_counter() - t)
        shutil.rmtree(f"{out}/r", ignore_errors=True)
        t = time.perf_counter()
        subprocess.run(["target/release/reviewlens", "analyze", DATA, "-o", f"{out}/r", "-q"], check=True)
        cli.append(time.perf_counter() - t)
    shutil.rmtree(out)
    p, c = statistics.median(py), statistics.median(cli)
    print(f"analyze_frame {p:.2f} s, CLI {c:.2f} s (medians of {runs}): {p / c:.2f} times, "
          f"{(p + read) / c:.2f} with read_csv ({read:.2f} s)")
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("vaderSentiment is not installed: no comparison")
        return 0
    tenth = df.iloc[::10]
    sia = SentimentIntensityAnalyzer()
    t = time.perf_counter()
    vader = tenth["text"].map(lambda text: sia.polarity_scores(text)["compound"])
    tv = time.perf_counter() - t
    t = time.perf_counter()
    ours = reviewlens.analyze_frame(tenth).reviews["compound"].to_numpy()
    tr = time.perf_counter() - t
    gold = (tenth["label"] == "pos").to_numpy()
    print(f"{len(tenth)} reviews: VADER {tv:.2f} s, accuracy {((vader.to_numpy() >= 0) == gold).mean():.3f}; "
          f"reviewlens {tr:.2f} s, accuracy {((ours >= 0) == gold).mean():.3f}; {tv / tr:.0f} times as fast")
    return 0


if __name__ == "__main__":
    sys.exit(main())
