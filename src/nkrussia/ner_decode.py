"""spaCy's greedy entity decoding, done for a whole batch at once with numpy.

``en_core_web_sm``'s recogniser has two parts: a network that scores, for every token, how
each of its 74 moves (``B-ORG``, ``I-ORG``, ``L-ORG``, ``U-ORG`` … ``O``) fits, and a loop
that takes, token by token, the best move the BILUO scheme allows there
(``spacy.pipeline._parser_internals.ner.BiluoPushDown``). This module keeps the network
(spaCy's own layers, called as spaCy calls them) and does the loop itself.

Why by hand: in spaCy 3.8.18's compiled wheel, the loop takes and releases the GIL around
every inlined call of its state object (``PyGILState_Ensure``/``Release`` pairs in
``Begin.is_valid``, ``StateC::B_`` …, seen with ``perf``; a Cython 3 code-generation cost,
not something a setting turns off), so ~60 % of the recogniser's time went to locking a
mutex nobody else wanted. Every document's state moves one token per step, so the loop
runs for all documents of a batch at once as a few array operations per token position.

It gives the same entities as ``nlp.pipe``, not nearly the same: the features, the maxout,
the score matrix (thinc's ``gemm``, the routine spaCy's loop calls) and the additions are
the same float32 operations in the same order, and ties go to the first move, as there.
``tests/test_ner_decode.py`` compares both on the fixtures, the seed, generated articles and
hostile text. :func:`plan` returns None for any pipeline this does not describe (another
transition system, feature set, beam search, preset entities); then ``nlp.pipe`` is used.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np

# the move kinds of spaCy's BiluoPushDown (``spacy/pipeline/_parser_internals/ner.pyx``)
MISSING, BEGIN, IN, LAST, UNIT, OUT = range(6)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}


@dataclass(frozen=True)
class Plan:
    """What the loop needs from the pipeline: its layers and its moves."""

    tok2vec: object
    lower: object
    upper: object
    kind: np.ndarray        # (moves,) move kind
    label: np.ndarray       # (moves,) label index, 0 for none
    labels: tuple[str, ...]  # label index -> name ("" at 0)
    seen: np.ndarray        # (moves,) False for a class the model marks unseen


def plan(nlp) -> Plan | None:
    """The decoding plan for ``nlp``'s recogniser, or None when this module does not
    describe it exactly (then the caller uses ``nlp.pipe``)."""
    if list(nlp.pipe_names) != ["ner"]:
        return None
    ner = nlp.get_pipe("ner")
    moves = ner.moves
    if type(moves).__name__ != "BiluoPushDown" or ner.cfg.get("beam_width", 1) != 1:
        return None
    model = ner.model
    try:
        tok2vec, lower, upper = (model.get_ref(n) for n in ("tok2vec", "lower", "upper"))
    except (KeyError, ValueError):
        return None
    if (not model.attrs.get("has_upper") or lower.get_dim("nF") != 3
            or lower.get_dim("nP") < 2 or upper.get_dim("nO") != moves.n_moves):
        return None
    labels = [""]
    kind, label = [], []
    for i in range(moves.n_moves):
        name = moves.get_class_name(i)
        k, _, lab = name.partition("-")
        if k not in _KINDS or (k == "O") != (name == "O"):
            return None
        kind.append(_KINDS[k])
        if lab and lab not in labels:
            labels.append(lab)
        label.append(labels.index(lab) if lab else 0)
    seen = np.ones(moves.n_moves, dtype=bool)
    for c in model.attrs.get("unseen_classes") or ():
        seen[c] = False
    return Plan(tok2vec, lower, upper, np.array(kind, dtype=np.int8),
                np.array(label, dtype=np.int32), tuple(labels), seen)


def recognise(nlp, plan: Plan, texts: list[str], batch_size: int = 16
              ) -> list[list[tuple[int, int, str]]]:
    """(start_char, end_char, label) of the entities of each text, as ``nlp.pipe`` finds
    them, in batches of ``batch_size`` texts."""
    out: list[list[tuple[int, int, str]]] = []
    with _small_pages():
        for k in range(0, len(texts), batch_size):
            docs = [nlp.make_doc(t) for t in texts[k:k + batch_size]]
            found = decode(plan, docs)
            if found is None:  # preset entities: not this module's case
                out.extend([(e.start_char, e.end_char, e.label_) for e in d.ents]
                           for d in nlp.get_pipe("ner").pipe(docs))
                continue
            out.extend(_chars(doc, ents, plan.labels)
                       for doc, ents in zip(docs, found, strict=True))
    return out


@contextlib.contextmanager
def _small_pages():
    """numpy asks the kernel for 2 MiB pages for every array of 4 MiB or more; the network
    makes and frees such arrays for every batch, and zeroing fresh huge pages was a fifth
    of its time here (``perf``: ``clear_page_erms`` under ``do_huge_pmd_anonymous_page``).
    The switch (numpy's, the runtime form of ``NUMPY_MADVISE_HUGEPAGE=0``) is turned off
    while the recogniser runs and put back after; it changes speed only, never a value."""
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # another numpy: nothing to switch
        yield
        return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


def _chars(doc, ents, labels) -> list[tuple[int, int, str]]:
    if not ents:
        return []
    from spacy.attrs import IDX, LENGTH

    at = doc.to_array([IDX, LENGTH])
    return [(int(at[s, 0]), int(at[e - 1, 0] + at[e - 1, 1]), labels[lab]) for s, e, lab in ents]


def decode(plan: Plan, docs) -> list[list[tuple[int, int, int]]] | None:
    """(start token, end token, label index) of each doc's entities; None if a doc carries
    preset entities (``ent_iob`` set before the recogniser), which this loop leaves out."""
    from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START

    found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    lengths = np.array([len(d) for d in docs], dtype=np.int64)
    if not docs or not lengths.any():
        return found
    attrs = [d.to_array([SENT_START, IS_SPACE, ENT_IOB]).reshape(-1, 3) for d in docs]
    flat = np.concatenate(attrs)
    if flat[:, 2].any():
        return None
    n_tok = int(lengths.sum())
    # one past the end stays False, so "the next token" of a doc's last token is nothing
    sent_start = np.zeros(n_tok + 1, dtype=bool)
    sent_start[:n_tok] = flat[:, 0] == 1
    space = flat[:, 1].astype(bool)

    # the network, as spaCy's ParserStepModel runs it: token vectors, then the per-token
    # precomputed hidden inputs (row 0 is the padding of a missing feature, row i+1 token i)
    tokvecs = plan.tok2vec.predict(docs)
    cached = plan.lower.predict(tokvecs)                # (n_tok + 1, nF, nO, nP)
    bias = plan.lower.get_param("b")                    # (nO, nP)
    weights = plan.upper.get_param("W")                 # (moves, nO)
    upper_b = plan.upper.get_param("b")
    ops = plan.upper.ops

    # states, longest document first: at step t the first `n` are those still running
    order = np.argsort(-lengths, kind="stable")
    length = lengths[order]
    offset = (np.cumsum(lengths) - lengths)[order]
    n_states = len(docs)
    is_open = np.zeros(n_states, dtype=bool)
    ent_start = np.zeros(n_states, dtype=np.int64)
    ent_label = np.zeros(n_states, dtype=np.int32)

    kind, label = plan.kind, plan.label
    labelled = label != 0
    needs_same = (kind == IN) | (kind == LAST)
    all_seen = bool(plan.seen.all())
    hits: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    n = n_states
    for t in range(int(length[0])):
        while n and length[n - 1] <= t:
            n -= 1
        g = offset[:n] + t                   # B(0), as a row of the concatenated tokens
        op = is_open[:n]
        # features B(0), E(0) (entity start, if open), B(0)-1 (if open); -1 -> padding row 0
        r1 = np.where(op, offset[:n] + ent_start[:n] + 1, 0)
        r2 = np.where(op, g, 0)
        unmaxed = cached[g + 1, 0] + cached[r1, 1]
        unmaxed += cached[r2, 2]
        unmaxed += bias
        hidden = np.ascontiguousarray(unmaxed.max(axis=2))
        scores = ops.gemm(hidden, weights, trans2=True)
        scores += upper_b
        if not all_seen:
            scores[:, ~plan.seen] = scores.min()

        rest = length[:n] - t                # buffer length
        nxt_starts = sent_start[np.where(rest >= 2, g + 1, n_tok)]
        b0_space = space[g]
        shut = ~op
        # validity of each kind, as BiluoPushDown's is_valid without preset entities
        by_kind = np.zeros((n, 6), dtype=bool)
        by_kind[:, BEGIN] = shut & (rest >= 2) & ~nxt_starts & ~b0_space
        by_kind[:, IN] = op & (rest >= 2) & ~nxt_starts
        by_kind[:, LAST] = op
        by_kind[:, UNIT] = shut & ~b0_space
        by_kind[:, OUT] = shut
        valid = by_kind[:, kind] & labelled[None, :]
        valid[:, kind == OUT] = by_kind[:, OUT, None]
        valid &= ~needs_same[None, :] | (label[None, :] == ent_label[:n, None])
        guess = np.where(valid, scores, -np.inf).argmax(axis=1)
        # a state with no valid move cannot occur here (O or L is always allowed)

        g_kind, g_label = kind[guess], label[guess]
        opens = g_kind == BEGIN
        closes = g_kind == LAST
        units = g_kind == UNIT
        if closes.any():
            idx = np.flatnonzero(closes)
            hits.append((order[idx], ent_start[idx], np.full(idx.size, t + 1), ent_label[idx]))
            is_open[idx] = False
        if units.any():
            idx = np.flatnonzero(units)
            hits.append((order[idx], np.full(idx.size, t), np.full(idx.size, t + 1),
                         g_label[idx]))
        if opens.any():
            idx = np.flatnonzero(opens)
            is_open[idx] = True
            ent_start[idx] = t
            ent_label[idx] = g_label[idx]
    for doc_i, starts, ends, labs in hits:
        for d, s, e, lab in zip(doc_i.tolist(), starts.tolist(), ends.tolist(), labs.tolist(),
                                strict=True):
            found[d].append((s, e, lab))
    for ents in found:
        ents.sort()
    return found
