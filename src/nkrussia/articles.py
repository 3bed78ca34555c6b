"""Reading the articles: find them, refuse what is not a usable article, read the sidecar.

This is the boundary where outside input enters the project, so it decides what may be read
at all: only regular files inside the project (a symbolic link in ``seeds/`` that resolves
outside it is refused, so a link to ``/etc/passwd`` is never published), text in UTF-8, and
sidecar URLs that are kept as text (the report makes links only of http/https URLs, see
:func:`safe_url`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from nkrussia.errors import ArticleError

__all__ = ["ArticleError", "Article", "find_articles", "load_article", "safe_url",
           "display_path", "MAX_ARTICLE_BYTES", "SIDECAR_KEYS"]

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
def find_articles(seeds_dir: Path) -> list[Path]:
    """The ``*.txt`` articles in a folder, sorted by name."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.exists():
        raise ArticleError(f"{seeds_dir}: folder not found")
    if not seeds_dir.is_dir():
        raise ArticleError(f"{seeds_dir}: not a folder")
    found = sorted(p for p in seeds_dir.glob("*.txt") if p.is_file())
    if not found:
        raise ArticleError(f"{seeds_dir}: folder has no *.txt articles")
    return found


_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _read_sidecar(path: Path) -> dict[str, str]:
    side = path.with_suffix(".yaml")
    if not side.is_file():
        return {}
    import yaml

    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8"))
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
        if key == "published":
            value = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value).strip()
            if not _DATE_RE.match(value):
                raise ArticleError(f"{side}: published {value!r} is not an ISO date (YYYY-MM-DD)")
            value = _DATE_RE.match(value).group(0)
        meta[key] = str(value)
    return meta


def load_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES,
                 within: Path | None = None) -> Article:
    """Read and validate one article; raise ArticleError (one line, names the file) if unusable.

    ``within``: the project folder; an article that resolves outside it (a symbolic link to
    ``/etc/passwd``, say) is refused. The pipeline and the notebooks always pass it; None (a
    file named on the command line of ``nkrussia extract``) reads the file where it is.
    """
    path = Path(path)
    if not path.exists():
        raise ArticleError(f"{path}: file not found")
    if not path.is_file():
        raise ArticleError(f"{path}: not a file")
    target = None if within is None else _outside(path, within)
    if target is not None:
        raise ArticleError(
            f"{path}: resolves outside the project (to {target}); only files inside the "
            "project are read, so copy the article into seeds/ instead of linking to it")
    size = path.stat().st_size
    if size == 0:
        raise ArticleError(f"{path}: empty file")
    if size > max_bytes:
        raise ArticleError(
            f"{path}: {size:,} bytes is larger than the {max_bytes / 1024 / 1024:g} MB limit "
            "for one article")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ArticleError(f"{path}: binary file (NUL byte at byte offset {nul}), not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"{path}: not UTF-8 (invalid byte 0x{raw[exc.start]:02x} at byte offset "
            f"{exc.start})") from None
    if not text.strip():
        raise ArticleError(f"{path}: empty file (only whitespace)")
    return Article(path.stem, path, text, hashlib.sha256(raw).hexdigest(), _read_sidecar(path))


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
