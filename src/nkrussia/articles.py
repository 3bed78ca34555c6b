"""Reading the articles: find them, refuse what is not a usable article, read the sidecar.

This is the boundary where outside input enters the project, so it decides what may be read
at all: only regular files inside the project (a symbolic link in ``seeds/`` that resolves
outside it is refused, so a link to ``/etc/passwd`` is never published), text in UTF-8, and
sidecar URLs that are kept as text (the report makes links only of http/https URLs, see
:func:`safe_url`).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from nkrussia.errors import ArticleError, BadInput

__all__ = ["ArticleError", "Article", "find_articles", "load_article", "safe_url",
           "display_path", "read_input", "check_regular", "sidecar_warnings",
           "MAX_ARTICLE_BYTES", "SIDECAR_KEYS"]

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
"""Articles larger than this are refused (a news article is ~10 kB; 5 MB is not an article)."""

SIDECAR_KEYS = ("title", "outlet", "url", "published")



@dataclass
class Article:
    doc_id: str
    path: Path
    text: str
    sha256: str
    metadata: dict[str, str] = field(default_factory=dict)


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
    """The ``*.txt`` articles in a folder, sorted by name.

    Every ``*.txt`` and ``*.yaml`` entry must be a regular file: a folder, pipe, socket,
    device or dangling link of that name is refused (never opened), naming it.
    """
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.exists():
        raise ArticleError(f"{seeds_dir}: folder not found")
    if not seeds_dir.is_dir():
        raise ArticleError(f"{seeds_dir}: not a folder")
    found = folder_entries(seeds_dir, ".txt")
    for path in [*found, *folder_entries(seeds_dir, ".yaml")]:
        check_regular(path, ArticleError)
    if not found:
        raise ArticleError(f"{seeds_dir}: folder has no *.txt articles")
    return found


_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ][0-9:.+\-Z]*)?)?)?")


def _yaml_loader():
    """yaml's safe loader, but leaving dates as the text they were written as (so that a
    date that does not exist is named by us, not a ValueError from deep inside yaml)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return Loader


def _published(side: Path, value: object) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) that exists, or ArticleError naming it."""
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
    side = article.path.with_suffix(".yaml")
    return [{"file": display_path(side, root), "field": "published",
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
    size = check_regular(path, ArticleError).st_size
    target = None if within is None else _outside(path, within)
    if target is not None:
        raise ArticleError(
            f"{path}: resolves outside the project (to {target}); only files inside the "
            "project are read, so copy the article into seeds/ instead of linking to it")
    if size == 0:
        raise ArticleError(f"{path}: empty file")
    if size > max_bytes:
        raise ArticleError(
            f"{path}: {size:,} bytes is larger than the {max_bytes / 1024 / 1024:g} MB limit "
            "for one article")
    raw = read_input(path, ArticleError)
    utf16 = _utf16(raw)
    if utf16:
        name, how, iconv = utf16
        raise ArticleError(
            f"{path}: {name} text ({how}), not UTF-8; convert it with "
            f"`iconv -f {iconv} -t UTF-8 {path.name} > {path.stem}.utf8.txt` "
            "and replace the file with the result")
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


def _visible(char: str) -> bool:
    """Not whitespace of any script (NBSP, ideographic space …) nor an invisible format
    character (zero-width space, joiners, byte-order mark)."""
    return not (char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Cc"))


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
