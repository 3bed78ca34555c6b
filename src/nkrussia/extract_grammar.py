"""The number-expression grammar: one compiled regex for figures, dates and decoys, and parsers."""

from __future__ import annotations

import math
import re

SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000,
          # wire-service abbreviations ("5.8 mln shells", "UAH 3 bln"): unambiguous, unlike
          # "m" and "b", so no unit is needed after them
          "mln": 1_000_000, "bln": 1_000_000_000, "trln": 1_000_000_000_000, "mil": 1_000_000,
          # Indian English ("25 lakh tonnes", "Rs 1,200 crore")
          "lakh": 100_000, "lakhs": 100_000, "crore": 10_000_000, "crores": 10_000_000}
ABBR_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000,
               "bn": 1_000_000_000}
_AMBIGUOUS_SCALES = frozenset(ABBR_SCALES) - {"k"}  # "m" may be metres, "b" a letter
WORD_VALUES: dict[str, int] = {w: i for i, w in enumerate(SMALL)}
WORD_VALUES.update({w: 20 + 10 * i for i, w in enumerate(TENS)})
FRACTION_WORDS = {"half": 2, "halves": 2, "quarter": 4, "quarters": 4}
for _den, _word in enumerate(
        "third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 3):
    FRACTION_WORDS[_word] = FRACTION_WORDS[_word + "s"] = _den
for _den, _word in zip((20, 30, 40, 50, 60, 70, 80, 90, 100, 1000),
                       "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth "
                       "ninetieth hundredth thousandth".split(), strict=True):
    FRACTION_WORDS[_word] = FRACTION_WORDS[_word + "s"] = _den
_DENOMS = "|".join(sorted((w for w in FRACTION_WORDS if w not in ("half", "halves")),
                          key=len, reverse=True))
_DENOMS_PL = "|".join(sorted((w for w in FRACTION_WORDS if w.endswith("s") and w != "halves"),
                             key=len, reverse=True))
# the singular denominators after "and a": "one and a third"
_DENOM1 = "third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
# decades in words ("the Seventies"): the twentieth century's, as English uses them
DECADE_WORDS = {w: 1900 + 10 * i for i, w in enumerate(
    "twenties thirties forties fifties sixties seventies eighties nineties".split(), 2)}


def decade_year(text: str) -> int:
    """First year of a decade match: "1960s" 1960, "the '80s" 1980, "Seventies" 1970."""
    t = text.lstrip("'’").lower()
    if t in DECADE_WORDS:
        return DECADE_WORDS[t]
    return int(t[:4]) if len(t) == 5 else 1900 + int(t[:2])


MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

_W1 = "|".join(SMALL)  # "zero" too: "zero casualties"
_W10 = "|".join(TENS)
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# "fifty-two", "fifty two", "fifty - two" (a compound, not a range: no range runs from a tens
# word down to a units word)
_WN = rf"(?<![\w'’-])(?:(?:{_W10})(?:(?:\s*-\s*|\s)(?:{_UNITS})\b)?|(?:{_W1}))"
_SCALEW = r"(?:hundred|thousand|million|billion|trillion)"
_COMPOUND = (r"(?:day|week|month|year|decade|century|hour|minute|man|member|strong|nation|"
             r"point|party|"
             r"country|stage|phase|storey|story|storied|mile|kilometre|kilometer|ton|tonne|page|seat|metre|"
             r"meter|division|brigade|battalion|star|odd|fold|foot|feet|inch|yard|acre|gallon|"
             r"litre|liter|pound|kilogram|kilo|dollar|cent|euro|yen|rouble|ruble|"
             r"car|wagon|carriage|person|round|shot|engine|lane|ship|vessel|truck|tank|barrel|"
             r"missile|launcher|warhead|axle)s?\b")  # "an eight-car train", "a six-ship convoy"
# a written number: "one hundred and six", "two and a half million", "four-thousand-100",
# "a hundred thousand"
_WRIT = (rf"(?:{_WN}|(?<![\w'’-])a(?=\s+(?:dozen|hundred|thousand|million|billion)\b)"
         # a bare "hundred and twelve" (no "a" or "one" before it)
         rf"|(?<![\w'’-])(?<!\bthe\s)(?i:hundred)\s+(?:and|&)(?=\s+(?:{_WN})))"
         rf"(?:(?:\s+|-)(?:{_SCALEW}(?:\s+(?:and|&)(?=\s+{_WN}))?|dozens?\b|{_WN}"
         rf"|(?<=[a-z]-)\d{{1,3}}(?![\d,.]))"
         rf"|(?:\s+|-)and(?:\s+|-)(?:a(?:\s+|-)(?:half|quarter|{_DENOM1})"
         rf"|(?:one|two|three|four|five|six|seven|eight|nine)(?:\s+|-)(?:{_DENOMS}))\b)*"
         rf"(?!\w)(?!-(?!{_COMPOUND}|\s+(?:to|or)\s))")
# currencies before the number: symbols and ISO 4217 codes (a code needs capitals)
_CODES = "USD|EUR|GBP|JPY|RUB|KRW|CNY|UAH|KPW|CHF"
_CUR = (rf"(?:(?:(?-i:U\.S\.|US)\s?\$|\$|€|£|¥|₩|₽|₴|(?-i:{_CODES})(?![a-z])"
        # the hryvnia's "Hr" ("Hr 2.2 trillion"); the won's "W" of Korean papers ("W1.5
        # trillion", "W50,000"), glued to a scaled or grouped amount
        r"|(?-i:Hr)\.?(?=\s?\d)"
        r"|(?-i:W)(?=\d[\d.]*\s?(?:trillion|billion|million|tril|bil|bn|tn)\b|\d{1,3}(?:,\d{3})+))"
        r"\s?)")
_SIGN = (r"(?:(?<![)\]%–-])[-−](?=[.\d$€£¥₩₽₴])|(?<![\w'’-])(?:minus|negative)\s+"
         r"|(?<![\w)\]%+-])\+(?=[.\d]))")  # "+0.91%" on a market ticker
# the digits of one number: "7,000", "1.5", ".08"
# (a decimal comma only before a scale word: "1,6 million", "2,5 billion")
_DECIMAL_COMMA_SCALE = r"\s(?:million|billion|trillion)\b"
_DIGB = (r"(?:(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d\d)+,\d{3}(?![\d,])|"  # "5,00,000" (lakh)
         r"\d{1,3},\d{1,2}(?=" + _DECIMAL_COMMA_SCALE + r")|"
         r"\d{1,3}+(?:[ \u00a0\u2009\u202f]\d{3})++(?!\w)|\d+)"  # (not "20 240mm launchers")
         r"(?:\.\d+)?|\.\d+)(?![\d]|,\d|\.\d|:\d\d(?!\d))")
_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# an exponent: "1e6", "10^30", "10³⁰", "1.5×10^6", "2.48×10−5", "8x2^10"
_EXP = (rf"(?:[eE][-+−]?\d{{1,3}}(?![\w]|\.\d)|\^[-+−]?\d{{1,3}}|⁻?[{_SUP}]{{1,3}}"
        rf"|\s?[x×·]\s?\d{{1,3}}(?:\^[-+−]?\d{{1,3}}|⁻?[{_SUP}]{{1,3}}|(?<=10)[−-]\d{{1,2}}(?!\d)))")
_VULGAR = "½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
# units written onto the digits ("200lbs", "100t", "10kg"); "mm" only where it is not a
# calibre (see _DECOY); temperatures "-10C", "40°F", "-5°C" (a capital C or F, or a degree
# sign)
_GLUED = (r"(?:lbs?|kg|km|mm|cm|kt|t|°\s?[cf]|(?-i:[CF])"
          r"|-(?:km|kg|mm|cm|m|ft|mi|t|kt|dwt|lbs?)(?!\w)|(?:km|m)[2²](?!\w))(?![\w])")
_DIG = (rf"(?<![\w.,])(?:{_SIGN}{_CUR}?|{_CUR}[-−]?)?"
        rf"(?:{_DIGB}(?:{_EXP}|\s[1-9]/[1-9]\d?(?![\d/])|\s?[{_VULGAR}])?|[{_VULGAR}])")
_PCT = r"(?:\s?%|\s+per\s?cent\b|\s+percent\b|\s+pct\b|(?<=\d)pc\b)"  # "60pc"
_FRAC = (
    rf"(?<![\w'’-])(?:(?=[aAoO])(?:an?|one)[\s-](?:half|{_DENOMS})(?![\w-])"
    rf"|(?=[tTfFsSeEnN])(?:two|three|four|five|six|seven|eight|nine)[\s-]"
    rf"(?:halves|{_DENOMS})(?![\w-])"
    # "twenty-three fifths", "twenty fifths": a tens numerator takes a plural denominator
    rf"|(?=[tTfFsSeEnN])(?:{_W10})(?:[\s-](?:{_UNITS}))?[\s-](?:{_DENOMS_PL})(?![\w-])"
    # "one in five", "12 out of 18", "two of every three"; but "lost 40 in three days" is a
    # count and a duration
    rf"|(?:{_WN}|\d{{1,2}})\s+(?:in(?!\s+(?:{_WN}|\d+)\s+(?:days?|weeks?|months?|years?|"
    rf"hours?|minutes?|decades?)\b)|out\s+of(?:\s+the)?(?:\s+(?:other|remaining))?|of\s+every|"
    rf"of(?<!\bone\sof))\s+"
    rf"(?:every\s+)?"
    rf"(?:{_WN}|\d{{1,2}})"
    rf"(?![\w,.]\d|\w)"
    # "8,000 out of the 10,000": larger counts only with "out of"
    rf"|(?<![\w.,])(?!(?:19|20)\d\d\s)(?:\d{{1,3}}(?:,\d{{3}})+|\d{{3,}})\s+out\s+of"
    rf"(?:\s+the)?\s+"
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{3,}})(?![\w,.]\d|\w)"
    rf"|(?<![\w.,/])[1-9]\d?/[1-9]\d?(?![\d/])"  # "3/4", "1/3 of the shells"
    rf"|(?=[hH])half(?![\w-]))"
)
# "half a million", "half million", "a quarter million", "three quarters of a million"
_PART = (r"(?<![\w'’-])(?:(?:a|one|three)\s+)?(?:half|quarters?)(?:\s+of)?(?:\s+an?)?[\s-]+"
         r"(?:dozen|hundred|thousand|million|billion|trillion)\b")
