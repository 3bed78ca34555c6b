"""Figures in one text: sentences, the number grammar applied, unit, quantity, subject, source."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nkrussia.extract_grammar import (
    _ANCHOR_BYTES,
    POST_QUAL_MAP,
    QUAL_MAP,
    Amount,
    WordIndex,
    day_number,
    month_number,
    parse_amount,
    scan,
)


@dataclass(slots=True)
class Figure:
    """One figure mention; ``text == document[start:end]`` always holds."""

    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    unit: str = ""
    date: str = ""
    date_resolved: str = ""
    date_inferred: bool | None = None
    quantity: str = "other"
    subject: str = ""
    source: str = ""
    sentence: int = 0
    year: int | None = field(default=None, repr=False)  # a date's own year, if the text gives it
    figure_id: str = ""
    amount: Amount | None = field(default=None, repr=False)  # the parsed number, while extracting


# ---------------------------------------------------------------- sentences
_ABBREV = frozenset((
    "mr mrs ms dr gen lt col maj capt sgt sen rep gov prof st no nos vs etc jan feb mar apr jun "
    "jul aug sep sept oct nov dec inc co corp approx adm cmdr gens fig vol pt ft"
).split())
# A sentence ends at . ! ? followed by space and a capital, digit or opening quote, unless the
# period closes an abbreviation or an initial ("Gen.", "U.S.", "J."); a newline always ends one.
_SENT_END = re.compile(r"[.!?][.!?]*[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")
# the same for a text without "!" and "?" (most articles): a literal first character is
# searched for several times faster than a character class
_SENT_END_DOT = re.compile(r"\.\.*[\"”’)]*(?=\s+[\"“‘(]?[A-Z0-9])")


def _is_abbreviation(text: str, dot: int) -> bool:
    if dot >= 6 and text[dot - 6:dot].isalpha():
        return False  # a word of six or more letters: no abbreviation here is that long
    sp = max(text.rfind(" ", 0, dot), text.rfind("\n", 0, dot))
    tok = text[sp + 1:dot].lstrip("(\"“‘")
    return len(tok) == 1 and tok.isalpha() or "." in tok or tok.lower() in _ABBREV


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; newlines always end a sentence."""
    cuts: list[tuple[int, int]] = []  # (end of sentence, start of the next)
    rx = _SENT_END if "?" in text or "!" in text else _SENT_END_DOT
    for m in rx.finditer(text):
        dot = m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        e = m.end()
        cuts.append((e, e))
    i = text.find("\n")
    if i >= 0:
        while i >= 0:
            cuts.append((i, i + 1))
            i = text.find("\n", i + 1)
        cuts.sort()
    out: list[tuple[int, int]] = []
    start = 0
    ws = " \t\r\n\u00a0"
    for e, nxt in [*cuts, (len(text), len(text))]:
        if e < start:
            continue
        s = start
        while s < e and text[s] in ws:
            s += 1
        while e > s and text[e - 1] in ws:
            e -= 1
        if e > s:
            out.append((s, e))
        start = nxt
    return out


class _Gated:
    """A regex searched only when one of its cheap substrings occurs (lower-cased) in the text."""

    __slots__ = ("stems", "rx")

    def __init__(self, stems: tuple[str, ...], pattern: str, flags: int = 0):
        self.stems = stems
        self.rx = re.compile(pattern, flags)

    def search(self, text: str, low: str | None = None):
        """``low``: ``text.lower()``, if the caller has it already."""
        if low is None:
            low = text.lower()
        for stem in self.stems:
            if stem in low:
                return self.rx.search(text)
        return None

    def match(self, text: str):
        return self.rx.match(text)


# ---------------------------------------------------------------- vocabularies
_TROOPS = "troops troop soldiers soldier servicemen serviceman personnel fighters men forces " \
    "conscripts recruits mercenaries infantry infantrymen commandos officers troopers " \
    "marines sappers combatants koreans contingent force detachment"
_UNIT_NOUNS: dict[str, tuple[str, str]] = {w: ("troops", "troops") for w in _TROOPS.split()}
for _w in "casualties casualty dead deaths killed wounded injured".split():
    _UNIT_NOUNS[_w] = ("troops", "casualties")
for _w in "tons tonnes tonne ton".split():
    _UNIT_NOUNS[_w] = ("tonnes", "tonnes")
for _w in "shells rounds missiles missile rockets containers munitions projectiles " \
        "bombs grenades".split():
    _UNIT_NOUNS[_w] = (_w if _w.endswith("s") else _w + "s", "munitions")
for _w in "barrels".split():
    _UNIT_NOUNS[_w] = ("barrels", "fuel")
for _w in "days weeks months years hours decades day week month year hour decade".split():
    _UNIT_NOUNS[_w] = (_w if _w.endswith("s") else _w + "s", "duration")
for _w in "dollars dollar usd".split():
    _UNIT_NOUNS[_w] = ("USD", "currency")
for _w, _u in (("euros", "EUR"), ("won", "KRW"), ("rubles", "RUB"), ("roubles", "RUB"),
               ("yuan", "CNY")):
    _UNIT_NOUNS[_w] = (_u, "currency")
