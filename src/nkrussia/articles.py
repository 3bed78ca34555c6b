"""Reading the articles: find them, refuse what is not a usable article, read the sidecar.

This is the boundary where outside input enters the project, so it decides what may be read
at all: only regular files inside the project (a symbolic link in ``seeds/`` that resolves
outside it is refused, so a link to ``/etc/passwd`` is never published), text in UTF-8, and
sidecar URLs that are kept as text (the report makes links only of http/https URLs, see
:func:`safe_url`).

Articles arrive in two shapes, read into the same :class:`Article`:

- one ``<doc_id>.txt`` each, with an optional ``<doc_id>.yaml`` sidecar;
- a *corpus file*, ``*.jsonl`` (JSON Lines: one object per line) or ``*.csv`` (a header row,
  then one article per row), the shape news APIs and archives export, with the fields
  :data:`CORPUS_FIELDS`. Each row is validated as a ``.txt`` and its sidecar would be (same
  size limit, same encoding and date rules), and an error names the file, the row and the
  field. These are read with the standard library's :mod:`json` and :mod:`csv` modules only.
  See :func:`load_corpus`.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import functools
import hashlib
import io
import json
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from nkrussia.errors import ArticleError, BadInput

__all__ = ["ArticleError", "Article", "find_articles", "load_article", "load_articles",
           "load_corpus", "source_of", "read_source", "safe_url", "display_path", "read_input",
           "check_regular", "sidecar_warnings", "MAX_ARTICLE_BYTES", "SIDECAR_KEYS",
           "CORPUS_FIELDS", "CORPUS_SUFFIXES", "ARTICLE_SUFFIXES"]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""Articles larger than this are refused (a news article is ~10 kB; 5 MB is not an article)."""

SIDECAR_KEYS = ("title", "outlet", "url", "published")

CORPUS_SUFFIXES = (".jsonl", ".csv")
"""Files in ``seeds/`` that hold many articles, one per line (JSONL) or row (CSV)."""
ARTICLE_SUFFIXES = (".txt", *CORPUS_SUFFIXES)
CORPUS_FIELDS = ("id", *SIDECAR_KEYS, "text")
"""The fields of a corpus row: ``text`` is required, the others optional (``id``: the doc_id)."""


@dataclass
class Article:
    doc_id: str
    path: Path
    text: str
    sha256: str
    metadata: dict[str, str] = field(default_factory=dict)
    row: int | None = None
    """For a row of a corpus file: its line (JSONL) or its row, the header being row 1 (CSV);
    None for a ``.txt``. ``path`` is then the corpus file."""


# ------------------------------------------------------------------------- where from
def _project_root() -> Path:
    from nkrussia.paths import find_project_root

    return find_project_root()


def _outside(path: Path, root: Path) -> Path | None:
    """The resolved target when ``path`` (a link, or a file under a linked folder) leads
    outside ``root``; None when it stays inside."""
    target = path.resolve()
    return None if target.is_relative_to(root.resolve()) else target


def display_path(path: Path, root: Path | None = None) -> str:
    """How a published file names an article: relative to the project root when it lies
    inside, else its bare file name. Never an absolute path of this machine."""
    root = (root or _project_root()).resolve()
    absolute = Path(path).absolute()
    for base in (root, Path.cwd().resolve()):
        if absolute.is_relative_to(base):
            return absolute.relative_to(base).as_posix()
    return Path(path).name