_SCALE_AFTER = (rf"(?:(?:\s|-)?{_SCALEW}\b(?:\s+{_SCALEW}\b)?|\s?(?:bn|mn|tn|trn|mln|bln|trln)\b"
                rf"|\s(?:lakhs?|crores?)\b"
                rf"|\s(?:mil)\b(?!\.\d)"
                rf"|(?:m|b|k|t)\b|\s+dozens?\b)")
# a decimal in words: "one point six million", "one-point-six million", "two point five percent"
_POINT = (rf"(?=[a-zA-Z])(?<!\bat\s)(?:{_WN})(?:[\s-](?:hundred|thousand|{_WN}))*[\s-]point"
          rf"(?:[\s-](?:zero|oh|o|{_W1}|{_W10}|hundred)(?![\w’']))+(?!-\w)"
          rf"(?:[\s-](?:thousand|million|billion|trillion)\b)?")
# a multiplier in one word: "tenfold", "threefold" ("10-fold" reads as "10", like "10 times")
FOLD_WORDS = {w + "fold": v for w, v in (
    ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
    ("eight", 8), ("nine", 9), ("ten", 10), ("twelve", 12), ("twenty", 20), ("fifty", 50),
    ("hundred", 100), ("thousand", 1000))}
FOLD_WORDS.update(twice=2, thrice=3)  # "flies twice from Vladivostok", "at least twice"
_FOLD = rf"(?<![\w'’-])(?:{'|'.join(FOLD_WORDS)})(?![\w-])"
# One amount: a number with its attached sign, currency, scale word, unit and percent sign.
AMOUNT = (
    rf"(?:(?=[hHaAoOtTqQ])(?:{_PART})"
    rf"|{_FRAC}"
    rf"|{_DIG}(?:{_SCALE_AFTER}|{_GLUED})?(?:\s?[$€£¥₩₽₴](?!\s?\d))?"
    rf"(?!(?!pc\b)\w){_PCT}?"
    rf"|(?:{_SIGN}|{_CUR})?(?:{_POINT}|(?<![\w'’-])a\s+dozen\b|{_WRIT}){_PCT}?"
    # last: tried only when nothing else matched
    rf"|(?=[a-zA-Z]{{3,8}}fold\b|[Tt](?:wi|hri)ce\b)(?i:{_FOLD}))"
)
_QUAL = (
    r"\b(?:approximately|about|around|roughly|some|nearly|almost|approaching|approaches|nearing|"
    r"an\s+estimated|estimated|"
    r"closer?\s+to|circa|in\s+the\s+region\s+of|on\s+the\s+order\s+of|"
    r"(?:just|well|a\s+little|slightly|a\s+bit)\s+(?:over|under|above|below)|"
    r"(?:a\s+little|slightly|just|well)\s+(?:more|fewer|less)\s+than|just\s+shy\s+of|"
    r"no\s+more\s+than|not\s+more\s+than|no\s+greater\s+than|no\s+higher\s+than|"
    r"not\s+exceeding|not\s+less\s+than|not\s+fewer\s+than|"
    r"more\s+than|over|above|beyond(?!\s+(?:19|20)\d\d\b)|at\s+least|a\s+minimum\s+of|"
    r"no\s+fewer\s+than|no\s+less\s+than|in\s+excess\s+of|exceeding|upwards?\s+of|up\s+to|"
    r"as\s+(?:many|much|high|large)\s+as|as\s+(?:few|little|low)\s+as|at\s+most|a\s+maximum\s+of|under|fewer\s+than|less\s+than|"
    r"below|exactly|precisely)"
)
_SEP = r"(?:[ \t\u00a0]*[-–—][ \t\u00a0]*|-?\s+(?:to|or|through|thru)\s+)"  # no range across lines
_VAGUE = (
    r"(?<![\w'’-])(?:(?:tens|hundreds|several|many)\s+of\s+(?:thousands|millions|billions)"
    r"|(?:several|a\s+few)\s+(?:dozens?|hundreds?|thousands?|millions?|billions?)"
    r"(?:\s+(?:thousand|million|billion))?(?!\w)"
    r"|(?:many\s+)?(?:dozens|hundreds|thousands|millions|billions)(?!\w)"
    r"|a\s+couple\s+(?:of\s+)?(?:dozens?|hundred|thousand|million|billion)(?!\w)"
    r"|a\s+(?:couple|handful)(?=\s+(?:of\s+)?[a-z])"
    # "a few weeks", "a few of the findings", "the past few months" (vague, as "a couple")
    r"|(?:a\s+|(?<=(?:past|last|next)\s))few(?=\s+(?:of\s+)?[a-z])"
    r"|(?<=(?:past|last|next)\s)couple(?=\s+of\s+[a-z]))"  # "the last couple of years"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|"
    # a page's date line in capitals: "02 JUL 2025", "DECEMBER 5, 2024"
    r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|"
    r"JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_DATE = (
    # "8-13 October", "27 and 28 October", "between 8 and 13 October" (the range keeps
    # "between", as a number range does), "from 8 to 13 October" ("from" is not kept)
    rf"(?=\d|(?:[Bb]etween|[Ff]rom)\s+\d)(?P<d1>(?:(?P<d1bw>[Bb]etween\s+)|[Ff]rom\s+)?"
    rf"(?P<d1day>{_DAY})(?(d1bw)(?:\s+and\s+|\s*[-–]\s*){_DAY}(?=\s+(?:of\s+)?[A-Z])"
    rf"|(?:\s*[-–]\s*{_DAY}|\s+(?:to|and)\s+{_DAY}(?=\s+(?:of\s+)?[A-Z]))?)"
    rf"(?:\s+of)?\s+(?P<d1mon>{_MONTH})(?!\w)"
    # "30 January to 8 February": a range across two months, one figure
    rf"(?:(?:\s*[-–]\s*|\s+(?:to|until|through)\s+)(?P<d1day2>{_DAY})\s+{_MONTH}(?!\w))?"
    rf"(?:,?\s+(?P<d1year>{_YEAR}))?)"
    rf"|(?=[A-Z]|between\s)(?P<d2>(?P<d2bw>[Bb]etween\s+)?(?P<d2mon>{_MONTH})"
    rf"(?:(?<=[a-z])\.(?=\s{_DAY},?\s{_YEAR}))?\s+"
    # ("between October 8-13"; "July 24 to Aug. 2": a range across two months, one figure,
    # while "between Oct. 8 and Oct. 13" stays two dates, as the fixture e01 has it)
    rf"(?P<d2day>{_DAY})(?(d2bw)(?:\s+and\s+|\s*[-–]\s*){_DAY}(?!\w)"
    rf"|(?:\s*[-–]\s*{_DAY}|\s+to\s+{_DAY}(?!\s*(?:,\s*)?(?:{_MONTH}|\d))"
    rf"|\s*(?:\s(?:to|through|until)\s|[-–])\s*(?P<d2mon3>{_MONTH})\s+{_DAY}(?![\d,]\d|\w))?)"
    rf"(?![\d,]\d|\w)(?:(?:,?\s+|\.\s)(?P<d2year>{_YEAR}))?"  # "October 12. 2016" too
    # a full date to a full date: "Oct. 14, 2006 – Dec. 22, 2017", one period
    rf"(?(d2year)(?:(?:\s*[-–]\s*|\s+(?:to|through|until)\s+)(?P<d2mon4>{_MONTH})\s+{_DAY},?"
    rf"\s+{_YEAR})?))"
    # a range of months in different years: "August 2023 to March 2025" (one figure, the
    # first month its date; "between November 2023 and March 2025" stays two dates, as the
    # fixture h04 has it)
    rf"|(?=[A-Z])(?P<d6>(?P<d6mon>{_MONTH})\s+(?P<d6year>{_YEAR})\s+(?:to|through|until)\s+"
    rf"{_MONTH}\s+{_YEAR})"
    # "May-June 2024", "October to December 2023", "between May and June 2024"
    rf"|(?=[A-Z]|between\s)(?P<d3>(?P<d3bw>[Bb]etween\s+)?(?P<d3mon>{_MONTH})"
    rf"(?(d3bw)\s+and\s+(?:(?:early|mid|late)-?\s*)?{_MONTH}"
    rf"|(?:(?:\s*[-–]\s*|\s+(?:to|through)\s+)(?:(?:early|mid|late)-?\s*)?{_MONTH})?)"
    rf"(?:\s+of|,)?\s+(?P<d3year>{_YEAR}))"
    # an ISO date: "2024-11-04"
    rf"|(?=\d)(?P<d4>(?<![\w.,/-])(?P<d4year>{_YEAR})(?P<d4sep>[-/])(?P<d4mon>0[1-9]|1[0-2])"
    rf"(?P=d4sep)(?P<d4day>0[1-9]|[12]\d|3[01])(?![\w/-]|\.\d))"  # (and "2025/05/30")
    # a European numeric date: "30-04-2025", "30.04.2025" (day first; slashes stay decoys; a
    # letter may touch it, as in a stored page's "NHK11-07-2025")
    rf"|(?=\d)(?P<d5>(?<![\d.,-])(?P<d5day>0?[1-9]|[12]\d|3[01])(?P<d5sep>[-.])"
    rf"(?P<d5mon>0?[1-9]|1[0-2])(?P=d5sep)(?P<d5year>{_YEAR})(?![\w-]|\.\d))"  # ("21-2-2024")
    rf"|(?=\d)(?P<d8>(?<![\w.,/-])(?P<d8day>0[1-9]|[12]\d|3[01])\.(?P<d8mon>0[1-9]|1[0-2])\."
    rf"(?P<d8yy>\d\d)(?![\w.-]|\.\d|:\d))"
    rf"|(?=\d)(?P<d7>(?<![\w.,/-])(?:(?P<d7day>1[3-9]|2\d|3[01])/(?P<d7mon>0?[1-9]|1[0-2])"
    rf"|(?P<d7mon2>0?[1-9]|1[0-2])/(?P<d7day2>0?[1-9]|[12]\d|3[01]))/(?P<d7year>{_YEAR})"
    rf"(?![\w/-]|\.\d))"
)
# a date with slashes: "11/29/2024" (month first, as US outlets write it, unless the first
# number cannot be a month: "29/11/2024")
_SLASH_DATE = (r"(?:(?:1[3-9]|2\d|3[01])/(?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])/"
               r"(?:0?[1-9]|[12]\d|3[01]))/(?:1[89]\d\d|20\d\d)(?![\w/-]|\.\d)")