for _w in "km kilometres kilometers miles metres meters".split():
    _UNIT_NOUNS[_w] = ("km" if _w.startswith("k") else _w, "distance")
for _w in "people civilians refugees residents workers labourers laborers citizens students " \
        "prisoners pows defectors families children".split():
    _UNIT_NOUNS[_w] = ("people", "people")
for _w in "brigades divisions battalions regiments units companies platoons".split():
    _UNIT_NOUNS[_w] = (_w, "formations")
for _w in "tanks howitzers launchers drones vehicles guns systems aircraft jets ships trains " \
        "trucks meetings visits flights shipments deliveries".split():
    _UNIT_NOUNS[_w] = (_w, "things")

_STOP = set(
    "to in at from for on with by per a an the which who that and or have has had are were is "
    "was will could would may might been be being as than this these those their its but also "
    "each every into over under near across it they he she we when while after before since "
    "until about around some of".split()
)
_WORD = re.compile(r"[A-Za-z][\w’'.-]*|[,.;:()“”\"]")
_CASUALTY = _Gated((
    'kill', 'wound', 'injur', 'dead', 'died', 'casualt', 'captur', 'lost', 'loss', 'death',
    'perish', 'prisoner',
), r"\b(?:killed|wounded|injured|dead|died|casualt\w*|captured|lost|losses|"
                       r"deaths|perished|taken prisoner)\b", re.I)
_FUTURE = _Gated((
    'could', 'would', 'will', 'may', 'might', 'expect', 'plan', 'shortly', 'soon', 'set to',
    'prepared to', 'ready to', 'additional', 'further', 'another', 'intend', 'likely to',
    'poised', 'potentially', 'coming', 'next',
), r"\b(?:could|would|will|may|might|expected|expects?|expecting|plans?|"
                     r"planned|planning|shortly|soon|set to|prepared to|ready to|additional|"
                     r"further|another|intends?|intended|likely to|poised|potentially|"
                     r"in the coming|next)\b", re.I)
_RATE_MONTH = _Gated((
    'month',
), r"\b(?:(?:per|a|each|every)[\s-]+month|monthly)\b", re.I)
_RATE_YEAR = _Gated((
    'year', 'annum', 'annual',
), r"\b(?:(?:per|a|each|every)[\s-]+(?:year|annum)(?!\s+ago)|annually|yearly|annual)\b",
    re.I)
_BEFORE_MONTH = _Gated((
    'month',
), r"\b(?:monthly|per-month)\b[^.;$]{0,30}$", re.I)
_BEFORE_YEAR = _Gated((
    'annual', 'yearly', 'per-year',
), r"\b(?:annual|yearly|per-year)\b[^.;$]{0,30}$", re.I)
_FOOD_GAP = _Gated((
    'shortfall', 'shortage', 'gap', 'deficit', 'needs',
), r"\b(?:shortfall|shortage|shortages|gap|deficit|food needs|needs)\b", re.I)
_RICE = _Gated((
    'rice',
), r"\brice\b", re.I)
_FOOD = _Gated((
    'rice', 'wheat', 'flour', 'grain', 'corn', 'maize', 'food', 'fertili', 'oil', 'fuel',
    'petroleum', 'diesel', 'gasoline', 'sugar', 'potato', 'soybean', 'crude',
), r"\b(?:rice|wheat|flour|grain|grains|corn|maize|food|fertili[sz]er|oil|fuel|"
                   r"petroleum|diesel|gasoline|sugar|potatoes|soybeans|crude)\b", re.I)
_PAY = _Gated((
    'soldier', 'troop', 'salar', 'wage', 'pay', 'paid', 'per ', 'each', 'fighter', 'servicem',
    'mercenar',
), r"\b(?:soldiers?|troops?|salar\w*|wages?|pay|paid|per\s+(?:soldier|troop|man|"
                  r"head)|each|fighters?|servicem[ae]n|mercenar\w*)\b", re.I)
_ARMS = _Gated((
    'arms', 'weapon', 'munition', 'shell', 'missile', 'ammunition', 'artillery', 'hardware',
    'rocket',
), r"\b(?:arms|weapons?|munitions?|shells?|missiles?|ammunition|artillery|"
                   r"military\s+hardware|rockets?)\b", re.I)
_TRADE = _Gated((
    'trade', 'export', 'import',
), r"\b(?:trade|exports?|imports?|exported|imported)\b", re.I)
_ECON = _Gated((
    'gdp', 'gni', 'gross domestic', 'economy', 'budget', 'national income',
), r"\b(?:GDP|GNI|gross domestic|economy|budget|national income)\b", re.I)
_REVENUE = _Gated((
    'earn', 'revenue', 'income', 'net', 'profit', 'generat', 'make', 'made', 'receive', 'rak',
    'bring', 'brought', 'currency', 'cash', 'compensat', 'payment',
), r"\b(?:earn\w*|revenue|income|net|nets|netted|profit\w*|generat\w*|make|"
                      r"makes|made|receive\w*|rak\w*|bring\w*|brought|hard currency|"
                      r"cash|compensat\w*|payments?)\b", re.I)
_PERCENT_NOUNS = re.compile(r"\s*(?:of\s+)?", re.I)

