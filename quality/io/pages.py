"""Web pages in: HTML (files, JSONL ``html`` fields) and WARC responses, to Documents with structure.

Crawls arrive as HTML, often in WARC files. trafilatura, the field's reference extractor, finds
the article; its XML output keeps the page's structure, which becomes the Document's text (one
block per paragraph, heading, list item, table row or image caption) plus
:class:`~quality.core.document.StructureSpan` s that say which lines are headings, captions, list
items or table rows, so detectors can use the structure instead of guessing it from text.
Offsets in reports index this extracted text. Needs ``pip install 'quality[html]'``
(``'quality[warc]'`` for WARC files).
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from quality.core.deadline import OutOfTime, deadline
from quality.core.document import Document, InputError, Item, StructureSpan
from quality.core.domains import normalise_domain, same_site
from quality.io.extras import missing_extra
from quality.io.page_blocks import Block, BlockIndex, page_blocks

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
_MIN_CAPTION_WORDS = 5  # image alt text shorter than this is a label ("print header logo"), not a caption


def is_html_path(path: str) -> bool:
    return path.lower().endswith(HTML_SUFFIXES)


def is_warc_path(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


class _Builder:
    """The extracted text, block by block, with the span of each structured block."""

    def __init__(self, unglue: Callable[[str], str] = str, captions_before: Callable[[str], list[str]] | None = None):
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[StructureSpan] = []
        self.blocks: list[tuple[int, int]] = []
        self.unglue = unglue
        self.captions_before = captions_before

    def block(self, text: str, kind: str | None = None, *, tight: bool = False) -> str:
        """Add one block (nothing when it is empty), after any caption the page shows before it
        that the extraction left out; the block's text as added."""
        text = self.unglue(" ".join(text.split()))
        if not text:
            return ""
        if self.captions_before and kind != "caption":
            for caption in self.captions_before(text):
                self._add(caption, "caption", False)
        return self._add(text, kind, tight)

    def _add(self, text: str, kind: str | None, tight: bool) -> str:
        if self.parts:
            sep = "\n" if tight else "\n\n"
            self.parts.append(sep)
            self.size += len(sep)
        if kind:
            self.spans.append(StructureSpan(kind, self.size, self.size + len(text)))
        self.blocks.append((self.size, self.size + len(text)))
        self.parts.append(text)
        self.size += len(text)
        return text

    def text(self) -> str:
        return "".join(self.parts)


def _walk(element: Any, out: _Builder, page: _PageFacts) -> None:
    for child in element:
        tag = child.tag
        if tag == "head":
            _link(out.block(_text(child), "heading"), out, page)
        elif tag == "p":
            _paragraph(_text(child), out, page)
        elif tag == "list":
            for i, item in enumerate(child.iter("item")):
                _caption(item, out, page)
                words = _text(item, skip_graphics=True)
                _link(out.block(f"- {words}" if words else "", "list", tight=i > 0), out, page, marker=2)
        elif tag == "table":
            for i, row in enumerate(child.iter("row")):
                cells = [_text(cell) for cell in row.iter("cell")]
                out.block(" | ".join(c for c in cells if c), "table", tight=i > 0)
        elif tag == "graphic":
            _caption(child, out, page)
        else:
            _walk(child, out, page)
        if child.tail and child.tail.strip():  # text after a block ("</p>Then ..."): a block of its own
            _paragraph(child.tail, out, page)


def _paragraph(text: str, out: _Builder, page: _PageFacts) -> None:
    """A paragraph; one that opens with a caption the page shows ("Mr Sarkozy said the move
    ensured France's independence French President Nicolas Sarkozy has announced...", where
    extraction joined a photo's caption to the story) becomes the caption, then the rest."""
    squashed = _squash(text)
    caption = page.caption_opening(squashed)
    if caption:
        out.block(caption, "caption")
        squashed = squashed[len(caption) :].strip()
    _link(out.block(squashed), out, page)


def _link(block: str, out: _Builder, page: _PageFacts, marker: int = 0) -> None:
    """Mark the block just added when it is wholly the text of a link to another page of the
    site (``marker``: the length of its list marker)."""
    target = page.links.get(block[marker:]) if block else None
    if target:
        out.spans.append(StructureSpan("link", out.size - len(block), out.size, target))


def _caption(element: Any, out: _Builder, page: _PageFacts) -> None:
    for graphic in element.iter("graphic"):
        caption = page.caption(graphic.get("src") or "", graphic.get("title") or "", graphic.get("alt") or "")
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