# ------------------------------------------------------------------------- reading
def check_regular(path: Path, error: type[BadInput] = BadInput) -> os.stat_result:
    """``path``'s status when it is a regular file (a link to one counts), without opening it.

    Anything else is refused with one line naming it: a folder, a named pipe (opening one
    would wait forever for a writer), a socket, a device, a dangling symbolic link.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise error(f"{path}: dangling symbolic link (it points to "
                        f"{os.readlink(path)}, which does not exist)") from None
        raise error(f"{path}: file not found") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISREG(st.st_mode):
        return st
    kind = ("a folder" if stat.S_ISDIR(st.st_mode) else
            "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
            "a socket" if stat.S_ISSOCK(st.st_mode) else
            "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
            "not a regular file")
    raise error(f"{path}: {kind}, not a regular file; only regular files are read")


def read_input(path: Path, error: type[BadInput] = BadInput) -> bytes:
    """The bytes of an input file, or one line naming it and why it cannot be read."""
    check_regular(path, error)
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror or exc})") from None


def folder_entries(folder: Path, suffix: str) -> list[Path]:
    """The names in ``folder`` ending in ``suffix`` (hidden ones aside), sorted; nothing opened."""
    try:
        names = sorted(e.name for e in os.scandir(folder))
    except OSError as exc:
        raise ArticleError(f"{folder}: folder cannot be read ({exc.strerror or exc})") from None
    return [folder / n for n in names if n.endswith(suffix) and not n.startswith(".")]


def find_articles(seeds_dir: Path) -> list[Path]:
    """The article files in a folder, sorted by name: every ``*.txt`` and every corpus file
    (``*.jsonl``, ``*.csv``; :func:`load_articles` reads them all).

    Every ``*.txt``, ``*.jsonl``, ``*.csv`` and ``*.yaml`` entry must be a regular file: a
    folder, pipe, socket, device or dangling link of that name is refused (never opened),
    naming it.
    """
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.exists():
        raise ArticleError(f"{seeds_dir}: folder not found")
    if not seeds_dir.is_dir():
        raise ArticleError(f"{seeds_dir}: not a folder")
    found = sorted((p for suffix in ARTICLE_SUFFIXES for p in folder_entries(seeds_dir, suffix)),
                   key=lambda p: p.name)
    for path in [*found, *folder_entries(seeds_dir, ".yaml")]:
        check_regular(path, ArticleError)
    if not found:
        raise ArticleError(f"{seeds_dir}: folder has no *.txt articles (nor *.jsonl or *.csv "
                           "files of articles)")
    return found


_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.+\-Z]*)?)?)?")


@functools.lru_cache(maxsize=1)
def _yaml_loader():
    """yaml's safe loader, but leaving dates as the text they were written as (so that a
    date that does not exist is named by us, not a ValueError from deep inside yaml).

    libyaml's parser (``CSafeLoader``) where PyYAML was built with it, as the locked wheels
    are: ~10× faster than the pure-Python one (1,000 sidecars: 2.2 s of CPU → 0.2 s), same
    documents; the tag resolvers are Python in both, so the date rule holds in both."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def _published(side: Path | str, value: object) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) that exists, or ArticleError naming it.
    ``side``: the sidecar, or where in a corpus file (``corpus.jsonl: line 3``)."""
    where = f"{side}: field 'published'"
    if isinstance(value, datetime.date):  # written with an explicit !!timestamp tag
        value = value.isoformat()[:10]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ArticleError(f"{where} must be a date (YYYY-MM-DD), got {value!r}")
    if not isinstance(value, str):
        raise ArticleError(f"{where}: {value!r} is a number, not a date; write it as "
                           "YYYY-MM-DD, e.g. 2024-11-04")
    text = value.strip()
    match = _DATE_RE.fullmatch(text)
    if not match:
        raise ArticleError(f"{where}: {text!r} is not an ISO date (YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ArticleError(f"{where}: {text!r} is not a date that exists ({exc})") from None
    return "-".join(g for g in match.groups() if g)


def _read_sidecar(path: Path) -> dict[str, str]:
    side = path.with_suffix(".yaml")
    if not os.path.lexists(side):
        return {}
    import yaml

    raw = read_input(side, ArticleError)
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_yaml_loader())  # noqa: S506 - safe
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ArticleError(f"{side}: not a valid YAML sidecar ({first})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArticleError(f"{side}: sidecar must be a mapping of {', '.join(SIDECAR_KEYS)}")
    meta: dict[str, str] = {}
    for key in SIDECAR_KEYS:
        value = data.get(key)
        if value is None or value == "":
            continue
        meta[key] = _published(side, value) if key == "published" else str(value)
    return meta


def sidecar_warnings(article: Article, today: datetime.date | None = None,
                     root: Path | None = None) -> list[dict[str, str]]:
    """Things worth a warning but not a refusal: a publication date in the future.
    Each is ``{"file", "field", "message"}`` (the manifest's ``warnings`` list)."""
    today = today or datetime.datetime.now(datetime.UTC).date()
    published = article.metadata.get("published")
    if not published:
        return []
    parts = [int(p) for p in published.split("-")]
    start = datetime.date(parts[0], parts[1] if len(parts) > 1 else 1,
                          parts[2] if len(parts) > 2 else 1)
    if start <= today:
        return []
    side = (source_of(article, root) if article.row is not None else
            display_path(article.path.with_suffix(".yaml"), root))
    return [{"file": side, "field": "published",
             "message": f"publication date {published} is in the future (today is "
                        f"{today.isoformat()}); dates without a year resolve against it"}]


def load_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES,
                 within: Path | None = None) -> Article:
    """Read and validate one article; raise ArticleError (one line, names the file) if unusable.

    ``within``: the project folder; an article that resolves outside it (a symbolic link to
    ``/etc/passwd``, say) is refused. The pipeline and the notebooks always pass it; None (a
    file named on the command line of ``nkrussia extract``) reads the file where it is.
    """
    path = Path(path)
    if path.suffix in CORPUS_SUFFIXES:
        raise ArticleError(f"{path}: a file of many articles; read it with load_articles")
    size = _check_file(path, within)
    if size == 0:
        raise ArticleError(f"{path}: empty file")
    if size > max_bytes:
        raise ArticleError(
            f"{path}: {size:,} bytes is larger than the {max_bytes / 1024 / 1024:g} MB limit "
            "for one article")
    raw = read_input(path, ArticleError)
    _refuse_utf16(path, raw)
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ArticleError(f"{path}: binary file (NUL byte at byte offset {nul}), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{path}: not UTF-8 (invalid byte 0x{raw[exc.start]:02x} at byte offset "
            f"{exc.start})") from None
    if not any(_visible(c) for c in text):
        raise ArticleError(f"{path}: empty file (only whitespace)")
    return Article(path.stem, path, text, hashlib.sha256(raw).hexdigest(), _read_sidecar(path))


