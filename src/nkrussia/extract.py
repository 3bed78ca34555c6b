"""Stage 01: read articles, validate them, and extract figures, entities, events and quotes.

Public API (the pipeline, the CLI and the notebook call these):

- ``find_articles(folder)`` -> sorted ``*.txt``, ``*.jsonl`` and ``*.csv`` paths (ArticleError
  if none / no folder)
- ``load_article(path)`` -> ``Article`` (validated text + optional ``<doc_id>.yaml`` sidecar);
  ``load_articles(paths)`` -> every ``Article``, one per row of a ``.jsonl``/``.csv``
- ``extract_documents(paths)`` -> ``Extraction`` with six DataFrames (schemas in docs/data.md)
- ``extract_text(text, doc_id, reference_date)`` -> list of ``Figure`` (pure, fast)
- ``write_extraction(ex, out_dir)`` -> the six CSV paths, written deterministically
- ``figures_to_csv(df, fh)`` -> the CLI's CSV format

The grammar lives in ``extract_grammar``, per-figure context in ``extract_figures``, and
people / events / quotes in ``extract_entities`` (names found by spaCy, loaded lazily once per
process by ``extract_nlp``). pandas and spaCy are imported lazily so that
``import nkrussia.extract`` stays well under 0.3 s; ``extract_text`` never loads the model.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nkrussia.articles import (
    MAX_ARTICLE_BYTES,
    Article,
    ArticleError,
    find_articles,
    load_article,
    load_articles,
    source_of,
)
from nkrussia.extract_entities import find_entities, find_events, find_quotes
from nkrussia.extract_figures import Figure, extract_text, split_sentences

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "ArticleError", "Article", "Extraction", "Figure", "find_articles", "load_article",
    "load_articles",
    "extract_documents", "extract_text", "write_extraction", "figures_to_csv",
    "infer_reference_date", "MAX_ARTICLE_BYTES", "FIGURE_COLUMNS", "COLUMNS",
]

FIGURE_COLUMNS = [
    "doc_id", "figure_id", "start", "end", "text", "value", "low", "high", "qualifier", "unit",
    "date", "date_resolved", "date_inferred", "quantity", "subject", "source", "sentence",
    "change",
]
COLUMNS: dict[str, list[str]] = {
    "documents": ["doc_id", "path", "sha256", "characters", "words", "sentences",
                  "reference_date", "reference_date_source", "title", "outlet", "url"],
    "sentences": ["doc_id", "sentence", "start", "end", "text"],
    "figures": FIGURE_COLUMNS,
    "entities": ["doc_id", "entity_id", "kind", "name", "canonical", "role", "start", "end",
                 "sentence"],
    "events": ["doc_id", "event_id", "date", "date_resolved", "what", "who", "start", "end",
               "sentence", "figure_id"],
    "quotes": ["doc_id", "quote_id", "start", "end", "text", "speaker", "speaker_role",
               "sentence"],
}
TABLES = tuple(COLUMNS)


@dataclass
class Extraction:
    documents: pd.DataFrame
    sentences: pd.DataFrame
    figures: pd.DataFrame
    entities: pd.DataFrame
    events: pd.DataFrame
    quotes: pd.DataFrame
    stats: Any = field(default=None, compare=False, repr=False)
    """What the extraction did (:class:`nkrussia.extract_cache.CacheStats`)."""

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}


# ------------------------------------------------------------------------- reference date
_UPCOMING = re.compile(r"\b(?:upcoming|coming|forthcoming|this\s+year[’']s)\s+(?:[\w.]+\s+)?"
                       r"(?P<year>(?:19|20)\d\d)\b")


def infer_reference_date(text: str, figures: list[Figure] | None = None) -> tuple[str, str]:
    """(reference_date, how) from the text alone; ("", "none") when it is not unambiguous.

    1. An *upcoming/coming* year ("the upcoming 2024 U.S. presidential election") gives the
       year; the latest undated day-month the text mentions gives the month (news reports
       mostly dates already past).
    2. Otherwise the latest full date (day, month and year) the text gives.
    """
    if figures is None:
        figures = extract_text(text)
    undated = [f for f in figures if f.unit == "date" and f.date.startswith("--")]
    m = _UPCOMING.search(text)
    if m:
        year = m.group("year")
        phrase = re.split(r"[,;:()]|\.\s+(?=[A-Z])", text[m.start():m.end() + 40])[0]
        phrase = " ".join(phrase.split()[:6])
        if undated:
            latest = max(undated, key=lambda f: f.date)
            return (f"{year}-{latest.date[2:4]}",
                    f"inferred: '{phrase}' gives the year {year}; the latest undated date "
                    f"mentioned ({latest.text}) gives the month")
        return year, f"inferred: '{phrase}' gives the year {year}"
    full = [f for f in figures if f.unit == "date" and len(f.date) == 10 and f.date[0] != "-"]
    if full:
        latest = max(full, key=lambda f: f.date)
        return latest.date, f"inferred: latest full date in the text ({latest.text})"
    return "", "none"


def _reference(article: Article, figures: list[Figure]) -> tuple[str, str]:
    pub = article.metadata.get("published")
    if pub:
        return pub, "sidecar"
    return infer_reference_date(article.text, figures)


# ------------------------------------------------------------------------- extraction
_WORDS = re.compile(r"\S+")


def _doc_rows(article: Article, ner: list | None = None) -> dict[str, list[dict[str, Any]]]:
    """The six tables' rows of one article. ``ner``: spaCy's entity spans for its text (from
    one ``nlp.pipe`` over all articles); None runs the pipeline on this text alone."""
    text, doc_id = article.text, article.doc_id
    sentences = split_sentences(text)
    figures = extract_text(text, doc_id, None, sentences)
    ref, how = _reference(article, figures)
    if ref:
        ref_year = int(ref[:4])
        for f in figures:
            if f.unit == "date" and f.date.startswith("--"):
                f.date_resolved, f.date_inferred = f"{ref_year:04d}{f.date[1:]}", True
    entities = find_entities(text, sentences, ner)
    events = find_events(text, sentences, figures, entities)
    quotes = find_quotes(text, sentences, entities)
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["documents"] = [{
        "doc_id": doc_id, "path": source_of(article), "sha256": article.sha256,
        "characters": len(text), "words": len(_WORDS.findall(text)),
        "sentences": len(sentences), "reference_date": ref, "reference_date_source": how,
        "title": article.metadata.get("title", ""), "outlet": article.metadata.get("outlet", ""),
        "url": article.metadata.get("url", ""),
    }]
    rows["sentences"] = [{"doc_id": doc_id, "sentence": i, "start": s, "end": e,
                          "text": text[s:e]} for i, (s, e) in enumerate(sentences)]
    rows["figures"] = [figure_row(doc_id, f) for f in figures]
    rows["entities"] = [{
        "doc_id": doc_id, "entity_id": f"{doc_id}-E{i:02d}", "kind": e.kind, "name": e.name,
        "canonical": e.canonical, "role": e.role, "start": e.start, "end": e.end,
        "sentence": e.sentence} for i, e in enumerate(entities, 1)]
    rows["events"] = [{
        "doc_id": doc_id, "event_id": f"{doc_id}-V{i:02d}", "date": v.date,
        "date_resolved": v.date_resolved, "what": v.what, "who": v.who, "start": v.start,
        "end": v.end, "sentence": v.sentence, "figure_id": v.figure_id}
        for i, v in enumerate(events, 1)]
    rows["quotes"] = [{
        "doc_id": doc_id, "quote_id": f"{doc_id}-Q{i:02d}", "start": q.start, "end": q.end,
        "text": q.text, "speaker": q.speaker, "speaker_role": q.speaker_role,
        "sentence": q.sentence} for i, q in enumerate(quotes, 1)]
    return rows


def figure_row(doc_id: str, f: Figure) -> dict[str, Any]:
    """One figures.csv row (missing numbers are None -> empty cells)."""
    return {
        "doc_id": doc_id, "figure_id": f.figure_id, "start": f.start,
        "end": f.end, "text": f.text, "value": f.value, "low": f.low, "high": f.high,
        "qualifier": f.qualifier, "unit": f.unit, "date": f.date,
        "date_resolved": f.date_resolved,
        "date_inferred": "" if f.date_inferred is None else str(f.date_inferred).lower(),
        "quantity": f.quantity, "subject": f.subject, "source": f.source,
        "sentence": f.sentence, "change": f.change,
    }


_FLOATS = {"figures": ["value", "low", "high"]}


def _frame(name: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    df = pd.DataFrame(rows, columns=COLUMNS[name])
    for col in _FLOATS.get(name, []):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    return df


def extract_documents(paths: Sequence[Path], within: Path | None = None,
                      n_process: int | None = None, cache: Path | None = None,
                      scheduler: str | None = None, workers: int | None = None
                      ) -> Extraction:
    """Load and validate every article first (raises ArticleError), then extract all tables.

    ``within``: the project folder; articles resolving outside it are refused (see
    :func:`nkrussia.articles.load_article`). ``n_process``: processes for the entity
    recogniser; None: two on a machine with two or more cores, used only when there is enough
    text for it to pay (:data:`nkrussia.extract_nlp.PARALLEL_MIN_PIECES`). The tables are the
    same whatever the number.

    ``cache``: a folder of per-article entries (:mod:`nkrussia.extract_cache`; the pipeline
    passes ``build/cache/articles``): only articles without a current entry are extracted,
    across ``workers`` processes (None: one per core) when there are many, or on the Dask
    cluster at ``scheduler`` (None: the environment variable ``NKRUSSIA_DASK_SCHEDULER``, if
    set). Entries of articles not in ``paths`` are removed. The tables are byte for byte
    those of an extraction without a cache. ``Extraction.stats`` tells what was done."""
    from nkrussia import extract_cache

    if n_process is None:
        n_process = min(2, os.cpu_count() or 1)
    articles = load_articles([Path(p) for p in paths], within=within)
    seen: dict[str, Path] = {}
    for a in articles:
        if a.doc_id in seen:
            raise ArticleError(f"{a.path}: duplicate doc_id {a.doc_id!r} (also {seen[a.doc_id]})")
        seen[a.doc_id] = a.path
    articles.sort(key=lambda a: a.doc_id)
    if scheduler is None:
        scheduler = os.environ.get(extract_cache.SCHEDULER_ENV, "").strip() or None
    # without a cache or many misses, spaCy runs once over all texts in one nlp.pipe
    per_doc, stats = extract_cache.extract_rows(
        articles, cache=cache, scheduler=scheduler,
        workers=1 if cache is None and workers is None else workers, n_process=n_process)
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for rows in per_doc:
        for name in TABLES:
            tables[name].extend(rows[name])
    return Extraction(**{name: _frame(name, rows) for name, rows in tables.items()},
                      stats=stats)


def figures_to_csv(figures: pd.DataFrame, fh) -> None:
    """Write figures as the CLI does: no index, ``\\n`` line endings."""
    figures.to_csv(fh, index=False, lineterminator="\n")


def write_extraction(ex: Extraction, out_dir: Path) -> list[Path]:
    """Write the six CSVs (byte-identical for the same input); return their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in ex.tables().items():
        path = out_dir / f"{name}.csv"
        tmp = path.with_suffix(".csv.tmp")
        df.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, path)
        written.append(path)
    return written