_VERB_GROUP = set(
    "could would may might will can earn earns earned net nets netted receive receives "
    "received make makes made generate generates generated be is are was were been being has "
    "have had get gets got pay pays paid reach reached reaches total totals totalled totaled "
    "worth of at for to cost costs bring brings brought in estimated reportedly stands stood "
    "amount amounts amounted rake rakes raked collect collects collected gain gains gained "
    "from by about some an a the up".split()
)


def _next_words(text: str, pos: int, limit: int = 10) -> list[re.Match]:
    out = []
    for m in _WORD.finditer(text, pos, min(len(text), pos + 90)):
        out.append(m)
        if len(out) >= limit:
            break
    return out


def _unit_after(text: str, end: int, sent_end: int):
    """(unit, category, np_start, np_end, noun_end) for the noun phrase a figure counts."""
    first = None
    for i, m in enumerate(_WORD.finditer(text, end, min(sent_end, end + 80))):
        w = m.group()
        lw = w.lower().rstrip(".")
        if i == 0 and lw == "of":
            continue
        if lw in _UNIT_NOUNS:
            unit, cat = _UNIT_NOUNS[lw]
            if first is None:
                first = m.start()
            return unit, cat, first, m.end() - (len(w) - len(w.rstrip(".")))
        if lw in _STOP or not w[0].isalpha() or i >= 5:
            return None
        if first is None:
            first = m.start()
    return None


def _np_after(text: str, pos: int, sent_end: int, max_words: int = 7, allow_of: bool = True):
    """Noun phrase starting at ``pos``: words up to punctuation or a clause word."""
    words = _next_words(text, pos, max_words + 1)
    first = last = None
    stops = _STOP - {"of"} if allow_of else _STOP
    for i, m in enumerate(words):
        if m.start() >= sent_end:
            break
        w = m.group()
        lw = w.lower()
        if i == 0 and lw in ("of", "the"):
            if first is None and lw == "the":
                first = m.start()
            last = m.end() if lw == "the" else last
            continue
        if not w[0].isalpha() or (lw in stops and not (lw == "the" and first is not None)):
            break
        if lw == "of" and (i + 1 >= len(words) or not words[i + 1].group()[0].isalpha()):
            break
        if first is None:
            first = m.start()
        last = m.end()
        if i >= max_words:
            break
    if first is None or last is None:
        return ""
    out = text[first:last].rstrip(".’',")
    while out.split() and out.split()[-1].lower() in ("of", "the"):
        out = out.rsplit(None, 1)[0] if len(out.split()) > 1 else ""
    return out


_BACK_WORDS = re.compile(r"[A-Za-z][\w’'.-]*")
_CLAUSE_WORDS = set(
    "that and or while which who whom but said says say telling told when if because as than "
    "though although whereas where so since after before until claimed claims estimated "
    "believes believe suggest suggests reported reports indicate indicates noted added "
    "calculates calculated wrote".split()
)


def _np_before(text: str, clause_start: int, pos: int) -> str:
    words = list(_BACK_WORDS.finditer(text, max(clause_start, pos - 90), pos))
    while words and words[-1].group().lower() in _VERB_GROUP:
        words.pop()
    for i in range(len(words) - 1, -1, -1):
        if words[i].group().lower() in _CLAUSE_WORDS:
            words = words[i + 1:]
            break
    if not words:
        return ""
    words = words[-8:]
    seg = text[words[0].start():words[-1].end()]
    # only the trailing comma-free part
    for sep in (",", ";", ":", "“", "”", "(", ")"):
        if sep in seg:
            seg = seg.rsplit(sep, 1)[1].strip()
    return seg.rstrip(".")


def _drop_verbs(np: str) -> str:
    words = np.split()
    for i, w in enumerate(words):
        lw = w.lower()
        if i and (lw.endswith("ed") or lw.endswith("ing") or lw in _VERBS):
            return " ".join(words[:i])
    return np


_VERBS = set("appear appears arrive arrives came come go went show shows is are was were has "
             "have had will would could may might remain remains".split())