def _check_file(path: Path, within: Path | None) -> int:
    """The size of an article file that may be read: regular, and inside ``within``."""
    size = check_regular(path, ArticleError).st_size
    target = None if within is None else _outside(path, within)
    if target is not None:
        raise ArticleError(
            f"{path}: resolves outside the project (to {target}); only files inside the "
            "project are read, so copy the article into seeds/ instead of linking to it")
    return size


# ------------------------------------------------------------------------- corpus files
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_ID_RULE = ("letters, digits, '.', '_' and '-', starting with a letter or digit, at most 128 "
            "characters")
HASH_ID_DIGITS = 12
"""Hex digits of the text's SHA-256 in a derived doc_id (``<file name>-<digits>``)."""


@dataclass(frozen=True)
class _Row:
    """Where a corpus row is: the file, its row number and the line it starts on."""

    file: Path
    row: int
    line: int

    @property
    def jsonl(self) -> bool:
        return self.file.suffix == ".jsonl"

    def at(self) -> str:
        """``line 12`` (JSONL); ``row 12`` or ``row 12 (line 14)`` (CSV, header = row 1)."""
        if self.jsonl:
            return f"line {self.line}"
        return f"row {self.row}" + ("" if self.line == self.row else f" (line {self.line})")

    def where(self, name: str | None = None) -> str:
        shown = name if len(name or "") <= 60 else f"{name[:60]}…"
        return f"{self.file}: {self.at()}" + (f": field '{shown}'" if name else "")


_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a JSON boolean)"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, list):
        return "a JSON array"
    if isinstance(value, dict):
        return "a JSON object"
    return type(value).__name__


def _unicode_problem(value: str, from_bytes: bool) -> str | None:
    """What is wrong with a field's characters as Unicode, or None. ``from_bytes``: it was
    decoded with ``surrogateescape``, so U+DC80..U+DCFF stand for bytes that are not UTF-8."""
    m = _SURROGATE.search(value)
    if m is None:
        return None
    i, cp = m.start(), ord(m.group())
    if from_bytes and 0xDC80 <= cp <= 0xDCFF:
        return f"not UTF-8 (invalid byte 0x{cp - 0xDC00:02x} at character {i})"
    return f"not valid Unicode (lone surrogate U+{cp:04X} at character {i})"