_DECADE = (r"(?<![\w.,’'])(?:1[89]|20)\d0s(?![\w’'])"
           r"|(?:(?<=\bthe\s)|(?<=\bthe\slate\s)|(?<=\bthe\searly\s)|(?<=\bthe\smid-)|"
           r"(?<=\band\searly\s)|(?<=\band\slate\s))(?:['’]?[2-9]0s(?![\w’'])"
           r"|(?-i:Twenties|Thirties|Forties|Fifties|Sixties|Seventies|Eighties|Nineties)\b)"
           r"|(?:(?<=\band\s)|(?<=\bor\s)|(?<=\bto\s))(?-i:Twenties|Thirties|Forties|Fifties|"
           r"Sixties|Seventies|Eighties|Nineties)\b")
_DECOY_WORDS = (
    r"(?:articles?|resolutions?|sections?|paragraphs?|clauses?|chapters?|rooms?|no\.|nos\.|"
    r"number|flight|route|highway|building|floor|gate|page|pages|ext\.?|tel\.?|phone|fax|"
    r"hotline|platform|corps|regiment|battalion|hwasong|block|level|category|type|model|"
    r"office|bureau|day|berth|pier|dock|terminal|track|image|photo|map|video|version|"
    # ("train 1", "train No. 8": a label; but "train 10,000 soldiers": a verb)
    r"train(?=[:#]?[ \t\u00a0]*(?:No\.?\s*)?\d{1,3}(?![\d,.])(?!\s+(?:more\s+|new\s+)?"
    r"(?:soldiers|troops|recruits|pilots|officers|workers|people|men|personnel|specialists|"
    r"operators|engineers|cadets|students|crews?)\b))|"
    r"item|annex|protocol|vol\.|volume|pt\.|unit|decree|line|unscr|res\.|"
    r"juche)"  # "Juche 105 (2016)": North Korea's calendar, the Western year beside it
)
# a number further down a list after a label, when a bracketed year sits between them (the
# decoy reads "resolutions 1718", the year stays a year): "resolutions 1718 (2006), 1874 (2009),
# and 2270"; searched before a number, ending at it
LABEL_LIST_BEFORE = re.compile(
    rf"(?i)\b{_DECOY_WORDS}\s+\d[\d/-]*(?:\s*\(\d{{4}}\))?"
    r"(?:(?:,\s*|,?\s+and\s+|,?\s+or\s+)\d[\d/-]*(?:\s*\(\d{4}\))?)*"
    r"(?:,\s*|,?\s+and\s+|,?\s+or\s+)$")
# what a calibre ("152mm shells") designates
_WEAPON = (r"(?:shells?|rounds?|artillery|guns?|howitzers?|ammunition|ammo|cartridges?|SPGs?|"
           r"SPHs?|MLRS|MRLs?|"
           r"calibres?|calibers?|rifles?|mortars?|cannons?|munitions?|bullets?|projectiles?|"
           r"pieces?|barrels?|systems?|launchers?|rockets?|missiles?|weapons?|"
           r"self-propelled|towed|field|machine|anti-aircraft|sniper|assault|heavy|light|"
           r"gun-howitzers?)")
_CALIBRE = r"\d+(?:\.\d+)?\s?-?\s?(?:mm|millimet(?:er|re)s?|inch(?:es)?)\b"
# broadcasters named by a number ("France 24", "Rossiya 1", "Channel 4"): a name, not a figure;
# the entity rules take them as organisations
BROADCASTER = (r"\b(?:France|Rossiya|Channel|Kanal)\s+\d{1,2}\b"
               r"(?![.,]\d|\s*(?:%|percent|per\s+cent))")