# ---------------------------------------------------------------- attribution
_ATTR_VERBS = (
    r"(?:said|says|say|stated|states|estimated|estimates|estimate|reported|reports|report|"
    r"claimed|claims|claim|suggested|suggests|suggest|indicated|indicates|indicate|believed|"
    r"believes|believe|told|assessed|assesses|assess|noted|notes|warned|warns|confirmed|"
    r"confirms|showed|shows|show|found|finds|added|wrote|alleged|alleges|revealed|reveals|"
    r"disclosed|discloses|announced|calculated|calculates|calculate|projected|projects|"
    r"concluded|concludes|put|puts|cited|cites|testified|briefed|informed)"
)
_ATTR_ACCORDING = re.compile(r"[Aa]ccording\s+to\s+(?P<src>[^,.;:“”\"]+?)(?=\s*[,.;:“”\"]|$)")
_ATTR_SUBJECT = re.compile(
    r"(?:^|(?<=[,;:“”\"])\s*|\b(?:and|but|while|as|whereas)\s+)"
    r"(?P<src>(?:[\w’'.()-]+\s+){0,9}?[\w’'.()-]+)\s+(?:(?:has|have|had|also|now|recently|"
    r"reportedly|previously|earlier|separately|further)\s+)*" + _ATTR_VERBS
    + r"\b(?!\s+" + _ATTR_VERBS + r"\b)"
)
_ATTR_APPOS = re.compile(
    r"(?:^|(?<=[,;:])\s*)(?P<src>(?:[\w’'.()-]+\s+){0,5}[\w’'.()-]+),\s+[^,“”\"]{3,90},\s+"
    r"(?:(?:has|have|had|also)\s+)?" + _ATTR_VERBS + r"\b"
)
_ATTR_TRAILING = re.compile(
    r",\s*(?:said|according\s+to|reported|wrote|estimated|added)\s+(?P<src>[^,.;“”\"]+)"
)
_REPORTEDLY = re.compile(r"[Rr]eportedly\b|(?:is|are|was|were)\s+reported\s+to\b")
_SOURCE_NOUNS = set(
    "reports report intelligence analysts analyst experts expert officials official sources "
    "source estimates estimate ministry agency service government military observers "
    "researchers study studies data media outlets lawmakers lawmaker spokesperson spokesman "
    "spokeswoman minister president institute tank monitors group command staff office "
    "diplomats diplomat commander general chief lawmakers legislators legislator briefing "
    "assessment assessments documents document figures statement survey agencies services "
    "ministries envoy ambassador secretary adviser advisers advisor watchdog panel "
    "experts' newspaper daily agency's un army navy police directorate researcher researchers "
    "scholar scholars think-tank".split()
)
_LEAD_STRIP = re.compile(
    r"^(?:(?:the|a|an|some|several|many|recent|new|latest|other|most|both|unnamed|anonymous|"
    r"independent)\s+)+", re.I)
_PREFIX_STRIP = re.compile(
    r"^(?:(?:estimates?|sources?|reports?|a\s+report|data|figures|assessments?|officials|"
    r"analysis|calculations|information|a\s+statement|findings|intelligence|a\s+study|"
    r"study|research|an\s+analysis)\s+(?:(?:compiled|published|released|produced|"
    r"conducted|issued)\s+)?(?:from|by|in|within|at|of|close\s+to|with)\s+)+", re.I)
_PRONOUNS = {"it", "he", "she", "they", "we", "i", "this", "that", "which", "who", "there"}


_STRIP_FIRST = frozenset(
    "the a an some several many recent new latest other most both unnamed anonymous "
    "independent estimate estimates source sources report reports data figures assessment "
    "assessments officials analysis calculations information findings intelligence study "
    "research".split()
)


def _clean_source(src: str) -> str:
    src = src.strip().strip("“”\"'’")
    for _ in range(2):
        first = src.split(None, 1)[0].lower() if src else ""
        if first not in _STRIP_FIRST:
            break  # nothing to strip (the common case)
        src = _LEAD_STRIP.sub("", src)
        src = _PREFIX_STRIP.sub("", src)
    return src.strip()


def _valid_source(src: str, sentence_start: bool = False) -> bool:
    words = [w.strip("()") for w in src.split()]
    if not words or len(words) > 10:
        return False
    head = words[-1].strip("’'").lower()
    if head.endswith("’s") or head.endswith("'s"):
        return False
    if head in _SOURCE_NOUNS:
        return True
    lows = [w.lower() for w in words]
    for i, w in enumerate(lows[:-1]):
        if w in _SOURCE_NOUNS and lows[i + 1] in ("at", "of", "from", "in", "with", "for"):
            return True  # "a researcher at the Korea Institute ...", "officials in Kyiv"
    if len(words) == 1 and sentence_start and not words[0].isupper():
        return False  # a capitalised first word is not evidence of a name
    # a proper noun (organisation, person, country): every word capitalised or a connector
    return all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "de") for w in words)


_VERB_SET = frozenset(_ATTR_VERBS[3:-1].split("|"))
_VERB_BYTES = frozenset(v.encode() for v in _VERB_SET)
_LOOKUP_BYTES = _VERB_BYTES | _ANCHOR_BYTES
_AUX = frozenset("has have had also now recently reportedly previously earlier separately "
                 "further".split())
_CONJ = frozenset("and but while as whereas".split())
_TOKEN = re.compile(r"[\w’'.()-]+")
_BYTES_LETTERS = bytes(c if (97 <= c <= 122) else 32 for c in range(256))
_BOUNDARY = ",;:“”\""


_BOUNDARY_RX = re.compile('[,;:“”"]')
# greedy: ends just after the last boundary character or conjunction (none of them can
# contain another, so the rightmost one to start is also the one that ends last)
_CLAUSE_CUT = re.compile('.*(?:[,;:“”"]| and | but | while | as | whereas )', re.S)
_NEXT_TOKEN = re.compile(r"\s*(\S+)")
_TRAIL_GATE = re.compile(", (?:said|according|reported|wrote|estimated|added)")


def _has_boundary(seg: str) -> bool:
    return _BOUNDARY_RX.search(seg) is not None


_WORDCH = set("abcdefghijklmnopqrstuvwxyz0123456789'’-")