def _control(value: str) -> str | None:
    """The first control character that a YAML sidecar could not hold either (C0 but tab and
    line breaks, DEL, C1), described; None if there is none."""
    m = _CONTROL.search(value)
    if m is None:
        return None
    return f"control character U+{ord(m.group()):04X} at character {m.start()}, not text"


def _close(name: str) -> str:
    near = difflib.get_close_matches(name.strip().lower(), CORPUS_FIELDS, n=1, cutoff=0.6)
    return f" (did you mean '{near[0]}'?)" if near and near[0] != name else ""


def _fields_list() -> str:
    return ", ".join(CORPUS_FIELDS)


def _id_stem(path: Path) -> str:
    """The file-name part of a derived doc_id: the name without suffix, characters outside
    the id alphabet replaced by '_'."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", path.stem).lstrip("._-")
    return stem or "corpus"


def _row_article(loc: _Row, record: dict, max_bytes: int,
                 from_bytes: bool) -> tuple[Article, bool]:
    """The Article of one row (validated like a .txt and its sidecar) and whether its doc_id
    was derived (no ``id``)."""
    for name in record:
        problem = _unicode_problem(name, from_bytes)
        if problem:
            raise ArticleError(f"{loc.where()}: a field name is {problem}")
        if name not in CORPUS_FIELDS:
            raise ArticleError(f"{loc.where(name)}: not a known field{_close(name)}; the fields "
                               f"are {_fields_list()}")
    for name, value in record.items():
        if isinstance(value, str):
            problem = _unicode_problem(value, from_bytes)
            if problem:
                raise ArticleError(f"{loc.where(name)}: {problem}")
    text = record.get("text")
    if text is None:
        raise ArticleError(f"{loc.where('text')}: missing; every row needs the article's text")
    if not isinstance(text, str):
        raise ArticleError(f"{loc.where('text')}: must be text (a JSON string), got "
                           f"{_json_kind(text)}")
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        raise ArticleError(f"{loc.where('text')}: {len(encoded):,} bytes is larger than the "
                           f"{max_bytes / 1024 / 1024:g} MB limit for one article")
    nul = text.find("\x00")
    if nul >= 0:
        raise ArticleError(f"{loc.where('text')}: NUL character at character {nul}, not text")
    if not any(_visible(c) for c in text):
        raise ArticleError(f"{loc.where('text')}: empty" + (" (only whitespace)" if text else ""))
    meta: dict[str, str] = {}
    for key in SIDECAR_KEYS:
        value = record.get(key)
        if value is None or value == "":
            continue
        if key == "published":
            meta[key] = _published(loc.where(), value)
            continue
        if not isinstance(value, str):
            raise ArticleError(f"{loc.where(key)}: must be text (a JSON string), got "
                               f"{_json_kind(value)}")
        problem = _control(value)
        if problem:
            raise ArticleError(f"{loc.where(key)}: {problem}")
        meta[key] = value
    sha = hashlib.sha256(encoded).hexdigest()
    raw_id = record.get("id")
    derived = raw_id is None or raw_id == ""
    if derived:
        doc_id = f"{_id_stem(loc.file)}-{sha[:HASH_ID_DIGITS]}"
    elif isinstance(raw_id, bool) or not isinstance(raw_id, str | int):
        raise ArticleError(f"{loc.where('id')}: must be text or a whole number, got "
                           f"{_json_kind(raw_id)}")
    else:
        doc_id = str(raw_id)
        if not _ID_RE.fullmatch(doc_id):
            raise ArticleError(f"{loc.where('id')}: {doc_id[:80]!r} is not a usable id "
                               f"({_ID_RULE})")
    return Article(doc_id, loc.file, text, sha, meta, loc.row), derived


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


class _DuplicateKey(ValueError):
    pass


def _row_limit(max_bytes: int) -> int:
    """The most bytes one JSONL line may take: an article at the limit written with every
    character escaped (``\\u00e9`` is six bytes for two), plus room for the other fields."""
    return 6 * max_bytes + 64 * 1024


def _jsonl_records(path: Path, max_bytes: int) -> Iterator[tuple[_Row, dict, bool]]:
    """(where, object, decoded with surrogateescape) for every non-blank line."""
    limit = _row_limit(max_bytes)
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with fh:
        _refuse_utf16(path, fh.peek(4096)[:4096])
        number = 0
        while True:
            try:
                raw = fh.readline(limit + 1)
            except OSError as exc:
                raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") from None
            if not raw:
                return
            number += 1
            loc = _Row(path, number, number)
            if len(raw) > limit:
                raise ArticleError(f"{loc.where()}: longer than {limit:,} bytes, more than a row "
                                   f"of one article can be (the limit is "
                                   f"{max_bytes / 1024 / 1024:g} MB of text)")
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]  # a UTF-8 byte-order mark is not part of the first object
            if not raw.strip(b" \t\r\n"):
                continue
            from_bytes = False
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line, from_bytes = raw.decode("utf-8", "surrogateescape"), True
                bad = (f"{loc.where()}: not UTF-8 (invalid byte 0x{raw[exc.start]:02x} at byte "
                       f"{exc.start} of the line)")
            try:
                record = json.loads(line.rstrip("\r\n"), object_pairs_hook=_no_duplicate_keys)
            except _DuplicateKey as exc:
                raise ArticleError(f"{loc.where(str(exc))}: given twice in the object") from None
            except json.JSONDecodeError as exc:
                if from_bytes:
                    raise ArticleError(bad) from None
                raise ArticleError(f"{loc.where()}: not valid JSON ({exc.msg}, column "
                                   f"{exc.colno})") from None
            except RecursionError:
                raise ArticleError(f"{loc.where()}: not valid JSON (nested too deeply)") from None
            if not isinstance(record, dict):
                raise ArticleError(f"{loc.where()}: must be a JSON object with the fields "
                                   f"{_fields_list()}, got {_json_kind(record)}")
            yield loc, record, from_bytes


def _csv_records(path: Path, max_bytes: int) -> Iterator[tuple[_Row, dict, bool]]:
    """(where, {column: cell}, True) for every non-blank row after the header."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    old_limit = csv.field_size_limit()
    csv.field_size_limit(2 * max_bytes + 1)  # a longer text is refused naming its field
    try:
        with fh:
            _refuse_utf16(path, fh.peek(4096)[:4096])
            # utf-8-sig: a byte-order mark (as spreadsheets write one) is not part of the header
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="surrogateescape",
                                    newline="")
            reader = csv.reader(text, strict=True)
            header: list[str] | None = None
            number, line = 0, 1
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    loc = _Row(path, number + 1, line)
                    msg = str(exc)
                    if "field larger than field limit" in msg:
                        raise ArticleError(f"{loc.where()}: a field is larger than the "
                                           f"{max_bytes / 1024 / 1024:g} MB limit for one "
                                           "article") from None
                    raise ArticleError(f"{loc.where()}: not valid CSV ({msg})") from None
                except OSError as exc:
                    raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") \
                        from None
                number += 1
                loc = _Row(path, number, line)
                line = reader.line_num + 1
                if not cells:
                    continue  # a blank line
                if header is None:
                    header = _csv_header(loc, cells)
                    continue
                if len(cells) != len(header):
                    raise ArticleError(
                        f"{loc.where()}: {len(cells)} cell{'s' * (len(cells) != 1)}, but the "
                        f"header (row 1) names {len(header)} column"
                        f"{'s' * (len(header) != 1)}")
                yield loc, dict(zip(header, cells, strict=True)), True
            if header is None:
                raise ArticleError(f"{path}: empty file")
    finally:
        csv.field_size_limit(old_limit)


