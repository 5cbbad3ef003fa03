"""The Python module against the command line: the same texts and ids give the same reports.

Run from the repository after `pip install ./bindings/python pytest` and `cargo build --release`:
    python3 -m pytest bindings/python/tests -q
"""
import csv
import os
import pathlib
import subprocess
import threading

import pandas as pd
import pytest

import reviewlens

ROOT = pathlib.Path(__file__).resolve().parents[3]
BIN = ROOT / "target" / "release" / "reviewlens"
SEED = ROOT.parent / "shared" / "seed" / "000_efd41335f66387d2.txt"


def cli_reports(tmp_path, *inputs):
    """Runs `reviewlens analyze INPUTS -o DIR` and reads its CSVs as the module types them."""
    if not BIN.exists():
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    out = tmp_path / "reports"
    subprocess.run([str(BIN), "analyze", *map(str, inputs), "-o", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    frames = {}
    for name in ("reviews", "mentions", "entities"):
        # Text stays text (ids such as "00123", empty roles as ""), numbers are parsed.
        frames[name] = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
    return frames


def texts_of(reviews):
    """Each review's text, read from the source the command line names."""
    rows_by_file = {}
    texts = []
    for source, review_id in zip(reviews["source"], reviews["review_id"]):
        path, _, line = source.rpartition(":")
        if line.isdigit() and path.endswith(".csv"):
            if path not in rows_by_file:
                with open(ROOT / path, newline="", encoding="utf-8") as f:
                    rows_by_file[path] = {r["id"]: r["text"] for r in csv.DictReader(f)}
            texts.append(rows_by_file[path][review_id])
        else:
            texts.append((ROOT / source).read_text(encoding="utf-8"))
    return texts


def assert_same(cli, frame, skip=()):
    """The module's DataFrame holds the CLI's rows and values, column by column."""
    assert list(frame.columns) == list(cli.columns)
    assert len(frame) == len(cli)
    for column in cli.columns:
        if column in skip:
            continue
        ours = frame[column]
        theirs = cli[column]
        if ours.dtype == "object":
            assert ours.fillna("").tolist() == theirs.tolist(), column
        else:
            expected = pd.to_numeric(theirs.replace("", float("nan")))
            pd.testing.assert_series_equal(ours.astype("float64"), expected.astype("float64"),
                                           check_names=False, obj=column)


def analyze_like_cli(cli):
    texts = texts_of(cli["reviews"])
    df = pd.DataFrame({"id": cli["reviews"]["review_id"], "text": texts})
    return reviewlens.analyze_frame(df)


def test_corpus_reports_equal_the_command_lines(tmp_path):
    cli = cli_reports(tmp_path, "corpus")
    ours = analyze_like_cli(cli)
    # The source is the file the CLI read; the module reads no file.
    assert_same(cli["reviews"], ours.reviews, skip=("source",))
    assert_same(cli["mentions"], ours.mentions)
    assert_same(cli["entities"], ours.entities)
    assert len(ours.errors) == 0
    assert len(ours.reviews) > 60 and len(ours.mentions) > 1000


@pytest.mark.skipif(not SEED.exists(), reason="../shared is not beside the repository")
def test_seed_review_equals_the_command_line(tmp_path):
    cli = cli_reports(tmp_path, SEED)
    ours = reviewlens.analyze_frame(pd.DataFrame({"id": cli["reviews"]["review_id"],
                                                  "text": [SEED.read_text(encoding="utf-8")]}))
    assert_same(cli["reviews"], ours.reviews, skip=("source",))
    assert_same(cli["mentions"], ours.mentions)
    assert "Soundtrack" in set(ours.mentions["name"])


def test_dtypes_are_the_reports_types():
    frames = reviewlens.analyze_frame(pd.DataFrame({"id": ["00123"], "text": ["A triumph, 9/10."]}))
    r = frames.reviews
    assert r["review_id"].tolist() == ["00123"]
    assert str(r["chars"].dtype) == "int64" and str(r["compound"].dtype) == "float64"
    assert r["rating"].tolist() == [0.9] and r["rating_text"].tolist() == ["9/10"]
    empty = reviewlens.analyze_frame(pd.DataFrame({"id": [], "text": []}))
    assert str(empty.reviews["chars"].dtype) == "int64"
    assert str(empty.entities["mean_compound"].dtype) == "float64"


def test_a_row_that_is_not_text_is_an_error_row_and_the_rest_is_analyzed():
    reports = reviewlens.analyze(["Great.", None, 3.5, "Awful."], ids=["a", "b", "c", "d"])
    assert reports.reviews["review_id"] == ["a", "d"]
    assert reports.errors["source"] == ["b (row 1)", "c (row 2)"]
    assert reports.errors["error"] == ["not a string (NoneType)", "not a string (float)"]


def test_bad_arguments_raise_python_exceptions(tmp_path):
    with pytest.raises(TypeError):
        reviewlens.analyze("one string, not a list")
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        reviewlens.analyze(["x"], ids=["a", "b"])
    with pytest.raises(ValueError, match="jobs"):
        reviewlens.analyze(["x"], jobs=0)
    with pytest.raises(ValueError, match="missing.tsv"):
        reviewlens.analyze(["x"], gazetteer=tmp_path / "missing.tsv")
    with pytest.raises(KeyError, match="no column 'body'"):
        reviewlens.analyze_frame(pd.DataFrame({"text": ["x"]}), text="body")


def test_gazetteer_and_lexicon_files_are_used(tmp_path):
    gazetteer = tmp_path / "g.tsv"
    gazetteer.write_text("show\tQuibble Street\n", encoding="utf-8")
    lexicon = tmp_path / "l.tsv"
    lexicon.write_text("zorbly\t3.0\n", encoding="utf-8")
    text = "Quibble Street is zorbly."
    plain = reviewlens.analyze([text])
    custom = reviewlens.analyze([text], gazetteer=[gazetteer], lexicon=str(lexicon))
    assert "Quibble Street" in custom.mentions["name"]
    assert custom.reviews["compound"][0] > plain.reviews["compound"][0] + 0.3


def test_score_has_vaders_keys_and_explain_says_why():
    s = reviewlens.score("A dull, bloated mess.")
    assert set(s) >= {"neg", "neu", "pos", "compound", "label", "verdict_confidence"}
    assert s["compound"] < 0 and s["label"] == "negative"
    assert abs(s["neg"] + s["neu"] + s["pos"] - 1) < 1e-9
    e = reviewlens.explain("Paul Mescal is superb, but the script is a mess.")
    assert [m["name"] for m in e["mentions"]] == ["Paul Mescal"]
    assert e["mentions"][0]["compound"] > 0
    assert e["mentions"][0]["from"] == "its clause"
    assert e["mentions"][0]["from_words"] == "Paul Mescal is superb"
    assert e["review"]["label_basis"]
    assert len(e["sentences"]) == 1


def test_threads_may_call_it_at_once():
    results = [None] * 4

    def run(i):
        results[i] = reviewlens.analyze(["A triumph."] * 200, jobs=2).reviews["compound"]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == results[0] for r in results) and len(results[0]) == 200


@pytest.mark.parametrize("fixture", sorted((ROOT / "tests" / "fixtures").glob("*.txt")), ids=lambda p: p.name)
def test_the_clis_fixtures_give_the_same_tables(tmp_path, fixture):
    cli = cli_reports(tmp_path, fixture)
    df = pd.DataFrame({"id": cli["reviews"]["review_id"], "text": [fixture.read_text(encoding="utf-8")]})
    ours = reviewlens.analyze_frame(df)
    assert_same(cli["reviews"], ours.reviews, skip=("source",))
    assert_same(cli["mentions"], ours.mentions)
    assert_same(cli["entities"], ours.entities)