def _subject_sources(sentence: str, offset: int, found: list, verbs,
                     low: str | None = None) -> None:
    """"X said", "X, who ..., said": the noun phrase before an attribution verb."""
    if low is None:
        low = sentence.lower()
    n = len(low)
    for v in verbs:
        i = low.find(v)
        while i >= 0:
            j = i + len(v)
            if (i == 0 or low[i - 1] not in _WORDCH) and (j >= n or low[j] not in _WORDCH):
                _one_subject(sentence, low, i, j, offset, found)
            i = low.find(v, j)


def _one_subject(sentence: str, low: str, i: int, j: int, offset: int, found: list) -> None:
    nxt = _NEXT_TOKEN.match(low, j, j + 24)  # the first word of low[j:j + 24].split()
    if nxt is not None and nxt.group(1).strip(".,;:") in _VERB_SET:
        return  # "reports indicate": the noun, not the verb
    lo = max(0, i - 160)
    q = i
    newline = "\n" in sentence
    while True:  # step back over auxiliaries ("has reported", "also said")
        e = q
        while e > lo and sentence[e - 1] == " ":
            e -= 1
        w0 = sentence.rfind(" ", lo, e)
        if newline:
            w0 = max(w0, sentence.rfind("\n", lo, e))
        w0 += 1
        if w0 < lo:
            w0 = lo
        if e > w0 and low[w0:e] in _AUX:
            q = w0
            continue
        break
    if e <= lo:
        return
    if _BOUNDARY_RX.search(sentence, e - 1, i) is not None:
        _appositive_source(sentence, i, j, offset, found)
        return
    # the clause starts after the last boundary character or conjunction before the verb
    mb = _CLAUSE_CUT.match(low, lo, e)
    cs = mb.end() - lo if mb is not None else 0
    if cs == 0 and lo > 0:
        return  # the clause starts too far back
    raw = sentence[lo + cs:e]
    stripped = raw.strip()
    words = stripped.split()
    if not words or len(words) > 10 or words[0].lower() == "according":
        return
    src_start = lo + cs + len(raw) - len(raw.lstrip())
    src = _clean_source(stripped)
    if not src:
        return
    first = src.split()[0].lower()
    if src.lower() in _PRONOUNS or first in ("its", "their", "his", "her"):
        found.append((offset + src_start, offset + j, "\x00pronoun"))
    elif _valid_source(src, src_start == 0):
        found.append((offset + src_start, offset + j, src))


def _appositive_source(sentence: str, i: int, j: int, offset: int, found: list) -> None:
    """"SOURCE, <apposition>, said"."""
    c2 = sentence.rfind(",", 0, i)
    c1 = sentence.rfind(",", 0, c2)
    if c1 < 0 or not 3 <= c2 - c1 - 1 <= 90 or any(q in sentence[c1:c2] for q in "“”\""):
        return
    if sentence[c2 + 1:i].strip():
        return  # something other than space between the comma and the verb
    c0 = max(sentence.rfind(c, 0, c1) for c in ",;:")
    raw = sentence[c0 + 1:c1]
    stripped = raw.strip()
    if not stripped or len(stripped.split()) > 6:
        return
    src = _clean_source(stripped)
    if src and _valid_source(src, c0 < 0):
        found.append((offset + c0 + 1 + len(raw) - len(raw.lstrip()), offset + j, src))


def attributions(sentence: str, offset: int, doc_verbs: list[str] | None = None
                 ) -> list[tuple[int, int, str]]:
    """(start, end, source) of attributions in one sentence, absolute offsets.

    ``doc_verbs``: the attribution verbs that occur anywhere in the document (a speed-up:
    each sentence then only looks for those)."""
    found: list[tuple[int, int, str]] = []
    if "ccording" in sentence:
        for m in _ATTR_ACCORDING.finditer(sentence):
            src = _clean_source(m.group("src"))
            if src and len(src.split()) <= 8:
                found.append((offset + m.start(), offset + m.end(), src))
    if doc_verbs is None:
        low = sentence.lower()
        words = low.encode("utf-8", "ignore").translate(_BYTES_LETTERS).split()
        verbs = [v.decode() for v in _VERB_BYTES.intersection(words)]
    else:
        low = sentence.lower()
        verbs = [v for v in doc_verbs if v in low]
    if verbs:
        _subject_sources(sentence, offset, found, verbs, low)
        if _TRAIL_GATE.search(sentence) is not None:
            for m in _ATTR_TRAILING.finditer(sentence):
                src = _clean_source(m.group("src"))
                if _valid_source(src):
                    found.append((offset + m.start(), offset + m.end(), src))
    if "eportedly" in sentence or "reported to" in sentence:
        for m in _REPORTEDLY.finditer(sentence):
            found.append((offset + m.start(), offset + m.end(), "reports"))
    found.sort()
    return found


def pick_source(attrs: list[tuple[int, int, str]], start: int, end: int, previous: str) -> str:
    before = [a for a in attrs if a[0] < start]
    chosen = None
    if before:
        chosen = before[-1]
    else:
        after = [a for a in attrs if a[0] >= end]
        if after:
            chosen = after[0]
    if chosen is None:
        return ""
    if chosen[2] == "reports":  # "reportedly" yields to a named source in the same sentence
        named = [a for a in attrs if a[2] not in ("reports", "\x00pronoun")]
        if named:
            chosen = named[-1] if named[-1][0] < start else named[0]
    if chosen[2] == "\x00pronoun":
        return previous
    return chosen[2]


