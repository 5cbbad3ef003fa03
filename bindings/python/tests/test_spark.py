"""The Spark job in local mode (local[2]) against the CLI: corpus/ (its review files and the
rows of its table) gives the same reviews, mentions and entities as `reviewlens analyze corpus`.
Needs pyspark and Java (CI installs pyspark).
"""
import importlib.util
import pathlib
import subprocess

import pandas as pd
import pytest

pyspark = pytest.importorskip("pyspark")

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = ROOT / "target" / "release" / "reviewlens"


def example():
    """examples/spark_analyze.py as a module (its reader and writer are what users run)."""
    spec = importlib.util.spec_from_file_location("spark_analyze", ROOT / "examples" / "spark_analyze.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2]").appName("reviewlens-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .getOrCreate())
    yield session
    session.stop()


def cli(tmp_path):
    """The CLI's reports for corpus/."""
    out = tmp_path / "cli"
    subprocess.run([str(BIN), "analyze", "corpus", "-o", str(out), "-q"], cwd=ROOT, check=True)
    return {n: pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False)
            for n in ("reviews", "mentions", "entities")}


def same(ours, theirs, keys, skip=()):
    """Equal rows after sorting by keys: text exactly, numbers as numbers."""
    ours = ours.sort_values(keys).reset_index(drop=True)
    theirs = theirs.sort_values(keys).reset_index(drop=True)
    assert list(ours.columns) == list(theirs.columns)
    assert len(ours) == len(theirs)
    for column in theirs.columns:
        if column in skip:
            continue
        numeric = pd.to_numeric(theirs[column].replace("", float("nan")), errors="coerce")
        if numeric.notna().sum() == (theirs[column] != "").sum() and column not in ("review_id", "name", "surface", "role", "rating_text"):
            got = pd.to_numeric(ours[column].astype(str).replace({"": "nan", "None": "nan"}), errors="coerce")
            pd.testing.assert_series_equal(got.astype(float), numeric.astype(float), check_names=False,
                                           obj=column, atol=1e-9)
        else:
            assert ours[column].fillna("").astype(str).tolist() == theirs[column].tolist(), column


def test_the_spark_job_gives_the_clis_reports(spark, tmp_path):
    from reviewlens import spark as rls

    job = example()
    df = job.read_input(spark, str(ROOT / "corpus"))
    reports = rls.analyze(df, text_col="text", id_col="id")
    expected = cli(tmp_path)
    reviews = reports.reviews.toPandas()
    assert len(reviews) == len(expected["reviews"]) == 71
    # The source of a Spark row is its id: it comes from no file of the module's own.
    same(reviews, expected["reviews"], ["review_id"], skip=("source",))
    mentions = reports.mentions.toPandas()
    mentions[["start"]] = mentions[["start"]].astype("int64")
    theirs = expected["mentions"].copy()
    theirs["start"] = theirs["start"].astype("int64")
    same(mentions, theirs, ["review_id", "start", "kind"])
    same(reports.entities.toPandas(), expected["entities"], ["kind", "name"])
    assert reports.errors.count() == 0

    # The example's writer: one CSV per report, read back with the same rows.
    out = tmp_path / "spark-out"
    out.mkdir()
    job.write_csv(reports.entities, str(out), "entities")
    written = pd.read_csv(out / "entities.csv", dtype=str, keep_default_na=False)
    assert len(written) == len(expected["entities"])

    # `reviewlens report` reads the Spark job's folder as it reads the CLI's: the same figures
    # and entity tables, and the texts of the reviews it lists found in the inputs.
    for name in ("reviews", "mentions", "errors"):
        job.write_csv(getattr(reports, name), str(out), name)
    subprocess.run([str(BIN), "report", str(out), "corpus", "-q"], cwd=ROOT, check=True)
    subprocess.run([str(BIN), "analyze", "corpus", "-o", str(tmp_path / "cli-html"), "-q", "--html"],
                   cwd=ROOT, check=True)
    page = (out / "report.html").read_text(encoding="utf-8")
    theirs = (tmp_path / "cli-html" / "report.html").read_text(encoding="utf-8")

    def section(html, start, end):
        return html[html.index(start):html.index(end, html.index(start))]

    assert section(page, '<dl class="stats">', "</dl>") == section(theirs, '<dl class="stats">', "</dl>")
    assert section(page, '<section id="entities">', "</section>") == \
        section(theirs, '<section id="entities">', "</section>")
    assert page.count("<article") >= 8
    assert "were not found in the inputs" not in page


def test_a_row_that_is_not_text_is_an_error_row(spark):
    from reviewlens import spark as rls

    df = spark.createDataFrame([("a", "A triumph."), ("b", None)], "id string, text string")
    reports = rls.analyze(df)
    assert [r.review_id for r in reports.reviews.collect()] == ["a"]
    errors = reports.errors.collect()
    assert len(errors) == 1 and "not a string" in errors[0].error
