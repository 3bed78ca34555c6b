"""Hostile input that must not reach the reader: script URLs, links out of the project."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from nkrussia import articles
from nkrussia.articles import ArticleError, safe_url

from .conftest import run_cli


@pytest.mark.parametrize("url, ok", [
    ("https://www.example.org/a?b=c#d", True),
    ("http://example.org", True),
    ("  https://example.org/x  ", True),
    ("HTTPS://EXAMPLE.ORG/", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("\x01javascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox(1)", False),
    ("file:///etc/passwd", False),
    ("//evil.example/x", False),       # scheme-relative: not a URL we were given
    ("https:///no-host", False),
    ("mailto:someone@example.org", False),
    ("www.example.org", False),        # no scheme: shown as text
    ("", False),
    (None, False),
    (42, False),
])
def test_only_http_urls_may_become_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_a_link_out_of_the_project_is_refused(tmp_path: Path):
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    outside = tmp_path / "secret.txt"
    outside.write_text("The password is 7,000 troops.\n", encoding="utf-8")
    link = project / "seeds" / "secret.txt"
    link.symlink_to(outside)
    with pytest.raises(ArticleError, match=r"secret\.txt: resolves outside the project"):
        articles.load_article(link, within=project)
    # a folder linked in from outside is refused the same way
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.txt").write_text("About 3,000 troops.\n", encoding="utf-8")
    (project / "seeds" / "linked").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ArticleError, match="resolves outside the project"):
        articles.load_article(project / "seeds" / "linked" / "a.txt", within=project)
    # a link that stays inside the project is an ordinary article
    (project / "archive").mkdir()
    (project / "archive" / "b.txt").write_text("Some 2,000 troops.\n", encoding="utf-8")
    (project / "seeds" / "b.txt").symlink_to(project / "archive" / "b.txt")
    assert articles.load_article(project / "seeds" / "b.txt", within=project).doc_id == "b"


def test_published_paths_are_never_absolute(tmp_path: Path):
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    inside = root / "seeds" / "a.txt"
    assert articles.display_path(inside, root) == "seeds/a.txt"
    # outside the project and the working directory: the bare file name
    assert articles.display_path(Path("/usr/share/doc/x.txt"), root) == "x.txt"


@pytest.mark.slow
def test_a_symlink_to_etc_passwd_stops_the_run(project: Path):
    (project / "seeds" / "passwd.txt").symlink_to("/etc/passwd")
    result = run_cli(project, "run")
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "passwd.txt" in lines[0] and "outside the project" in lines[0]
    assert not (project / "report").exists() and not (project / "data" / "extracted").exists()


@pytest.mark.slow
def test_a_javascript_url_in_a_sidecar_is_text_not_a_link(project: Path):
    seed = next((project / "seeds").glob("*.txt"))
    seed.with_suffix(".yaml").write_text(
        'title: "A hostile sidecar"\nurl: "javascript:alert(1)"\n', encoding="utf-8")
    result = run_cli(project, "run")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "report" / "report.html").read_text(encoding="utf-8")
    hrefs = re.findall(r"""href\s*=\s*["']?\s*([^"'\s>]+)""", html, flags=re.I)
    assert hrefs and not [h for h in hrefs if h.lower().startswith(("javascript", "vbscript"))]
    assert "javascript:alert(1)" in html  # shown, as text
    pdf = (project / "report" / "report.pdf").read_bytes()
    assert b"javascript" not in pdf.lower()
    text = subprocess.run(["pdftotext", str(project / "report" / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "A hostile sidecar" in " ".join(text.split())
    docs = pd.read_csv(project / "data" / "extracted" / "documents.csv", dtype=str)
    assert not docs["path"].str.startswith("/").any()