# ---------------------------------------------------------------- quantity
def _quantity(unit: str, cat: str, value: float | None, window: str, after: str) -> str:
    if cat == "date":
        return "event_date"
    if cat == "year":
        return "year"
    wl = window.lower()
    if cat in ("troops", "casualties"):
        if cat == "casualties" or _CASUALTY.search(window, wl):
            return "casualties"
        if _FUTURE.search(window, wl):
            return "troops_expected"
        return "troops_deployed"
    if cat == "munitions":
        return "munitions_supplied"
    if cat == "tonnes":
        m = re.match(r"\s*of\s+(?:[\w-]+\s+){0,2}?(\w+)", after)
        material = m.group(1).lower() if m else ""
        if material == "rice":
            return "rice_supplied"
        if _FOOD_GAP.search(window, wl) and not material:
            return "food_shortfall"
        if material and _FOOD.match(material):
            return "food_supplied"
        if _RICE.search(window, wl):
            return "rice_supplied"
        if _FOOD_GAP.search(window, wl):
            return "food_shortfall"
        return "food_supplied" if _FOOD.search(window, wl) else "other"
    if cat == "fuel":
        return "food_supplied"
    if cat in ("fraction", "percent"):
        if _FOOD_GAP.search(after[:80]) or (
                _FOOD.search(window, wl) and _FOOD_GAP.search(window, wl)):
            return "share_of_food_gap"
        return "share"
    if cat == "duration":
        return "duration"
    if cat == "currency":
        v = value or 0
        if unit.endswith("/month"):
            return "pay_per_soldier_month" if v < 100_000 else "monthly_revenue"
        if unit.endswith("/year"):
            if v < 200_000 and _PAY.search(window, wl):
                return "pay_per_soldier_year"
            if _TRADE.search(window, wl):
                return "trade_value"
            if _ECON.search(window, wl):
                return "economy"
            return "annual_revenue"
        if _ARMS.search(window, wl):
            return "arms_value"
        if _TRADE.search(window, wl):
            return "trade_value"
        if _ECON.search(window, wl):
            return "economy"
        if _REVENUE.search(window, wl):
            return "total_revenue"
        return "money"
    if cat in ("people", "formations", "things", "count"):
        return "count"
    return "other"


# ---------------------------------------------------------------- main
def _iso_date(m: re.Match) -> tuple[str, int | None, int, int | None]:
    """(iso, year, month, day) of a date match."""
    if m.group("d1"):
        day, mon, year = day_number(m.group("d1day")), month_number(m.group("d1mon")), \
            m.group("d1year")
    elif m.group("d2"):
        day, mon, year = day_number(m.group("d2day")), month_number(m.group("d2mon")), \
            m.group("d2year")
    else:
        mon, year = month_number(m.group("d3mon")), m.group("d3year")
        return f"{int(year):04d}-{mon:02d}", int(year), mon, None
    if year:
        return f"{int(year):04d}-{mon:02d}-{day:02d}", int(year), mon, day
    return f"--{mon:02d}-{day:02d}", None, mon, day


_THOUSANDS_SHORTHAND = re.compile(r"(?<![\d,.])\d{1,2}\s*[-–]\s*\d{1,3},000$")
_AFTER_AMOUNT = re.compile(r"(?:\d|\d(?:m|bn|k)|million|billion|thousand|per|each|every)\s+$")
_ARTICLE_ORDINAL = re.compile(r"(?i)an?\s+(?!half\b)[a-z]+$")
_FRACTION_FOLLOWS = re.compile(
    r"\s+(?:of|in|on|between|since|from|to|over|during|compared|than|last|this|and|or|but|"
    r"while|after|before|by|at|for|with|when|as|among|within|year-on-year)\b"
    r"|\s*(?:[,.;:)”\"]|$)")
_RATE_CUT = re.compile(r"[,;]|\b(?:and|while|which|but)\b")
_CHANGE_VERB = re.compile(r"\b(?:rose|rising|risen|increased|increasing|grew|grown|growing|"
                          r"fell|fallen|dropped|jumped|climbed|declined|up|down|surged|doubled|"
                          r"swelled|expanded|shrank|went)\s+$", re.I)
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|latter|former|other|last|"
                             r"next)\s+$", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:the|these|those|its|their|our|both|all)\s+$", re.I)


def _is_year(a: Amount, raw: str) -> bool:
    return (a.digits and not a.scaled and not a.currency and not a.percent
            and raw.isdigit() and len(raw) == 4 and 1900 <= a.value <= 2099)


def _year_end(a1: Amount, raw1: str, a2: Amount, raw2: str) -> int | None:
    """The end year of "2022-2024" or "1950–53"; None when the pair is not a year span."""
    if not _is_year(a1, raw1):
        return None
    if _is_year(a2, raw2) and a2.value > a1.value:
        return int(a2.value)
    if raw2.isdigit() and len(raw2) == 2:
        end = int(raw1[:2] + raw2)
        return end if end > a1.value else None
    return None


