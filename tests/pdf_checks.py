"""Reading a printed report the way a reader and a screen reader would: its pages as
pictures (how blank), its text per page, its text layer in content order."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def page_texts(pdf: Path) -> list[str]:
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for i in range(1, page_count(pdf) + 1)]


def blank_fractions(pdf: Path, folder: Path, dpi: int = 20) -> list[float]:
    """Per page, the share of the printable height (inside the margins, above the footer)
    where a row of pixels is all white."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(folder / "p")],
                   check=True)
    out = []
    for pgm in sorted(folder.glob("p-*.pgm")):
        data = pgm.read_bytes()
        m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
        w, h = int(m.group(1)), int(m.group(2))
        pixels = data[m.end():]
        top, bottom = int(h * 16 / 297), int(h * (1 - 22 / 297))  # A4 margins, footer
        rows = [pixels[y * w:(y + 1) * w] for y in range(top, bottom)]
        blank = sum(1 for row in rows if min(row) > 245)
        out.append(blank / max(1, len(rows)))
    return out


def glued_words(pdf: Path, visible_text: str) -> list[str]:
    """Words of the text layer (in content order, as text extraction and assistive tools
    read it) that are two of the page's words run together."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", visible_text)
    pairs = {a + b for a, b in zip(words, words[1:], strict=False)}
    raw = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return [t for t in re.findall(r"[A-Za-z][A-Za-z'’-]*", raw)
            if t in pairs and t not in set(words)]
