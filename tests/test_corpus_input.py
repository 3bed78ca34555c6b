"""Corpus input (#14): articles as rows of a JSON Lines or CSV file in ``seeds/``.

Each row must become the article a ``.txt`` and its sidecar would (the same figures, byte for
byte, apart from the documents table's ``path``), and every bad row must stop the run with exit
2 and one line naming the file, the row and the field, leaving the published report and data as
they were (in the style of ``test_battery``). Synthetic text only (``tests/corpus.py``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from nkrussia import articles, extract
from nkrussia.errors import ArticleError

from . import corpus
from .conftest import cli_env, run_cli
from .test_battery import run_as, tree

FIELDS = ["id", "title", "outlet", "url", "published", "text"]
GOOD = "South Korea's spy agency said over 7,000 North Korean troops were sent to Russia.\n"


def rows_of(arts: list[corpus.Article], ids: bool = True) -> list[dict[str, str]]:
    return [{**({"id": a.doc_id} if ids else {}), "title": a.title, "outlet": a.outlet,
             "url": a.url, "published": a.published, "text": a.text} for a in arts]


def jsonl_bytes(rows: list[dict], newline: str = "\n", bom: bool = False,
                ensure_ascii: bool = False) -> bytes:
    body = "".join(json.dumps(r, ensure_ascii=ensure_ascii) + newline for r in rows)
    return (b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8")


def csv_bytes(rows: list[dict], header: list[str] | None = None, bom: bool = False,
              lineterminator: str = "\r\n") -> bytes:
    header = header or list(rows[0])
    out = io.StringIO(newline="")
    w = csv.writer(out, lineterminator=lineterminator)
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def extracted(folder: Path, out: Path) -> dict[str, str]:
    ex = extract.extract_documents(extract.find_articles(folder), within=folder)
    return {p.name: p.read_text(encoding="utf-8") for p in extract.write_extraction(ex, out)}


def without_path(documents_csv: str) -> tuple[list[list[str]], list[str]]:
    rows = list(csv.reader(io.StringIO(documents_csv)))
    col = rows[0].index("path")
    return [r[:col] + r[col + 1:] for r in rows], [r[col] for r in rows[1:]]


# --------------------------------------------------------------------------- same figures
@pytest.fixture(scope="module")
def arts() -> list[corpus.Article]:
    return corpus.generate(8)


@pytest.fixture(scope="module")
def from_txt(arts, tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("txt")
    corpus.write_seeds(arts, root / "seeds")
    return extracted(root / "seeds", root / "out")


@pytest.mark.parametrize("shape", [
    "jsonl", "jsonl-ascii-escapes", "jsonl-bom-crlf-blank-lines", "csv", "csv-bom-lf",
    "csv-columns-reordered"])
def test_a_corpus_file_gives_the_same_tables_as_txt_and_sidecars(shape, arts, from_txt,
                                                                 tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    rows = rows_of(arts)
    name = "corpus.jsonl" if shape.startswith("jsonl") else "corpus.csv"
    data = {
        "jsonl": lambda: jsonl_bytes(rows),
        "jsonl-ascii-escapes": lambda: jsonl_bytes(rows, ensure_ascii=True),
        "jsonl-bom-crlf-blank-lines": lambda: b"\r\n".join(
            [jsonl_bytes(rows[:3], "\r\n", bom=True), jsonl_bytes(rows[3:], "\r\n\r\n")]),
        "csv": lambda: csv_bytes(rows),  # CRLF between rows, LF inside the quoted texts
        "csv-bom-lf": lambda: csv_bytes(rows, bom=True, lineterminator="\n"),
        "csv-columns-reordered": lambda: csv_bytes(rows, header=FIELDS[::-1]),
    }[shape]()
    (seeds / name).write_bytes(data)
    got = extracted(seeds, tmp_path / "out")
    assert got.keys() == from_txt.keys()
    for table in got:
        if table == "documents.csv":
            mine, paths = without_path(got[table])
            theirs, txt_paths = without_path(from_txt[table])
            assert mine == theirs
            assert txt_paths == [f"{a.doc_id}.txt" for a in arts]
            if shape.startswith("jsonl"):  # the line of each object
                lines = [i for i, line in enumerate(data.split(b"\n"), 1)
                         if line.strip(b"\r\xef\xbb\xbf")]
                assert paths == [f"{name}#row={n}" for n in lines]
            else:  # spreadsheet rows: the header is row 1, multi-line texts take one row
                assert paths == [f"{name}#row={n}" for n in range(2, len(arts) + 2)]
        else:
            assert got[table] == from_txt[table], table


def test_row_articles_are_the_articles_a_txt_and_sidecar_give(arts, tmp_path):
    corpus.write_seeds(arts[:2], tmp_path / "txt")
    (tmp_path / "c.jsonl").write_bytes(jsonl_bytes(rows_of(arts[:2])))
    from_txt = articles.load_articles(articles.find_articles(tmp_path / "txt"))
    from_rows = articles.load_articles([tmp_path / "c.jsonl"])
    for a, b in zip(from_txt, from_rows, strict=True):
        assert (a.doc_id, a.text, a.sha256, a.metadata) == (b.doc_id, b.text, b.sha256,
                                                              b.metadata)
        assert a.row is None and b.row in (1, 2) and b.path == tmp_path / "c.jsonl"


def test_ids_without_an_id_come_from_the_file_name_and_the_text_and_survive_reordering(
        arts, tmp_path):
    rows = rows_of(arts, ids=False)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "news feed.jsonl").write_bytes(jsonl_bytes(rows))
    (tmp_path / "b" / "news feed.jsonl").write_bytes(jsonl_bytes(rows[::-1]))
    one = articles.load_articles([tmp_path / "a" / "news feed.jsonl"])
    two = articles.load_articles([tmp_path / "b" / "news feed.jsonl"])
    assert all(a.doc_id == f"news_feed-{a.sha256[:12]}" for a in one)
    assert {a.doc_id: a.text for a in one} == {a.doc_id: a.text for a in two}
    assert [a.row for a in two] == list(range(1, len(arts) + 1))


def test_a_whole_number_id_is_an_id(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"id": 12345, "text": GOOD}) + "\n", encoding="utf-8")
    assert [a.doc_id for a in articles.load_articles([path])] == ["12345"]


def test_a_future_date_in_a_row_is_a_warning_naming_the_row(tmp_path):
    from nkrussia.paths import ProjectPaths
    from nkrussia.run import inputs

    (tmp_path / "seeds").mkdir()
    (tmp_path / "params.yaml").write_text("{}\n", encoding="utf-8")
    (tmp_path / "seeds" / "c.csv").write_bytes(csv_bytes(
        [{"text": GOOD, "published": "2024-11-04"}, {"text": GOOD + "x", "published": "2099"}]))
    warnings = inputs.check_articles(ProjectPaths(tmp_path))
    assert [(w["file"], w["field"]) for w in warnings] == [("seeds/c.csv#row=3", "published")]
    assert "publication date 2099 is in the future" in warnings[0]["message"]


def test_a_corpus_file_in_seeds_is_an_input_of_extraction(tmp_path):
    from nkrussia.paths import ProjectPaths
    from nkrussia.run import inputs

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "seeds" / "b.jsonl").write_bytes(jsonl_bytes([{"text": GOOD + "1"}]))
    (tmp_path / "seeds" / "c.csv").write_bytes(csv_bytes([{"text": GOOD + "2"}]))
    hashed = inputs.hash_inputs(ProjectPaths(tmp_path))
    assert {"seeds/a.txt", "seeds/b.jsonl", "seeds/c.csv"} <= hashed.keys()
    before = hashed["seeds/b.jsonl"]
    (tmp_path / "seeds" / "b.jsonl").write_bytes(jsonl_bytes([{"text": GOOD + "one"}]))
    assert inputs.hash_inputs(ProjectPaths(tmp_path))["seeds/b.jsonl"] != before


# --------------------------------------------------------------------------- bad rows
def put(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / "seeds" / name).write_bytes(data)


def both(a: tuple[str, bytes], b: tuple[str, bytes]) -> Callable[[Path], None]:
    return lambda root: (put(*a)(root), put(*b)(root))


def jl(*objs: object) -> bytes:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs).encode()


def cs(*lines: str) -> bytes:
    return "".join(line + "\r\n" for line in lines).encode()


OK = {"text": GOOD}
BIG = 5 * 1024 * 1024 + 1
SEED_ID = "000_0699a36f70cc69c0"  # the seed article of the project


@dataclass
class Bad:
    id: str
    mutate: Callable[[Path], None]
    says: str  # the one line must contain this (file, row and field)


BAD = [
    # JSON Lines
    Bad("jsonl-missing-text", put("c.jsonl", jl(OK, {"title": "No text"})),
        "seeds/c.jsonl: line 2: field 'text': missing"),
    Bad("jsonl-empty-text", put("c.jsonl", jl({"text": ""})),
        "c.jsonl: line 1: field 'text': empty"),
    Bad("jsonl-whitespace-text", put("c.jsonl", jl(OK, OK | {"id": "b"},
                                                   {"text": "\u00a0\u3000\u200b \n"})),
        "c.jsonl: line 3: field 'text': empty (only whitespace)"),
    Bad("jsonl-text-number", put("c.jsonl", jl({"text": 7000})),
        "c.jsonl: line 1: field 'text': must be text (a JSON string), got a number (7000)"),
    Bad("jsonl-text-array", put("c.jsonl", jl({"text": ["a", "b"]})),
        "c.jsonl: line 1: field 'text': must be text (a JSON string), got a JSON array"),
    Bad("jsonl-title-number", put("c.jsonl", jl(OK | {"title": 1984})),
        "c.jsonl: line 1: field 'title': must be text (a JSON string), got a number (1984)"),
    Bad("jsonl-malformed", put("c.jsonl", jl(OK, '{"text": "unclosed')),
        "c.jsonl: line 2: not valid JSON (Unterminated string"),
    Bad("jsonl-not-an-object", put("c.jsonl", jl(["text", GOOD])),
        "c.jsonl: line 1: must be a JSON object with the fields id, title, outlet, url, "
        "published, text, got a JSON array"),
    Bad("jsonl-unknown-field", put("c.jsonl", jl({"txt": GOOD})),
        "c.jsonl: line 1: field 'txt': not a known field (did you mean 'text'?)"),
    Bad("jsonl-misspelt-date-field", put("c.jsonl", jl(OK | {"publshed": "2024-11-04"})),
        "field 'publshed': not a known field (did you mean 'published'?)"),
    Bad("jsonl-key-twice", put("c.jsonl", b'{"text": "a b c", "text": "d e f"}\n'),
        "c.jsonl: line 1: field 'text': given twice in the object"),
    Bad("jsonl-date-that-does-not-exist", put("c.jsonl", jl(OK | {"published": "2024-02-30"})),
        "c.jsonl: line 1: field 'published': '2024-02-30' is not a date that exists"),
    Bad("jsonl-date-number", put("c.jsonl", jl(OK | {"published": 20241104})),
        "c.jsonl: line 1: field 'published': 20241104 is a number, not a date"),
    Bad("jsonl-date-garbage", put("c.jsonl", jl(OK | {"published": "last tuesday"})),
        "c.jsonl: line 1: field 'published': 'last tuesday' is not an ISO date"),
    Bad("jsonl-duplicate-id", put("c.jsonl", jl(OK | {"id": "a"}, {"id": "a", "text": "x y"})),
        "c.jsonl: line 2: field 'id': doc_id 'a' is already used by "),
    Bad("jsonl-id-of-a-txt", put("c.jsonl", jl(OK | {"id": SEED_ID})),
        f"c.jsonl: line 1: field 'id': doc_id '{SEED_ID}' is already used by "),
    Bad("id-across-files", both(("a.jsonl", jl(OK | {"id": "x1"})),
                                ("b.csv", cs("id,text", f'x1,"{GOOD.strip()} again"'))),
        "b.csv: row 2: field 'id': doc_id 'x1' is already used by "),
    Bad("jsonl-same-text-twice", put("c.jsonl", jl(OK, {"title": "Again"} | OK)),
        "c.jsonl: line 2: field 'text': the same text as "),
    Bad("jsonl-unusable-id", put("c.jsonl", jl(OK | {"id": "a/../b"})),
        "c.jsonl: line 1: field 'id': 'a/../b' is not a usable id"),
    Bad("jsonl-id-boolean", put("c.jsonl", jl(OK | {"id": True})),
        "c.jsonl: line 1: field 'id': must be text or a whole number, got true"),
    Bad("jsonl-too-long", put("c.jsonl", jl({"text": "x" * BIG})),
        "c.jsonl: line 1: field 'text': 5,242,881 bytes is larger than the 5 MB limit"),
    Bad("jsonl-invalid-utf8", put("c.jsonl", b'{"text": "About 7,000 \xff troops"}\n'),
        "c.jsonl: line 1: field 'text': not UTF-8 (invalid byte 0xff at character 12)"),
    Bad("jsonl-invalid-utf8-outside-strings", put("c.jsonl", b'{"text": "a b"}\xff\n'),
        "c.jsonl: line 1: not UTF-8 (invalid byte 0xff at byte 15 of the line)"),
    Bad("jsonl-lone-surrogate", put("c.jsonl", b'{"text": "About \\ud800 troops"}\n'),
        "c.jsonl: line 1: field 'text': not valid Unicode (lone surrogate U+D800"),
    Bad("jsonl-nul", put("c.jsonl", jl({"text": "About\u0000 7,000"})),
        "c.jsonl: line 1: field 'text': NUL character at character 5"),
    Bad("jsonl-escape-in-title", put("c.jsonl", jl(OK | {"title": "a\x1b]0;X\x07b"})),
        "c.jsonl: line 1: field 'title': control character U+001B at character 1"),
    Bad("jsonl-utf16", put("c.jsonl", (json.dumps(OK) + "\n").encode("utf-16")),
        "c.jsonl: UTF-16LE text (byte-order mark FF FE), not UTF-8"),
    Bad("jsonl-empty-file", put("c.jsonl", b""), "c.jsonl: empty file"),
    Bad("jsonl-blank-lines-only", put("c.jsonl", b"\n \r\n\n"),
        "c.jsonl: no articles in it (only blank lines)"),
    # CSV
    Bad("csv-no-header", put("c.csv", cs(f'My title,"{GOOD.strip()}"')),
        "c.csv: row 1 (the header): missing; the first row must name the columns"),
    Bad("csv-unknown-column", put("c.csv", cs("title,txt", "T,About 7000 troops")),
        "c.csv: row 1 (the header): column 2 'txt' is not a known field (did you mean 'text'?)"),
    Bad("csv-no-text-column", put("c.csv", cs("title,outlet", "T,O")),
        "c.csv: row 1 (the header): no 'text' column"),
    Bad("csv-column-twice", put("c.csv", cs("text,title,text", "a,b,c")),
        "c.csv: row 1 (the header): column 3 'text' is named twice"),
    Bad("csv-empty-text", put("c.csv", cs("title,text", f'A,"{GOOD.strip()}"', "B,")),
        "c.csv: row 3: field 'text': empty"),
    Bad("csv-bad-date-after-a-multiline-row", put("c.csv", cs(
        "text,published", '"First line\nsecond line\nthird line",2024-11-04',
        f'"{GOOD.strip()}",2024-13-45')),
        "c.csv: row 3 (line 5): field 'published': '2024-13-45' is not a date that exists"),
    Bad("csv-too-many-cells", put("c.csv", cs("title,text", f'A,"{GOOD.strip()}",extra')),
        "c.csv: row 2: 3 cells, but the header (row 1) names 2 columns"),
    Bad("csv-unclosed-quote", put("c.csv", cs("title,text", 'A,"never closed')),
        "c.csv: row 2: not valid CSV"),
    Bad("csv-invalid-utf8", put("c.csv", b"title,text\r\nA,About \xfe 7000 troops\r\n"),
        "c.csv: row 2: field 'text': not UTF-8 (invalid byte 0xfe at character 6)"),
    Bad("csv-too-long", put("c.csv", b"text\r\n" + b"y" * BIG + b"\r\n"),
        "c.csv: row 2: field 'text': 5,242,881 bytes is larger than the 5 MB limit"),
    Bad("csv-duplicate-id", put("c.csv", cs("id,text", "n1,a b c", "n2,d e f", "n1,g h i")),
        "c.csv: row 4: field 'id': doc_id 'n1' is already used by "),
    Bad("csv-utf16", put("c.csv", "title,text\r\nA,About 7,000\r\n".encode("utf-16")),
        "c.csv: UTF-16LE text (byte-order mark FF FE), not UTF-8"),
    Bad("csv-header-only", put("c.csv", cs("title,text")),
        "c.csv: no articles in it (only a header)"),
    Bad("csv-nul", put("c.csv", b"text\r\nAbout\x00 7000 troops\r\n"),
        "c.csv: row 2: field 'text': NUL character at character 5"),
    Bad("csv-folder", lambda r: (r / "seeds" / "c.csv").mkdir(), "c.csv: a folder"),
    Bad("fifo", lambda r: os.mkfifo(r / "seeds" / "c.jsonl"),
        "c.jsonl: a named pipe (FIFO), not a regular file"),
    Bad("link-outside", lambda r: (r / "seeds" / "c.csv").symlink_to("/etc/passwd"),
        "c.csv: resolves outside the project (to /etc/passwd)"),
]


@pytest.mark.slow
@pytest.mark.parametrize("case", BAD, ids=lambda c: c.id)
def test_a_bad_row_is_one_line_exit_2_and_changes_nothing(case: Bad, published, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published, root, symlinks=True)
    case.mutate(root)
    before = tree(root)
    for args in (("run",), ("status",)):
        result = run_as(root, args, cli_env(), None)
        lines = result.stderr.splitlines()
        assert result.returncode == 2, result.stdout + result.stderr
        assert len(lines) == 1, result.stderr
        assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
        assert lines[0].startswith("nkrussia: error: ") and case.says in lines[0], lines[0]
        assert tree(root) == before
        assert not list((root / "build").glob("staging-*"))


ONE_FILE = [c for c in BAD if c.id.startswith(("jsonl-", "csv-"))
            and c.id not in ("jsonl-id-of-a-txt", "csv-folder", "fifo")]


@pytest.mark.parametrize("case", ONE_FILE, ids=lambda c: c.id)
def test_nkrussia_extract_refuses_a_bad_corpus_file_the_same_way(case: Bad, tmp_path):
    (tmp_path / "seeds").mkdir()
    case.mutate(tmp_path)
    (name,) = [p.name for p in (tmp_path / "seeds").iterdir()]
    result = run_cli(tmp_path, "extract", str(tmp_path / "seeds" / name), timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert case.says.replace("seeds/", "") in lines[0], lines[0]
    assert result.stdout == ""


def test_nkrussia_extract_reads_a_jsonl_and_a_csv(arts, tmp_path):
    (tmp_path / "c.jsonl").write_bytes(jsonl_bytes(rows_of(arts[:2])))
    (tmp_path / "d.csv").write_bytes(csv_bytes(rows_of(arts[2:4])))
    corpus.write_seeds(arts[:4], tmp_path / "txt")
    rows = run_cli(tmp_path, "extract", str(tmp_path / "c.jsonl"), str(tmp_path / "d.csv"))
    txt = run_cli(tmp_path, "extract", str(tmp_path / "txt"))
    assert rows.returncode == 0 and txt.returncode == 0, rows.stderr + txt.stderr
    assert rows.stdout == txt.stdout and rows.stdout.count("\n") > 5


def test_load_article_refuses_a_corpus_file(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_bytes([OK]))
    with pytest.raises(ArticleError, match="c.jsonl: a file of many articles"):
        articles.load_article(path)


# --------------------------------------------------------------------------- end to end
@pytest.mark.slow
def test_a_run_on_a_jsonl_corpus_publishes_row_sources_and_a_changed_row_reruns_extraction(
        arts, project):
    for p in (project / "seeds").iterdir():
        p.unlink()
    (project / "seeds" / "news.jsonl").write_bytes(jsonl_bytes(rows_of(arts[:3])))
    result = run_cli(project, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    docs = list(csv.DictReader(io.StringIO(
        (project / "data" / "extracted" / "documents.csv").read_text(encoding="utf-8"))))
    assert [d["path"] for d in docs] == [f"seeds/news.jsonl#row={n}" for n in (1, 2, 3)]
    manifest = json.loads((project / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert "seeds/news.jsonl" in manifest["inputs"]
    # each article's page shows its text read back from its row: its line breaks are its
    # paragraphs (the text rebuilt from the sentences, the fallback, would be one paragraph)
    for a in arts[:3]:
        page = project / "report" / "articles" / f"{a.doc_id}.html"
        html = page.read_text(encoding="utf-8")
        body = html[html.index('class="nk-article"'):]
        body = body[:body.index("</div>")]
        assert body.count("<p") == len(a.text.strip().split("\n")) > 1, page
        assert str(project) not in html
    status = run_cli(project, "status")
    assert status.returncode == 0, status.stdout
    edited = rows_of(arts[:3])
    edited[1]["text"] = edited[1]["text"].replace("troops", "soldiers", 1)
    (project / "seeds" / "news.jsonl").write_bytes(jsonl_bytes(edited))
    status = run_cli(project, "status")
    assert status.returncode == 1
    assert status.stdout.splitlines()[0].split() == ["01_extract", "stale"], status.stdout


def test_the_readme_examples_read_as_they_say(tmp_path):
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Corpus input", 1)[1].split("\n## ", 1)[0]
    blocks = dict(re.findall(r"```(json|csv)\n(.*?)```", section, re.S))
    (tmp_path / "corpus.jsonl").write_text(blocks["json"], encoding="utf-8")
    (tmp_path / "corpus.csv").write_text(blocks["csv"], encoding="utf-8")
    from_json = articles.load_corpus(tmp_path / "corpus.jsonl")
    from_csv = articles.load_corpus(tmp_path / "corpus.csv")
    assert [a.doc_id for a in from_json][0] == "yonhap-2024-11-04"
    assert [(a.text, a.metadata) for a in from_json] == [(a.text, a.metadata) for a in from_csv]
    assert from_json[1].doc_id.startswith("corpus-") and from_json[1].row == 2
    assert [a.row for a in from_csv] == [2, 3]  # rows, not lines: the first text spans two
