#!/usr/bin/env python3
"""Analyze reviews on Spark with reviewlens and write the CSV reports.

    spark-submit examples/spark_analyze.py INPUT OUTPUT      # on a cluster
    python3 examples/spark_analyze.py INPUT OUTPUT           # local mode, all cores

INPUT: a folder, read as the CLI reads one (review files .txt and .md, the id being the path
below the folder; CSV and JSONL tables inside, by row), or a CSV, JSONL or Parquet file with
columns id and text.
OUTPUT: a folder that receives reviews.csv, mentions.csv, entities.csv and errors.csv (each
written by Spark as one part file, then moved to its name).
Every executor needs the module: `pip install ./bindings/python` on each node (or ship the
wheel built by `maturin build --release -m bindings/python/Cargo.toml` with --py-files).
"""
import os
import shutil
import sys

from pyspark.sql import SparkSession, functions as F

from reviewlens import spark as rls


def read_input(spark, path):
    lower = path.lower().rstrip("/")
    if lower.endswith(".csv"):
        return spark.read.csv(path, header=True, multiLine=True, escape='"')
    if lower.endswith(".jsonl") or lower.endswith(".json"):
        return spark.read.json(path)
    if lower.endswith(".parquet"):
        return spark.read.parquet(path)
    # A folder, read as the CLI reads one: each review file is a review (its id the path below
    # the folder), each CSV or JSONL table inside holds reviews by row (id and text columns).
    root = os.path.abspath(path).rstrip("/") + "/"
    files = (spark.read.format("binaryFile")
             .option("recursiveFileLookup", "true")
             .option("pathGlobFilter", "*.{txt,md,text}")
             .load(path))
    reviews = files.select(
        F.regexp_replace(F.col("path"), "^file:" + root.replace(".", "\\\\."), "").alias("id"),
        F.decode(F.col("content"), "UTF-8").alias("text"),
    )
    for pattern, reader in (("*.csv", lambda r: r.csv(path, header=True, multiLine=True, escape='"')),
                            ("*.jsonl", lambda r: r.json(path))):
        tables = spark.read.option("recursiveFileLookup", "true").option("pathGlobFilter", pattern)
        try:
            rows = reader(tables)
        except Exception:  # no such table in the folder
            continue
        if {"id", "text"} <= set(rows.columns):
            reviews = reviews.unionByName(rows.select(F.col("id").cast("string"), "text"))
    return reviews


def write_csv(df, folder, name):
    tmp = os.path.join(folder, f".{name}.parts")
    df.coalesce(1).write.mode("overwrite").csv(tmp, header=True, quote='"', escape='"',
                                                emptyValue="", nullValue="")
    part = next(p for p in os.listdir(tmp) if p.startswith("part-") and p.endswith(".csv"))
    os.replace(os.path.join(tmp, part), os.path.join(folder, f"{name}.csv"))
    shutil.rmtree(tmp)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    source, out = argv[1], argv[2]
    spark = (SparkSession.builder.appName("reviewlens")
             .config("spark.sql.execution.arrow.pyspark.enabled", "true")
             .getOrCreate())
    reports = rls.analyze(read_input(spark, source), text_col="text", id_col="id")
    os.makedirs(out, exist_ok=True)
    write_csv(reports.reviews.orderBy("review_id"), out, "reviews")
    write_csv(reports.mentions.orderBy("review_id", "start"), out, "mentions")
    write_csv(reports.entities, out, "entities")
    write_csv(reports.errors, out, "errors")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