_DECOY = (
    # decoys that start with a letter
    rf"(?=[A-Za-z])(?:(?:{BROADCASTER})|"
    # (the label and its number on one line: "Article\n8 May 2025" is a heading, then a date)
    rf"(?i:\b{_DECOY_WORDS}[:#]?[ \t\u00a0]*\+?\d[\d,./-]*"
    r"(?:(?:,\s*|\s+and\s+|\s+or\s+)\d[\d/-]*)*)"
    # a book's or an article's identifier: "ISBN: 978 1 78413 632 1", "DOI: 10.55317/97817"
    r"|(?i:\b(?:ISBN(?:-1[03])?|ISSN|DOI|PMID|arXiv)\s*:?\s*(?:\d[\dXx./-]*(?:[ \t]\d[\dXx-]*)*))"
    r"|(?:\b(?!(?:mid|early|late|pre|post|end|start|by)-)[A-Za-z]+-\d[\w-]*"
    r"(?:/(?:[A-Za-z]+-)?\d[\w-]*)*)"
    # KN-23, MiG-29, KN-23/24
    r"|(?:\b(?:Table|Figure|Fig\.|Chart|Exhibit|Appendix|(?:Executive\s+)?Order|Footnote|Note|"
    r"Issue|Edition|Episode|Season|Part)(?::?\s+|\s*#\s*)\d+"
    # an aircraft's type: "Boeing 777-200ER", "Airbus A330", "Tupolev Tu-204"
    r"|\b(?:Boeing|Airbus|Tupolev|Ilyushin|Antonov|Sukhoi|Embraer|Bombardier)\s+[A-Z]{0,3}-?\d[\w-]*"
    r"(?:\.\d+)?(?![\w,.]\d|\w))"  # Table 1, Executive Order 14024 (capitalised labels)
    r"|(?:\bG-?(?:7|8|20)\b)"  # G7, G-20
    r"|(?:(?<=Group of )(?:Seven|Eight|Twenty)\b)"  # the Group of Seven
    r"|(?:(?<=World War )(?:One|Two|Three|1|2|3)\b)"  # World War Two
    # a plan named by its length: "the National Economic Development Five-Year Plan"
    r"|(?:\b[A-Z][a-z]+-Year\s+(?:Plan|Program|Programme|Strategy)\b)"
    # stock indices named by a number: "Nikkei 225", "S&P 500", "KOSPI 200"
    r"|(?i:(?:\bNikkei\s+225|\bFTSE\s+(?:100|250)|\bS&P\s+500|\bCAC\s+40|\bDAX\s+(?:30|40)|"
    r"\bKOSPI\s+200|\bRussell\s+2000|\bStoxx\s+(?:50|600)|\bASX\s+200|\bNifty\s+50)\b)"
    # a date that names a place: "the February 11 Factory", "the May 1st Stadium"
    rf"|(?:\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:Factory|Plant|Works|Stadium|Street|"
    r"Square|Movement|Complex|Mine|Shipyard|Bridge|Hall)\b)"
    # a compound ordinal written with a space: "the twenty third brigade"
    r"|(?i:\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\s+(?:first|second|third|"
    r"fourth|fifth|sixth|seventh|eighth|ninth)\b(?!s)))"
    # decoys that start with a digit, "+" or "("
    r"|(?=[\d+(])(?:"
    # a designation in another script: "М-1978" (Cyrillic), "Су-34"
    r"(?:(?<=[^\W\d_A-Za-z]-)\d[\w-]*)|"
    r"(?:(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}"
    r"(?!\d|,\d))"
    r"|(?:(?<![\w.,])\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?!\d|,\d))"
    r"|(?:(?<![\w.,])(?=[\d .()-]{9})\d{1,4}(?:[ .-]\d{1,4}){3,5}(?!\d|,\d|:\d))"  # 8-800-100-22-33
    # a list's number at the start of a line ("1. The world has changed", "  2) Russia")
    r"|(?:(?:(?<![\s\S])|(?<=\n)|(?<=\n )|(?<=\n  )|(?<=\n   )|(?<=\n    )|(?<=\n\t)|(?<=^ )"
    r"|(?<=^  )|(?<=^   ))\d{1,2}[.)](?=[ \t]+\S))"
    # an identifier: digits joined to a capital code and more ("230515-D-KY598-1364")
    r"|(?:(?<![\w.,-])\d{2,}-[A-Z][A-Z0-9]*-[A-Z0-9][A-Z0-9-]*(?![\w-]))"
    # (not "24.10.2024 23:55": a date, then a clock time)
    r"|(?:(?<![\w.,$])\d{1,4}[a-z]?\s+(?:[A-Z][\w’'-]*\s+){1,3}(?:Street|St\.|Avenue|Ave\.|"
    r"Road|Rd\.|Boulevard|Blvd\.|Lane|Square|Prospekt|Embankment)\b)"  # street addresses
    r"|(?:(?<![\w.,])\(\d{2,4}\)\s?\d{3,4}[\s.-]?\d{3,4})"
    r"|(?:\b38\s+North\b)"  # a think tank
    # a licence's version: "cc-by-nc-sa 4.0", "CC BY 4.0"
    r"|(?:(?:(?<=CC BY )|(?<=cc-by )|(?<=CC-BY )|(?<=-(?:nc|nd|sa|NC|ND|SA) )|"
    r"(?<= (?:NC|ND|SA) ))\d\.\d(?!\d))"
    # a document's number after its series code ("SC/15877", "GA/12345"); a format ("2+2")
    r"|(?:(?:" + "|".join(rf"(?<=\b[A-Z]{{{k}}}/)" for k in range(1, 7)) + r")\d+(?![\w/]))"
    r"|(?:(?<![\w.,+])\d\+\d(?![\w+]))"
    # a numbered list or committee: "the 1718 Designated Vessels List", "the 1718 Committee"
    r"|(?:(?<![\w.,$])\d{3,4}\s+(?:[A-Z][a-z]+\s+){0,3}(?:List|Committee|Panel|Regime)\b)"
    # 24/7, 32/34, 10/18/2024, 9/11 (but "3/4", "1/3 of", "2 1/4" are fractions)
    rf"|(?:(?=\d{{1,4}}/\d)(?<![\w.,])(?!{_SLASH_DATE})(?!(?:19|20)\d\d/(?:0[1-9]|1[0-2])/"
    rf"(?:0[1-9]|[12]\d|3[01])(?![\w/-]))"
    r"(?!(?:[1-9]/(?:[2-9]|1[0-2])|[1-9]\d?/[1-9]\d?\s+of\b)"
    r"(?![\d/]))(?<!\d\s)\d{1,4}(?:/\d{1,4})+(?![\d/]))"
    r"|(?:(?<![\w.,])9/11(?![\d/]))"
    r"|(?:(?<![\w.,])\d{1,2}[:.]\d{2}\s?(?:[ap]\.?m\.?|[AP]\.?M\.?)(?!\w))"  # clock times
    r"|(?:(?<![\w.,])\d{1,2}:\d{2}(?::\d{2})?(?!\d))"  # "10:29", "10:29:12"
    # a time in a time zone, as British and page furniture write them: "12.35 BST", "09.51 EDT"
    # ... and a military time before one: "(0124 UTC)", "1530 GMT"
    r"|(?:(?<![\w.,])(?:(?:[01]?\d|2[0-3])\.[0-5]\d|(?:[01]\d|2[0-3])[0-5]\d)\s?(?:GMT|BST|UTC|"
    r"EDT|EST|CDT|CST|PDT|PST|CET|CEST|EET|EEST|MSK|KST|JST|AEST|AEDT|IST)(?![a-z\d]))"
    r"|(?:(?<![\w.,])(?:1[0-2]|0?[1-9])\s?(?:[ap]\.m\.|[ap]m\b|[AP]M\b|[AP]\.M\.))"
    # calibres: "152mm shells", "shells for 152mm and 122-mm artillery", "7.62mm rounds"
    rf"|(?:(?<![\w.,]){_CALIBRE}(?=(?:\s*(?:,|and|or|/)\s*{_CALIBRE})*"
    rf"\s+[“\"‘]?(?:[A-Za-z-]+\s+|[A-Z][\w-]*\d[\w-]*\s+){{0,2}}{_WEAPON}\b))"
    # a bare number before a calibre of the same list: the "122" of "122 and 152 mm calibers"
    rf"|(?:(?<![\w.,])\d+(?=(?:\s*(?:,|and|or|/)\s*\d+)*\s*(?:,|and|or|/)\s*{_CALIBRE}\s+{_WEAPON}\b))"
    # ("170-mm M-1989 guns", '170mm "juche cannons"')
    r"|(?:(?<![\w.,])\d+(?:\.\d+)?\s?-?\s?cal(?:ibre|iber)?\b))"
)
MASTER = re.compile(
    rf"(?P<decoy>{_DECOY})"
    rf"|{_DATE}"
    rf"|(?=[\d'’TFSEN])(?P<decade>{_DECADE})"
    rf"|(?=[A-Za-z])(?P<vague>(?i:{_VAGUE}))"
    rf"|(?P<fig>(?P<qual>(?=[A-Za-z])(?i:{_QUAL})\s+)?(?i:"
    rf"(?=[bBfF])\b(?P<bw>between|from)\s+(?P<a1>{AMOUNT})(?:\s+(?P<u1>[a-z]+|°\s?[cf]\b))?"
    rf"\s+(?:and|to|-|–|through)\s+(?P<a2>{AMOUNT})(?(u1)(?=\s+(?P=u1)\b))"
    rf"|(?P<b1>{AMOUNT})(?:(?:\s+(?P<u2>[a-z]+|°\s?[cf]\b)"
    rf"(?=\s*[-–—]|\s+(?:to|or|through|thru)\s))?"
    rf"{_SEP}(?P<b2>{AMOUNT})(?(u2)(?=\s+(?P=u2)\b)))?)"
    rf"(?P<post>\s+or\s+(?:so|more|fewer|less)\b|-plus\b|-odd\b|\+(?!\d))?)"
)