@dataclass
class PendingPage:
    """A page read but not yet extracted. Extraction is the costly step (seconds for a large
    page), so it runs where the scoring runs, in ``filter``'s worker processes, and inside the
    policy's time budget: :meth:`load` stops it when the budget runs out."""

    html: str | bytes
    id: str
    source: str | None = None
    record: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)

    def load(self, budget: float = 0.0) -> Item:
        """The page as a Document, or its named error (``time_budget`` when extraction ran out of time)."""
        _warm_up()
        try:
            with deadline(budget):
                page = document_from_html(self.html, self.id, self.source)
        except OutOfTime:
            message = (f"{self.id}: HTML extraction took over the {budget:g} s time budget (policy time_budget); "
                       f"{len(self.html):,} bytes")  # fmt: skip
            page = InputError(self.id, message, self.source, kind="time_budget")
        page.record = self.record
        if isinstance(page, Document):
            page.warnings = [*self.warnings, *page.warnings]
        return page


@functools.cache
def _warm_up() -> None:
    """Import the extractor once per process, outside any page's time budget."""
    with contextlib.suppress(ImportError):
        import trafilatura  # noqa: F401


def resolve(item: Item | PendingPage, budget: float = 0.0) -> Item:
    """Any item as a Document or an error: a pending page is extracted here."""
    return item.load(budget) if isinstance(item, PendingPage) else item


def document_from_html(html: str | bytes, doc_id: str, url: str | None = None) -> Item:
    """One page to a Document (text and structure), or a named error when trafilatura is missing
    or finds no article in the page."""
    try:
        import trafilatura
        from lxml import etree
    except ImportError as exc:
        return InputError(doc_id, f"{doc_id}: reading HTML {missing_extra(exc, 'html')}", url, kind="missing_extra")
    try:
        xml = trafilatura.extract(
            html, url=_usable_url(url), output_format="xml", include_tables=True, include_images=True,
            include_comments=False, with_metadata=True,
        )  # fmt: skip
    except Exception as exc:  # trafilatura on a hostile page: that page's error, never the run's
        return InputError(doc_id, f"{doc_id}: HTML extraction failed ({type(exc).__name__})", url, kind="bad_html")
    if not xml:
        return InputError(doc_id, f"{doc_id}: no article text found in the HTML", url, kind="no_article")
    root = etree.fromstring(xml.encode("utf-8"))
    source = url or root.get("url") or None
    tree = parse_page(html)
    page = _page_facts(tree, [u for u in (url, root.get("url")) if u])
    extracted = _squash(" ".join(main.xpath("string()") for main in root.iter("main")))
    shown = {page.caption(g.get("src") or "", g.get("title") or "", g.get("alt") or "") for g in root.iter("graphic")}
    out = _Builder(page.unglue, _CaptionPlacer(page, extracted, shown).before)
    for main in root.iter("main"):
        _walk(main, out, page)
    text = out.text()
    if not text.strip():
        return InputError(doc_id, f"{doc_id}: no article text found in the HTML", url, kind="no_article")
    spans = [*out.spans, *_chrome_blocks(text, out.blocks, page)]
    doc = Document(text, doc_id, source, root.get("title") or None, tuple(sorted(spans, key=_span_order)))
    doc.warnings = _unchecked_captions(text, page)
    return doc


def _unchecked_captions(text: str, page: _PageFacts) -> list[str]:
    """Captions the page shows that the extracted text does not hold, so no detector checks
    them: named in the report rather than passed over in silence."""
    squashed = _squash(text)
    missing = sorted(c for c in page.captions if len(c.split()) >= _MIN_CAPTION_WORDS and c not in squashed)
    if not missing:
        return []
    first = missing[0] if len(missing[0]) <= 80 else missing[0][:77] + "..."
    return [f"{len(missing)} caption(s) on the page are not in the extracted text and were not checked, e.g. {first!r}"]


