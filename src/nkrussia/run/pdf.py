"""What the report needs from the PDF Chromium prints, read and written by hand.

* :func:`outline_pages` — the page each heading lands on, from the PDF's outline (Chromium
  writes one from the headings), so the contents can carry page numbers: the page is
  printed, the numbers are put into the contents, and it is printed again.
* :func:`add_xmp` — title, language and date as XMP metadata, added as an incremental
  update (new objects and a cross-reference section appended after ``%%EOF``): nothing of
  Chromium's file moves, and the result is the same bytes for the same input.

No PDF library is in the lock; Chromium's files are uncompressed object dictionaries with a
classic cross-reference table, which is all this reads. Anything unexpected leaves the PDF
as it was (the contents then have no page numbers).
"""

from __future__ import annotations

import bisect
import re

_OBJ = re.compile(rb"(?m)^(\d+) 0 obj\s*(<<.*?)endobj", re.S)
_KIDS = re.compile(rb"/Kids \[([^\]]*)\]")
_REF = re.compile(rb"(\d+) 0 R")
_TITLE = re.compile(rb"/Title (\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)")
_DEST = re.compile(rb"/Dest \[(\d+) 0 R")
_ROOT = re.compile(rb"/Root (\d+) 0 R")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SIZE = re.compile(rb"/Size (\d+)")
_INFO = re.compile(rb"/Info (\d+) 0 R")


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(pdf)}


def _pdf_string(raw: bytes) -> str:
    """A PDF string object (literal or hex; PDFDocEncoding or UTF-16BE) as text."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(re.sub(rb"\s", b"", raw[1:-1]).decode())
    else:
        body, out, i = raw[1:-1], bytearray(), 0
        escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
        while i < len(body):
            c = body[i:i + 1]
            if c == b"\\" and i + 1 < len(body):
                nxt = body[i + 1:i + 2]
                octal = re.match(rb"[0-7]{1,3}", body[i + 1:i + 4])
                if octal:
                    out.append(int(octal.group(0), 8) & 0xFF)
                    i += 1 + len(octal.group(0))
                    continue
                out += escapes.get(nxt, nxt)
                i += 2
                continue
            out += c
            i += 1
        data = bytes(out)
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", errors="replace")
    return data.decode("latin-1")


def _pages(objects: dict[int, bytes], node: int, out: list[int], depth: int = 0) -> None:
    body = objects.get(node, b"")
    kids = _KIDS.search(body)
    if kids is None or depth > 20:
        out.append(node)
        return
    for ref in _REF.findall(kids.group(1)):
        _pages(objects, int(ref), out, depth + 1)


def outline_pages(pdf: bytes) -> list[tuple[str, int]]:
    """(heading, page number from 1) for every entry of the PDF's outline, in order."""
    objects = _objects(pdf)
    root = _ROOT.search(pdf[-2000:] if len(pdf) > 2000 else pdf)
    if root is None:
        return []
    catalog = objects.get(int(root.group(1)), b"")
    pages_ref = re.search(rb"/Pages (\d+) 0 R", catalog)
    if pages_ref is None:
        return []
    order: list[int] = []
    _pages(objects, int(pages_ref.group(1)), order)
    index = {obj: i + 1 for i, obj in enumerate(order)}
    out = []
    for num in sorted(objects):
        body = objects[num]
        title, dest = _TITLE.search(body), _DEST.search(body)
        if title and dest and b"/Parent" in body and int(dest.group(1)) in index:
            out.append((_pdf_string(title.group(1)), index[int(dest.group(1))]))
    return out


def pdf_title(pdf: bytes) -> str:
    """The document title Chromium wrote in the Info dictionary (the page's <title>)."""
    info = _INFO.search(pdf[-2000:])
    body = _objects(pdf[:20000]).get(int(info.group(1))) if info else None
    title = _TITLE.search(body or b"")
    return _pdf_string(title.group(1)) if title else ""


def _xml(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def xmp_packet(title: str, language: str, date: str | None, producer: str) -> bytes:
    created = f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}" \
              "</xmp:ModifyDate>" if date else ""
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_xml(title)}</rdf:li></rdf:Alt>'
        f"</dc:title><dc:language><rdf:Bag><rdf:li>{_xml(language)}</rdf:li></rdf:Bag>"
        f"</dc:language><dc:format>application/pdf</dc:format>{created}"
        f"<pdf:Producer>{_xml(producer)}</pdf:Producer>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>\n"
        '<?xpacket end="r"?>').encode()


# --------------------------------------------------------------------------------------------
# writing: an incremental update (new versions of some objects, appended)
# --------------------------------------------------------------------------------------------

_STREAM = re.compile(rb"(?m)^(\d+) 0 obj\s*<<([^>]*?/Filter /FlateDecode[^>]*?)>>\s*stream\r?\n",
                     re.S)
_LENGTH = re.compile(rb"/Length (\d+)")
_CONTENT_TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\b(BDC|BMC|EMC|BT|ET)\b")
ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC\n"


def _artifact_text(content: bytes) -> bytes | None:
    """Text objects drawn outside any marked content (the page footer, from the page's
    @page margin boxes) wrapped as pagination artifacts; None when there are none."""
    depth, out, pos, start, changed = 0, [], 0, None, False
    for m in _CONTENT_TOKEN.finditer(content):
        op = m.group(1)
        if op in (b"BDC", b"BMC"):
            depth += 1
        elif op == b"EMC":
            depth = max(0, depth - 1)
        elif op == b"BT" and depth == 0:
            start = m.start()
        elif op == b"ET" and depth == 0 and start is not None:
            out += [content[pos:start], ARTIFACT, content[start:m.end()], b"\nEMC"]
            pos, start, changed = m.end(), None, True
    if not changed:
        return None
    out.append(content[pos:])
    return b"".join(out)