QUAL_MAP = {
    "approximately": "approximately", "about": "approximately", "around": "approximately",
    "roughly": "approximately", "some": "approximately", "nearly": "approximately",
    "almost": "approximately", "approaching": "approximately", "approaches": "approximately",
    "nearing": "approximately",
    "an estimated": "approximately", "estimated": "approximately",
    "close to": "approximately", "closer to": "approximately",
    "just over": "over", "just under": "up_to",
    "well over": "over", "more than": "more_than", "over": "over", "at least": "at_least",
    "no fewer than": "at_least", "no less than": "at_least", "in excess of": "over",
    "exceeding": "over",
    "upwards of": "over", "up to": "up_to", "as many as": "up_to", "as much as": "up_to",
    "as high as": "up_to", "as large as": "up_to", "as few as": "at_least",
    "as little as": "at_least", "as low as": "at_least",
    "under": "up_to", "fewer than": "up_to", "less than": "up_to", "below": "up_to",
    "exactly": "exact", "precisely": "exact", "circa": "approximately",
    "in the region of": "approximately", "on the order of": "approximately",
    "above": "over", "beyond": "over", "upward of": "over", "a minimum of": "at_least",
    "at most": "up_to",
    "a maximum of": "up_to", "just shy of": "up_to",
    # negated bounds: "no more than 12" is at most 12, "not less than 5,000" at least 5,000
    "no more than": "up_to", "not more than": "up_to", "no greater than": "up_to",
    "no higher than": "up_to", "not exceeding": "up_to", "not less than": "at_least",
    "not fewer than": "at_least",
}
for _lead in ("just", "well", "a little", "slightly", "a bit"):
    QUAL_MAP.setdefault(f"{_lead} over", "over")
    QUAL_MAP.setdefault(f"{_lead} above", "over")
    QUAL_MAP.setdefault(f"{_lead} under", "up_to")
    QUAL_MAP.setdefault(f"{_lead} below", "up_to")
    QUAL_MAP.setdefault(f"{_lead} more than", "more_than")
    QUAL_MAP.setdefault(f"{_lead} fewer than", "up_to")
    QUAL_MAP.setdefault(f"{_lead} less than", "up_to")
POST_QUAL_MAP = {"or so": "approximately", "or more": "at_least", "or fewer": "up_to",
                 "or less": "up_to", "-plus": "at_least", "+": "at_least",
                 "-odd": "approximately"}

CURRENCY_UNITS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₩": "KRW",
                  "₽": "RUB", "₴": "UAH", "hr": "UAH", "w": "KRW"}
CURRENCY_UNITS.update({c.lower(): c for c in _CODES.split("|")})
_CUR_SYMBOLS = "$€£¥₩₽₴"
_CUR_PREFIX = re.compile(rf"(?:U\.?S\.?\s?\$|[{_CUR_SYMBOLS}]|(?:{_CODES})(?![a-z])|"
                         r"(?-i:Hr)\.?(?=\s?\d)|(?-i:W)(?=\d))\s?", re.I)
_PCT_SUFFIX = re.compile(r"(?:\s?%|\s+per\s?cent|\s+percent|\s+pct|(?<=\d)pc)$", re.I)
_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻−", "0123456789--")
VULGAR_FRACTIONS = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5,
                    "⅖": 2 / 5, "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8,
                    "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}
_NUMBER = re.compile(
    rf"(?P<num>(?:\d[\d,]*)?(?:\.\d+)?)"
    rf"(?:(?P<exp>[eE][-+−]?\d+|\^[-+−]?\d+|⁻?[{_SUP}]+)"
    rf"|\s?[x×·]\s?(?P<base>\d+)(?P<bexp>\^[-+−]?\d+|⁻?[{_SUP}]+|[−-]\d+)"
    rf"|\s(?P<fn>\d)/(?P<fd>\d+)"
    rf"|\s?(?P<vul>[{_VULGAR}]))?"
    rf"(?P<sp>\s|-)?(?P<suffix>[a-z]+[2²]?(?:\s+[a-z]+)?)?$", re.I)
_SPLIT = re.compile(r"[\s-]+")
# thousands grouped by spaces ("10 000", "1 200 000"): the spaces are dropped before parsing
_SPACED_GATE = re.compile(r"\d[ \u00a0\u2009\u202f]\d{3}")
_SPACED_THOUSANDS = re.compile(r"(?<=\d)[ \u00a0\u2009\u202f](?=\d{3}(?!\d))")
_DECIMAL_COMMA = re.compile(r"(\d{1,3}),\d{1,2}" + _DECIMAL_COMMA_SCALE)
_SIMPLE_NUMBER = re.compile(r"(\d{1,3}(?:,\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)(?:( |-)?([a-z]+))?$",
                            re.I)
GLUED_UNITS = {"lb": "lb", "lbs": "lb", "kg": "kg", "km": "km", "mm": "mm", "cm": "cm",
               "kt": "kilotonnes", "t": "tonnes", "c": "°C", "f": "°F", "m": "m", "ft": "ft",
               "mi": "mi", "dwt": "dwt", "km2": "km²", "km²": "km²", "m2": "m²", "m²": "m²"}


class Amount:
    """One parsed amount: value, whether it had a scale word, currency, percent, kind."""

    __slots__ = ("value", "scaled", "currency", "percent", "kind", "digits", "small_word",
                 "needs_unit", "mult", "unit")

    def __init__(self, value, scaled=False, currency=None, percent=False, kind="number",
                 digits=False, small_word=False):
        self.value = value
        self.scaled = scaled
        self.currency = currency
        self.percent = percent
        self.kind = kind  # number | fraction | multiplier
        self.digits = digits
        self.small_word = small_word
        self.needs_unit = False
        self.mult = 1.0  # the scale word's multiplier ("2 million" -> 1e6)
        self.unit = ""  # a unit written onto the digits ("100t" -> tonnes)


def words_value(words: list[str]) -> float | None:
    """Value of a written number given as words ("two hundred and fifty thousand",
    "one and a half", "four-thousand-100")."""
    total = 0.0
    current = 0.0
    seen = False
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        i += 1
        if w == "and" or w == "&":
            if i + 1 < n and words[i + 1] in FRACTION_WORDS and (
                    words[i] == "a" or words[i] in WORD_VALUES):
                # "two and a half", "one and a third", "two and three quarters"
                num = 1 if words[i] == "a" else WORD_VALUES[words[i]]
                current += num / FRACTION_WORDS[words[i + 1]]
                i += 2
            continue
        if not w:
            continue
        if w in WORD_VALUES:
            current += WORD_VALUES[w]
        elif w == "a":
            current += 1
        elif w.isdecimal():
            current += int(w)
        elif w in ("dozen", "dozens"):
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


_SPLIT_TOKEN = re.compile(r"[A-Za-z]+|&")
_UNIT_SET = frozenset(SMALL[1:10])  # one .. nine
_TEEN_SET = frozenset(SMALL[10:])  # ten .. nineteen
_TENS_SET = frozenset(TENS)