class _CaptionPlacer:
    """Puts back the captions of the article's own photos that extraction left out, where the
    page shows them: before the first extracted block that comes after the caption on the page.
    Only a ``<figcaption>`` of an image that does not link to another page, from a few blocks
    above the article's first extracted block to its last; captions outside the article (a
    sidebar's teasers, a video strip) stay out, and the report names them."""

    LEAD = 8  # page blocks above the first extracted one where a lead photo's caption may sit

    def __init__(self, page: _PageFacts, extracted: str, kept: set[str]):
        self.index = page.index
        photos = {c for src, c in page.figcaptions.items() if src not in page.teasers}  # not a teaser's caption
        at = {c: self.index.find(c) for c in photos if len(c.split()) >= _MIN_CAPTION_WORDS}
        left_out = {c: k for c, k in at.items() if k is not None and c not in extracted and c not in kept}
        self.pending = sorted((k, c) for c, k in left_out.items())
        self.started = False

    def before(self, text: str) -> list[str]:
        """The left-out captions to place before this extracted block."""
        if not self.pending:
            return []
        k = self.index.find(text)
        if k is None:
            return []
        low = -1 if self.started else k - self.LEAD
        self.started = True
        placed = [c for j, c in self.pending if low <= j < k]
        self.pending = [(j, c) for j, c in self.pending if j >= k]
        return placed


def _span_order(span: StructureSpan) -> tuple[int, int, str]:
    return span.start, span.end, span.kind


def _chrome_blocks(text: str, blocks: list[tuple[int, int]], page: _PageFacts) -> list[StructureSpan]:
    """A ``chrome`` span for each extracted block that the page-block model calls chrome: the
    extracted block is matched to the page block it came from, and that block's P(chrome),
    read with the page around it, decides. ``target`` says why."""
    if not page.blocks or not blocks:
        return []
    from quality.io.block_model import contexts, shipped

    model = shipped()
    ctx = contexts(page.blocks)
    p = model.proba(page.blocks, ctx)
    spans = []
    for start, end in blocks:
        i = page.index.find(text[start:end])
        if i is None or p[i] < model.threshold:
            continue
        why = ", ".join(model.drivers(ctx[i])) or "the page around it"
        spans.append(StructureSpan("chrome", start, end, f"page block read as chrome, P={p[i]:.3f} ({why})"))
    return spans


def _usable_url(url: str | None) -> str | None:
    """The page URL for trafilatura, or None when it is not one: given "http://[bad", trafilatura
    discards the whole page, and a record's malformed ``url`` must not cost it its article."""
    try:
        return url if url and urlsplit(url).netloc else None
    except ValueError:
        return None


