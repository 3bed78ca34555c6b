"""Figures in one text: sentences, the number grammar applied, unit, quantity, subject, source."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from nkrussia.extract_grammar import (
    _ANCHOR_BYTES,
    LABEL_LIST_BEFORE,
    MASTER,
    POST_QUAL_MAP,
    QUAL_MAP,
    Amount,
    WordIndex,
    day_number,
    decade_year,
    month_number,
    parse_amount,
    scan,
    split_written,
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
    change: str = ""  # "increase" / "decrease" when the figure is the size of a change
    year: int | None = field(default=None, repr=False)  # a date's own year, if the text gives it
    figure_id: str = ""
    amount: Amount | None = field(default=None, repr=False)  # the parsed number, while extracting


# ---------------------------------------------------------------- sentences
_ABBREV = frozenset((
    "mr mrs ms dr gen lt col maj capt sgt sen rep gov prof st no nos vs etc jan feb mar apr jun "
    "jul aug sep sept oct nov dec inc co corp approx adm cmdr gens fig vol pt ft reps sens govs "
    "rev amb cpl pvt brig lieut jr sr dept univ est ltd bros messrs mmes"
).split())
# A sentence ends at . ! ? followed by space and a capital, digit or opening quote, unless the
# period closes an abbreviation or an initial ("Gen.", "U.S.", "J."); a newline always ends one.
_SENT_END = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+[\"”’)]*+(?=\s+[\"“‘(]?[A-Z0-9])")
# the same for a text without "!" and "?" (most articles): a literal first character is
# searched for several times faster than a character class
_SENT_END_DOT = re.compile(r"\.(?<!\.\.)\.*+[\"”’)]*+(?=\s+[\"“‘(]?[A-Z0-9])")


def _is_abbreviation(text: str, dot: int) -> bool:
    if dot >= 6 and text[dot - 6:dot].isalpha():
        return False  # a word of six or more letters: no abbreviation here is that long
    lo = max(0, dot - 12)  # no abbreviation is longer: bounded, so linear in the text
    sp = max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot))
    tok = text[(sp + 1 if sp >= 0 else lo):dot].lstrip("(\"“‘")
    if sp < 0 and lo > 0:
        return False  # a "word" of twelve or more characters
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
for _w in "tons tonnes tonne ton t".split():
    _UNIT_NOUNS[_w] = ("tonnes", "tonnes")
for _w, _u in (("kilograms", "kg"), ("kilogrammes", "kg"), ("kg", "kg"), ("lbs", "lb"),
               ("lb", "lb"), ("pounds", "lb")):
    _UNIT_NOUNS[_w] = (_u, "weight")
for _w in "shells rounds missiles missile rockets containers munitions projectiles " \
        "bombs grenades".split():
    _UNIT_NOUNS[_w] = (_w if _w.endswith("s") else _w + "s", "munitions")
for _w in "barrels".split():
    _UNIT_NOUNS[_w] = ("barrels", "fuel")
for _w in "days weeks months years hours decades day week month year hour decade minutes " \
        "minute seconds second".split():
    _UNIT_NOUNS[_w] = (_w if _w.endswith("s") else _w + "s", "duration")
for _w in "dollars dollar usd".split():
    _UNIT_NOUNS[_w] = ("USD", "currency")
for _w in "cent cents penny pence pennies kopeck kopecks kopek kopeks kopeyka kopeykas".split():
    _UNIT_NOUNS[_w] = ("USD", "currency")  # a hundredth: _money_unit names and scales it
# ISO 4217 code of the currency named after the number ("1.2 trillion won", "20 EUR")
for _w, _u in (("euros", "EUR"), ("euro", "EUR"), ("eur", "EUR"), ("won", "KRW"),
               ("krw", "KRW"), ("rubles", "RUB"), ("roubles", "RUB"), ("ruble", "RUB"),
               ("rouble", "RUB"), ("rub", "RUB"), ("yuan", "CNY"), ("renminbi", "CNY"),
               ("cny", "CNY"), ("yen", "JPY"), ("jpy", "JPY"), ("sterling", "GBP"),
               ("gbp", "GBP"), ("hryvnias", "UAH"), ("hryvnia", "UAH"), ("hryvnas", "UAH"),
               ("uah", "UAH"), ("kpw", "KPW"), ("francs", "CHF"), ("chf", "CHF")):
    _UNIT_NOUNS[_w] = (_u, "currency")
for _w in "km kilometres kilometers miles metres meters".split():
    _UNIT_NOUNS[_w] = ("km" if _w.startswith("k") else _w, "distance")
# the singular, as in "one mile", "a six-mile convoy", "a two-kilometre front"
for _w in "kilometre kilometer mile metre meter".split():
    _UNIT_NOUNS[_w] = ("km" if _w.startswith("k") else _w + "s", "distance")
for _w in "people civilians refugees residents workers labourers laborers citizens students " \
        "prisoners pows defectors families children members leaders bloggers milbloggers " \
        "blogger milblogger journalists journalist reporters reporter".split():
    _UNIT_NOUNS[_w] = ("people", "people")
for _w in "brigades divisions battalions regiments units companies platoons".split():
    _UNIT_NOUNS[_w] = (_w, "formations")
    _UNIT_NOUNS[_w[:-3] + "y" if _w.endswith("ies") else _w[:-1]] = (_w, "formations")
for _w in "tanks howitzers launchers drones vehicles guns systems aircraft jets ships trains " \
        "trucks meetings visits flights shipments deliveries vessels tankers banks entities " \
        "firms".split():
    _UNIT_NOUNS[_w] = (_w, "things")
# the singulars, as in "one flight", "one vessel", "one person", "one former member"
for _w in "tank howitzer launcher drone vehicle gun system jet ship train truck meeting visit " \
        "flight shipment vessel tanker bank firm".split():
    _UNIT_NOUNS.setdefault(_w, (_w + "s", "things"))
_UNIT_NOUNS.setdefault("delivery", ("deliveries", "things"))
_UNIT_NOUNS.setdefault("entity", ("entities", "things"))
for _w in "person persons individual individuals member worker civilian prisoner student " \
        "citizen resident defector pow official".split():
    _UNIT_NOUNS.setdefault(_w, ("people", "people"))
# singulars only, for "one" ("one North Korean man", "One captive"); plurals keep their units
for _w in "man woman child captive pilot diplomat engineer sniper medic".split():
    _UNIT_NOUNS.setdefault(_w, ("people", "people"))
_UNIT_NOUNS.setdefault("officer", ("troops", "troops"))

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
# words that put troops in the future: modals and plans, and "more" words, which a verb of
# having been sent can override ("a further 3,000 were deployed")
_MODAL_ALT = (r"could|would|will|may|might|expected|expects?|expecting|plans?|planned|planning|"
              r"shortly|soon|set to|prepared to|ready to|intends?|intended|likely to|poised|"
              r"potentially|in the coming|next|prepar\w*|to\s+send|to\s+deploy")
_MORE_ALT = r"additional|further|another"
_FUTURE = _Gated((
    'could', 'would', 'will', 'may', 'might', 'expect', 'plan', 'shortly', 'soon', 'set to',
    'prepared to', 'ready to', 'additional', 'further', 'another', 'intend', 'likely to',
    'poised', 'potentially', 'coming', 'next', 'prepar', 'to send', 'to deploy',
), rf"\b(?:{_MODAL_ALT}|{_MORE_ALT})\b", re.I)
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
    'rice', 'wheat', 'flour', 'grain', 'corn', 'maize', 'food', 'fertili', 'sugar', 'potato',
    'soybean', 'beans', 'meat', 'fish', 'barley', 'cereal',
), r"\b(?:rice|wheat|flour|grain|grains|corn|maize|food|fertili[sz]er|sugar|potatoes|"
                   r"soybeans|beans|meat|fish|barley|cereals?)\b", re.I)
_FUEL = _Gated((
    'oil', 'fuel', 'petroleum', 'diesel', 'gasoline', 'petrol', 'crude', 'gas', 'kerosene',
), r"\b(?:oil|fuel|petroleum|diesel|gasoline|petrol|crude|gas|kerosene|jet\s+fuel)\b", re.I)
_MATERIALS = _Gated((
    'coal', 'ore', 'iron', 'steel', 'metal', 'copper', 'zinc', 'lead', 'gold', 'silver',
    'mineral', 'timber', 'wood', 'sand', 'textile', 'cement', 'graphite', 'tungsten',
), r"\b(?:coal|ores?|iron|steel|metals?|copper|zinc|lead|gold|silver|minerals?|timber|wood|"
                        r"sand|textiles?|cement|graphite|tungsten|molybdenum|rare\s+earths?)\b",
                        re.I)
_WORKER = _Gated((
    'worker', 'labour', 'labor', 'employee', 'construction', 'logger', 'builder', 'staff',
), r"\b(?:workers?|labou?rers?|labou?r|employees?|construction|loggers?|builders?|staff)\b",
    re.I)
_SOLDIER = _Gated((
    'soldier', 'troop', 'fighter', 'servicem', 'mercenar', 'conscript', 'recruit', 'combat',
), r"\b(?:soldiers?|troops?|fighters?|servicem[ae]n|mercenar\w*|conscripts?|recruits?|"
                      r"combat\w*)\b", re.I)
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
        if i == 0 and (lw == "of" or w == "("):
            continue  # "two of the", "The two (POWs)": an editor's bracket around the noun
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
    # only the trailing comma-free part (a comma inside "11,000" is not a separator)
    if _NP_SEP.search(seg) is None:
        return seg.rstrip(".")
    cut = max(seg.rfind(";"), seg.rfind(":"), seg.rfind("“"), seg.rfind("”"), seg.rfind("("),
              seg.rfind(")"))
    c = seg.rfind(",")
    while c > cut and seg[c + 1:c + 2].isdigit():
        c = seg.rfind(",", 0, c)
    cut = max(cut, c)
    if cut >= 0:
        seg = seg[cut + 1:].strip()
    return seg.rstrip(".")


_NP_SEP = re.compile("[,;:“”()]")


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
# a period inside a source's name: "U.S.", "U.N.", "Rep.", "Gen." (a source is never cut there)
_ABBR_DOT = (r"(?:\.(?=[A-Za-z0-9])|(?<=[.\s(][A-Z])\.|(?<=^[A-Z])\."
             r"|(?<=\b(?:Mr|Ms|Dr|St|Lt|Jr|Sr|Rs))\."
             r"|(?<=\b(?:Mrs|Rep|Sen|Gen|Gov|Col|Maj|Adm|Sgt|Amb|Cpl|Pvt|Rev))\."
             r"|(?<=\b(?:Reps|Sens|Gens|Capt|Prof|Govs|Brig|Cmdr))\.)")
_ATTR_ACCORDING = re.compile(
    r"[Aa]ccording\s+to\s+(?P<src>(?:[^,.;:“”\"]|" + _ABBR_DOT + r")+)"
    r"(?=\s*(?:[,.;:“”\"]|$))")
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
    r",\s*(?:said|according\s+to|reported|wrote|estimated|added)\s+"
    r"(?P<src>(?:[^,.;“”\"]|" + _ABBR_DOT + r")+)"
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
    src = src.strip().strip("“”\"'’‘").strip()  # "’ ’" is nothing: strip again after quotes
    for _ in range(2):
        words = src.split(None, 1)
        first = words[0].lower() if words else ""
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
    # a proper noun (organisation, person, country): every word capitalised or a connector,
    # and one capitalised at least ("of the" is no one)
    return all(w[:1].isupper() or w.lower() in ("of", "for", "and", "the", "de") for w in words) \
        and any(w[:1].isupper() for w in words)


_VERB_SET = frozenset(_ATTR_VERBS[3:-1].split("|"))
_VERB_BYTES = frozenset(v.encode() for v in _VERB_SET)
_CHANGE_AFTER_WORDS = frozenset("drop decline decrease fall reduction cut contraction slump plunge "
                                "loss dip slide increase rise gain jump growth surge "
                                "hike".split())
_CHANGE_BYTES = frozenset(w.encode() for w in _CHANGE_AFTER_WORDS) | frozenset(
    w.encode() for w in (
        "fell fallen fall falls falling dropped drop drops dropping declined decline declines "
        "declining decreased decrease decreases decreasing shrank shrunk shrink shrinks "
        "shrinking contracted contract contracts contracting slid slide slides sliding slumped "
        "slump slumps plunged plunge plunges plummeted tumbled sank sink sinks dipped dip dips "
        "eased ease eases down lower cut cuts reduced reduce reduces lost lose loses losing "
        "shed sheds shedding rose risen rise rises rising increased increase increases "
        "increasing grew grown grow grows growing jumped jump jumps jumping climbed climb "
        "climbs climbing surged surge surges surging soared soar soars gained gain gains "
        "expanded expand expands up higher raised raise raises cheaper less fewer more "
        "smaller larger").split())
_LOOKUP_BYTES = _VERB_BYTES | _ANCHOR_BYTES | _CHANGE_BYTES
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
    newline = sentence.find("\n", lo, i) >= 0  # bounded: a sentence can be a whole article
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


class SentenceAttributions:
    """The attributions of one sentence, indexed so that each figure's lookup is O(log n)
    (a sentence can be the whole of a huge article)."""

    __slots__ = ("attrs", "_starts", "_ends", "_named", "_named_starts")

    def __init__(self, attrs: list[tuple[int, int, str]]):
        self.attrs = attrs
        self._starts = None  # built on first use

    def _index(self) -> None:
        attrs = self.attrs
        self._starts = [a[0] for a in attrs]
        self._ends = sorted(a[1] for a in attrs)
        self._named = [a for a in attrs if a[2] not in ("reports", "\x00pronoun")]
        self._named_starts = [a[0] for a in self._named]

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._index()
        return self._starts

    @property
    def named(self) -> list[tuple[int, int, str]]:
        if self._starts is None:
            self._index()
        return self._named

    @property
    def named_starts(self) -> list[int]:
        if self._starts is None:
            self._index()
        return self._named_starts

    def clause_start(self, pos: int, default: int) -> int:
        """The end of the last attribution that ends at or before ``pos``."""
        if len(self.attrs) < 8:  # a few: a loop is cheaper than an index
            for _st, en, _src in self.attrs:
                if en <= pos and en > default:
                    default = en
            return default
        if self._starts is None:
            self._index()
        i = bisect_right(self._ends, pos)
        return max(default, self._ends[i - 1]) if i else default


_EMPTY_ATTRIBUTIONS = SentenceAttributions([])


def pick_source(attrs, start: int, end: int, previous: str) -> str:
    """The source of a figure at start..end: the sentence's last attribution before it, else
    its first one after it. "reportedly" and a pronoun ("he said") yield to a source the
    sentence names; a pronoun alone refers to ``previous`` (the last sentence's source)."""
    if not isinstance(attrs, SentenceAttributions):
        attrs = SentenceAttributions(list(attrs))
    items = attrs.attrs
    if not items:
        return ""
    if len(items) < 8:  # the common case: a loop, as cheap as it is clear
        before = [a for a in items if a[0] < start]
        if before:
            chosen = before[-1]
        else:
            after = [a for a in items if a[0] >= end]
            if not after:
                return ""
            chosen = after[0]
        if chosen[2] in ("reports", "\x00pronoun"):
            named = [a for a in items if a[2] not in ("reports", "\x00pronoun")]
            if named:
                chosen = next((a for a in reversed(named) if a[0] < start), named[0])
            elif chosen[2] == "\x00pronoun":
                return previous
        return chosen[2]
    i = bisect_left(attrs.starts, start)
    if i:
        chosen = items[i - 1]
    else:
        j = bisect_left(attrs.starts, end)
        if j >= len(items):
            return ""
        chosen = items[j]
    if chosen[2] in ("reports", "\x00pronoun"):
        named = attrs.named
        if named:
            k = bisect_left(attrs.named_starts, start)
            chosen = named[k - 1] if k else named[0]
        elif chosen[2] == "\x00pronoun":
            return previous
    return chosen[2]


# ---------------------------------------------------------------- quantity
# a rough number of currency units to one US dollar, only to tell a monthly wage from monthly
# revenue in any currency (thresholds below are in USD); never used to convert a value
_PER_USD = {"KRW": 1400, "JPY": 150, "RUB": 90, "CNY": 7, "UAH": 40, "KPW": 100}
_MATERIAL = re.compile(r"\s*of\s+(?:[\w-]+\s+){0,2}?(\w+)")


def _quantity(unit: str, cat: str, value: float | None, window: str, after: str,
              casualty: bool = False, expected: bool = False) -> str:
    """The vocab.QUANTITIES label of one figure. ``casualty``: a casualty word belongs to the
    figure's own clause ("3,000 were killed", not "11,000 sent, of whom 3,000 died");
    ``expected``: the figure's own clause says the troops are still to come."""
    if cat == "date":
        return "event_date"
    if cat == "year":
        return "year"
    wl = window.lower()
    if cat in ("troops", "casualties"):
        if cat == "casualties" or casualty:
            return "casualties"
        if expected:
            return "troops_expected"
        return "troops_deployed"
    if cat == "munitions":
        return "munitions_supplied"
    if cat == "tonnes":
        m = _MATERIAL.match(after)
        material = m.group(1).lower() if m else ""
        if material == "rice":
            return "rice_supplied"
        if material and _FUEL.match(material):
            return "fuel_supplied"
        if material and _MATERIALS.match(material):
            return "materials_supplied"
        if _FOOD_GAP.search(window, wl) and not material:
            return "food_shortfall"
        if material and _FOOD.match(material):
            return "food_supplied"
        if _RICE.search(window, wl):
            return "rice_supplied"
        if _FOOD_GAP.search(window, wl):
            return "food_shortfall"
        if _FOOD.search(window, wl):
            return "food_supplied"
        if _FUEL.search(window, wl):
            return "fuel_supplied"
        return "materials_supplied" if _MATERIALS.search(window, wl) else "other"
    if cat == "fuel":
        return "fuel_supplied"
    if cat in ("fraction", "percent"):
        if _FOOD_GAP.search(after[:80]) or (
                _FOOD.search(window, wl) and _FOOD_GAP.search(window, wl)):
            return "share_of_food_gap"
        return "share"
    if cat == "duration":
        return "duration"
    if cat == "currency":
        code = unit.split("/", 1)[0]
        v = abs(value or 0) / _PER_USD.get(code, 1)
        worker = _WORKER.search(window, wl) is not None and _SOLDIER.search(window, wl) is None
        if unit.endswith("/month"):
            if v < 100_000:
                return "pay_per_worker_month" if worker else "pay_per_soldier_month"
            return "monthly_revenue"
        if unit.endswith("/year"):
            if v < 200_000 and worker:
                return "pay_per_worker_year"
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


# the clause a troop figure belongs to: a casualty word there makes it a casualty figure
_CLAUSE_BOUNDARY = re.compile(
    r"[,;:()“”\"—–]|\b(?:and|but|while|whereas|who|whom|which|whose|after|before|when|where|"
    r"although|though|because|since|until|including|among)\b", re.I)
_PAREN_ATTRIBUTION = re.compile(
    r",\s*(?:according\s+to\b[^,;]{0,60}|[^,;]{0,50}\b(?:said|says|told|estimated|"
    r"reported|believes?)\b[^,;]{0,30}),", re.I)
_NUMBER_AHEAD = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"hundreds?|thousands?|dozens?|some|several)\b", re.I)
_REPLACE = re.compile(r"\b(?:replace|replacing|replenish|make\s+up\s+for|compensate|"
                      r"reinforce|to\s+fill)\w*", re.I)


