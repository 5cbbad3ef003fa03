#!/usr/bin/env python3
"""Fits the slope of reviewlens's verdict confidence (sentiment::CONFIDENCE_SLOPE): a logistic
regression of the labels of the fifth of imdb_train.csv that the learned weights never saw on
each review's score y = compound / sqrt(1 - compound^2), then prints the slope and a
reliability table (share of right labels within each tenth of confidence).

Usage (from the repository, ../shared beside it):
  reviewlens lexicon learn ../shared/data/sentiment/imdb_train.csv --holdout \\
      --heldout-out /tmp/heldout.csv -o /tmp/unused.tsv
  reviewlens analyze /tmp/heldout.csv -o /tmp/heldout-reports
  python3 scripts/calibrate_confidence.py /tmp/heldout.csv /tmp/heldout-reports/reviews.csv
Needs numpy; the fit is Newton's method on one slope (no intercept: a score of 0 is even odds).
"""
import csv, math, sys

import numpy as np


def main():
    gold = {r["id"]: r["label"] == "pos" for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
    rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
    c = np.clip(np.array([float(r["compound"]) for r in rows]), -0.9999, 0.9999)
    y = np.array([gold[r["review_id"]] for r in rows], dtype=float)
    z = c / np.sqrt(1 - c * c)
    k = 1.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-k * z))
        grad = np.sum((p - y) * z)
        hess = np.sum(p * (1 - p) * z * z)
        k -= grad / hess
    print(f"slope {k:.3f} over {len(rows)} reviews")
    p = 1 / (1 + np.exp(-k * z))
    conf = np.maximum(p, 1 - p)
    right = (p > 0.5) == (y > 0.5)
    for lo in np.arange(0.5, 1.0, 0.1):
        sel = (conf >= lo) & (conf < lo + 0.1 + (1e-9 if lo > 0.85 else 0))
        if sel.any():
            print(f"confidence {lo:.1f}-{lo + 0.1:.1f}: {sel.sum():5d} reviews, right {right[sel].mean():.3f}, mean confidence {conf[sel].mean():.3f}")


if __name__ == "__main__":
    sys.exit(main())