def _bounds(qualifier: str, value: float):
    if qualifier in ("over", "more_than", "at_least"):
        return value, None
    if qualifier == "up_to":
        return None, value
    return value, value


def extract_text(text: str, doc_id: str = "doc", reference_date: str | None = None,
                 sentences: list[tuple[int, int]] | None = None) -> list[Figure]:
    """Every figure in ``text``, in order. Pure and fast: no I/O, no pandas."""
    if sentences is None:
        sentences = split_sentences(text)
    ref_year = int(reference_date[:4]) if reference_date else None
    figs: list[Figure] = []
    sent_idx = 0
    n_sent = len(sentences)
    attr_cache: dict[int, list] = {}
    last_source = ""
    index = WordIndex(text)
    hits = _LOOKUP_BYTES.intersection(index.words)  # one pass over the words for both sets
    doc_verbs = [v.decode() for v in _VERB_BYTES.intersection(hits)]
    for m in scan(text, index, index.positions_of(_ANCHOR_BYTES.intersection(hits))):
        kind = m.lastgroup
        if kind == "decoy":
            continue
        start = m.start()
        while sent_idx + 1 < n_sent and sentences[sent_idx + 1][0] <= start:
            sent_idx += 1
        s_start, s_end = sentences[sent_idx] if n_sent else (0, len(text))
        new: list[Figure] = []
        if kind in ("d1", "d2", "d3"):
            iso, year, mon, day = _iso_date(m)
            f = Figure(start, m.end(), m.group(), unit="date", date=iso, quantity="event_date",
                       year=year)
            if year:
                f.date_resolved, f.date_inferred = iso, False
            elif ref_year:
                f.date_resolved, f.date_inferred = f"{ref_year:04d}{iso[1:]}", True
            new.append(f)
        elif kind == "vague":
            new.append(Figure(start, m.end(), m.group(), qualifier="vague"))
        else:
            qual_txt = m.group("qual")
            qualifier = QUAL_MAP[" ".join(qual_txt.lower().split())] if qual_txt else "exact"
            post = m.group("post")
            if post and not qual_txt and not m.group("b2"):
                qualifier = POST_QUAL_MAP[" ".join(post.lower().split())]
                qual_txt = post
            if m.group("bw"):
                g1, g2 = "a1", "a2"
            else:
                g1, g2 = "b1", ("b2" if m.group("b2") else None)
            raw1 = m.group(g1)
            a1 = parse_amount(raw1)
            a2 = parse_amount(m.group(g2)) if g2 else None
            if g2 and a2 is None:
                a1 = None
            if a1 is None:
                continue
            change = m.group("bw") and m.group("bw").lower() == "from" and \
                _CHANGE_VERB.search(text, max(0, start - 20), start)
            if (a1.needs_unit or (a2 is not None and a2.needs_unit)) and \
                    not _unit_after(text, m.end(), s_end):
                continue  # "5m" with no currency and no unit noun: metres? not read
            y2 = _year_end(a1, raw1, a2, m.group(g2)) if a2 is not None else None
            f_start = start
            if m.group("bw") and not qual_txt and m.group("bw").lower() == "from":
                f_start = m.start("a1")  # "ranging from 3,000 to 5,000": "from" is not a
                # qualifier word, so the range starts at its first number
            if y2 is not None and not change:
                # "2022-2024", "1950–53": one period of years
                f = Figure(f_start, m.end(), text[f_start:m.end()], None, a1.value, float(y2),
                           qualifier="range", unit="year", quantity="year",
                           date=f"{int(a1.value)}/{y2}")
                new.append(f)
            elif a2 is not None and change:
                # "rose from 3,000 to 11,000": two separate figures
                for g, a in ((g1, a1), (g2, a2)):
                    raw = m.group(g)
                    f = Figure(m.start(g), m.end(g), raw, a.value, a.value, a.value)
                    f.amount = a
                    new.append(f)
            elif a2 is not None:
                v1, v2 = a1.value, a2.value
                if a2.scaled and not a1.scaled and a1.kind == a2.kind == "number" and \
                        (a1.digits == a2.digits) and v1 * a2.mult <= v2:
                    # "1-2 million", "$1 to $2 billion", "two or three thousand": the scale
                    # is shared
                    v1 *= a2.mult
                elif not m.group("bw") and _THOUSANDS_SHORTHAND.search(m.group()) and \
                        v1 < 1000 <= v2 and v1 * 1000 <= v2:
                    v1 *= 1000  # "10-12,000 troops" means 10,000 to 12,000
                if a1.kind == "number" and a2.percent and not a1.percent:
                    a1.percent = True
                lo, hi = min(v1, v2), max(v1, v2)
                f = Figure(f_start, m.end(), text[f_start:m.end()], (lo + hi) / 2, lo, hi,
                           qualifier="range")
                a1.currency = a1.currency or a2.currency
                a1.percent = a1.percent or a2.percent
                f.amount = a1
                new.append(f)
            else:
                if a1.small_word and not qual_txt and not a1.percent:
                    before = text[max(0, start - 12):start]
                    nxt = _unit_after(text, m.end(), s_end)
                    if a1.value == 1 and not nxt:
                        continue  # "one of the", "no one"
                    if _DETERMINER_BEFORE.search(before) and not nxt:
                        continue  # "the two countries"
                if raw1.lower() == "half" and _ORDINAL_BEFORE.search(
                        text, max(0, start - 12), start):
                    continue  # "the first half of 2024"
                if a1.kind == "fraction" and not qual_txt and _AFTER_AMOUNT.search(
                        text, max(0, start - 12), start):
                    continue  # "$25m to $30m a quarter": a period, not a share
                if a1.kind == "fraction" and _ARTICLE_ORDINAL.match(raw1) and \
                        not _FRACTION_FOLLOWS.match(text, m.end()):
                    continue  # "a third round", "a fifth time": ordinals, not shares
                if _is_year(a1, raw1) and qualifier == "exact":
                    nxt = _unit_after(text, m.end(), s_end)
                    if not nxt or nxt[1] in ("duration",):
                        new.append(Figure(start, m.end(), m.group(), a1.value, a1.value,
                                          a1.value, unit="year", quantity="year", date=raw1))
                if not new:
                    lo, hi = _bounds(qualifier, a1.value)
                    f = Figure(start, m.end(), m.group(), a1.value, lo, hi, qualifier=qualifier)
                    f.amount = a1
                    new.append(f)
        last_source = _finish(text, new, figs, s_start, s_end, sent_idx, sentences, attr_cache,
                              last_source, doc_verbs)
    for i, f in enumerate(figs, 1):
        f.figure_id = f"{doc_id}-F{i:02d}"
    return figs