def split_written(raw: str) -> list[tuple[int, int]]:
    """(start, end) offsets in ``raw`` of the separate numbers in a run of number words that
    is not one number: "one two three four twenty five" is 1, 2, 3, 4 and 25, "fifteen one
    ten one" four numbers, "thirteen thousand zero ninety" 13,000, 0 and 90. A run that is
    one number ("two hundred and fifty thousand", "twenty-five hundred") gives one span.
    Each word may follow the one before only as English composes numbers: units and teens
    take "hundred", a scale or "dozen" after them; tens take a unit; "hundred" takes
    "and", a smaller number or a scale; a scale takes "and" or a smaller number, and scales
    only fall ("million" then "thousand"); "zero" stands alone."""
    toks = [(m.group().lower(), m.start(), m.end()) for m in _SPLIT_TOKEN.finditer(raw)]
    if len(toks) < 2 or any(c.isdigit() for c in raw):
        return [(0, len(raw))]
    segs: list[tuple[int, int]] = []
    seg_start = toks[0][1]
    prev = None  # class of the previous word in this number
    last_scale = math.inf  # the smallest scale so far in this number
    hundred_in_group = False
    prev_end = toks[0][1]
    for w, a, b in toks:
        if w in ("a", "and", "&"):
            cls = "a" if w == "a" else "and"
        elif w == "zero":
            cls = "zero"
        elif w in _UNIT_SET:
            cls = "unit"
        elif w in _TEEN_SET:
            cls = "teen"
        elif w in _TENS_SET:
            cls = "tens"
        elif w == "hundred":
            cls = "hundred"
        elif w in SCALES:
            cls = "scale"
        elif w in ("dozen", "dozens"):
            cls = "dozen"
        else:
            return [(0, len(raw))]  # a word this splitter does not know: leave the run whole
        if prev is None:
            ok = True
        elif cls == "zero" or prev == "zero":
            ok = False
        elif prev in ("unit", "teen"):
            ok = cls in ("hundred", "dozen") and not hundred_in_group or \
                (cls == "scale" and SCALES[w] < last_scale)
        elif prev == "tens":
            ok = cls == "unit" or (cls == "scale" and SCALES[w] < last_scale) or \
                (cls == "hundred" and not hundred_in_group)
        elif prev == "tensunit":
            ok = (cls == "scale" and SCALES[w] < last_scale) or \
                (cls == "hundred" and not hundred_in_group)
        elif prev == "hundred":
            ok = cls in ("and", "unit", "teen", "tens") or \
                (cls == "scale" and SCALES[w] < last_scale)
        elif prev == "scale":
            ok = cls in ("and", "unit", "teen", "tens", "a")
        elif prev == "and":
            ok = cls in ("unit", "teen", "tens", "a")
        elif prev == "a":
            ok = cls in ("hundred", "scale", "dozen")
        else:
            ok = True
        if not ok:
            segs.append((seg_start, prev_end))
            seg_start, last_scale, hundred_in_group = a, math.inf, False
            prev = None
        if cls == "scale":
            last_scale = min(last_scale, SCALES[w])
            hundred_in_group = False
        elif cls == "hundred":
            hundred_in_group = True
        prev = "tensunit" if cls == "unit" and prev == "tens" else cls
        prev_end = b
    segs.append((seg_start, prev_end))
    return segs


def _exponent(raw: str) -> int:
    return int(raw.lstrip("eE^").translate(_SUP_DIGITS).replace("+", ""))


def _parse_digits(body: str, currency: str | None) -> Amount | None:
    """"7,000", "1.5m", "$2.174T" (body "2.174T"), "1e6", "1.5×10^6", "2 1/4", "2½",
    "100t", "3 dozen"."""
    if "°" in body:  # "-5°C", "40° F": the degree sign is read as part of the unit
        body = body.replace("°", "").replace(" ", "")
    if "," in body and (dc := _DECIMAL_COMMA.match(body)) is not None:
        body = dc.group(1) + "." + body[dc.end(1) + 1:]  # "1,6 million": 1.6 million
    simple = _SIMPLE_NUMBER.match(body)  # the common forms: "1.5", "7,000.5 million", "5m"
    if simple is not None:
        num = simple.group(1).replace(",", "")
        suffix = (simple.group(3) or "").lower()
        if not suffix:
            return Amount(float(num), False, currency, False, "number", digits=True)
        if suffix in SCALES or (suffix in ABBR_SCALES and (currency or simple.group(2) is None)):
            mult = SCALES.get(suffix) or ABBR_SCALES[suffix]
            a = Amount(float(num) * mult, True, currency, False, "number", digits=True)
            a.mult = mult
            a.needs_unit = suffix in _AMBIGUOUS_SCALES and not currency
            return a
    d = _NUMBER.match(body)
    if d is None and _SPACED_GATE.search(body):  # "10 000", "1 200 000 million"
        return _parse_digits(_SPACED_THOUSANDS.sub("", body), currency)
    if d is None or not (d.group("num") or d.group("vul")):
        return None
    num = d.group("num").replace(",", "")
    if num.count(".") > 1:
        return None
    value = float(num) if num else 0.0
    exact_form = True
    if d.group("exp"):
        raw = d.group("exp")
        e = _exponent(raw)
        if raw[0] in "eE":  # "1.5e6": a mantissa times ten to the power
            if abs(e) > 300:
                return None
            value = float(f"{num or 0}e{e}")
        else:  # "10^30", "10³⁰": the number itself to the power
            if value > 1 and abs(e) * math.log10(value) > 300:
                return None
            value = value ** e if value or e >= 0 else 0.0
        exact_form = False
    elif d.group("base"):
        e = _exponent(d.group("bexp"))
        base = int(d.group("base"))
        if abs(e) > 300 or (base > 1 and abs(e) * math.log10(base) > 300):
            return None
        # "1.5×10^6" exactly as "1.5e6" would be read; "8x2^10" by multiplying
        value = float(f"{num or 0}e{e}") if base == 10 else value * float(base) ** e
        exact_form = False
    elif d.group("fd"):
        den = int(d.group("fd"))
        if den == 0:
            return None
        value += int(d.group("fn")) / den
    elif d.group("vul"):
        value += VULGAR_FRACTIONS[d.group("vul")]
    suffix = (d.group("suffix") or "").lower()
    mult = 1.0
    unit = ""
    if suffix:
        glued = d.group("sp") in (None, "-") and suffix in GLUED_UNITS  # "17km", "17-km"
        if suffix == "t" and currency:
            mult = 1e12  # "$2.174T"
        elif glued:
            unit = GLUED_UNITS[suffix]
        elif suffix in ABBR_SCALES:
            mult = ABBR_SCALES[suffix]
        elif suffix in ("tn", "trn"):
            mult = 1e12
        elif suffix in ("dozen", "dozens"):
            mult = 12
        else:
            for s in suffix.split():
                if s not in SCALES:
                    return None
                mult *= SCALES[s]
    a = Amount(value * mult, mult != 1.0, currency, False, "number", digits=exact_form)
    a.mult = mult
    a.unit = unit
    # "1.5m barrels" yes, "a 5m wall" no: without a currency the caller checks for a unit
    # ("5K" is thousands whatever follows: "1K mine clearance specialists")
    a.needs_unit = suffix in _AMBIGUOUS_SCALES and not currency and not unit
    return a


def _parse_words(low: str, currency: str | None) -> Amount | None:
    if low in FOLD_WORDS:
        return Amount(float(FOLD_WORDS[low]), False, currency, kind="multiplier")
    parts = [p for p in _SPLIT.split(low) if p]
    if not parts:
        return None
    if "point" in parts:  # "one point six million", "two hundred point zero three",
        # "twelve point ninety-nine" (.99), "one point two hundred thirty-six" (1.236)
        k = parts.index("point")
        whole = words_value(parts[:k])
        if whole is None:
            return None
        mult = 1
        dec = parts[k + 1:]
        while dec and dec[-1] in SCALES and dec[-1] != "hundred":
            mult *= SCALES[dec.pop()]
        if not dec:
            return None
        if all(p in ("zero", "oh", "o") or WORD_VALUES.get(p, 10) < 10 for p in dec):
            digits = "".join("0" if p in ("zero", "oh", "o") else str(WORD_VALUES[p])
                             for p in dec)  # digit by digit: "zero three" is .03
        else:
            v = words_value(dec)
            if v is None:
                return None
            digits = str(int(v))
        a = Amount(float(f"{int(whole)}.{digits}") * mult, mult != 1, currency)
        a.mult = mult
        return a
    last = parts[-1]
    if (last in SCALES or last == "dozen") and ("half" in parts or "quarter" in parts
                                                or "quarters" in parts) and "and" not in parts:
        # "half a million", "half million", "a quarter million", "three quarters of a million"
        part = 0.5 if "half" in parts else 0.25 * (3 if parts[0] == "three" else 1)
        scale = SCALES.get(last, 12)
        a = Amount(part * scale, True, currency)
        a.mult = scale
        return a
    if "and" not in parts and last in FRACTION_WORDS and (
            parts[0] not in ("a", "an") or len(parts) == 2):
        den = FRACTION_WORDS[last]
        num = 1 if parts[0] in ("a", "an", "one", "half") else WORD_VALUES.get(parts[0], 1)
        if len(parts) > 2 and parts[0] in WORD_VALUES:  # "twenty-three fifths"
            num = words_value(parts[:-1]) or num
        if parts == ["half"]:
            num = 1
        return Amount(num / den, False, currency, False, "fraction")
    if "in" in parts or ("of" in parts and "and" not in parts):
        # "one in five", "two out of three", "two of every three", "12 out of 18"
        idx = parts.index("in") if "in" in parts else parts.index("of")
        a = [p for p in parts[:idx] if p != "out"]
        b = [p for p in parts[idx + 1:] if p not in ("every", "the", "other", "remaining")]
        va = float(a[0].replace(",", "")) if a and a[0].replace(",", "").isdecimal() \
            else words_value(a)
        vb = float(b[0].replace(",", "")) if b and b[0].replace(",", "").isdecimal() \
            else words_value(b)
        if not va or not vb:
            return None
        return Amount(va / vb, False, currency, False, "fraction")
    v = words_value(parts)
    if v is None:
        return None
    scaled = any(p in SCALES or p in ("dozen", "dozens") for p in parts)
    small = not scaled and len(parts) == 1 and v <= 10
    a = Amount(v, scaled, currency, False, "number", small_word=small)
    k = len(parts)
    while k > 1 and (parts[k - 1] in SCALES or parts[k - 1] in ("dozen", "dozens")):
        a.mult *= SCALES.get(parts[k - 1], 12)  # "three thousand" -> 1,000
        k -= 1
    return a


