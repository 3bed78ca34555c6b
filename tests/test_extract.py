"""Tests of the figure extractor: the seed (hand-annotated), own articles, rules, bad input."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from pathlib import Path

import pytest

from nkrussia import extract
from nkrussia.extract import ArticleError, extract_documents, extract_text
from nkrussia.extract_eval import evaluate, load_annotated, ours
from nkrussia.vocab import QUANTITIES

ROOT = Path(__file__).resolve().parents[1]

SEED = ROOT / "seeds" / "000_0699a36f70cc69c0.txt"
FIXTURES = ROOT / "tests" / "fixtures"


def _num(cell: str) -> float | None:
    return float(cell) if cell else None


def _same(a, b) -> bool:
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and not (isinstance(b, float) and math.isnan(b)) and \
        math.isclose(a, b, rel_tol=1e-6)


@pytest.fixture(scope="module")
def seed_extraction():
    return extract_documents([SEED])


def test_seed_figures_match_hand_annotation_exactly(seed_extraction):
    text = SEED.read_text(encoding="utf-8")
    with (FIXTURES / "seed_figures.csv").open(encoding="utf-8", newline="") as fh:
        expected = list(csv.DictReader(fh))
    got = seed_extraction.figures
    assert len(got) == len(expected), got["text"].tolist()
    for (_, row), exp in zip(got.iterrows(), expected, strict=True):
        assert text[row.start:row.end] == row.text == exp["text"]
        for col in ("value", "low", "high"):
            assert _same(_num(exp[col]), row[col]), (exp["text"], col, row[col])
        for col in ("qualifier", "unit", "date", "date_resolved", "date_inferred", "quantity",
                    "subject", "source"):
            assert (row[col] or "") == exp[col], (exp["text"], col, row[col])
        assert int(row.sentence) == int(exp["sentence"])
    assert got["figure_id"].tolist() == [f"000_0699a36f70cc69c0-F{i:02d}" for i in
                                         range(1, len(expected) + 1)]


def test_seed_documents_entities_events_quotes(seed_extraction):
    doc = seed_extraction.documents.iloc[0]
    assert doc.reference_date == "2024-11"
    assert doc.reference_date_source.startswith(
        "inferred: 'upcoming 2024 U.S. presidential election' gives the year 2024")
    assert doc.characters == len(SEED.read_text(encoding="utf-8"))
    ents = seed_extraction.entities
    kim = ents[(ents.name == "Kim") & (ents.kind == "person")]
    assert kim.canonical.tolist() == ["Kim Yong-hyun"]
    borrell = ents[ents.name == "Josep Borrell"].iloc[0]
    assert borrell.role == "the European Union's foreign policy chief"
    assert "Yoon Suk-yeol" in set(ents.canonical)
    ev = seed_extraction.events
    assert ev.date_resolved.tolist() == ["2024-11-04"]
    assert "Josep Borrell" in ev.iloc[0].who and "Kim Yong-hyun" in ev.iloc[0].who
    q = seed_extraction.quotes
    assert len(q) == 1
    assert q.iloc[0].speaker == "Yoon Suk-yeol"
    assert q.iloc[0].speaker_role == "South Korean President"
    text = SEED.read_text(encoding="utf-8")
    for table in (ents, q):
        for _, row in table.iterrows():
            if "text" in row:
                assert text[row.start:row.end] == row.text
            else:
                assert text[row.start:row.end] == row["name"]


def test_own_articles_precision_recall():
    docs = load_annotated(FIXTURES / "articles")
    assert len(docs) >= 8
    assert sum(d.name.startswith("blind_g") for d in docs) == 10  # the held-out batch counts
    result = evaluate(docs, ours)
    assert result["precision"] >= 0.95, result["errors"]
    assert result["recall"] >= 0.95, result["errors"]


def test_quantities_use_the_vocabulary_and_offsets_hold():
    for path in sorted((FIXTURES / "articles").glob("*.txt")) + [SEED]:
        text = path.read_text(encoding="utf-8")
        for f in extract_text(text):
            assert f.quantity in QUANTITIES
            assert text[f.start:f.end] == f.text


@pytest.mark.parametrize("sentence, span, value, qualifier, unit", [
    ("Between 10,000 and 12,000 troops were sent.", "Between 10,000 and 12,000", 11000, "range",
     "troops"),
    ("Some 10,000-12,000 soldiers arrived.", "Some 10,000-12,000", 11000, "range", "troops"),
    ("It sent 10,000–12,000 soldiers.", "10,000–12,000", 11000, "range", "troops"),
    ("It sent three brigades.", "three", 3, "exact", "brigades"),
    ("A dozen officers died.", "A dozen", 12, "exact", "troops"),
    ("Two million shells were sent.", "Two million", 2e6, "exact", "shells"),
    ("About two-thirds of the rice arrived.", "About two-thirds", 2 / 3, "approximately",
     "fraction"),
    ("Two of every three shells failed.", "Two of every three", 2 / 3, "exact", "fraction"),
    ("It holds half a million tonnes.", "half a million", 5e5, "exact", "tonnes"),
    ("It costs $1.2bn a year.", "$1.2bn", 1.2e9, "exact", "USD/year"),
    ("They earn 40 percent more.", "40 percent", 40, "exact", "percent"),
    ("Up to 1-2 million rounds.", "Up to 1-2 million", 1.5e6, "range", "rounds"),
    ("No fewer than 500 soldiers.", "No fewer than 500", 500, "at_least", "troops"),
    ("Some 10-12,000 troops left.", "Some 10-12,000", 11000, "range", "troops"),
    ("They earn $2,000-a-month salaries.", "$2,000", 2000, "exact", "USD/month"),
    ("Two or three brigades.", "Two or three", 2.5, "range", "brigades"),
    ("It took 1/3 of the shells.", "1/3", 1 / 3, "exact", "fraction"),
    ("It sent 1.5m barrels of oil.", "1.5m", 1.5e6, "exact", "barrels"),
    ("Just under 5,000 troops.", "Just under 5,000", 5000, "up_to", "troops"),
    ("Nearly 40 per cent of it.", "Nearly 40 per cent", 40, "approximately", "percent"),
    ("A little over 3,000 troops.", "A little over 3,000", 3000, "over", "troops"),
    ("Some 11,000 or so troops.", "Some 11,000 or so", 11000, "approximately", "troops"),
    ("About 11,000 or so troops.", "About 11,000 or so", 11000, "approximately", "troops"),
    ("The 11,000 or so troops.", "11,000 or so", 11000, "approximately", "troops"),
    ("3,000 or more soldiers.", "3,000 or more", 3000, "at_least", "troops"),
    ("A 10,000-plus force.", "10,000-plus", 10000, "at_least", "troops"),
    ("Upward of 1,000 tonnes.", "Upward of 1,000", 1000, "over", "tonnes"),
    ("Two dozen launchers.", "Two dozen", 24, "exact", "launchers"),
    ("A three-day visit.", "three", 3, "exact", "days"),
    ("It costs ₽500 million a year.", "₽500 million", 5e8, "exact", "RUB/year"),
    ("A 10k-strong force.", "10k", 1e4, "exact", "troops"),
    ("It could be two or three thousand troops.", "two or three thousand", 2500, "range",
     "troops"),
    ("Losses ranging from 3,000 to 5,000 troops.", "3,000 to 5,000", 4000, "range", "troops"),
    ("For the regime that is one percent.", "one percent", 1, "exact", "percent"),
])
def test_number_grammar(sentence, span, value, qualifier, unit):
    figs = extract_text(sentence)
    assert [f.text for f in figs] == [span]
    assert math.isclose(figs[0].value, value, rel_tol=1e-6)
    assert figs[0].qualifier == qualifier
    assert figs[0].unit == unit


@pytest.mark.parametrize("sentence, spans", [
    ("Tens of thousands may follow, and hundreds of engineers.", ["Tens of thousands",
                                                                  "hundreds"]),
    ("Troops crossed the 38th parallel; a first group left.", []),
    ("Article 4 and Resolution 2397 apply; KN-23 and MiG-29 flew.", []),
    ("The 11th Corps used 152mm and 152-mm guns.", []),
    ("Call 02-3412-8000 or +82 2 748 1234, Room 301.", []),
    ("One of the officers said no one knew.", []),
    ("The two countries signed it.", []),
    ("In the first half of 2024, fighting grew.", ["2024"]),
    ("On 18 October 2024 they met; on Oct. 18, 2024 too.", ["18 October 2024",
                                                            "Oct. 18, 2024"]),
    ("It started in 2023.", ["2023"]),
    ("The 1950–53 war; talks in 2022-2024.", ["1950–53", "2022-2024"]),
    ("Open 24/7 at 32/34 Smolenskaya, 72 Mosfilmovskaya Street.", []),
    ("Call 8-800-100-22-33 at 10:30 a.m.; see 38 North and the G7.", []),
    ("In the 1960s an A330 and an Il-76 flew; a 5m wall.", ["1960s"]),
    ("The number rose from 3,000 to 11,000.", ["3,000", "11,000"]),
    ("It paid $25m to $30m a quarter.", ["$25m to $30m"]),
    ("A one-sided, three-way deal under UNSCR 2270.", []),
    ("A third round of talks; a fifth time; cut by a third.", ["a third"]),
    ("Roughly one-sixtieth of it; two-thirds of them.", ["Roughly one-sixtieth", "two-thirds"]),
    ("They met on 4-5 November and on November 4–5, 2024.", ["4-5 November",
                                                             "November 4–5, 2024"]),
    ("The rest goes to Office 39 and Bureau 121.", []),
    ("The war lasted from 2022 to 2024.", ["2022 to 2024"]),
    ("It could earn several hundred million dollars.", ["several hundred million"]),
])
def test_decoys_and_vague(sentence, spans):
    assert [f.text for f in extract_text(sentence)] == spans


def test_dates_resolve_against_reference():
    figs = extract_text("They met on November 4 and on 5 May 2023.", reference_date="2024-11-20")
    assert [(f.date, f.date_resolved, f.date_inferred) for f in figs] == [
        ("--11-04", "2024-11-04", True), ("2023-05-05", "2023-05-05", False)]


def test_sidecar_reference_date(tmp_path):
    art = tmp_path / "doc1.txt"
    art.write_text("They met on November 4. Over 7,000 troops were sent.", encoding="utf-8")
    (tmp_path / "doc1.yaml").write_text("title: T\noutlet: O\nurl: http://x\n"
                                        "published: 2024-11-07\n", encoding="utf-8")
    ex = extract_documents([art])
    doc = ex.documents.iloc[0]
    assert (doc.reference_date, doc.reference_date_source, doc.title) == (
        "2024-11-07", "sidecar", "T")
    assert ex.figures.iloc[0].date_resolved == "2024-11-04"


def test_write_is_deterministic(tmp_path, seed_extraction):
    a = extract.write_extraction(seed_extraction, tmp_path / "a")
    b = extract.write_extraction(extract_documents([SEED]), tmp_path / "b")
    assert [p.name for p in a] == ["documents.csv", "sentences.csv", "figures.csv",
                                   "entities.csv", "events.csv", "quotes.csv"]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
        assert b"\r\n" not in pa.read_bytes()
    header = (tmp_path / "a" / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == extract.FIGURE_COLUMNS


def test_article_without_figures_is_valid(tmp_path):
    art = tmp_path / "quiet.txt"
    art.write_text("Nothing was said about numbers. Officials stayed silent.", encoding="utf-8")
    ex = extract_documents([art])
    assert len(ex.figures) == 0
    assert list(ex.figures.columns) == extract.FIGURE_COLUMNS
    assert len(ex.documents) == 1


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"   \n\n", "empty file"),
    (b"caf\xe9 au lait", "not UTF-8 (invalid byte 0xe9 at byte offset 3)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
])
def test_bad_articles(tmp_path, content, message):
    art = tmp_path / "bad.txt"
    art.write_bytes(content)
    with pytest.raises(ArticleError) as err:
        extract.load_article(art)
    assert message in str(err.value)
    assert str(art) in str(err.value)
    assert "\n" not in str(err.value)


def test_ten_megabyte_article_is_refused(tmp_path):
    art = tmp_path / "huge.txt"
    art.write_bytes(b"Over 7,000 troops were sent. " * (10 * 1024 * 1024 // 29 + 1))
    with pytest.raises(ArticleError, match="larger than the 5 MB limit"):
        extract.load_article(art)


def test_unreadable_article_stops_before_anything_is_written(tmp_path):
    good, bad = tmp_path / "a.txt", tmp_path / "b.txt"
    good.write_text("Over 7,000 troops.", encoding="utf-8")
    bad.write_bytes(b"")
    with pytest.raises(ArticleError, match="b.txt: empty file"):
        extract_documents([good, bad])


def test_folders(tmp_path):
    with pytest.raises(ArticleError, match="folder not found"):
        extract.find_articles(tmp_path / "missing")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"no \*\.txt articles"):
        extract.find_articles(tmp_path)
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in extract.find_articles(tmp_path)] == ["a.txt", "b.txt"]


def test_missing_file_and_bad_sidecar(tmp_path):
    with pytest.raises(ArticleError, match="file not found"):
        extract.load_article(tmp_path / "nope.txt")
    art = tmp_path / "d.txt"
    art.write_text("Over 7,000 troops.", encoding="utf-8")
    (tmp_path / "d.yaml").write_text("published: [unclosed\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="d.yaml: not a valid YAML sidecar"):
        extract.load_article(art)


def test_figures_csv_round_trip(seed_extraction):
    import io

    buf = io.StringIO()
    extract.figures_to_csv(seed_extraction.figures, buf)
    lines = buf.getvalue().split("\n")
    assert lines[0].split(",") == extract.FIGURE_COLUMNS
    assert len([ln for ln in lines if ln]) == len(seed_extraction.figures) + 1


def test_import_is_light():
    """No pandas and no NLP library or model is imported by ``import nkrussia.extract``."""
    code = ("import sys; import nkrussia.extract; "
            "print('pandas' in sys.modules, 'quantulum3' in sys.modules, "
            "'spacy' in sys.modules, 'thinc' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""}, check=True)
    assert out.stdout.split() == ["False", "False", "False", "False"]


def test_tables_meet_the_data_contract(tmp_path):
    """The six CSVs of every fixture article pass the schemas the analysis reads them with."""
    import pandas as pd

    from nkrussia.schemas import EXTRACTED

    paths = sorted((FIXTURES / "articles").glob("*.txt")) + [SEED]
    ex = extract_documents(paths)
    extract.write_extraction(ex, tmp_path)
    for name, schema in EXTRACTED.items():
        df = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        schema.validate(df.replace("", None))
    assert ex.figures.figure_id.is_unique
    texts = {p.stem: p.read_text(encoding="utf-8") for p in paths}
    for table, col in (("figures", "text"), ("sentences", "text"), ("quotes", "text"),
                       ("entities", "name")):
        for row in getattr(ex, table).itertuples():
            assert texts[row.doc_id][row.start:row.end] == getattr(row, col)


def test_random_variants_never_crash_and_offsets_hold():
    """Fixture paragraphs with every digit re-drawn and random noise: no exception, and every
    figure's text is exactly its span (catches e.g. division by zero on "0 to 0 million")."""
    import random

    paragraphs = [p for path in sorted((FIXTURES / "articles").glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
    noise = ["", "-", "–", "/", "$", "%", " of ", ",", ".", "\n", "’s", " million", " to "]
    for i in range(150):
        rng = random.Random(i)
        parts = [rng.choice(paragraphs) for _ in range(4)]
        text = "\n".join(parts)
        text = "".join(str(rng.randrange(10)) if c.isdigit() else c for c in text)
        cut = rng.randrange(len(text))
        text = text[:cut] + rng.choice(noise) + text[cut:]
        for f in extract_text(text):
            assert text[f.start:f.end] == f.text
            assert f.quantity in QUANTITIES
            if f.low is not None and f.high is not None:
                assert f.low <= f.high


def test_a_datelines_dash_is_not_part_of_the_subject():
    from nkrussia.extract_figures import extract_text
    text = "MOSCOW (Interfax) -- Workers earned $300 a month, the ministry said."
    (fig,) = [f for f in extract_text(text) if f.text == "$300"]
    assert fig.subject == "Workers"