def _finish(text, new, figs, s_start, s_end, sent_idx, sentences, attr_cache,
            last_source, doc_verbs=None) -> str:
    """Fill unit, quantity, subject, source and sentence of the new figures; append them."""
    if sent_idx not in attr_cache:
        s0, s1 = sentences[sent_idx] if sentences else (0, len(text))
        attr_cache[sent_idx] = attributions(text[s0:s1], s0, doc_verbs)
    for f in new:
        f.sentence = sent_idx
        if f.unit == "date":
            f.source = pick_source(attr_cache[sent_idx], f.start, f.end, last_source)
            if f.source:
                last_source = f.source
            figs.append(f)
            continue
        a = f.amount
        after = text[f.end:min(s_end, f.end + 120)]
        window = text[max(s_start, f.start - 70):min(s_end, f.end + 70)]
        cat = "count"
        np_sub = ""
        if f.unit == "year":
            cat = "year"
            np_sub = _np_after(text, f.end, s_end, 5, allow_of=False)
            if np_sub and np_sub.split()[0][:1].isdigit():
                np_sub = ""
        else:
            currency = a.currency if a else None
            simple = a is not None and (a.percent or a.kind == "fraction")
            ua = None if simple else _unit_after(text, f.end, s_end)
            if a is not None and a.percent:
                f.unit, cat = "percent", "percent"
                np_sub = _np_after(text, f.end, s_end)
            elif a is not None and a.kind == "fraction":
                f.unit, cat = "fraction", "fraction"
                np_sub = _np_after(text, f.end, s_end)
            elif currency or (ua and ua[1] == "currency"):
                f.unit = currency or ua[0]
                cat = "currency"
                if ua and ua[1] == "currency":
                    after = text[ua[3]:min(s_end, ua[3] + 120)]
                rate_zone = after[:45]
                cut = _RATE_CUT.search(rate_zone)
                if cut:
                    rate_zone = rate_zone[:cut.start()]
                before = text[max(s_start, f.start - 40):f.start]
                if _RATE_MONTH.search(rate_zone) or _BEFORE_MONTH.search(before):
                    f.unit += "/month"
                elif _RATE_YEAR.search(rate_zone) or _BEFORE_YEAR.search(before):
                    f.unit += "/year"
            elif ua:
                f.unit, cat = ua[0], ua[1]
                if cat == "tonnes":
                    m = re.match(r"\s*of\s+", text[ua[3]:ua[3] + 5])
                    np_sub = _np_after(text, ua[3] + m.end(), s_end, 2, allow_of=False) \
                        if m else text[ua[2]:ua[3]]
                    np_sub = _drop_verbs(np_sub)
                    after = text[ua[3]:min(s_end, ua[3] + 120)]
                else:
                    np_sub = text[ua[2]:ua[3]]
            else:
                f.unit = "percent" if a is not None and a.percent else ""
        if not np_sub and cat not in ("date", "year"):
            attrs = attr_cache.get(sent_idx)
            clause = s_start
            if attrs:
                for _st, en, _src in attrs:
                    if en <= f.start:
                        clause = max(clause, en)
            np_sub = _np_before(text, clause, f.start)
        f.subject = np_sub
        value = f.value
        f.quantity = _quantity(f.unit, cat, value, window, after)
        if f.qualifier == "vague":
            f.value = f.low = f.high = None
        f.source = pick_source(attr_cache[sent_idx], f.start, f.end, last_source)
        if f.source:
            last_source = f.source
        if f.unit == "date":
            f.value = f.low = f.high = None
        figs.append(f)
    return last_source