@dataclass
class _PageFacts:
    """What the page's HTML says that trafilatura's output does not keep: each figure image's
    ``<figcaption>``, which images are teasers, and the links to the site's other pages."""

    figcaptions: dict[str, str] = field(default_factory=dict)
    teasers: set[str] = field(default_factory=set)
    links: dict[str, str] = field(default_factory=dict)  # a link's text -> the other page's URL
    captions: set[str] = field(default_factory=set)  # texts the page marks as captions
    blocks: list[Block] = field(default_factory=list)  # the page's own text blocks
    page_text: str = ""  # those blocks, one per line: where glue the page really has can be found

    @functools.cached_property
    def index(self) -> BlockIndex:
        """Which page block an extracted line came from (built once per page, read by the
        caption placer and the chrome model)."""
        return BlockIndex(self.blocks)

    def caption_opening(self, block: str) -> str:
        """The longest caption of the page (five words or more) that the block is or opens with."""
        found = [c for c in self.captions if block.startswith(c) and len(c.split()) >= _MIN_CAPTION_WORDS]
        return max(found, key=len, default="")

    def unglue(self, block: str) -> str:
        """The extracted block with a space put back wherever extraction joined two of the page's
        blocks ("here.Then" from ``here.</p>Then``): glue the page's own text does not have."""
        if not self.page_text:
            return block
        return _GLUE.sub(lambda m: m[0] if m[0] in self.page_text else f"{m[1]} {m[2]}", block)

    def caption(self, src: str, title: str, alt: str) -> str:
        """The caption a reader sees: the figcaption, else the title or alt text, except for a
        teaser, whose alt text is the headline of the page it links to, not a caption."""
        if src in self.figcaptions:
            return self.figcaptions[src]
        return "" if src in self.teasers else (title or alt)


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:[?#].*)?$", re.I)
_MIN_LINK_WORDS = 3  # "Nation", "TECH": section links are short; a story's headline is not


def parse_page(html: str | bytes) -> Any:
    """The page as an lxml tree, or None. A page that is valid UTF-8 is read as UTF-8: left to
    guess, lxml reads pages without a charset declaration as Latin-1 ("Play…and Pay")."""
    import lxml.etree
    import lxml.html

    parser = None
    if isinstance(html, bytes):
        try:
            html.decode("utf-8")
            parser = lxml.html.HTMLParser(encoding="utf-8")
        except UnicodeDecodeError:
            pass
    try:
        return lxml.html.fromstring(html, parser=parser)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None


_GLUE = re.compile(r"(\w+[.!?,;:])([A-Z]\w*)")


def _page_facts(page: Any, urls: list[str]) -> _PageFacts:
    """Figure captions (``img src -> figcaption``: trafilatura keeps an image's alt text but
    drops its figcaption); teasers: images inside a link to another page (not to a larger copy
    of the image, not an in-page anchor), the related-stories strips and video thumbnails whose
    alt text is another story's headline; and the text of each link to another page of the same
    site, which is what a related-stories list is made of."""
    if page is None:
        return _PageFacts()
    figcaptions = {}
    for figure in page.iter("figure"):
        caption = next(figure.iter("figcaption"), None)
        text = " ".join(caption.text_content().split()) if caption is not None else ""
        if text:
            for img in figure.iter("img"):
                for src in _sources(img, urls):
                    figcaptions[src] = text
    teasers = {src for img in page.iter("img") if _links_elsewhere(img) for src in _sources(img, urls)}
    blocks = page_blocks(page)
    captions = {*figcaptions.values(), *_caption_elements(page)}
    return _PageFacts(
        figcaptions, teasers, _site_links(page, urls), captions, blocks, "\n".join(b.text for b in blocks)
    )


_CAPTION_CLASS = re.compile(r"(?:^|[\s_-])(?:caption|cutline|photo-?credit|wp-caption-text)(?:$|[\s_-])", re.I)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _caption_elements(page: Any) -> set[str]:
    """Texts of every ``<figcaption>`` (with or without an image trafilatura can see) and of
    elements the page's own markup calls captions (``class="image-caption"``, ``cutline``):
    extracted as plain paragraphs, they would otherwise reach the text unchecked."""
    out = set()
    for el in page.iter("*"):
        if el.tag == "figcaption" or (isinstance(el.tag, str) and _CAPTION_CLASS.search(el.get("class") or "")):
            text = _squash(el.text_content())
            if 0 < len(text) <= 400:
                out.add(text)
    return out


def _sources(img: Any, urls: list[str]) -> set[str]:
    """An image's ``src`` as written and resolved against the page's URLs: trafilatura gives it
    resolved when it knows the page's URL."""
    src = (img.get("src") or "").strip()
    if not src:
        return set()
    return {src} | {joined for url in urls if (joined := _join(url, src))}


def _join(base: str, ref: str) -> str | None:
    """``ref`` resolved against ``base``, or None when either is not a URL a reader could follow
    ("http://[ccpa-preferences]/" makes ``urljoin`` raise)."""
    try:
        return urljoin(base, ref)
    except ValueError:
        return None


def _links_elsewhere(img: Any) -> bool:
    for link in img.iterancestors("a"):
        href = (link.get("href") or "").strip()
        return bool(href) and not href.startswith(("#", "javascript:")) and not _IMAGE_FILE.search(href)
    return False


def _site_links(page: Any, urls: list[str]) -> dict[str, str]:
    """Text -> URL of each link to another page of the page's own site (a subdomain counts).
    Without the page's URL only relative links can be told apart from other sites' links."""
    base = urls[0] if urls else ""
    hosts = {normalise_domain(u) for u in urls} - {""}
    itself = {_page_key(u) for u in urls}
    out: dict[str, str] = {}
    for a in page.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        text = " ".join(a.text_content().split())
        if len(text.split()) < _MIN_LINK_WORDS or text in out:
            continue
        target = _join(base, href)
        if target is None:
            continue
        if not urlsplit(target).netloc:  # relative, on a page whose URL we do not know: this site
            out[text] = target
        elif any(same_site(normalise_domain(target), h) for h in hosts) and _page_key(target) not in itself:
            out[text] = target
    return out


def _page_key(url: str) -> str:
    """A URL without scheme, ``www.``, query, fragment or trailing slash: one page, one key."""
    path = url.split("://", 1)[-1].split("#", 1)[0].split("?", 1)[0]
    return normalise_domain(url) + "/" + path.partition("/")[2].rstrip("/")


def read_html_file(path: Path, source: str | None, max_bytes: int) -> Item | PendingPage:
    """One page; a ``.gz`` page is decompressed only up to ``max_bytes`` (a small archive can
    expand to gigabytes), a damaged or truncated one is a named error."""
    import gzip
    import zlib

    name = str(path)
    too_large = InputError(name, f"{name}: over the {max_bytes:,}-byte limit (--max-bytes)", source, kind="too_large")
    try:
        opener = gzip.open if name.lower().endswith(".gz") else open
        with opener(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        kind = "truncated_archive" if isinstance(exc, EOFError) else "damaged_archive"
        return InputError(name, f"{name}: damaged or truncated gzip ({type(exc).__name__}: {exc})", source, kind=kind)
    if len(data) > max_bytes:
        return too_large
    return PendingPage(data, name, source)


def read_warc(path: str, max_bytes: int, stats: Any = None) -> Iterator[Item | PendingPage]:
    """One item per HTML response in a WARC file, named by its page URL; other responses
    (images, CSS, scripts) are counted in ``stats`` as ``not_html``, not errors; a truncated or
    damaged file ends with one error for the rest."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:
        yield InputError(path, f"{path}: reading WARC {missing_extra(exc, 'warc')}", kind="missing_extra")
        return
    n = 0
    held: Item | PendingPage | None = None  # the last record's item, yielded once the next one shows it whole
    try:
        with open(path, "rb") as fh:
            for record, complaint in _records(ArchiveIterator(fh)):
                if complaint:  # warcio found the previous record longer or shorter than its Content-Length
                    message = (f"{path}: record {n} does not end where its Content-Length says ({complaint}); "
                               "its text may be cut or padded")  # fmt: skip
                    rid = held.id if held is not None else f"{path}:record {n}"
                    source = held.source if held is not None else None
                    held, error = None, InputError(rid, message, source, kind="damaged_archive")
                    yield error
                if held is not None:
                    yield held
                if record is None:
                    break
                n += 1
                held = _warc_item(path, n, record, max_bytes, stats)
    except Exception as exc:  # truncated gzip member, bad WARC header: the rest of this file
        if held is not None:  # where the record before the failure ends cannot be checked
            message = f"{path}: record {n} is followed by bytes that are not a WARC record; its end is unverified"
            yield InputError(held.id, message, held.source, kind="damaged_archive")
        yield InputError(path, f"{path}: read failed after the records above ({type(exc).__name__}: {exc})",
                         kind="read_failed")  # fmt: skip
        return
    headers = _warc_headers(path)
    if headers > n:  # records the reader never reached (hidden inside another record's payload)
        message = f"{path}: {headers - n} of {headers} WARC records could not be read (hidden in the record before)"
        yield InputError(path, message, kind="damaged_archive")


def _warc_item(path: str, n: int, record: Any, max_bytes: int, stats: Any) -> Item | PendingPage | None:
    """Record ``n`` as a page, a named error, or None when it is not a page (counted in ``stats``)."""
    if record.rec_headers.get_header("Content-Length") is None:
        message = f"{path}: record {n} has no Content-Length; the records after it cannot be told apart"
        return InputError(f"{path}:record {n}", message, kind="damaged_archive")
    if record.rec_type != "response":
        return None  # warcinfo, request and metadata records are not documents
    uri = record.rec_headers.get_header("WARC-Target-URI") or None
    rid = uri or record.rec_headers.get_header("WARC-Record-ID") or f"{path}:record {n}"
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype.lower():
        if stats is not None:
            stats.skip("not_html")
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(rid, f"{path}: record {n} over the {max_bytes:,}-byte limit", uri, kind="too_large")
    missing = getattr(record.raw_stream, "limit", 0)  # bytes the record's length promised but never came
    if missing:
        message = f"{path}: record {n} ({uri}) is truncated ({missing:,} bytes missing)"
        return InputError(rid, message, uri, kind="truncated_archive")
    return PendingPage(body, rid, uri)


def _records(archive: Any) -> Iterator[tuple[Any, str]]:
    """warcio's records, then None, each with warcio's complaint about the bytes before it (a
    wrong Content-Length), which warcio writes to stderr as a multi-line banner: caught, one line."""
    import io

    records = iter(archive)
    while True:
        caught = io.StringIO()
        with contextlib.redirect_stderr(caught):
            record = next(records, None)
        yield record, " ".join(caught.getvalue().split())[:300]
        if record is None:
            return


_WARC_HEADER = re.compile(rb"(?:\A|\n)WARC/1\.[01]\r?\n")


def _warc_headers(path: str) -> int:
    """How many WARC record headers an uncompressed file holds (0 for a compressed one, whose
    records are separate gzip members the reader cannot lose this way)."""
    if path.lower().endswith(".gz"):
        return 0
    count, tail = 0, b""
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            data = tail + chunk
            count += len(_WARC_HEADER.findall(data))
            tail = data[-16:] if not data.endswith(b"\n") else b""
            count -= len(_WARC_HEADER.findall(tail)) if tail else 0
    return count