# thousands separated by full stops: "730.000" (a round thousand; "730.500" stays a decimal)
# or two groups or more ("1.500.000")
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.000|[1-9]\d{0,2}(?:\.\d{3}){2,}")


def parse_amount(text: str) -> Amount | None:
    """Parse one AMOUNT match into an Amount (None if it is not a number after all).

    Hand-written rather than a library's: it must give the value of exactly the span the
    grammar matched (number-parser and quantulum3 rewrite or re-tokenise the text), and it
    runs once per figure on the hot path, so the common case ("7,000") is one ``isdecimal``."""
    plain = text.replace(",", "")
    if plain.isdecimal():  # the common case: "7,000", "2024"
        return Amount(float(plain), digits=True)
    if _DOT_THOUSANDS.fullmatch(text):  # "730.000", "1.500.000": a full stop between the
        return Amount(float(text.replace(".", "")), digits=True)  # thousands, as Europe writes
    body = text
    negative = False
    c0 = body[:1]
    if c0 in "-−":
        negative, body = True, body[1:]
    elif c0 == "+":
        body = body[1:]
    elif c0 in "mMnN" and body[:6].lower() in ("minus ", "negati"):
        negative, body = True, body.split(None, 1)[1] if " " in body else ""
    currency = None
    if body[:1] in _CUR_SYMBOLS or body[:1] in "uUeEgGjJrRkKcCuUHW":
        m = _CUR_PREFIX.match(body)
        if m is not None:
            raw = m.group().strip().lower().replace(".", "").replace(" ", "")  # "U.S. $"
            currency = CURRENCY_UNITS.get(raw)
            body = body[m.end():]
            if body[:1] in "-−":
                negative, body = True, body[1:]
    percent = False
    if body[-1:] == "%" or body[-4:].lower() == "cent" or body[-2:].lower() in ("ct", "pc"):
        m = _PCT_SUFFIX.search(body)
        if m is not None:
            percent, body = True, body[:m.start()]
    if body[-1:] in _CUR_SYMBOLS and currency is None:  # "20€", "10k$"
        currency = CURRENCY_UNITS[body[-1]]
        body = body[:-1].rstrip()
    if not body:
        return None
    low = body.lower()
    if (low[0].isdecimal() or low[0] == "." or low[0] in VULGAR_FRACTIONS) and not (
            " in " in low or " of " in low):
        num, slash, den = low.partition("/")
        if slash and num.isdecimal() and den.isdecimal():  # "1/3", "3/4", "1/40"
            if int(den) == 0:
                return None
            a = Amount(int(num) / int(den), False, currency, percent, "fraction")
        elif low in VULGAR_FRACTIONS:
            a = Amount(VULGAR_FRACTIONS[low], False, currency, percent, "fraction")
        else:
            a = _parse_digits(body, currency)
            if a is None:
                return None
            a.percent = percent
    else:
        a = _parse_words(low, currency)
        if a is None:
            return None
        a.percent = percent
    if negative:
        a.value = -a.value
    return a


def month_number(name: str) -> int:
    return MONTHS[name[:3].lower()]


def day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())


# ---------------------------------------------------------------- fast scanning
# Python's regex engine tries every alternative at every position (~1 µs per character for
# MASTER). Instead, find cheap anchors (digits, currency signs and number/month words), then
# try MASTER only at the few word starts just before each anchor. Same matches, ~20x faster.
_SLOW_ANCHORS = "€£¥₩₽₴" + "".join(VULGAR_FRACTIONS)
_ANCHOR_DIGITS = re.compile(rf"[0-9$€£¥₩₽₴{_VULGAR}][0-9,.]*")
ANCHOR_WORDS = frozenset(
    SMALL + TENS + list(SCALES) + list(FRACTION_WORDS) + list(FOLD_WORDS)
    + "dozen dozens hundreds thousands millions billions tens couple few handful".split()
    + list(DECADE_WORDS)
)
# month names are not anchors: every date has a digit, and the month before it is a prefix
MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec jan. feb. mar. apr. jun. jul. aug. sep. "
    "sept. oct. nov. dec.".split()
)
# ... and each with a stray full stop ("March. 27, 2024": read as a date only before a day
# and a year)
MONTH_WORDS |= frozenset(w + "." for w in MONTH_WORDS if not w.endswith("."))
_ANCHOR_BYTES = frozenset(w.encode() for w in ANCHOR_WORDS)
_BYTES_TO_SPACE = bytes(c if 97 <= c <= 122 else 32 for c in range(256))
# words that may precede a number inside one match: qualifiers, range openers, decoy labels
PREFIX_WORDS = frozenset(
    "about around roughly some nearly almost approaching approaches nearing an a estimated "
    "close closer to just "
    "well over "
    "more than "
    "little slightly bit shy above beyond circa region order most maximum minimum upward on "
    "at least no fewer less in excess of upwards up as many much under below exactly precisely "
    "between from half tens hundreds several few approximately excess us$ usd krw high large "
    "low u.s. us hr "
    "eur gbp jpy rub cny uah kpw chf minus negative not greater higher exceeding "
    "article articles resolution resolutions section sections paragraph paragraphs clause "
    "clauses chapter chapters room rooms no. nos. number flight route highway building floor "
    "gate page pages ext ext. tel tel. phone fax hotline platform corps regiment battalion "
    "hwasong block level category type model item annex protocol vol. volume pt. unit decree "
    "office bureau day table figure fig. chart exhibit appendix order executive footnote note "
    "line unscr res. through issue edition episode season part nikkei ftse s&p cac dax kospi "
    "train berth pier dock terminal track image photo map video version "
    "russell stoxx asx nifty boeing airbus tupolev ilyushin antonov sukhoi embraer "
    "bombardier exceeding juche france rossiya channel kanal isbn isbn-10 isbn-13 issn doi "
    "pmid arxiv".split()
) | ANCHOR_WORDS | MONTH_WORDS
_OPENERS = "“\"(‘'"


# digits and "$" -> "1", "," and "." -> "2": runs of "1[12]*" are the _ANCHOR_DIGITS matches,
# except that "$" also starts one inside a run ("5$"), so every "$" is added as well
_DIGITS_TO_ONE = bytes(49 if 48 <= c <= 57 or c == 36 else 50 if c in (44, 46) else 32
                       for c in range(256))
_DIGIT_RUN = re.compile(rb"1[12]*")


def digit_anchors(text: str, index: WordIndex | None = None) -> list[int]:
    """Start offsets of the ``_ANCHOR_DIGITS`` matches in ``text``, in order."""
    if index is None or (not text.isascii() and any(c in text for c in _SLOW_ANCHORS)):
        return [m.start() for m in _ANCHOR_DIGITS.finditer(text)]
    raw = index.ascii
    out = [m.start() for m in _DIGIT_RUN.finditer(raw.translate(_DIGITS_TO_ONE))]
    i = raw.find(b"$")
    if i >= 0:
        dollars = []
        while i >= 0:
            dollars.append(i)
            i = raw.find(b"$", i + 1)
        out = sorted(set(out).union(dollars))
    return out


def _word_anchors(text: str) -> list[int]:
    return WordIndex(text).positions(_ANCHOR_BYTES)


# words that only occur inside a qualifier, never right before its number
_INNER_ONLY = frozenset(
    "in on at no more fewer less just well little slightly bit region order upward upwards "
    "maximum minimum up many much excess close shy not greater higher".split())