def _content_streams(pdf: bytes) -> dict[int, bytes]:
    """Page content streams (decompressed), by object number."""
    import zlib

    contents = set()
    for body in _objects(pdf).values():
        if re.search(rb"/Type /Page\b", body):
            contents.update(int(n) for n in re.findall(rb"/Contents (\d+) 0 R", body))
    out = {}
    for m in _STREAM.finditer(pdf):
        num = int(m.group(1))
        length = _LENGTH.search(m.group(2))
        if num in contents and length:
            try:
                out[num] = zlib.decompress(pdf[m.end():m.end() + int(length.group(1))])
            except zlib.error:
                continue
    return out


def _update(pdf: bytes, new: dict[int, bytes], size: int) -> bytes:
    """``pdf`` with the objects in ``new`` (number -> the bytes between ``obj`` and
    ``endobj``) appended as an incremental update."""
    tail = _STARTXREF.search(pdf)
    root = _ROOT.search(pdf[-2000:])
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for num in sorted(new):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode() + new[num] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for num in sorted(offsets):
        out += f"{num} 1\n{offsets[num]:010d} 00000 n \n".encode()
    info = _INFO.search(pdf[-2000:])
    out += (f"trailer\n<</Size {size}\n/Root {root.group(1).decode()} 0 R\n"
            + (f"/Info {info.group(1).decode()} 0 R\n" if info else "")
            + f"/Prev {tail.group(1).decode()}>>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


_XREF_TABLE = re.compile(rb"xref\r?\n0 (\d+)\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])[ \r]\n")


def relative_links(pdf: bytes, base: str) -> bytes:
    """Links to files beside the printed page made relative to the PDF again.

    Chromium writes a relative link (``articles/x.html#fig-…``) as the absolute ``file://``
    URL it resolved against the page's folder — here the run's staging folder, which is
    gone once the run publishes and is named after the run's process: the links led
    nowhere and two prints of one page differed. ``base`` (that folder's URL, with a final
    ``/``) is cut from every such link; the objects after each shortened link move, so the
    cross-reference table is rewritten with their new offsets (its entries are fixed-width:
    it keeps its size) and so is ``startxref``. Unchanged when the file is not laid out as
    Chromium writes it (one classic table, every entry pointing at its object)."""
    prefix = b"/URI (" + base.encode()
    tail = _STARTXREF.search(pdf)
    if prefix not in pdf or tail is None or pdf.count(b"startxref") != 1:
        return pdf
    xref = int(tail.group(1))
    table = _XREF_TABLE.match(pdf, xref)
    if table is None:
        return pdf
    count, start = int(table.group(1)), table.end()
    entries = list(_XREF_ENTRY.finditer(pdf, start, start + 20 * count))
    if len(entries) != count or any(e.start() != start + 20 * i for i, e in enumerate(entries)):
        return pdf
    cuts, pos = [], pdf.find(prefix, 0, xref)
    while pos >= 0:
        cuts.append(pos)
        pos = pdf.find(prefix, pos + len(prefix), xref)
    if not cuts:
        return pdf
    cut = len(base)

    def moved(offset: int) -> int:
        return offset - cut * bisect.bisect_left(cuts, offset)

    rows = []
    for num, e in enumerate(entries):
        offset, gen, kind = int(e.group(1)), e.group(2), e.group(3)
        if kind == b"n":
            if not pdf.startswith(b"%d %d obj" % (num, int(gen)), offset):
                return pdf
            offset = moved(offset)
        rows.append(b"%010d %s %s" % (offset, gen, kind) + pdf[e.end() - 2:e.end()])
    body = pdf[:xref].replace(prefix, b"/URI (")
    trailer = pdf[start + 20 * count:tail.start()]
    return (body + pdf[xref:start] + b"".join(rows) + trailer
            + b"startxref\n%d\n%%%%EOF\n" % moved(xref))


def finish(pdf: bytes, title: str, language: str = "en", date: str | None = None) -> bytes:
    """The printed report made whole, in one incremental update: XMP metadata (title,
    language, date) and ``/Lang`` in the catalog; text drawn outside the structure tree
    (the footer) marked as pagination artifacts. Unchanged when the file is not the kind
    Chromium writes (then nothing here is needed or safe)."""
    import zlib

    tail, root = _STARTXREF.search(pdf), _ROOT.search(pdf[-2000:])
    size = _SIZE.search(pdf[-2000:])
    if tail is None or root is None or size is None or b"/Metadata" in pdf[-4000:]:
        return pdf
    catalog_num = int(root.group(1))
    catalog = _objects(pdf).get(catalog_num)
    if catalog is None or not catalog.rstrip().endswith(b">>"):
        return pdf
    meta_num = int(size.group(1))
    packet = xmp_packet(title, language, f"{date}T00:00:00Z" if date else None,
                        "nkrussia with Chromium (Skia/PDF)")
    body = re.sub(rb"/Lang \((?:\\.|[^\\)])*\)", b"", catalog.rstrip()[:-2])
    new = {
        meta_num: (f"<</Type /Metadata /Subtype /XML /Length {len(packet)}>>\nstream\n"
                   .encode() + packet + b"\nendstream"),
        catalog_num: body + b"\n/Lang (" + language.encode() + b")\n/Metadata "
        + str(meta_num).encode() + b" 0 R>>",
    }
    for num, content in _content_streams(pdf).items():
        marked = _artifact_text(content)
        if marked is not None:
            data = zlib.compress(marked, 9)
            new[num] = (f"<</Filter /FlateDecode\n/Length {len(data)}>>\nstream\n".encode()
                        + data + b"\nendstream")
    return _update(pdf, new, meta_num + 1)
