"""Article pages are re-rendered only when something they show changed — and the pages
written are byte for byte those of a run without the cache, whatever changed.

Each case builds a small synthetic corpus's tables with the real extraction and analysis
(in this process), writes the pages with the cache, changes one thing, rebuilds the tables
and writes again: the pages must equal a fresh rendering without the cache, and only the
pages that show the changed thing may have been rendered.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from nkrussia import analyze, extract
from nkrussia.params import Params
from nkrussia.report import data as report_data
from nkrussia.report import pages
from nkrussia.report.values import article_file
from tests import corpus

ROOT = Path(__file__).resolve().parents[1]
N = 8


def build_tables(root: Path) -> Path:
    """data/extracted and data/processed of the project at ``root``, as the stages make
    them (no cache: the tables themselves are what the pages are made from)."""
    data = root / "data"
    for sub in ("extracted", "processed"):
        shutil.rmtree(data / sub, ignore_errors=True)
    result = extract.extract_documents(extract.find_articles(root / "seeds"), within=root,
                                       n_process=1)
    extract.write_extraction(result, data / "extracted")
    tables = analyze.run_analysis(data / "extracted", data / "external", Params())
    analyze.write_tables(tables, data / "processed")
    return data


def write(root: Path, out: Path, cache: Path | None) -> tuple[dict[str, bytes],
                                                            pages.PageStats]:
    shutil.rmtree(out, ignore_errors=True)
    stats = pages.PageStats()
    written = pages.write_articles(report_data.load(root / "data", root=root), out, "T",
                                   cache=cache, stats=stats)
    return {p.name: p.read_bytes() for p in written}, stats


@pytest.fixture()
def project(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "project"
    corpus.write_seeds(corpus.generate(N), root / "seeds")
    shutil.copytree(ROOT / "data" / "external", root / "data" / "external")
    (root / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (root / "notebooks").mkdir()
    monkeypatch.chdir(root)
    build_tables(root)
    return root


def check_against_fresh(root: Path, tmp: Path, cache: Path) -> pages.PageStats:
    """Pages with the cache, then without: the same files, byte for byte."""
    cached, stats = write(root, tmp / "with-cache", cache)
    fresh, fresh_stats = write(root, tmp / "fresh", None)
    assert fresh_stats.reused == 0
    assert cached.keys() == fresh.keys()
    different = sorted(n for n in fresh if cached[n] != fresh[n])
    assert not different, f"pages from the cache differ from fresh ones: {different}"
    return stats


def seeds(root: Path) -> list[Path]:
    return sorted((root / "seeds").glob("*.txt"))


def test_unchanged_tables_render_no_page_again(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first = check_against_fresh(project, tmp_path, cache)
    assert first.rendered == N and first.reused == 0
    again = check_against_fresh(project, tmp_path, cache)
    assert again.rendered == 0 and again.reused == N
    assert len(list(cache.glob("*.json"))) == N


def test_a_finding_with_a_source_and_nothing_after_it_ends_cleanly(project: Path,
                                                                   tmp_path: Path):
    """"… at up to 13,000, citing South Korea's Joint Chiefs of Staff." — not "Staff,."."""
    import re

    written, _ = write(project, tmp_path / "pages", None)
    findings = [re.sub(r"<[^>]+>", "", m) for html in written.values()
                for m in re.findall(r"<li>This article puts the North Korean troops.*?</li>",
                                    html.decode("utf-8"), re.S)]
    alone = [f for f in findings if "citing" in f and "could soon be" not in f]
    assert alone, findings  # the case is there
    assert all(f.rstrip().endswith(".") and ",." not in f for f in findings), findings


def test_one_article_edited_renders_only_the_pages_that_show_it(project: Path,
                                                                 tmp_path: Path):
    cache = tmp_path / "cache"
    check_against_fresh(project, tmp_path, cache)
    target = seeds(project)[3]
    with target.open("a", encoding="utf-8") as fh:
        fh.write("\nA later estimate put the number of soldiers at 9,500, officials said.\n")
    build_tables(project)
    stats = check_against_fresh(project, tmp_path, cache)
    assert target.stem in stats.rendered_ids
    # the edited article, and pages that show something of it (its copies, its
    # neighbours' links), not the whole corpus
    assert 1 <= stats.rendered < N, stats.rendered_ids


def test_a_title_change_reaches_the_neighbours_links(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    check_against_fresh(project, tmp_path, cache)
    docs = [p.stem for p in seeds(project)]
    side = project / "seeds" / f"{docs[4]}.yaml"
    side.write_text(side.read_text(encoding="utf-8").replace(
        "title: ", 'title: "Revised: " + ', 1).replace('"Revised: " + "', '"Revised: ', 1),
        encoding="utf-8")
    assert "Revised: " in side.read_text(encoding="utf-8")
    build_tables(project)
    stats = check_against_fresh(project, tmp_path, cache)
    assert {docs[3], docs[4], docs[5]} <= set(stats.rendered_ids)  # previous/next link it


def test_external_reference_rows_changed_are_seen(project: Path, tmp_path: Path):
    """A change outside the articles (every reference row's title, every exchange rate's
    organisation) reaches every page that cites them — and only those."""
    cache = tmp_path / "cache"
    check_against_fresh(project, tmp_path, cache)
    for name, column in (("context_figures.csv", "title"),
                         ("exchange_rates.csv", "organisation")):
        path = project / "data" / "external" / name
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows:
            row[column] = f"{row[column]} (revised)"
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    build_tables(project)
    check_against_fresh(project, tmp_path, cache)


def test_an_article_removed_or_added_renders_what_it_must(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    check_against_fresh(project, tmp_path, cache)
    gone = seeds(project)[2]
    saved = gone.read_bytes(), gone.with_suffix(".yaml").read_bytes()
    gone.unlink()
    gone.with_suffix(".yaml").unlink()
    build_tables(project)
    stats = check_against_fresh(project, tmp_path, cache)
    assert stats.rendered == N - 1  # "Article k of N" changes on every page
    assert not (cache / (article_file(gone.stem)[:-5] + ".json")).exists()  # pruned
    gone.write_bytes(saved[0])
    gone.with_suffix(".yaml").write_bytes(saved[1])
    build_tables(project)
    assert check_against_fresh(project, tmp_path, cache).rendered == N


def test_a_damaged_or_foreign_entry_is_rendered_again(project: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    check_against_fresh(project, tmp_path, cache)
    entries = sorted(cache.glob("*.json"))
    entries[0].write_text("{not json", encoding="utf-8")
    entry = json.loads(entries[1].read_text(encoding="utf-8"))
    entry["html"] = "<p>tampered</p>"
    entry["fingerprint"] = "0" * 64  # looks current to nobody
    entries[1].write_text(json.dumps(entry), encoding="utf-8")
    entry = json.loads(entries[2].read_text(encoding="utf-8"))
    entry["deps"] = [["no such look-up"]]
    entries[2].write_text(json.dumps(entry), encoding="utf-8")
    stats = check_against_fresh(project, tmp_path, cache)
    assert stats.rendered == 3 and stats.reused == N - 3


def test_every_look_up_a_page_makes_is_recorded(project: Path):
    """Rendering a page under ``recording`` names this article's own rows, row by row, and
    no whole table (else one changed article would re-render every page). It may read a
    few rows of other articles (a claim checked against another article's figure)."""
    data = report_data.load(project / "data", root=project)
    docs = data.doc_ids()
    with data.recording() as deps:
        from nkrussia.report import corpus_views
        from nkrussia.report.values import Notes
        from nkrussia.report.views import Report

        r = Report(data, notes=Notes(), articles_at="", here=docs[0])
        corpus_views.article_page(r, docs[0])
    assert deps and all(t[0] in ("by", "group") for t in deps), sorted(deps, key=str)
    read = {str(t[3]).split("-F")[0] for t in deps if t[2] in ("doc_id", "figure_id")}
    assert docs[0] in read and len(read) < len(docs), read
    assert ("group", "figures", "doc_id", docs[0]) in deps
    before = data.fingerprint(deps)
    assert data.fingerprint(list(deps)) == before  # order-free
    assert data.fingerprint(deps | {("rows", "figures")}) != before


def test_a_chart_drawn_before_is_not_drawn_again(tmp_path: Path, monkeypatch):
    """``$NKRUSSIA_CACHE/svg``: the same spec gives the same SVG, from vl-convert once; a
    changed spec or a damaged entry is drawn again."""
    import vl_convert

    from nkrussia.paths import CACHE_ENV
    from nkrussia.report import figures

    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 5}]}, "mark": "bar",
            "encoding": {"x": {"field": "x", "type": "ordinal"},
                         "y": {"field": "y", "type": "quantitative"}}}
    monkeypatch.delenv(CACHE_ENV, raising=False)
    plain = figures._svg(spec, 400, "c")
    drawn = []
    real = vl_convert.vegalite_to_svg
    monkeypatch.setattr(vl_convert, "vegalite_to_svg", lambda s: drawn.append(1) or real(s))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert figures._svg(spec, 400, "c") == plain and len(drawn) == 1
    assert figures._svg(spec, 400, "c") == plain and len(drawn) == 1  # from the cache
    other = {**spec, "mark": "point"}
    assert figures._svg(other, 400, "c") != plain and len(drawn) == 2
    for entry in (tmp_path / "svg").glob("*.svg"):
        entry.write_text("<svg damaged", encoding="utf-8")
    assert figures._svg(spec, 400, "c") == plain and len(drawn) == 3


def test_rows_are_plain_python_values_with_none_for_missing():
    """rows_of builds rows column by column: the same dicts, value for value and type for
    type, as cleaning each value of ``to_dict("records")``."""
    import pandas as pd

    df = pd.DataFrame({"i": pd.array([1, None, 3], dtype="Int64"),
                       "f": [1.5, float("nan"), 2.0],
                       "b": pd.array([True, None, False], dtype="boolean"),
                       "s": pd.array(["a", None, "c"], dtype="string"),
                       "o": pd.Series(["x", None, 2.5], dtype=object)})
    rows = report_data.rows_of(df)
    slow = [{k: report_data.clean(v) for k, v in r.items()} for r in df.to_dict("records")]
    assert rows == slow
    assert [[type(v) for v in r.values()] for r in rows] == \
        [[type(v) for v in r.values()] for r in slow]
    assert rows[1] == {"i": None, "f": None, "b": None, "s": None, "o": None}
    assert type(rows[0]["i"]) is int and type(rows[0]["f"]) is float
    assert report_data.rows_of(df.iloc[:0]) == [] and report_data.rows_of(None) == []