def _csv_header(loc: _Row, cells: list[str]) -> list[str]:
    """The column names of a CSV corpus (its first row), checked."""
    where = f"{loc.file}: row 1 (the header)"
    for cell in cells:
        problem = _unicode_problem(cell, True)
        if problem:
            raise ArticleError(f"{where}: {problem}")
    if not any(c in CORPUS_FIELDS for c in cells):
        first = cells[0] if cells else ""
        raise ArticleError(f"{where}: missing; the first row must name the columns (text, and "
                           f"any of id, title, outlet, url, published), but it starts "
                           f"{first[:40]!r}")
    for i, cell in enumerate(cells, 1):
        if cell not in CORPUS_FIELDS:
            raise ArticleError(f"{where}: column {i} {cell[:40]!r} is not a known field"
                               f"{_close(cell)}; the fields are {_fields_list()}")
        if cells.index(cell) < i - 1:
            raise ArticleError(f"{where}: column {i} {cell!r} is named twice")
    if "text" not in cells:
        raise ArticleError(f"{where}: no 'text' column; every row needs the article's text")
    return cells


def _corpus(path: Path, max_bytes: int,
            within: Path | None) -> list[tuple[Article, _Row, bool]]:
    path = Path(path)
    size = _check_file(path, within)
    if size == 0:
        raise ArticleError(f"{path}: empty file")
    records = _jsonl_records if path.suffix == ".jsonl" else _csv_records
    out = [(*_row_article(loc, record, max_bytes, from_bytes), loc)
           for loc, record, from_bytes in records(path, max_bytes)]
    if not out:
        raise ArticleError(f"{path}: no articles in it (only " +
                           ("blank lines)" if path.suffix == ".jsonl" else "a header)"))
    return [(a, loc, derived) for a, derived, loc in out]