_IMMEDIATE = PREFIX_WORDS - _INNER_ONLY
# prefix words at which no MASTER match can start (so no match is tried there), and words
# that start one only before certain words ("on the order of", "in excess of", "at least")
_NEVER_FIRST = frozenset("of to than least most shy little bit region order excess much "
                         "and".split())
_FIRST_IF = {"on": ("the",), "in": ("the", "excess"), "at": ("least", "most")}


# "Order" starts no qualifier ("on the order of") but, capitalised, labels a number
# ("Executive Order 14024")
_CAPITAL_LABELS = frozenset(("Order", "Issue", "Edition", "Episode", "Season", "Part"))


_GLUED_SENTENCE = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")


def _prefix_before(text: str, sep: int, lo: int) -> bool:
    """Whether the word ending at ``sep`` (a space) may be part of a figure that includes the
    number after it ("over", "than", "Article", "a" in "a dozen")."""
    q = text.rfind(" ", lo, sep)
    word = text[q + 1 if q >= 0 else lo:sep]
    if "\n" in word:
        word = word[word.rfind("\n") + 1:]
    if ">" in word or "»" in word or "|" in word:  # "calendar>>October 12": page chrome
        word = word[max(word.rfind(">"), word.rfind("»"), word.rfind("|")) + 1:]
    word = word.lstrip(_OPENERS)
    if word[-1:] in (":", "#"):  # "Volume: 5", "Issue #54": a label's number
        word = word[:-1]
    if "." in word[1:-1]:
        glued = _GLUED_SENTENCE.search(word)
        if glued is not None:
            word = word[glued.end():]  # "the media.About 300"
    if word.lower() in _IMMEDIATE or word in _CAPITAL_LABELS:
        return True
    if word[-1:] == "," and word[:-1].lower() in MONTH_WORDS:
        return True  # "September, 2023"
    if "—" in word or "--" in word:  # "Kyiv—about 3,000"
        word = word[max(word.rfind("--") + 2, word.rfind("—") + 1):]
        return word.lower() in _IMMEDIATE
    if "-" in word:  # "mid-April 2025", "early-March 2024": the month after the prefix
        return word[word.rfind("-") + 1:].lower() in MONTH_WORDS
    return False


def scan(text: str, index: WordIndex | None = None, word_anchors: list[int] | None = None):
    """Yield the MASTER matches of ``text`` in order (as ``MASTER.finditer`` would).

    ``word_anchors``: the offsets of the ANCHOR_WORDS, if the caller has them already."""
    anchors = digit_anchors(text, index)
    if word_anchors is None:
        word_anchors = (index.positions(_ANCHOR_BYTES) if index is not None
                        else _word_anchors(text))
    anchors.extend(word_anchors)
    anchors.sort()
    pos = 0
    match = MASTER.match
    for a in anchors:
        if a < pos:
            continue
        if a and text[a - 1] in " \n" and not _prefix_before(text, a - 1, max(pos, a - 40)):
            # the common case: a number after a plain word; only the anchor can start a match
            m = match(text, a)
            if m is not None and m.end() > a:
                pos = m.end()
                yield m
            continue
        # candidate starts, left to right: up to 3 words before the anchor's token as long as
        # they can open a figure ("no fewer than", "Article"), the token's start, the anchor
        lo = max(pos, a - 40)
        q = text.rfind(" ", lo, a)
        nl = text.rfind("\n", lo, a)
        tok_start = (q if q > nl else nl) + 1 if (q >= 0 or nl >= 0) else lo
        cands = []
        prev_word = ""
        p = tok_start
        whole = None
        for _ in range(4):
            if p <= lo + 1:
                break
            q = text.rfind(" ", lo, p - 1)
            s0 = q + 1 if q >= 0 else lo
            tok = text[s0:p - 1]
            if "\n" in tok:
                cut = tok.rfind("\n") + 1
                s0 += cut
                tok = tok[cut:]
            if "." in tok[1:-1]:
                glued = _GLUED_SENTENCE.search(tok)
                if glued is not None:  # "the media.More than 11,000": page text run
                    # together, the next sentence's first word
                    s0 += glued.end()
                    tok = tok[glued.end():]
            if ">" in tok or "»" in tok or "|" in tok:
                # "calendar>>October 12. 2016", "Home | March 4": page chrome glued before
                # the word (the figure starts after the last marker)
                cut = max(tok.rfind(">"), tok.rfind("»"), tok.rfind("|")) + 1
                s0 += cut
                tok = tok[cut:]
            word = tok.lstrip(_OPENERS)
            low_word = word.lower()
            if low_word[-1:] in (":", "#"):  # "Volume: 5", "Issue #54"
                low_word = low_word[:-1]
            if low_word[-1:] == "," and low_word[:-1] in MONTH_WORDS:
                low_word = low_word[:-1]  # "September, 2023": the month opens the date
            if low_word not in PREFIX_WORDS and not (
                    low_word == "the" and prev_word in ("region", "order")) and not (
                    low_word == "and" and prev_word in MONTH_WORDS):  # "May and June 2024"
                dash = max(tok.rfind("--"), tok.rfind("—")) if "-" in tok or "—" in tok else -1
                if dash < 0 and "-" in tok and \
                        tok[tok.rfind("-") + 1:].lower() in MONTH_WORDS:
                    dash = tok.rfind("-")  # "mid-April 2025": the date starts at the month
                    # ... and may be a month range's end ("February to mid-July 2024")
                    if tok[:dash].lower() in ("mid", "early", "late"):
                        whole = s0
                if dash < 0:
                    break
                # "SEOUL--At least 100", "Kyiv—about 3,000": the word after a dash
                cut = dash + (2 if tok.startswith("--", dash) else 1)
                s0 += cut
                tok = tok[cut:]
                word = tok.lstrip(_OPENERS)
                low_word = word.lower()
                if low_word not in PREFIX_WORDS:
                    break
            if (low_word not in _NEVER_FIRST or word in _CAPITAL_LABELS) and (
                    low_word not in _FIRST_IF or prev_word in _FIRST_IF[low_word]):
                cands.append(s0 + len(tok) - len(word))
            prev_word = low_word
            p = s0 if whole is None else whole
            whole = None
        cands.reverse()
        if tok_start < a:
            cands.append(tok_start)
            k = tok_start
            while k < a and text[k] in _OPENERS:
                k += 1  # "(-504)", "“$5m": the number starts after the opening marks
            if tok_start < k < a:
                cands.append(k)
            if text[a - 1] == "-" and text[a - 2:a - 1].isalpha():
                k = a - 2  # "pre-Covid-19": the designation after the prefix
                while k > tok_start and text[k - 1].isalpha():
                    k -= 1
                if k > tok_start:
                    cands.append(k)
        cands.append(a)
        found = None
        for s in cands:
            m = match(text, s)
            if m is not None and m.end() > a:
                found = m
                break
        if found is not None:
            pos = found.end()
            yield found


class WordIndex:
    """Whole-word lookups in one text: lower-case ASCII letters, offsets as in the str."""

    __slots__ = ("ascii", "padded", "words", "_tokens")

    def __init__(self, text: str):
        self.ascii = text.encode("ascii", "replace")  # one byte per character
        raw = self.ascii.lower().translate(_BYTES_TO_SPACE)
        self.padded = b" " + raw + b" "
        self.words = raw.split()  # in text order, with repeats
        self._tokens: frozenset[bytes] | None = None

    @property
    def tokens(self) -> frozenset[bytes]:
        """The distinct words (built on first use: many lookups are cheaper through it)."""
        if self._tokens is None:
            self._tokens = frozenset(self.words)
        return self._tokens

    def positions(self, words: frozenset[bytes]) -> list[int]:
        """Sorted start offsets of the words of ``words`` that occur."""
        return self.positions_of(words.intersection(self.tokens))

    def positions_of(self, present) -> list[int]:
        """Sorted start offsets of ``present``, words known to occur in the text."""
        out = []
        padded = self.padded
        for w in present:
            pat = b" " + w + b" "
            step = len(w) + 1
            i = padded.find(pat)
            while i >= 0:
                out.append(i)
                i = padded.find(pat, i + step)
        out.sort()
        return out


def word_positions(text: str | WordIndex, words: frozenset[bytes]) -> list[int]:
    """Sorted start offsets of the whole words (lower-case ASCII letters) in ``words``."""
    index = text if isinstance(text, WordIndex) else WordIndex(text)
    return index.positions(words)
