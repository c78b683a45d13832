"""Web pages in: HTML (files, JSONL ``html`` fields) and WARC responses, to Documents with structure.

Crawls arrive as HTML, often in WARC files. trafilatura, the field's reference extractor, finds
the article; its XML output keeps the page's structure, which becomes the Document's text (one
block per paragraph, heading, list item, table row or image caption) plus
:class:`~quality.document.StructureSpan` s that say which lines are headings, captions, list
items or table rows, so detectors can use the structure instead of guessing it from text.
Offsets in reports index this extracted text. Needs ``pip install 'quality[html]'``
(``'quality[warc]'`` for WARC files).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quality.document import Document, InputError, Item, StructureSpan

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
_MIN_CAPTION_WORDS = 5  # image alt text shorter than this is a label ("print header logo"), not a caption


def is_html_path(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)


def is_warc_path(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


class _Builder:
    """The extracted text, block by block, with the span of each structured block."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[StructureSpan] = []

    def block(self, text: str, kind: str | None = None, *, tight: bool = False) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if self.parts:
            sep = "\n" if tight else "\n\n"
            self.parts.append(sep)
            self.size += len(sep)
        if kind:
            self.spans.append(StructureSpan(kind, self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def _walk(element: Any, out: _Builder, images: _Images) -> None:
    for child in element:
        tag = child.tag
        if tag == "head":
            out.block(_text(child), "heading")
        elif tag == "p":
            out.block(_text(child))
        elif tag == "list":
            for i, item in enumerate(child.iter("item")):
                _caption(item, out, images)
                words = _text(item, skip_graphics=True)
                out.block(f"- {words}" if words else "", "list", tight=i > 0)
        elif tag == "table":
            for i, row in enumerate(child.iter("row")):
                cells = [_text(cell) for cell in row.iter("cell")]
                out.block(" | ".join(c for c in cells if c), "table", tight=i > 0)
        elif tag == "graphic":
            _caption(child, out, images)
        else:
            _walk(child, out, images)


def _caption(element: Any, out: _Builder, images: _Images) -> None:
    for graphic in element.iter("graphic"):
        caption = images.caption(graphic.get("src") or "", graphic.get("title") or "", graphic.get("alt") or "")
        if len(caption.split()) >= _MIN_CAPTION_WORDS:
            out.block(caption, "caption")


def _text(element: Any, *, skip_graphics: bool = False) -> str:
    """An element's text; ``<lb/>`` and nested blocks become spaces (the block is one line)."""
    parts = [element.text or ""]
    for node in element.iterdescendants():
        if not (skip_graphics and node.tag == "graphic"):
            parts.append(node.text or "")
        parts.append(node.tail or "")
    return " ".join(" ".join(parts).split())


def document_from_html(html: str | bytes, doc_id: str, url: str | None = None) -> Item:
    """One page to a Document (text and structure), or a named error when trafilatura is missing
    or finds no article in the page."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError:
        return InputError(doc_id, f"{doc_id}: reading HTML needs trafilatura: pip install 'quality[html]'",
                          url, kind="missing_extra")  # fmt: skip
    try:
        xml = trafilatura.extract(
            html, url=url, output_format="xml", include_tables=True, include_images=True,
            include_comments=False, with_metadata=True,
        )  # fmt: skip
    except Exception as exc:  # trafilatura on a hostile page: that page's error, never the run's
        return InputError(doc_id, f"{doc_id}: HTML extraction failed ({type(exc).__name__})", url, kind="bad_html")
    if not xml:
        return InputError(doc_id, f"{doc_id}: no article text found in the HTML", url, kind="no_article")
    root = etree.fromstring(xml.encode("utf-8"))
    out = _Builder()
    images = _images(html)
    for main in root.iter("main"):
        _walk(main, out, images)
    text = out.text()
    if not text.strip():
        return InputError(doc_id, f"{doc_id}: no article text found in the HTML", url, kind="no_article")
    source = url or root.get("url") or None
    return Document(text, doc_id, source, root.get("title") or None, tuple(out.spans))


@dataclass
class _Images:
    """What the page's HTML says about its images, which trafilatura's output does not keep:
    each figure image's ``<figcaption>``, and which images are teasers (see :func:`_images`)."""

    figcaptions: dict[str, str] = field(default_factory=dict)
    teasers: set[str] = field(default_factory=set)

    def caption(self, src: str, title: str, alt: str) -> str:
        """The caption a reader sees: the figcaption, else the title or alt text, except for a
        teaser, whose alt text is the headline of the page it links to, not a caption."""
        if src in self.figcaptions:
            return self.figcaptions[src]
        return "" if src in self.teasers else (title or alt)


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?$", re.I)


def _images(html: str | bytes) -> _Images:
    """Figure captions (``img src -> figcaption``: trafilatura keeps an image's alt text but
    drops its figcaption) and teasers: images inside a link to another page (not to a larger
    copy of the image, not an in-page anchor), the related-stories strips and video thumbnails
    whose alt text is another story's headline."""
    import lxml.html

    try:
        page = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return _Images()
    figcaptions = {}
    for figure in page.iter("figure"):
        caption = next(figure.iter("figcaption"), None)
        text = " ".join(caption.text_content().split()) if caption is not None else ""
        if text:
            for img in figure.iter("img"):
                if img.get("src"):
                    figcaptions[img.get("src")] = text
    teasers = {img.get("src") for img in page.iter("img") if img.get("src") and _links_elsewhere(img)}
    return _Images(figcaptions, teasers)


def _links_elsewhere(img: Any) -> bool:
    for link in img.iterancestors("a"):
        href = (link.get("href") or "").strip()
        return bool(href) and not href.startswith(("#", "javascript:")) and not _IMAGE_FILE.search(href)
    return False


def read_html_file(path: Path, source: str | None, max_bytes: int) -> Item:
    import gzip

    name = str(path)
    data = path.read_bytes()
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            return InputError(name, f"{name}: damaged gzip ({exc})", source, kind="damaged_archive")
    if len(data) > max_bytes:
        return InputError(name, f"{name}: over the {max_bytes:,}-byte limit (--max-bytes)", source, kind="too_large")
    return document_from_html(data, name, source)


def read_warc(path: str, max_bytes: int) -> Iterator[Item]:
    """One item per HTTP response in a WARC file: a Document for each HTML page, a named error
    for any other content type; a truncated or damaged file ends with one error for the rest."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield InputError(path, f"{path}: reading WARC needs warcio: pip install 'quality[warc]'", kind="missing_extra")
        return
    try:
        with open(path, "rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                if record.rec_type != "response":
                    continue  # warcinfo, request and metadata records are not documents
                uri = record.rec_headers.get_header("WARC-Target-URI") or None
                rid = record.rec_headers.get_header("WARC-Record-ID") or f"{path}:record {n}"
                ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
                if "html" not in ctype.lower():
                    yield InputError(rid, f"{path}: record {n} ({uri}) is {ctype or 'not HTML'}, not an HTML page",
                                     uri, kind="not_html")  # fmt: skip
                    continue
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield InputError(
                        rid, f"{path}: record {n} over the {max_bytes:,}-byte limit", uri, kind="too_large"
                    )
                    continue
                missing = getattr(record.raw_stream, "limit", 0)  # bytes the record's length promised but never came
                if missing:
                    message = f"{path}: record {n} ({uri}) is truncated ({missing:,} bytes missing)"
                    yield InputError(rid, message, uri, kind="truncated_archive")
                    continue
                yield document_from_html(body, rid, uri)
    except Exception as exc:  # truncated gzip member, bad WARC header: the rest of this file
        yield InputError(path, f"{path}: read failed after the records above ({type(exc).__name__}: {exc})",
                         kind="read_failed")  # fmt: skip