def load_corpus(path: Path, max_bytes: int = MAX_ARTICLE_BYTES,
                within: Path | None = None) -> list[Article]:
    """The articles of a corpus file, in file order; ArticleError naming file, row and field.

    ``*.jsonl``: one JSON object per line (blank lines are skipped), read with :mod:`json`;
    rows are numbered by their line. ``*.csv``: a header row naming the columns, then one
    article per row, read with :mod:`csv` (quoted fields may hold commas, quotes and line
    breaks); rows are numbered as a spreadsheet numbers them, the header being row 1 (an
    error names the line too when a quoted line break makes them differ). Both: UTF-8, a
    byte-order mark at the start and CRLF line ends are accepted; the fields are
    :data:`CORPUS_FIELDS`, an unknown one (a misspelt ``publshed``) is refused rather than
    dropped. Each row is held to what a ``.txt`` and its sidecar are held to: ``text``
    present, a string, not only white space, no NUL, at most ``max_bytes`` in UTF-8;
    ``title``/``outlet``/``url`` strings without control characters; ``published`` a date
    that exists. ``sha256`` is the hash of the text's UTF-8 bytes, so an article has the same
    hash as a ``.txt`` holding the same text.

    The doc_id is the row's ``id`` when it has one (a string or a whole number; letters,
    digits, ``.``, ``_``, ``-``). Without one it is ``<file name>-<12 hex digits of the
    text's SHA-256>``, not the row number: news exports come in any order (by relevance, by
    date) and archives grow in the middle, and an id from the row number would then move to
    another article silently, taking every ``<doc_id>-F01`` figure id with it; an id from
    the text can only appear or disappear. (Editing the text gives a new id: give the rows
    an ``id`` to keep theirs through corrections.) The file name keeps two files' ids apart.
    """
    return [a for a, _, _ in _corpus(path, max_bytes, within)]


def _described(a: Article) -> str:
    if a.row is None:
        return str(a.path)
    return _Row(a.path, a.row, a.row).where() if a.path.suffix == ".jsonl" else \
        f"{a.path}: row {a.row}"


