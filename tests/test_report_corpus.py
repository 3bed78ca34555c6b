"""The corpus report stays the same size whatever the number of articles.

Two synthetic corpora (tests.corpus: never real article text), one three times the other,
run through the real pipeline. The main report names articles only where it reads them;
past a few it counts them and points to the article index, and its charts group the
articles' figures (by source and month, by distinct amount), so the page and the PDF hardly
grow. Each article still has its own page, linked from the index.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from . import corpus
from .conftest import copy_project, run_cli

pytestmark = pytest.mark.slow

SIZES = (20, 60)  # at 60, 14 articles give rice: more than a figure names


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[int, Path]:
    out = {}
    for n in SIZES:
        root = copy_project(tmp_path_factory.mktemp(f"corpus{n}"))
        shutil.rmtree(root / "seeds")
        corpus.write_seeds(corpus.generate(n), root / "seeds")
        result = run_cli(root, "run", timeout=900)
        assert result.returncode == 0, result.stdout + result.stderr
        out[n] = root
    return out


def _page(root: Path) -> BeautifulSoup:
    return BeautifulSoup((root / "report" / "report.html").read_text(encoding="utf-8"),
                         "html.parser")


def _pdf_pages(root: Path) -> int:
    data = (root / "report" / "report.pdf").read_bytes()
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_the_main_report_hardly_grows_with_the_corpus(corpora):
    small, big = (corpora[n] for n in SIZES)
    html = {n: (corpora[n] / "report" / "report.html").stat().st_size for n in SIZES}
    pages = {n: _pdf_pages(corpora[n]) for n in SIZES}
    # three times the articles: the page and the PDF grow by far less than a third
    assert html[SIZES[1]] < 1.3 * html[SIZES[0]], html
    assert pages[SIZES[1]] <= pages[SIZES[0]] + 3, pages
    # while the appendix grows with it: one page per article
    for n in SIZES:
        files = sorted((corpora[n] / "report" / "articles").glob("*.html"))
        assert len(files) == n + 1  # and the index
    assert small != big


def _figure(root: Path, key: str):
    fig = _page(root).select_one(f"figure#chart-{key}")
    assert fig is not None, key
    return fig


def _rice_articles(root: Path) -> int:
    import pandas as pd

    fb = pd.read_csv(root / "data" / "processed" / "food_balance.csv")
    return fb.loc[fb["item"] == "rice_supplied", "doc_id"].nunique()


@pytest.mark.parametrize("key", ["troops", "rice"])
def test_a_figure_counts_many_articles_and_links_the_index(corpora, key):
    from nkrussia.report.figures import LIST_LIMIT

    for n in SIZES:
        fig = _figure(corpora[n], key)
        drawn = n if key == "troops" else _rice_articles(corpora[n])
        sources = fig.select_one(".nk-source")
        if drawn == 0:  # no article gives the figure: a "not drawn because" note instead
            assert sources is None and fig.select_one(".nk-not-computed, .nk-missing, p")
            continue
        named = sources.select("a.nk-doc")
        if drawn <= LIST_LIMIT:  # a few articles are named, each with its note
            assert len(named) == drawn, sources
            continue
        link = sources.find("a", string="the article index")
        assert link is not None and link["href"] == "articles/index.html", sources
        assert re.search(rf"\b{drawn} articles, each on its own page", sources.get_text())
        assert not named  # no article named one by one
    if key == "troops":  # the words and the live chart's data do not grow with the corpus
        alt = {n: _figure(corpora[n], key).select_one(".nk-drawing")["aria-label"]
               for n in SIZES}
        assert len(alt[SIZES[1]]) < len(alt[SIZES[0]]) + 100, alt
        spec = {n: len(_figure(corpora[n], key).select_one("script.nk-spec").get_text())
                for n in SIZES}
        assert spec[SIZES[1]] < 2 * spec[SIZES[0]], spec


def test_the_troop_chart_groups_by_source_and_month(corpora):
    n = SIZES[1]
    fig = _page(corpora[n]).select_one("figure#chart-troops")
    alt = fig.select_one(".nk-drawing")["aria-label"]
    m = re.search(r"The articles: (\d+) estimates from (\d+) articles and (\d+) sources?, .*?"
                  r"drawn as (\d+) points?, one per source and month", alt)
    assert m, alt
    estimates, articles, sources, points = map(int, m.groups())
    assert articles <= n and sources >= 2 and points < estimates
    assert "median" in fig.select_one(".nk-caption").get_text()


def test_the_notes_do_not_list_every_article(corpora):
    from nkrussia.report.figures import LIST_LIMIT

    for n in SIZES:
        notes = [li.get_text() for li in _page(corpora[n]).select("ol.nk-notes > li")]
        articles = [t for t in notes if "Source article." in t]
        assert articles, notes
        # the model's document and the few a figure names (never more than LIST_LIMIT)
        assert len(articles) <= LIST_LIMIT + 1, (n, len(articles))


def test_the_index_links_every_article_page(corpora):
    n = SIZES[1]
    index = BeautifulSoup((corpora[n] / "report" / "articles" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    hrefs = {a["href"] for a in index.select("a.nk-doc")}
    files = {p.name for p in (corpora[n] / "report" / "articles").glob("*.html")} - {
        "index.html"}
    assert files <= hrefs


def _published(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for folder in ("report", "data/extracted", "data/processed")
            for p in sorted((root / folder).rglob("*")) if p.is_file()}


def test_one_article_changed_publishes_what_a_forced_run_does(corpora, tmp_path):
    """Every cache a run keeps (per article, per page, per drawing, per signature) through the
    real pipeline: after one article is edited, the incremental run publishes, byte for byte,
    what ``--force`` (no cache at all) then publishes."""
    root = tmp_path / "project"
    shutil.copytree(corpora[SIZES[0]], root, symlinks=True)
    article = sorted((root / "seeds").glob("*.txt"))[SIZES[0] // 2]
    with article.open("a", encoding="utf-8") as fh:
        fh.write("\nA later estimate put the number of soldiers at 9,500, officials said.\n")
    result = run_cli(root, "run", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "build" / "cache" / "pages").is_dir()
    incremental = _published(root)
    result = run_cli(root, "run", "--force", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    forced = _published(root)
    assert incremental.keys() == forced.keys()
    different = sorted(k for k in forced if incremental[k] != forced[k])
    assert not different, different
