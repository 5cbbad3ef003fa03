"""reviewlens on Apache Spark: each partition is analyzed by the module on its executor's cores
(`mapInPandas`), and the entities are aggregated by Spark itself from the mentions.

    from reviewlens import spark as rls
    reports = rls.analyze(df, text_col="text", id_col="id")   # a PySpark DataFrame
    reports.reviews.show(); reports.mentions.show(); reports.entities.show()

The reviews and mentions tables have the columns of the CLI's reviews.csv and mentions.csv
(source is the review id: a Spark row comes from no file of its own); entities has
entities.csv's, with the same counts and means as the CLI gives for the same reviews.
"""
from typing import Any, Iterator, NamedTuple, Optional

import reviewlens

REVIEW_COLUMNS = [
    ("review_id", "string"), ("source", "string"), ("chars", "bigint"), ("words", "bigint"),
    ("sentences", "bigint"), ("compound", "double"), ("label", "string"),
    ("positive", "double"), ("negative", "double"), ("neutral", "double"),
    ("mentions", "bigint"), ("encoding", "string"), ("rating", "double"),
    ("rating_text", "string"), ("verdict_confidence", "double"),
]
MENTION_COLUMNS = [
    ("review_id", "string"), ("kind", "string"), ("name", "string"), ("surface", "string"),
    ("start", "bigint"), ("end", "bigint"), ("sentence", "bigint"), ("role", "string"),
    ("compound", "double"), ("label", "string"),
]
# Each mention also carries its unrounded compound, from which the entities' means are summed
# exactly as the CLI sums them; it is dropped from the mentions table.
_RAW = "compound_unrounded"


class SparkReports(NamedTuple):
    """The reports as PySpark DataFrames."""

    reviews: Any
    mentions: Any
    entities: Any
    errors: Any


def _ddl(columns):
    return ", ".join(f"`{name}` {kind}" for name, kind in columns)


def _schema():
    mention = _ddl(MENTION_COLUMNS + [(_RAW, "double")])
    errors = "array<struct<source: string, error: string>>"
    return f"{_ddl(REVIEW_COLUMNS)}, `mention_rows` array<struct<{mention}>>, `error_rows` {errors}"


def _analyze_partition(text_col: str, id_col: Optional[str], jobs: Optional[int]):
    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            if id_col is not None:
                ids = batch[id_col].astype(str).tolist()
            else:
                ids = [str(i) for i in range(len(batch))]
            raw = reviewlens._reviewlens.analyze(batch[text_col].tolist(), ids, jobs=jobs)
            reviews = pd.DataFrame(reviewlens._as_lists(raw["reviews"]))
            mentions = pd.DataFrame(reviewlens._as_lists(raw["mentions"]))
            unrounded = reviewlens._as_lists({"u": raw["mentions_unrounded"]})["u"]
            out = reviews[[name for name, _ in REVIEW_COLUMNS]].copy()
            by_review = {}
            if len(mentions):
                mentions[_RAW] = unrounded
                for row in mentions.to_dict("records"):
                    by_review.setdefault(row["review_id"], []).append(row)
            out["mention_rows"] = [by_review.get(i, []) for i in out["review_id"]]
            errors = pd.DataFrame(reviewlens._as_lists(raw["errors"])).to_dict("records")
            out["error_rows"] = [[] for _ in range(len(out))]
            if errors:
                # Errors ride on an extra row with no review: one per batch that has any.
                empty = {name: None for name, _ in REVIEW_COLUMNS}
                extra = pd.DataFrame([{**empty, "mention_rows": [], "error_rows": errors}])
                out = pd.concat([out, extra], ignore_index=True)
            yield out

    return run


def analyze(df: Any, text_col: str = "text", id_col: Optional[str] = "id", *,
            jobs: Optional[int] = None) -> SparkReports:
    """Analyze a PySpark DataFrame's `text_col` (ids from `id_col`, or row numbers within each
    batch when None). Returns SparkReports of reviews, mentions, entities and errors; the
    analysis runs once (its result is cached) and the four tables are projections of it."""
    from pyspark.sql import functions as F

    if id_col is not None and id_col not in df.columns:
        raise KeyError(f"no column {id_col!r} (columns: {', '.join(df.columns)})")
    if text_col not in df.columns:
        raise KeyError(f"no column {text_col!r} (columns: {', '.join(df.columns)})")
    columns = [text_col] + ([id_col] if id_col is not None and id_col != text_col else [])
    analyzed = df.select(*columns).mapInPandas(
        _analyze_partition(text_col, id_col, jobs), schema=_schema()).cache()
    reviews = analyzed.where(F.col("review_id").isNotNull()).select(
        *[name for name, _ in REVIEW_COLUMNS])
    exploded = analyzed.select(F.explode("mention_rows").alias("m")).select("m.*")
    mentions = exploded.select(*[name for name, _ in MENTION_COLUMNS])
    errors = analyzed.select(F.explode("error_rows").alias("e")).select("e.*")
    entities = (
        exploded.groupBy("kind", "name")
        .agg(
            F.countDistinct("review_id").alias("reviews"),
            F.count(F.lit(1)).alias("mentions"),
            F.round(F.sum(_RAW) / F.count(F.lit(1)), 4).alias("mean_compound"),
            *[F.sum(F.when(F.col("label") == label, 1).otherwise(0)).cast("bigint").alias(label)
              for label in ("positive", "negative", "mixed", "neutral")],
        )
        .orderBy("kind", "name")
    )
    return SparkReports(reviews, mentions, entities, errors)
