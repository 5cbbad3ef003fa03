"""reviewlens: the shows, actors, characters, songs and people that TV, film and music reviews
name, and how each review feels about them, as tables.

    import reviewlens
    reports = reviewlens.analyze(["Paul Mescal is superb in Normal People."])
    reports.reviews["compound"], reports.mentions["name"]

    frames = reviewlens.analyze_frame(df, text="text", id="id")   # pandas in, pandas out
    reviewlens.score("A triumph.")        # VADER's polarity_scores habit: neg, neu, pos, compound
    reviewlens.explain("A triumph.")      # sentences, mentions and the verdict, as a dict

The tables have the columns of the command line's CSV reports (reviews.csv, mentions.csv,
entities.csv, errors.csv) and the same rows and numbers for the same texts and ids.
"""
from typing import Any, Dict, Iterable, NamedTuple, Optional, Sequence, Union
import array
import os

from . import _reviewlens

__version__ = _reviewlens.__version__
__all__ = ["Reports", "analyze", "analyze_frame", "explain", "score"]

PathArg = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]], None]


class Reports(NamedTuple):
    """The four reports of one analysis: each a table (a dict of column to list from
    `analyze`, a pandas DataFrame from `analyze_frame`)."""

    reviews: Any
    mentions: Any
    entities: Any
    errors: Any


def _tables(texts, ids, jobs, gazetteer, lexicon):
    """The raw tables: text columns as lists, number columns as (type code, bytes)."""
    return _reviewlens.analyze(texts, ids, jobs=jobs, gazetteer=gazetteer, lexicon=lexicon)


def _as_lists(table):
    out = {}
    for name, column in table.items():
        if isinstance(column, tuple):
            code, data = column
            values = array.array(code)
            values.frombytes(data)
            column = values.tolist()
            if code == "d":
                column = [None if x != x else x for x in column]
        out[name] = column
    return out


def analyze(
    texts: Iterable[str],
    ids: Optional[Iterable[Any]] = None,
    *,
    jobs: Optional[int] = None,
    gazetteer: PathArg = None,
    lexicon: PathArg = None,
) -> Reports:
    """Analyze reviews on all cores (or `jobs` threads), without holding the GIL.

    texts: the review texts. ids: one id per text (default: "0", "1", ...). gazetteer and
    lexicon: a path or a list of paths, as the command line's --gazetteer and --lexicon.
    Returns Reports of dicts (column name -> list of values, the CSV reports' columns). A text
    that is not a string is a row of the errors table; the others are analyzed.
    """
    out = _tables(texts, ids, jobs, gazetteer, lexicon)
    tables = [_as_lists(out[name]) for name in ("reviews", "mentions", "entities", "errors")]
    return Reports(*tables)


def analyze_frame(
    df: Any,
    text: str = "text",
    id: Optional[str] = "id",
    *,
    jobs: Optional[int] = None,
    gazetteer: PathArg = None,
    lexicon: PathArg = None,
) -> Reports:
    """Analyze the `text` column of a pandas DataFrame; returns Reports of DataFrames with the
    CSV reports' columns and dtypes (whole numbers int64, scores float64 with NaN for an empty
    cell, text object). Ids come from the `id` column when it exists (else the index)."""
    import numpy as np
    import pandas as pd

    if text not in df.columns:
        raise KeyError(f"no column {text!r} (columns: {', '.join(map(str, df.columns))})")
    ids = df[id].astype(str).tolist() if id is not None and id in df.columns else [str(i) for i in df.index]
    out = _tables(df[text].tolist(), ids, jobs, gazetteer, lexicon)
    frames = {}
    for name in ("reviews", "mentions", "entities", "errors"):
        columns = {}
        for column, values in out[name].items():
            if isinstance(values, tuple):
                code, data = values
                dtype = np.int64 if code == "q" else np.float64
                columns[column] = np.frombuffer(data, dtype=dtype)
            else:
                columns[column] = pd.Series(values, dtype="object")
        frames[name] = pd.DataFrame(columns)
    return Reports(frames["reviews"], frames["mentions"], frames["entities"], frames["errors"])


def score(text: str) -> Dict[str, Any]:
    """The review scores of one text, with VADER's keys (neg, neu, pos, compound) plus label
    (positive, negative, mixed, neutral) and verdict_confidence."""
    return _reviewlens.score(text)


def explain(text: str) -> Dict[str, Any]:
    """Why a text got its scores: sentences (text, compound, label), mentions (kind, name,
    surface, role, compound, label) and review (compound, label, label_basis,
    verdict_confidence, positive, negative, neutral, rating)."""
    return _reviewlens.explain(text)