def _casualty_in_clause(text: str, f: Figure, s_start: int, s_end: int) -> bool:
    lo = max(s_start, f.start - 90)
    hi = min(s_end, f.end + 110)
    low = text[lo:hi].lower()
    if not ("kill" in low or "wound" in low or "injur" in low or "dead" in low or
            "died" in low or "casualt" in low or "captur" in low or "lost" in low or
            "loss" in low or "death" in low or "perish" in low or "prisoner" in low):
        return False  # the common case: no casualty word anywhere near
    before = text[lo:f.start]
    cuts = list(_CLAUSE_BOUNDARY.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = text[f.end:hi]
    skip = _PAREN_ATTRIBUTION.search(after) if "," in after else None
    if skip is not None:  # "3,000 troops, the NIS said, have been killed"
        after = after[:skip.start()] + " " + after[skip.end():]
    cut = _CLAUSE_BOUNDARY.search(after)
    if cut is not None and not (cut.group().lower() == "and" and
                                _CASUALTY.search(after[:cut.start()]) is not None):
        after = after[:cut.start()]
    ahead = _NUMBER_AHEAD.search(after)
    if ahead is not None:
        after = after[:ahead.start()]  # a later number owns what follows it
    rep = _REPLACE.search(after)
    if rep is not None:
        after = after[:rep.start()]  # "sent to replace those killed"
    if _REPLACE.search(before):
        return False
    return _CASUALTY.search(before) is not None or _CASUALTY.search(after) is not None


# ---------------------------------------------------------------- what is counted, from before
# "put the number of soldiers at 9,500", "the death toll reached 600", "the wounded at 2,700",
# "a force of 10,000", "casualties stood at 4,000": the counted noun comes before the figure
_BACK_NOUNS = {w: u for w, u in _UNIT_NOUNS.items()
               if u[1] in ("troops", "casualties", "munitions", "fuel", "people", "formations")}
_BACK_NOUNS.update({"death": ("troops", "casualties"), "toll": ("troops", "casualties"),
                    "losses": ("troops", "casualties")})
# the words between the noun and the figure, walked back from the figure (a regex searched
# over the text before every figure cost 2% of the whole extraction)
_BRIDGE_WORDS = frozenset("at reached reaching hit hits topped tops exceeded exceeds surpassed "
                          "passed to by numbered numbering numbers totalled totaled totalling "
                          "totaling totals of was were is are".split())
_BRIDGE_VERBS = frozenset("rose risen rising climbed climbing grew grown increased jumped fell "
                          "fallen dropped declined decreased shrank".split())  # + "to"/"by"
_STOOD = frozenset("stood stands standing".split())  # + "at"
_AUX_WORDS = frozenset("has have had was were is are now already reportedly also been".split())
_PARTICIPLES = frozenset("supplied sent deployed delivered shipped".split())
_TWO_WORD_TAILS = {"far": "so", "date": "to", "total": "in"}  # "so far", "to date", "in total"
_MEASURE_WORDS = frozenset("toll tally count total number numbers figure figures estimate "
                           "estimates".split())
_OF_NOUNS = frozenset("force contingent detachment toll".split())
_MEASURING = re.compile(r"\b(?:put|puts|putting|estimat\w*|plac\w*|peg\w*|number|count|"
                        r"tally|total|toll|figure)\b", re.I)


def _unit_before(text: str, s_start: int, start: int) -> tuple[str, str] | None:
    """(unit, category) from a counted noun before the figure, linked to it by a verb of
    measuring or "of": "put the number of soldiers at 9,500", "the death toll reached 600",
    "casualties stood at 4,000", "a force of 30,000"; "at" only where the sentence is
    measuring ("put ... at", "the number of ... at"), so "soldiers at three bases" is not a
    troop count."""
    lo = max(s_start, start - 60)
    sp = text.rfind(" ", lo, start - 1)
    if sp < 0 or text[sp + 1:start].rstrip().lower() not in _BRIDGE_WORDS:
        return None  # the common case: no verb of measuring right before the figure
    ws = text[lo:start].lower().split()
    i = len(ws) - 1
    bridge = ws[i]
    i -= 1
    if bridge in ("to", "by"):
        if i < 0 or ws[i] not in _BRIDGE_VERBS:
            return None
        i -= 1
    elif bridge == "at" and i >= 0 and ws[i] in _STOOD:
        i -= 1
        bridge = "stood at"
    while i >= 0 and ws[i] in _AUX_WORDS:
        i -= 1
    if i >= 1 and _TWO_WORD_TAILS.get(ws[i]) == ws[i - 1]:
        i -= 2
    elif i >= 0 and ws[i] in _PARTICIPLES:
        i -= 1
    measure = i >= 0 and ws[i] in _MEASURE_WORDS
    if measure:
        i -= 1
    if i < 0 or (i == 0 and lo > s_start and not text[lo].isspace() and
                 not text[lo - 1].isspace()):
        return None  # no noun, or only the cut end of a longer word
    noun = ws[i]
    unit = _BACK_NOUNS.get(noun)
    if unit is None:
        return None
    if bridge == "of" and not measure and noun not in _OF_NOUNS:
        return None  # "a force of 10,000", but not "soldiers of 3 brigades"
    if bridge in ("at", "was", "were", "is", "are") and not measure:
        noun_at = lo + text[lo:start].lower().rfind(noun, 0, len(text[lo:start]))
        if _MEASURING.search(text, max(s_start, start - 100), noun_at) is None:
            return None
    return unit


_ELIDED_BEFORE = re.compile(r"\b(?:a\s+further|another|an\s+additional|additional|"
                            r"further)\s+$", re.I)
_ELIDED_AFTER = re.compile(r"\s+more\b(?!\s+than)", re.I)


def _elided_unit(text: str, figs: list, f: Figure, sent_idx: int, s_start: int
                 ) -> tuple[str, str] | None:
    """"11,000 troops in October and a further 3,000", "12,000 troops, and 3,000 more": the
    noun left out is the previous figure's in the same sentence."""
    if not figs or figs[-1].sentence != sent_idx or not figs[-1].unit or \
            figs[-1].unit in ("date", "year", "decade", "percent", "fraction"):
        return None
    if _ELIDED_BEFORE.search(text, max(s_start, f.start - 16), f.start) is None and \
            _ELIDED_AFTER.match(text, f.end) is None and \
            text[figs[-1].end:f.start].strip().lower() != "to":  # "rose by 1,000 to 4,000"
        return None
    prev = _UNIT_CATEGORY_OF.get(figs[-1].quantity)
    if prev is None:
        return None
    return figs[-1].unit, prev


# a previous figure's quantity, as the category of the noun it counted
_UNIT_CATEGORY_OF = {"troops_deployed": "troops", "troops_expected": "troops",
                     "casualties": "casualties", "munitions_supplied": "munitions",
                     "fuel_supplied": "fuel"}

# ---------------------------------------------------------------- a troop figure's own clause
# a clause ends at punctuation or at one of these words; found by walking the words, since a
# case-insensitive alternation searched over the sentence cost 5% of the whole extraction
_CLAUSE_PUNCT = re.compile(r"[;:()“”\"—]|,(?!\d{3})")
_CLAUSE_WORD_SET = frozenset("but while whereas which who whom whose although though because "
                             "since after before when where and".split())
# on lower-cased text, without re.I (several times faster in Python's engine)
_MODAL_WORDS = re.compile(rf"\b(?:{_MODAL_ALT})\b")
_MORE_WORDS = re.compile(rf"\b(?:{_MORE_ALT})\b")
_PAST_WORDS = re.compile(r"\b(?:sent|deployed|dispatched|arrived|transferred|moved|deployment|"
                         r"have\s+been|has\s+been|had\s+been)\b")


def _troops_expected(text: str, f: Figure, s_start: int, s_end: int) -> bool:
    """A troop figure is expected (not yet there) when its own clause says so: a modal or a
    plan ("could send 10,000"), or "further"/"additional"/"another" with no verb of having
    been sent, in the clause or before it in the sentence ("another 3,000 were deployed",
    "sent 11,000 troops in October and a further 3,000 in January" are deployments). The
    clause is the sentence cut at punctuation and clause words, found by walking words: a
    case-insensitive alternation searched over the sentence cost 5% of the extraction."""
    lo = max(s_start, f.start - 120)
    full_before = text[lo:f.start].lower()
    before = full_before
    cuts = [m.end() for m in _CLAUSE_PUNCT.finditer(before)]
    if cuts:
        before = before[cuts[-1]:]
    words = before.split()
    for k in range(len(words) - 1, -1, -1):
        if words[k] in _CLAUSE_WORD_SET:
            words = words[k + 1:]
            break
    after = text[f.end:min(s_end, f.end + 120)].lower()
    cut = _CLAUSE_PUNCT.search(after)
    if cut is not None:
        after = after[:cut.start()]
    tail = after.split()
    for k, w in enumerate(tail):
        if w in _CLAUSE_WORD_SET:
            tail = tail[:k]
            break
    clause = " ".join(words + tail)
    if _MODAL_WORDS.search(clause):
        return True
    return _MORE_WORDS.search(clause) is not None and _PAST_WORDS.search(full_before) is None \
        and _PAST_WORDS.search(clause) is None


# ---------------------------------------------------------------- main
def _iso_date(m: re.Match) -> tuple[str, int | None, int, int | None]:
    """(iso, year, month, day) of a date match."""
    if m.group("d1"):
        day, mon, year = day_number(m.group("d1day")), month_number(m.group("d1mon")), \
            m.group("d1year")
    elif m.group("d2"):
        day, mon, year = day_number(m.group("d2day")), month_number(m.group("d2mon")), \
            m.group("d2year")
    elif m.group("d4"):
        year, mon, day = m.group("d4year"), int(m.group("d4mon")), int(m.group("d4day"))
    elif m.group("d5"):
        year, mon, day = m.group("d5year"), int(m.group("d5mon")), int(m.group("d5day"))
    elif m.group("d8"):  # "15.08.22": day first, a two-digit year
        yy = int(m.group("d8yy"))
        year = str(2000 + yy if yy <= 50 else 1900 + yy)
        mon, day = int(m.group("d8mon")), int(m.group("d8day"))
    elif m.group("d7"):  # "29/11/2024" day first, "11/29/2024" and "11/05/2024" month first
        year = m.group("d7year")
        mon, day = (int(m.group("d7mon")), int(m.group("d7day"))) if m.group("d7day") else \
            (int(m.group("d7mon2")), int(m.group("d7day2")))
    else:
        d = "d6" if m.group("d6") else "d3"
        mon, year = month_number(m.group(d + "mon")), m.group(d + "year")
        return f"{int(year):04d}-{mon:02d}", int(year), mon, None
    if year:
        return f"{int(year):04d}-{mon:02d}-{day:02d}", int(year), mon, day
    return f"--{mon:02d}-{day:02d}", None, mon, day


_THOUSANDS_SHORTHAND = re.compile(r"(?<![\d,.])\d{1,2}\s*[-–]\s*\d{1,3},000$")
# what follows a length in metres: "200m from", "800m-long", "the 800m Friendship Bridge"
_METRES_AFTER = re.compile(
    r"(?:-?(?:long|wide|high|deep|tall)\b|\s+(?:long|wide|high|deep|tall|away|behind|"
    r"underground|bridge|tunnel|runway|stretch|radius|section)\b|"
    r"\s+from\s+the\s+(?:end|edge|border|front|shore|bank|bridge|line|cent(?:re|er)|entrance|"
    r"station|river|coast|tracks?)\b|"
    r"(?:\s+[A-Z][\w’'-]*){1,4}\s+(?:Bridge|Tunnel|Road|Highway|Canal)\b)")
_PRICE_THEN = re.compile(r"(?:\s+(?:cents?|pence|penny|dollars?|euros?|won|yen|yuan|rubles?|"
                         r"roubles?|pounds?|kopecks?))?\s+$")  # "64.2 cents a dozen", "$3 a dozen"
_AFTER_AMOUNT = re.compile(r"(?:\d|\d(?:m|bn|k)|million|billion|thousand|per|each|every)\s+$")
_ARTICLE_ORDINAL = re.compile(r"(?i)an?\s+(?!half\b)[a-z]+$")
_FRACTION_FOLLOWS = re.compile(
    r"\s+(?:of|in|on|between|since|from|to|over|during|compared|than|last|this|and|or|but|"
    r"while|after|before|by|at|for|with|when|as|among|within|year-on-year)\b"
    r"|(?!,\s+who\b)\s*(?:[,.;:)”\"]|$)")  # ("and a third, who oversees": the third person)
_RATE_CUT = re.compile(r"[,;]|\b(?:and|while|which|but)\b")
_RISE_FALL = (r"rose|rising|risen|increased|increasing|grew|grown|growing|fell|fallen|dropped|"
              r"jumped|climbed|declined|swelled|shrank")
# verbs that set a level to another ("raised the levy from $300 to $450")
_SET_VERBS = (r"raised|hiked|lifted|boosted|cut|reduced|lowered|slashed|trimmed|decreased|"
              r"revised|expanded|doubled|tripled|changed")
_CHANGE_VERB = re.compile(rf"\b(?:{_RISE_FALL}|{_SET_VERBS}|up|down|surged|went|soared|plunged|"
                          r"plummeted|tumbled|slumped|dipped|shrunk|moved)\s+$", re.I)
# "lowered the quota from 5,000 to 3,500", "cut the number of troops from ... to ..."
_CHANGE_VERB_OBJECT = re.compile(
    rf"\b(?:{_RISE_FALL}|{_SET_VERBS})\s+(?:the|its|their|his|her|our|a|an)"
    r"\s+(?:[a-z-]+\s+){1,4}$", re.I)
# "over" as the particle of a verb, not "more than": "hand over two soldiers"
_OVER_PARTICLE_VERBS = frozenset("hand hands handed handing turn turns turned turning".split())
# words whose complement is "over" ("concerned over one million", "a row over 300 workers"):
# the preposition, not "more than"
_OVER_COMPLEMENT = frozenset("concern concerned concerns worried worry worries fear fears "
                             "anxiety anxious alarm alarmed dispute disputes row rows clash "
                             "clashes quarrel quarrels tension tensions anger angry outrage "
                             "protest protests debate debates wrangling uproar furore".split())
_DAY_DATE = re.compile(r"(?:\d{4}|-)-\d\d-\d\d")  # an ISO date with its day
# what may follow the second day of "on Oct. 19 and 23"
_AFTER_DAY = re.compile(r"(?:st|nd|rd|th)?(?:\s*(?:[.,;:)]|$)|\s+(?:and|or|in|at|respectively|"
                        r"this|last|next|of|to|when|after|before|while|but|that)\b)")
# "about" as a preposition: after a noun or verb of telling ("details about two soldiers",
# "asked about 20 cases")
_TALK_WORDS = frozenset("details information news report reports question questions concern "
                        "concerns story stories talk talks talked talking spoke speak speaks "
                        "speaking asked asking learned know knows knew wrote writes data worries "
                        "fears complained warned briefed thinking care".split())
_BY_CHANGE = re.compile(rf"\b(?:{_RISE_FALL}|falling|decreased|cut|reduced)\s+by\s+$", re.I)
# "from the existing 15,000 to 30,000": a level before "to" is one figure changing to another
_FROM_LEVEL = re.compile(r"\bfrom\s+(?:the|its|their|his|her|our|an?)\s+(?:[a-z-]+\s+){0,2}$",
                         re.I)
_ORDINAL_BEFORE = re.compile(r"\b(?:first|second|third|fourth|latter|former|other|last|"
                             r"next)\s+$", re.I)
# a temperature's context, for "35C" written without a degree sign or a minus
_WEATHER = re.compile(r"\b(?:temperatures?|degrees?|cold|colder|freezing|frosts?|heat|heatwave|"
                      r"warm|warmer|hot|hotter|weather|thermometers?|celsius|fahrenheit|chill|"
                      r"lows?|highs?|winter|summer)\b", re.I)
# a determiner before a small written number: "the two countries", "the DPRK's two giant
# neighbours" (a possessive is one)
# "all five were killed": the count of the people named before
_ALL_N_VERB = re.compile(r"\s+(?:were|are|was|have|had|died|survived|of\s+them)\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|these|those|its|their|our|both|all)\s+"
                                r"(?:(?:other|remaining|same)\s+)?$|"  # ("the other two")
                                r"[\w.]+[’']s\s+$", re.I)
# a preposition before "over" and a period makes it "more than": "for over two years"
_MORE_THAN_AFTER = frozenset("for of after in within since than with".split())
_ZERO_IDIOM = re.compile(r"\s+(?:tolerance|hour|sum|in\s+on)\b", re.I)
# "over" meaning "during": "over two months", "over three phases" (but "for over two years"
# is more than two years)
_DURING_NOUNS = frozenset("days weeks months years decades hours minutes phases stages "
                          "periods sessions weekends nights seasons years' day week month year "
                          "decade hour phase stage period session night season".split())
# between the verb and the figure: "by", an adverb before it ("decreased substantially, by
# more than 56%"), "a further", "another"
_CHANGE_TAIL = (r"(?:\s+(?:by\s+)?|\s+[a-z]+ly,?\s+by\s+)(?:a\s+further\s+|another\s+)?$")
# a figure that is the size of a change: "fell by 3%", "down 3%", "a 3% drop", "rose by 300"
_DECREASE_BEFORE = re.compile(
    r"\b(?:fell|fallen|falls?|falling|dropped|drops?|dropping|declined|declines?|declining|"
    r"decreased|decreases?|decreasing|shrank|shrunk|shrinks?|shrinking|contracted|contracts?|"
    r"contracting|slid|slides?|sliding|slumped|slumps?|plunged|plunges?|plummeted|tumbled|"
    r"sank|sinks?|dipped|dips?|eased|eases?|down|lower|cut|cuts|reduced|reduces?)"
    rf"{_CHANGE_TAIL}", re.I)
_INCREASE_BEFORE = re.compile(
    r"\b(?:rose|risen|rises?|rising|increased|increases?|increasing|grew|grown|grows?|growing|"
    r"jumped|jumps?|jumping|climbed|climbs?|climbing|surged|surges?|surging|soared|soars?|"
    r"gained|gains?|expanded|expands?|up|higher|raised|raises?)"
    rf"{_CHANGE_TAIL}", re.I)
_CHANGE_AFTER = re.compile(
    r"(?:\s+|-)(?:(?:total|overall|further|sharp|steep|annual|combined|cumulative|net|"
    r"significant|dramatic|modest|slight|marked)\s+)?"  # "an 89% total reduction"
    r"(?:(?P<down>drop|decline|decrease|fall|reduction|cut|contraction|slump|plunge|"
    r"loss|dip|slide)|(?P<up>increase|rise|gain|jump|growth|surge|hike))\b", re.I)
_CHANGE_QUANTITIES = frozenset(("casualties",))  # "lost", "killed" are not changes


def _is_year(a: Amount, raw: str) -> bool:
    return (a.digits and not a.scaled and not a.currency and not a.percent
            and raw.isdecimal() and len(raw) == 4 and 1900 <= a.value <= 2099)


def _year_end(a1: Amount, raw1: str, a2: Amount, raw2: str) -> int | None:
    """The end year of "2022-2024" or "1950–53"; None when the pair is not a year span."""
    if not _is_year(a1, raw1):
        return None
    if _is_year(a2, raw2) and a2.value > a1.value:
        return int(a2.value)
    if raw2.isdecimal() and len(raw2) == 2:
        end = int(raw1[:2] + raw2)
        return end if end > a1.value else None
    return None


def _bounds(qualifier: str, value: float):
    if qualifier in ("over", "more_than", "at_least"):
        return value, None
    if qualifier == "up_to":
        return None, value
    return value, value


_LOST_BEFORE = re.compile(r"\b(?:lost|loses?|losing|shed|sheds|shedding)\s+$", re.I)


def _change(text: str, f: Figure, cat: str = "") -> str:
    """"decrease" / "increase" when the figure is the size of a change, else "". "Lost" is a
    decrease only for a share or money ("the won lost a third of its value"), never for
    soldiers (that is a casualty figure). The words before the figure are read back one by
    one (over "by", "a further", "another"); the regexes run only when one of them is a word of
    change, or an article before "<figure> drop"."""
    pos, word, k = f.start, "", 0
    while k < 4 and pos > 0 and text[pos - 1] == " ":
        j = text.rfind(" ", max(0, pos - 16), pos - 1)
        word = text[j + 1:pos - 1].lower()
        if word not in _SKIP_BEFORE_CHANGE and not (
                len(word) > 5 and word.endswith(("ly", "ly,")) and k):  # "sharply, by"
            break
        pos, k = j + 1, k + 1
    if word in ("down", "up"):
        w0 = pos - 1 - len(word)  # where "down" starts
        j = text.rfind(" ", max(0, w0 - 16), w0 - 1)
        if text[j + 1:w0 - 1].lower() in _PHRASAL_BEFORE:
            return ""  # "shot down 18 of 20 drones", "set up 5 camps": not a change
    if word == "of" and k == 0:
        m = _CHANGE_OF.search(text, max(0, f.start - 30), f.start)
        if m is not None and (m.group("loss") is None or cat in ("percent", "currency")):
            return "increase" if m.group("up") else "decrease"  # "a decline of 1.9%"
    if word not in _CHANGE_WORDS and k and text[pos:pos + 3].lower() == "by " and \
            (m := _CHANGE_VERB_GAP.search(text, max(0, pos - 50), pos)) is not None:
        # "decreased last year by around 11%", "cut its forces in Kursk by 5,000": the verb,
        # a few words (its time or object), then "by" and the size of the change
        return "increase" if m.group("up") else "decrease"
    if cat == "percent" and text[f.end:f.end + 1] == " ":
        m = _COMPARED_AFTER.match(text, f.end, f.end + 20)
        if m is not None:  # "12.8% lower than the price in the previous survey"
            return "decrease" if m.group("down") else "increase"
    if word in _CHANGE_WORDS:
        if k == 0 and _LEVEL_QUALIFIER.match(f.text):
            return ""  # "falling below one cent", "can dip closer to 800 USD": the level
            # reached ("fell by close to 5%" is a change)
        if " short" in text[f.end:f.end + 40] and _SHORT_OF.match(text, f.end):
            return ""  # "falling 1 million tons short of": a shortfall, a size, not a change
        before = text[max(0, f.start - 40):f.start]
        if _DECREASE_BEFORE.search(before):
            return "decrease"
        if cat in ("percent", "fraction", "currency") and _LOST_BEFORE.search(before):
            return "decrease"
        if _INCREASE_BEFORE.search(before):
            return "increase"
    elif (word in _ARTICLE_WORDS or text[pos:pos + 2].lower() == "a ") and \
            text[f.end:f.end + 1] in (" ", "-"):  # ("was a 5% drop": the "a" was read over)
        m = _CHANGE_AFTER.match(text, f.end, f.end + 16)
        if m is not None:
            return "decrease" if m.group("down") else "increase"  # "a 3% drop"
    return ""


_SKIP_BEFORE_CHANGE = frozenset(("by", "a", "further", "another"))
# a verb of change two to four words before "by" (no punctuation between)
_CHANGE_VERB_GAP = re.compile(
    r"\b(?:(?P<up>rose|risen|increased|grew|grown|jumped|climbed|surged|soared|gained|"
    r"expanded|raised|boosted)|fell|fallen|dropped|declined|decreased|shrank|shrunk|"
    r"contracted|slid|slumped|plunged|plummeted|tumbled|sank|dipped|cut|reduced|lowered|"
    r"slashed)(?:\s+(?!by\b)[\w’'-]+){1,4}\s+$", re.I)
# a change noun before "of": "a decline of 1.9%", "an increase of 300" ("a loss of" only for
# a share or money: soldiers lost are casualties)
_CHANGE_OF = re.compile(
    r"\b(?:(?P<down>decline|drop|fall|decrease|reduction|cut|contraction|slump|plunge|dip|"
    r"slide)|(?P<loss>loss)|(?P<up>increase|rise|gain|jump|surge|hike|growth))\s+of\s+$", re.I)
# a comparison after a share: "12.8% lower than", "5% cheaper", "10.8% less than", "20% more
# than" ("less" and "more" only before "than")
_COMPARED_AFTER = re.compile(r"\s+(?:(?P<down>lower\b|cheaper\b|smaller\b|(?:less|fewer)\s+than\b)"
                             r"|(?P<up>higher\b|larger\b|more\s+than\b))")
# qualifiers that name a level, not a size of change, after a verb of change
_LEVEL_QUALIFIER = re.compile(r"(?:below|under|above|beyond|closer?\s+to)\s", re.I)
# "fell 200,000 tonnes short of", "came $3bn short": the gap to a target
_SHORT_OF = re.compile(r"(?:\s+(?!in\b|the\b|a\b|over\b)[a-z]+){0,3}?\s+short\b"
                       r"(?!-|\s+(?:term|run|while|time))")
# verbs whose "down" / "up" makes another verb, not a change ("shot down", "set up")
_PHRASAL_BEFORE = frozenset(
    "shot shoot shoots shooting brought bring brings took take takes taking shut shuts knocked "
    "struck strike gunned hunted tracked broke break breaks turned turn handed hand put puts "
    "set sets picked pick signed sign lined line made make ended end summed backed back "
    "blew blow called call rounded round locked lock tied tie".split())
_ARTICLE_WORDS = frozenset(("a", "an", "the", "its", "their", "this"))
# every word that can open a change before its figure (the regexes above, as plain words)
_CHANGE_WORDS = frozenset((
    "fell fallen fall falls falling dropped drop drops dropping declined decline declines "
    "declining decreased decrease decreases decreasing shrank shrunk shrink shrinks shrinking "
    "contracted contract contracts contracting slid slide slides sliding slumped slump slumps "
    "plunged plunge plunges plummeted tumbled sank sink sinks dipped dip dips eased ease eases "
    "down lower cut cuts reduced reduce reduces lost lose loses losing shed sheds shedding "
    "rose risen rise rises rising increased increase increases increasing grew grown grow "
    "grows growing jumped jump jumps jumping climbed climb climbs climbing surged surge surges "
    "surging soared soar soars gained gain gains expanded expand expands up higher raised "
    "raise raises").split())


def _unlike(a1: Amount, a2: Amount) -> bool:
    """Whether two amounts cannot be the bounds of one range (a percent and a currency, or
    two different currencies, or a multiplier and a count: "threefold to 3,000")."""
    if (a1.kind == "multiplier") != (a2.kind == "multiplier"):
        return True
    if a1.percent != a2.percent:
        return bool(a1.currency or a2.currency)
    if bool(a1.currency) != bool(a2.currency) and a2.currency and a1.digits and \
            not a1.scaled and 1900 <= a1.value <= 2099 and a1.value.is_integer():
        return True  # "from $X in 2013 to $6.39 billion": a year, then a sum
    return bool(a1.currency and a2.currency and a1.currency != a2.currency)


def _estimated_is_a_verb(text: str, pos: int) -> bool:
    """"The GUR estimated 200 casualties": after its subject "estimated" is a verb, and the
    figure is the one stated (but "with estimated 200 losses" and "Estimated 200" qualify)."""
    word = _word_before(text, pos)
    return word.isalpha() and word not in _NOT_SUBJECTS


_NOT_SUBJECTS = frozenset("a an with of and or at for by in on to from as".split())


def _word_before(text: str, pos: int) -> str:
    """The word ending before ``pos`` (within 16 characters), lower-cased; "" if none."""
    words = text[max(0, pos - 16):pos].split()
    return words[-1].lower() if words else ""


def _next_word(text: str, pos: int, limit: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(limit, pos + 40))
    return m.group(1).lower() if m else ""


_NEXT_WORD = re.compile(r"\s+([A-Za-z][a-z']*)")


# two capitalised words right before a small number: a name with a number ("Paek Yang San
# 1", "Apollo Soyuz 19"); not a list of numbers after a name ("Article 4, 5 and 6" is a decoy)
_NAME_BEFORE = re.compile(r"(?<![\w’'-])[A-Z][a-z]+ [A-Z][a-z]+ $")
# a name in quotes that ends in a number: the tanker "Paekyangsan 1," the "Hwasong 5"
_QUOTED_NAME_BEFORE = re.compile(r"[“\"‘][A-Z][\w’'-]*(?: [A-Z][\w’'-]*)* $")
_QUOTE_CLOSES = re.compile(r"[,.]?[”\"’]")
def _in_count_list(text: str, figs: list[Figure], start: int) -> bool:
    """"destroyed two armored vehicles, two trucks, and one quad bike": "one" ends a list of
    counts (the figure before it counts things, a comma or "and" away)."""
    if not figs or not text[max(0, start - 5):start].endswith(("and ", ", ")):
        return False
    prev = figs[-1]
    gap = text[prev.end:start]
    return bool(prev.unit) and prev.unit not in ("date", "year", "percent") and \
        len(gap) < 60 and ", " in gap and not any(c in gap for c in ".;:?!")


_TIMES_AFTER = re.compile(r"\s+(?:times|occasions)\b")
_NUMBER_LIST_AFTER = re.compile(r"\s*(?:[-–/]|to\b|or\b|and\s+\d)|[\"”″']")  # or inches
_QUAL_BEFORE_VAGUE = re.compile(r"\b(?:at\s+least|more\s+than|up\s+to|over|nearly|almost|"
                                r"some|about|around|roughly)\s+$", re.I)
_QUAL_BEFORE_MORE = re.compile(r"\b(?P<q>at\s+least|up\s+to|as\s+many\s+as|more\s+than|some|"
                               r"about|around|nearly|almost|over|roughly)\s+(?:another|"
                               r"a\s+further|an\s+additional)\s+$", re.I)
_DATE_KINDS = frozenset(("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"))
_YEAR_CONTEXT = re.compile(r"\b(?:in|of|since|by|early|late|mid)\s+$", re.I)


_COMMA_YEAR = re.compile(r",\s+((?:19|20)\d\d)\b")


def _second_day(text: str, m: re.Match, figs: list[Figure]) -> Figure | None:
    """The "23" of "on Oct. 19 and 23": a day of the same month as the date just before."""
    if not figs or figs[-1].unit != "date" or not _DAY_DATE.fullmatch(figs[-1].date):
        return None
    prev = figs[-1]
    if text[prev.end:m.start()] not in (" and ", ", ", ", and ", " or ", " & "):
        return None
    raw = m.group()
    if not raw.isdecimal() or not 1 <= int(raw) <= 31 or not _AFTER_DAY.match(text, m.end()):
        return None
    iso = f"{prev.date[:-2]}{int(raw):02d}"
    end = m.end()
    yr = _COMMA_YEAR.match(text, end)
    if yr is not None and prev.date.startswith("--"):
        # "Jan. 2 and 6, 2024": the year after the second day is both days'
        end = yr.end()
        iso = f"{yr.group(1)}{iso[1:]}"
        prev.date = f"{yr.group(1)}{prev.date[1:]}"
        prev.year = int(yr.group(1))
        prev.date_resolved, prev.date_inferred = prev.date, False
    f = Figure(m.start(), end, text[m.start():end], unit="date", date=iso,
               quantity="event_date", year=prev.year if yr is None else int(yr.group(1)))
    if prev.date_resolved:
        f.date_resolved = prev.date_resolved[:-2] + iso[-2:]
    f.date_inferred = prev.date_inferred
    return f


# a date moved to another ("postponed from May 5 to June 3"): two dates, not one range
_SHIFT_BEFORE = re.compile(r"\b(?:postponed|delayed|moved|rescheduled|pushed\s+back|"
                           r"brought\s+forward|shifted|changed|put\s+off)\s+from\s+$", re.I)


def _date_figure(m: re.Match, text: str, start: int, end: int, ref_year: int | None) -> Figure:
    """The figure of a date match ``m``, spanning start..end; a date with no year gets the
    reference date's year, marked as inferred."""
    iso, year, _mon, _day = _iso_date(m)
    f = Figure(start, end, text[start:end], unit="date", date=iso, quantity="event_date",
               year=year)
    if year:
        f.date_resolved, f.date_inferred = iso, False
    elif ref_year:
        f.date_resolved, f.date_inferred = f"{ref_year:04d}{iso[1:]}", True
    return f


def _not_a_figure(text: str, start: int, end: int) -> bool:
    """A footnote mark ("Treaty.[1]"), a label in a list ("resolutions 1718 (2006), 1874") or a
    number inside a web address."""
    if text[start - 1:start] == "[" and text[end:end + 1] == "]" and end - start <= 3 and \
            text[start:end].isdecimal():
        return True
    if text[start - 1:start] in "/-_.=" and start > 0:
        ws = max(text.rfind(" ", max(0, start - 300), start), text.rfind("\n", max(0, start - 300),
                                                                          start))
        token = text[ws + 1:start]
        if "://" in token or token.startswith(("www.", "(www.", "](")):
            return True  # a number inside a web address: "(https://.../2025/02/05/8a2b-6633)"
    return text[start - 2:start] in (", ", "d ", "r ") and \
        LABEL_LIST_BEFORE.search(text, max(0, start - 120), start) is not None


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
    hits = _LOOKUP_BYTES.intersection(index.words)  # one pass over the words for all sets
    doc_verbs = [v.decode() for v in _VERB_BYTES.intersection(hits)]
    doc = _Doc(not _CHANGE_BYTES.isdisjoint(hits))
    for m in scan(text, index, index.positions_of(_ANCHOR_BYTES.intersection(hits))):
        kind = m.lastgroup
        if kind == "decoy":
            continue
        start = m.start()
        if figs and figs[-1].end > start and figs[-1].unit == "date":
            continue  # the year of "Jan. 2 and 6, 2024", already in the second date
        while sent_idx + 1 < n_sent and sentences[sent_idx + 1][0] <= start:
            sent_idx += 1
        s_start, s_end = sentences[sent_idx] if n_sent else (0, len(text))
        new: list[Figure] = []
        if kind in _DATE_KINDS:
            if m.group("d1") and m.group("d1")[0] in "Ff":
                start = m.start("d1day")  # "from 8 to 13 October": the span is the days'
            second = max(m.start("d2mon3"), m.start("d2mon4")) if kind == "d2" else \
                m.start("d1day2") if kind == "d1" else -1
            if second > 0 and _SHIFT_BEFORE.search(text, max(0, start - 40), start):
                # "postponed from May 5 to June 3": the date moved, two dates, not a range
                end1 = m.end("d1mon") if kind == "d1" else m.end("d2year") \
                    if m.start("d2mon4") > 0 else m.end("d2day")
                new.append(_date_figure(m, text, start, end1, ref_year))
                m2 = MASTER.match(text, second)
                if m2 is not None and m2.lastgroup in ("d1", "d2"):
                    new.append(_date_figure(m2, text, second, m2.end(), ref_year))
            else:
                new.append(_date_figure(m, text, start, m.end(), ref_year))
        elif kind == "decade":
            y = float(decade_year(m.group()))  # "the 1960s": named by its first year
            new.append(Figure(start, m.end(), m.group(), y, y, y, unit="decade",
                              quantity="year", date=f"{int(y)}/{int(y) + 9}"))
        elif kind == "vague":
            q = _QUAL_BEFORE_VAGUE.search(text, max(0, start - 14), start) \
                if text[start - 1:start] == " " else None
            v0 = q.start() if q is not None else start  # "at least several million"
            new.append(Figure(v0, m.end(), text[v0:m.end()], qualifier="vague"))
        else:
            qual_txt, post, bw, raw_b1, raw_b2, raw_a1, raw_a2 = m.group(
                "qual", "post", "bw", "b1", "b2", "a1", "a2")  # one call, not seven
            if not qual_txt and not raw_b2 and not bw:
                day = _second_day(text, m, figs)
                if day is not None:  # "on Oct. 19 and 23": the 23rd is a date too
                    figs.append(day)
                    continue
                if _not_a_figure(text, start, m.end()):
                    continue
            if not qual_txt and text[start - 8:start].endswith(("another ", "further ",
                                                                   "ditional ")):
                more = _QUAL_BEFORE_MORE.search(text, max(0, start - 40), start)
                if more is not None:  # "At least another nine": the qualifier is the figure's
                    qual_txt, start = more.group("q"), more.start()
            qualifier = QUAL_MAP[" ".join(qual_txt.lower().split())] if qual_txt else "exact"
            if post and not qual_txt and not raw_b2:
                qualifier = POST_QUAL_MAP[" ".join(post.lower().split())]
                qual_txt = post
            if bw:
                g1, g2, raw1, raw2 = "a1", "a2", raw_a1, raw_a2
            else:
                g1, raw1 = "b1", raw_b1
                g2, raw2 = ("b2", raw_b2) if raw_b2 else (None, None)
            a1 = parse_amount(raw1)
            a2 = parse_amount(raw2) if g2 else None
            if a1 is not None and a2 is not None and raw1[-1:].isalpha() and \
                    raw1[:1].isdigit() and "-" in raw1 and raw2.isdecimal() and \
                    text[m.end(g1):m.start(g2)] == "-" and 0 < a2.value < a1.mult:
                # "67-thousand-300 tonnes": one number (67,300), as "four-thousand-100" is
                a1.value += a2.value
                g2, raw2, a2 = None, None, None
            if g2 and a2 is None:
                a1 = None
            if a1 is None:
                continue
            f_start = start
            if qual_txt and not g2 and qual_txt is not post:
                q = qual_txt.lower().strip()
                if q == "over" and _next_word(text, m.end(), s_end) in _DURING_NOUNS and \
                        _word_before(text, start) not in _MORE_THAN_AFTER:
                    # ("for over two years", "a hiatus of over two years": more than two)
                    # "over two months", "over three phases": during, not more than
                    qualifier, f_start = "exact", m.start(g1)
                elif q == "estimated" and (text[max(0, start - 4):start].lower() == "the "
                                           or _estimated_is_a_verb(text, start)):
                    # "the estimated 11,000"; "the GUR estimated 200 casualties" (a verb)
                    qualifier, f_start = "exact", m.start(g1)
                elif q == "about" and _word_before(text, start) in _TALK_WORDS:
                    qualifier, f_start = "exact", m.start(g1)  # "details about two soldiers"
                elif q == "over" and (_word_before(text, start) in _OVER_PARTICLE_VERBS or
                                      _word_before(text, start) in _OVER_COMPLEMENT):
                    # "hand over two soldiers", "concerned over one million shells"
                    qualifier, f_start = "exact", m.start(g1)
            change = bw and bw.lower() == "from" and (
                _CHANGE_VERB.search(text, max(0, start - 20), start) or
                _CHANGE_VERB_OBJECT.search(text, max(0, start - 50), start))
            if not change and a2 is not None and not bw and \
                    _FROM_LEVEL.search(text, max(0, start - 40), start) and \
                    text[m.end(g1):m.start(g2)].strip().lower() == "to":
                change = True  # "from the existing 15,000 to 30,000"
            if not change and a2 is not None and not bw and qual_txt and \
                    text[max(0, start - 5):start].lower() == "from " and \
                    _CHANGE_VERB.search(text, max(0, start - 25), start - 5):
                change = True  # "rose from about 3,000 to 11,000"
            if not change and a2 is not None and not bw and a1.value > 0 and \
                    a2.value >= 3 * a1.value and \
                    text[m.end(g1):m.start(g2)].strip().lower() == "to" and \
                    _BY_CHANGE.search(text, max(0, start - 30), start):
                change = True  # "rose by 2,000 to 14,000": a change and the level reached
                # (but "cut by 10 to 15%" is a range of changes)
            if a1.needs_unit and a2 is None and raw1[-1:] == "m" and \
                    _METRES_AFTER.match(text, m.end()) is not None:
                # "about 200m from the end of the bridge", "the 800m Korea-Russia Friendship
                # Bridge": metres, not millions
                a1.value, a1.unit, a1.scaled, a1.needs_unit = a1.value / a1.mult, "m", \
                    False, False
            if (a1.needs_unit or (a2 is not None and a2.needs_unit)) and \
                    not _unit_after(text, m.end(), s_end):
                continue  # "5m" with no currency and no unit noun: metres? not read
            if a1.unit[:1] == "°" and raw1[-2:-1] != "°" and raw1[:1] not in "-−" and \
                    not _WEATHER.search(text, s_start, s_end):
                continue  # "-20C", "35C in Kursk's heat" yes; "Class 2C cadets" no
            if g2 and qual_txt and qual_txt.lower().strip() == "estimated" and (
                    text[max(0, start - 4):start].lower() == "the " or
                    _estimated_is_a_verb(text, start)):
                # "the estimated 60,000 to 100,000"; "agencies have estimated between 10,000
                # and 12,000" (a verb): the range alone, with its "between"
                f_start = m.start(g1)
                if bw and bw.lower() == "between":
                    f_start = text.rfind(bw, start, m.start(g1))
            y2 = _year_end(a1, raw1, a2, raw2) if a2 is not None else None
            year_first = False
            if bw and not qual_txt and bw.lower() == "from":
                f_start = m.start("a1")  # "ranging from 3,000 to 5,000": "from" is not a
                # qualifier word, so the range starts at its first number
            if y2 is not None and not change:
                # "2022-2024", "1950–53": one period of years
                f = Figure(f_start, m.end(), text[f_start:m.end()], None, a1.value, float(y2),
                           qualifier="range", unit="year", quantity="year",
                           date=f"{int(a1.value)}/{y2}")
                new.append(f)
            elif a2 is not None and (change or _unlike(a1, a2) or (
                    # "+31.05 or +1.25%": a ticker's change in points, then in percent
                    raw1[:1] == "+" and a2.percent and not a1.percent) or (year_first := (
                    "," in raw2 and "," not in raw1 and _is_year(a1, raw1) and
                    _YEAR_CONTEXT.search(text, max(0, start - 8), start) is not None))):
                # "the end of 2017 to 11,490": a year and a count, not a range
                # "rose from 3,000 to 11,000": two separate figures; so are "2% or $1.40" and
                # "$5 or €4": no range runs from a share to a sum or from one currency to another
                for g, a in ((g1, a1), (g2, a2)):
                    raw = m.group(g)
                    if g == g1 and year_first:
                        f = Figure(m.start(g), m.end(g), raw, a.value, a.value, a.value,
                                   unit="year", quantity="year", date=raw)
                        new.append(f)
                        continue
                    if g == g1 and qual_txt and not bw and f_start < m.start(g1):
                        # "nearly doubled to $34 million": the qualifier is the first's
                        lo, hi = _bounds(qualifier, a.value)
                        f = Figure(f_start, m.end(g), text[f_start:m.end(g)], a.value, lo, hi,
                                   qualifier=qualifier)
                    else:
                        f = Figure(m.start(g), m.end(g), raw, a.value, a.value, a.value)
                    f.amount = a
                    new.append(f)
            elif a2 is not None:
                v1, v2 = a1.value, a2.value
                if a2.scaled and not a1.scaled and a1.kind == a2.kind == "number" and \
                        (a1.digits == a2.digits) and abs(v1 * a2.mult) <= abs(v2):
                    # "1-2 million", "$1 to $2 billion", "two or three thousand": the scale
                    # is shared
                    v1 *= a2.mult
                elif not bw and _THOUSANDS_SHORTHAND.search(m.group()) and \
                        v1 < 1000 <= v2 and v1 * 1000 <= v2:
                    v1 *= 1000  # "10-12,000 troops" means 10,000 to 12,000
                if a1.kind == "number" and a2.percent and not a1.percent:
                    a1.percent = True
                lo, hi = min(v1, v2), max(v1, v2)
                if not qual_txt and not bw and f_start >= 8 and \
                        text[f_start - 8:f_start].lower() == "between ":
                    f_start -= 8  # "between $150-$300 million": "between" with a dash
                f = Figure(f_start, m.end(), text[f_start:m.end()], (lo + hi) / 2, lo, hi,
                           qualifier="range")
                a1.currency = a1.currency or a2.currency
                a1.percent = a1.percent or a2.percent
                a1.unit = a1.unit or a2.unit
                f.amount = a1
                new.append(f)
            elif a1.kind == "number" and not a1.digits and not a1.percent and \
                    not a1.currency and " " in raw1.strip() and \
                    len(segs := split_written(raw1)) > 1:
                # "one two three four", "fifteen one ten one": separate numbers, not a sum
                g0 = m.start(g1)
                for k, (a, b) in enumerate(segs):
                    piece = parse_amount(raw1[a:b])
                    if piece is None:
                        continue
                    lo_k = f_start if k == 0 else g0 + a
                    q_k = qualifier if k == 0 else "exact"
                    lo_v, hi_v = _bounds(q_k, piece.value)
                    f = Figure(lo_k, g0 + b, text[lo_k:g0 + b], piece.value, lo_v, hi_v,
                               qualifier=q_k)
                    f.amount = piece
                    new.append(f)
            else:
                if a1.small_word and not qual_txt and not a1.percent:
                    before = text[max(0, start - 12):start]
                    nxt = _unit_after(text, m.end(), s_end)
                    if a1.value == 1 and ((not nxt and not _in_count_list(text, figs, start))
                                          or before.endswith(("no ", "No ")) or
                                          text.startswith(" of ", m.end()) or
                                          (nxt and text[m.end():nxt[3]].count(" ") > 4)):
                        continue  # "one of the", "no one", "one saw ... a vessel"
                    if _DETERMINER_BEFORE.search(before) and not nxt and not (
                            text[m.end():m.end() + 1] == "-" and
                            text[m.end() + 1:m.end() + 2].isalpha()) and not (
                            before.lower().endswith("all ") and _ALL_N_VERB.match(text, m.end())):
                        continue  # "the two countries" (but "an eight-car train" is a size)
                    if a1.value == 0 and (_ZERO_IDIOM.match(text, m.end()) or
                                          before.lower().endswith("ground ")):
                        continue  # "zero tolerance", "ground zero"
                if a1.digits and not qual_txt and a1.value < 100 and \
                        text[start - 1:start] == " " and text[start - 2:start - 1].islower() and \
                        _NAME_BEFORE.search(text, max(0, start - 40), start) and \
                        not _unit_after(text, m.end(), s_end) and \
                        not _NUMBER_LIST_AFTER.match(text, m.end()) and \
                        not _TIMES_AFTER.match(text, m.end()):
                    continue  # "Kum Jin Gang 3", "Sam Ma 2": a ship's or a thing's name
                    # (but "visited Rajin Port 64 times" counts the visits)
                if a1.digits and not qual_txt and a1.value < 1000 and \
                        _QUOTE_CLOSES.match(text, m.end()) and \
                        _QUOTED_NAME_BEFORE.search(text, max(0, start - 60), start):
                    continue  # the tanker "Paekyangsan 1," : a name in quotes
                if raw1.lower() == "a dozen" and figs and figs[-1].quantity == "money" and \
                        _PRICE_THEN.match(text, figs[-1].end, start) is not None:
                    continue  # "64.2 cents a dozen": the price is per dozen, no count
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
                    f = Figure(f_start, m.end(), text[f_start:m.end()], a1.value, lo, hi,
                               qualifier=qualifier)
                    f.amount = a1
                    new.append(f)
        last_source = _finish(text, new, figs, s_start, s_end, sent_idx, sentences, attr_cache,
                              last_source, doc_verbs, doc)
    if "cent" in text and " dollar" in text:
        figs = _join_dollars_and_cents(text, figs)
    if " and a half" in text:
        _periods_and_a_half(text, figs)
    for i, f in enumerate(figs, 1):
        f.figure_id = f"{doc_id}-F{i:02d}"
    return figs


# "3 dollars 50 cents", "thirteen dollars and forty-five cents": one sum. Joined after the
# scan (not in the grammar, which every number is tried against) since it is rare
_DOLLARS_THEN = re.compile(r"\s+dollars?\s+(?:and\s+)?$")
_CENTS_AFTER = re.compile(r"\s+cents?\b")


# "a year and a half", "an hour and a half", "over the past year and a half": one and a half
# periods
_PERIOD_AND = re.compile(r"(?<![\w’'-])(?:(?P<q>about|around|nearly|almost|roughly|over|"
                         r"more\s+than|some)\s+)?(?:(?:an?|one)\s+|(?<=past\s)|(?<=last\s)|(?<=next\s)|"
                         r"(?<=first\s)|(?<=the\s))(?P<p>hour|day|week|month|year|decade|century)"
                         r"\s+and\s+$", re.I)


def _periods_and_a_half(text: str, figs: list[Figure]) -> None:
    for f in figs:
        if f.text.lower() == "a half" and f.value == 0.5:
            m = _PERIOD_AND.search(text, max(0, f.start - 40), f.start)
            if m is not None:
                f.start, f.text = m.start(), text[m.start():f.end]
                f.value = f.low = f.high = 1.5
                f.unit = "centuries" if m.group("p").lower() == "century" else \
                    m.group("p").lower() + "s"
                f.quantity = "duration"
                if m.group("q"):
                    f.qualifier = QUAL_MAP[" ".join(m.group("q").lower().split())]
                    f.low, f.high = _bounds(f.qualifier, 1.5)


def _join_dollars_and_cents(text: str, figs: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    for f in figs:
        prev = out[-1] if out else None
        cents = None if f.value is None else round(f.value * 100, 6) if f.unit == "USD" \
            else f.value  # "50 cents" is read as 0.50 USD
        if prev is not None and prev.unit == "USD" and prev.qualifier in ("exact",
                                                                          "approximately") \
                and cents is not None and 0 <= cents < 100 and cents == int(cents) \
                and _DOLLARS_THEN.search(text, prev.end, f.start) is not None and \
                (m := _CENTS_AFTER.match(text, f.end)) is not None:
            end = m.end()
            prev.value = prev.low = prev.high = prev.value + cents / 100
            prev.end, prev.text = end, text[prev.start:end]
            continue
        out.append(f)
    return out


_DIED_AFTER = re.compile(
    r"\s+(?:(?:have|has|had|were|are|was|been|being|reportedly|also|now|already|so\s+far)\s+)"
    r"{0,3}(?:died|killed|wounded|injured|captured|perished|taken\s+prisoner)\b", re.I)
def _died_after(text: str, end: int, s_end: int) -> bool:
    """"3,000 have died", "300 were killed": a bare number whose verb is a casualty verb."""
    near = text[end:min(s_end, end + 45)]
    return ("die" in near or "kill" in near or "wound" in near or "injur" in near or
            "captur" in near or "perish" in near or "prisoner" in near) and \
        _DIED_AFTER.match(text, end, s_end) is not None


_UNIT_CATEGORY = {"tonnes": "tonnes", "kilotonnes": "weight", "lb": "weight", "kg": "weight",
                  "km": "distance", "mm": "length", "cm": "length", "°C": "temperature",
                  "°F": "temperature"}


# a currency's hundredth, named after the number: "64.2 cents", "one penny", "50 pence",
# "30 kopecks" (the figure is read in the currency: 0.642 USD)
_SUBUNITS = {"cent": "USD", "cents": "USD", "penny": "GBP", "pence": "GBP", "pennies": "GBP",
             "kopeck": "RUB", "kopecks": "RUB", "kopek": "RUB", "kopeks": "RUB",
             "kopeyka": "RUB", "kopeykas": "RUB"}
# "361 million pounds" of profit is sterling; "200 pounds" of rice is a weight
_MONEY_CONTEXT = re.compile(
    r"£|\b(?:sterling|profits?|revenues?|sales|costs?|costing|paid|pay|pays|worth|prices?|"
    r"priced|fines?|fined|budgets?|loss|losses|deals?|contracts?|spend|spent|spending|funds?|"
    r"funding|aid|earn|earned|earns|salary|salaries|wages?|income|debt|loans?|bonds?|shares|"
    r"invest|invested|investment|valued|value|bill|payment|payments)\b", re.I)


_WEIGHT_CONTEXT = re.compile(r"\b(?:weigh|weighs|weighed|weighing|weight|heavy|heavier|lighter|"
                             r"tons?|tonnes?|kilograms?|kg|lbs?)\b", re.I)


def _money_unit(text: str, f: Figure, ua: tuple, a, s_start: int, s_end: int) -> tuple:
    """The unit found after a figure, read as money where the words say so: a currency's
    hundredth (the figure's value is scaled to the currency), "pounds" of money."""
    noun = text[ua[2]:ua[3]].rsplit(None, 1)[-1].lower() if ua[3] > ua[2] else ""
    if ua[1] == "currency":
        code = _SUBUNITS.get(noun)
        if code is None and ua[0] == "EUR" and (m := _CENTS_AFTER.match(text, ua[3])):
            code, ua = "EUR", (ua[0], ua[1], ua[2], m.end(), m.end())  # "20 euro cents"
        if code is not None:
            for attr in ("value", "low", "high"):
                v = getattr(f, attr)
                if v is not None:
                    setattr(f, attr, round(v / 100, 10))
            return (code,) + tuple(ua[1:])
        return ua
    if ua[0] == "lb" and noun in ("pounds", "pound") and \
            not text.startswith(" of ", ua[3]):  # ("5 million pounds of pork": weight)
        lo, hi = max(s_start, f.start - 60), min(s_end, ua[3] + 40)
        if _WEIGHT_CONTEXT.search(text, lo, hi) is None and (
                (a is not None and a.scaled) or _MONEY_CONTEXT.search(text, lo, hi)):
            return ("GBP", "currency") + tuple(ua[2:])
    return ua


class _Doc:
    """What the per-figure rules may ask about the whole document, computed once: whether it
    has any word of change at all (from the one intersection with its word list)."""

    __slots__ = ("change",)

    def __init__(self, change: bool):
        self.change = change


def _finish(text, new, figs, s_start, s_end, sent_idx, sentences, attr_cache,
            last_source, doc_verbs=None, doc: _Doc | None = None) -> str:
    """Fill unit, quantity, subject, source and sentence of the new figures; append them."""
    if doc is None:
        doc = _Doc(True)  # a caller without a document context
    attrs = attr_cache.get(sent_idx)
    if attrs is None:
        s0, s1 = sentences[sent_idx] if sentences else (0, len(text))
        found = attributions(text[s0:s1], s0, doc_verbs)
        attrs = attr_cache[sent_idx] = SentenceAttributions(found) if found else \
            _EMPTY_ATTRIBUTIONS
    for f in new:
        f.sentence = sent_idx
        if f.unit == "date":
            f.source = pick_source(attrs, f.start, f.end, last_source)
            if f.source:
                last_source = f.source
            figs.append(f)
            continue
        a = f.amount
        after = text[f.end:min(s_end, f.end + 120)]
        window = text[max(s_start, f.start - 70):min(s_end, f.end + 70)]
        cat = "count"
        np_sub = ""
        if f.unit in ("year", "decade"):
            cat = "year"
            np_sub = _np_after(text, f.end, s_end, 5, allow_of=False)
            if np_sub and np_sub.split()[0][:1].isdigit():
                np_sub = ""
        else:
            currency = a.currency if a else None
            simple = a is not None and (a.percent or a.kind == "fraction")
            ua = None if simple or (a is not None and a.unit) else \
                _unit_after(text, f.end, s_end)
            if ua is not None and not currency and ua[1] in ("currency", "weight"):
                ua = _money_unit(text, f, ua, a, s_start, s_end)
            if a is not None and a.percent:
                f.unit, cat = "percent", "percent"
                np_sub = _np_after(text, f.end, s_end)
            elif a is not None and a.kind == "fraction":
                f.unit, cat = "fraction", "fraction"
                np_sub = _np_after(text, f.end, s_end)
            elif currency or (ua and ua[1] == "currency"):
                f.unit = currency or ua[0]
                cat = "currency"
                if currency and text.startswith(currency, f.end + 1) and \
                        text[f.end] == " " and not text[f.end + 4:f.end + 5].isalnum():
                    # "$2,000 USD", "€20 EUR": the code repeats the sign, in the span
                    f.end += 4
                    f.text = text[f.start:f.end]
                    after = text[f.end:min(s_end, f.end + 120)]
                if ua and ua[1] == "currency":
                    if ua[2] == f.end + 1 and text[f.end] == " " and ua[3] - ua[2] == 3 and \
                            text[ua[2]:ua[3]].isupper():
                        f.end = ua[3]  # "800 USD", "20 EUR": the code, as before the number
                        f.text = text[f.start:f.end]
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
            elif a is not None and a.unit:  # "100t", "200lbs": written onto the digits
                f.unit = a.unit
                cat = _UNIT_CATEGORY.get(a.unit, "other")
                np_sub = _np_after(text, f.end, s_end, 4)
            elif ua is None and a is not None and _died_after(text, f.end, s_end):
                f.unit, cat = "troops", "casualties"  # "3,000 have died", "300 were killed"
            elif ua is None and a is not None and \
                    (ub := _unit_before(text, s_start, f.start) or
                     _elided_unit(text, figs, f, sent_idx, s_start)):
                f.unit, cat = ub  # "the death toll reached 600", "a further 3,000"
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
            np_sub = _np_before(text, attrs.clause_start(f.start, s_start), f.start)
            np_sub = np_sub.lstrip("-–— ")  # "SEOUL (Yonhap) -- Workers paid": the dateline's dash
        f.subject = np_sub
        value = f.value
        casualty = cat == "troops" and _casualty_in_clause(text, f, s_start, s_end)
        expected = cat == "troops" and _FUTURE.search(window, window.lower()) is not None and \
            _troops_expected(text, f, s_start, s_end)  # the gate first: most have no such word
        f.quantity = _quantity(f.unit, cat, value, window, after, casualty, expected)
        if f.qualifier == "vague":
            f.value = f.low = f.high = None
        elif doc.change and f.value is not None and f.quantity not in _CHANGE_QUANTITIES \
                and cat not in ("year", "duration") and not (a and a.kind == "multiplier"):
            f.change = _change(text, f, cat)
            if not f.change and figs and figs[-1].change and figs[-1].unit == f.unit and \
                    text[figs[-1].end:f.start] in (" and ", ", ", " or ", ", and "):
                f.change = figs[-1].change  # "down 16.7% and 16.3%": both are falls
            if f.change == "decrease" and f.value > 0:
                # "fell by 3%": the figure is a change of -3 percent
                f.value = -f.value
                f.low, f.high = (None if f.high is None else -f.high,
                                 None if f.low is None else -f.low)
        f.source = pick_source(attrs, f.start, f.end, last_source)
        if f.source:
            last_source = f.source
        if f.unit == "date":
            f.value = f.low = f.high = None
        figs.append(f)
    return last_source