def load_articles(paths: Sequence[Path], max_bytes: int = MAX_ARTICLE_BYTES,
                  within: Path | None = None) -> list[Article]:
    """Every article of these files, in their order: one per ``.txt`` (:func:`load_article`),
    one per row of a ``.jsonl`` or ``.csv`` (:func:`load_corpus`). A doc_id used twice, in
    one file or across files, is refused naming both."""
    out: list[Article] = []
    seen: dict[str, Article] = {}
    for p in paths:
        p = Path(p)
        if p.suffix in CORPUS_SUFFIXES:
            items = _corpus(p, max_bytes, within)
        else:
            items = [(load_article(p, max_bytes, within), None, False)]
        for a, loc, derived in items:
            other = seen.get(a.doc_id)
            if other is not None:
                if loc is None:
                    raise ArticleError(f"{p}: duplicate doc_id {a.doc_id!r} (also "
                                       f"{_described(other)})")
                if derived and other.sha256 == a.sha256:
                    raise ArticleError(f"{loc.where('text')}: the same text as "
                                       f"{_described(other)} (a duplicate article; give each "
                                       "row an 'id' to keep both)")
                field_name = "text" if derived else "id"
                raise ArticleError(f"{loc.where(field_name)}: doc_id {a.doc_id!r} is already "
                                   f"used by {_described(other)}")
            seen[a.doc_id] = a
            out.append(a)
    return out


def source_of(article: Article, root: Path | None = None) -> str:
    """How published files name where an article came from, relative to the project:
    ``seeds/x.txt``, or ``seeds/corpus.jsonl#row=12`` for a row of a corpus file."""
    shown = display_path(article.path, root)
    return shown if article.row is None else f"{shown}#row={article.row}"


def read_source(root: Path, source: str) -> str | None:
    """The text of the corpus row a documents.csv ``path`` names (``<file>#row=<n>``), when
    that file is still inside ``root`` and still reads; None otherwise (the report then
    rebuilds the text from its sentences)."""
    file, sep, row = str(source).partition("#row=")
    if not sep or not row.isdigit():
        return None
    path = Path(root) / file
    try:
        texts = _corpus_texts(str(path), str(Path(root).resolve()), os.stat(path).st_mtime_ns)
    except (OSError, BadInput):
        return None
    return texts.get(int(row))


@functools.lru_cache(maxsize=4)
def _corpus_texts(path: str, root: str, _mtime_ns: int) -> dict[int, str]:
    """{row: text} of a corpus file (cached by file and modification time: the report reads
    one row per article page)."""
    return {a.row: a.text for a in load_corpus(Path(path), within=Path(root))
            if a.row is not None}


def _visible(char: str) -> bool:
    """Not whitespace of any script (NBSP, ideographic space …) nor an invisible format
    character (zero-width space, joiners, byte-order mark)."""
    return not (char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Cc"))


def _refuse_utf16(path: Path, head: bytes) -> None:
    """ArticleError, with the iconv command that converts it, when ``head`` (the file's first
    bytes) is UTF-16 or UTF-32 text."""
    utf16 = _utf16(head)
    if utf16:
        name, how, iconv = utf16
        raise ArticleError(
            f"{path}: {name} text ({how}), not UTF-8; convert it with "
            f"`iconv -f {iconv} -t UTF-8 {path.name} > {path.stem}.utf8{path.suffix}` "
            "and replace the file with the result")


def _utf16(raw: bytes) -> tuple[str, str, str] | None:
    """(encoding, how it was recognised, name for iconv) for UTF-16/32 text, else None."""
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        return "UTF-32", "byte-order mark", "UTF-32"
    if raw[:2] == b"\xff\xfe":
        return "UTF-16LE", "byte-order mark FF FE", "UTF-16"
    if raw[:2] == b"\xfe\xff":
        return "UTF-16BE", "byte-order mark FE FF", "UTF-16"
    sample = raw[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "UTF-16LE", "no byte-order mark", "UTF-16LE"
        if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "UTF-16BE", "no byte-order mark", "UTF-16BE"
    return None


# ------------------------------------------------------------------------- links
_LINK_SCHEMES = ("http", "https")


def safe_url(url: object) -> str | None:
    """``url`` when it may become a link (http or https, with a host), else None.

    Sidecars and reference rows are outside input: a ``javascript:`` or ``data:`` URL made
    into a link would run in the reader's browser (and become a link action in the PDF).
    Whatever this refuses is shown as text, never as ``href``.
    """
    if not isinstance(url, str):
        return None
    from urllib.parse import urlsplit

    text = url.strip()
    # Browsers drop ASCII tab/newline and leading controls before parsing a URL; so do we,
    # so that "java\tscript:" cannot pass as a relative link.
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in _LINK_SCHEMES or not parts.netloc:
        return None
    return text
