"""Crawl government portals from seed URLs and hand over the pages that are work reports.

``crawl(seeds, ...)`` fetches each seed (a column/listing page or a single article), follows
pagination (下一页/尾页, index_1.html, ?page=2, TRS ``createPageHTML`` scripts, page numbers)
and article links on the seeds' hosts, and sorts every fetched page into

* ``documents``: report pages (``transforms.report_filter.looks_like_report``), bytes as received;
* ``skipped``: fetched pages that are not reports (listings, notices, news);
* ``unchanged``: pages answered 304 or with the same content hash as last time;
* ``rejects``: pages that could not be fetched or were refused, with a reason a person understands.

Politeness and safety live in ``http_fetch`` (one request at a time per site, delay, retries with
backoff, size cap, manual redirects) and ``url_policy`` (normalisation, scope, no private
addresses for hosts other than the seeds'); robots.txt is read once per site with ``protego``.
State for incremental re-crawls is ``crawl_state``.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import lxml.html
from lxml import etree
from protego import Protego

from flows.adapters.base import Ingested, SourceDocument, SourceReject
from flows.adapters.crawl_state import CrawlState, PageState
from flows.adapters.http_fetch import (
    ROBOTS_AGENT,
    USER_AGENT,
    Fetcher,
    FetchError,
    Response,
    http_reason,
)
from flows.adapters.url_policy import (
    PRIORITY_PAGINATION,
    PRIORITY_SEED,
    UrlPolicy,
    link_priority,
    normalise_url,
    site_of,
)
from transforms.decode import decode_bytes
from transforms.page import extract_page
from transforms.records import TransformError
from transforms.report_filter import looks_like_report

HTML_TYPES = ("text/html", "application/xhtml+xml")
TEXT_TYPES = ("text/plain",)
MAX_SCRIPT_PAGES = 500  # a createPageHTML(n, ...) claiming more pages than this is not believed
MAX_CRAWL_DELAY = 60.0  # seconds; robots.txt Crawl-delay is obeyed up to this
SAVE_EVERY = 20  # pages between state saves, so an interrupted crawl keeps most of its memory

# TRS/WCM listing pages build their page bar in JavaScript:
#   createPageHTML(10, 0, "index", "html")  or  createPageHTML('page_div', 10, 0, 'index', 'html', 20)
# meaning pages index.html, index_1.html … index_9.html next to the current page.
_CREATE_PAGE_HTML = re.compile(
    r"""createPageHTML\(\s*(?:['"][^'"]*['"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*['"](\w+)['"]\s*,\s*['"](\w+)['"]"""
)
_META_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r"charset\s*=\s*['\"]?([\w.:-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    url: str  # normalised
    priority: int


def crawl(
    seeds: list[str],
    *,
    raw_dir: Path,
    state_path: Path,
    allow_domains: tuple[str, ...] = (),
    max_pages: int = 200,
    delay: float = 1.0,
    timeout: float = 15.0,
    max_bytes: int = 5_000_000,
    retries: int = 3,
    progress: Callable[[str], None] | None = None,
    backoff: float = 1.0,
) -> Ingested:
    """Crawl from ``seeds``; report pages become documents. ``retries`` counts attempts per URL.

    ``backoff`` is the first pause before a retry (doubled each time, or the server's Retry-After).
    """
    with httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,  # hops are followed by hand, each checked like a link
        trust_env=False,  # no proxy from the environment: it would bypass the address checks
    ) as client:
        fetcher = Fetcher(
            client, raw_dir=raw_dir, delay=delay, timeout=timeout, max_bytes=max_bytes, retries=retries, backoff=backoff
        )
        run = _Crawl(fetcher, CrawlState.load(state_path), allow_domains, progress or (lambda _line: None))
        fetcher.peer_gate = lambda url, address: run.policy.peer_refusal(url, address)
        try:
            run.run(seeds, max_pages)
        finally:
            run.state.save()
    return run.out


class _Crawl:
    """One crawl's frontier, bookkeeping and result."""

    def __init__(
        self, fetcher: Fetcher, state: CrawlState, allow_domains: tuple[str, ...], progress: Callable[[str], None]
    ):
        self.fetcher = fetcher
        self.state = state
        self.allow_domains = allow_domains
        self.progress = progress
        self.out = Ingested()
        self.policy = UrlPolicy(set())
        self.robots: dict[str, Protego | str] = {}  # a str says why robots.txt could not be had
        self.frontier: list[tuple[int, int, str]] = []
        self.queued: dict[str, int] = {}
        self.seen: set[str] = set()
        self._counter = 0

    # -- frontier ---------------------------------------------------------------------------------
    def push(self, url: str, priority: int) -> None:
        """Queue ``url`` unless seen, queued with a better rank, or off-site: an ordinary off-site link is
        silently not followed; another port of a seed's host or a private address is a reject row."""
        if priority != PRIORITY_SEED and not self.policy.in_scope(url):
            refusal = self.policy.link_refusal(url)
            if refusal is not None and url not in self.seen:
                self.seen.add(url)  # one reject per URL, however many pages link to it
                self.reject(url, f"link not followed: {refusal}")
            return
        if url in self.seen or self.queued.get(url, priority + 1) <= priority:
            return
        self.queued[url] = priority
        self._counter += 1
        heapq.heappush(self.frontier, (priority, self._counter, url))

    def pop(self) -> str | None:
        while self.frontier:
            priority, _, url = heapq.heappop(self.frontier)
            if url not in self.seen and self.queued.get(url) == priority:
                return url
        return None

    # -- the loop ---------------------------------------------------------------------------------
    def run(self, seeds: list[str], max_pages: int) -> None:
        normalised = []
        for seed in seeds:
            url = normalise_url(seed)
            if url is None:
                self.reject(seed, "not an http(s) URL")
            else:
                normalised.append(url)
        self.policy = UrlPolicy(set(normalised), self.allow_domains)
        for url in normalised:
            self.push(url, PRIORITY_SEED)
        fetched = 0
        while fetched < max_pages and (url := self.pop()) is not None:
            self.seen.add(url)
            try:
                if not self.may_fetch(url):
                    continue
                fetched += 1
                self.visit(url)
            except Exception as exc:  # one odd page must not end the crawl of the rest
                self.reject(url, f"crawler error ({type(exc).__name__}: {exc})")
            if fetched % SAVE_EVERY == 0:
                self.state.save()
        if self.frontier and self.pop() is not None:
            self.progress(f"stopped at max_pages={max_pages}; links left unvisited")

    def may_fetch(self, url: str) -> bool:
        """Scope, address and robots.txt checks; a refused URL becomes a reject."""
        refusal = self.policy.refusal(url) or self.robots_refusal(url)
        if refusal is not None:
            self.reject(url, refusal)
            return False
        return True

    def visit(self, url: str) -> None:
        try:
            response = self.fetcher.get(url, gate=self.hop_refusal, conditional=self.state.conditional_headers)
        except FetchError as exc:
            self.reject(url, exc.reason, exc.raw_path)
            return
        final = response.url
        if final != url:
            if final in self.seen:
                return  # redirected to a page this crawl already has
            self.seen.add(final)
        if response.status == 304:
            self.unchanged(final)
            return
        if response.status >= 400:
            self.reject(url, http_reason(response.status), response.raw_path)
            return
        self.take(response)

    def hop_refusal(self, url: str) -> str | None:
        return self.policy.refusal(url) or self.robots_refusal(url)

    def take(self, response: Response) -> None:
        """Sort a 2xx answer into documents / skipped / unchanged and queue its links."""
        url = response.url
        kind = content_kind(response.headers.get("content-type"), response.data)
        if kind is None or not response.data:
            self.skip(url, f"not an HTML page ({response.headers.get('content-type', 'no content type')})")
            return
        charset = declared_charset(response.headers.get("content-type"))
        digest = hashlib.sha256(response.data).hexdigest()
        before = self.state.get(url)
        if before is not None and before.sha256 == digest:
            self.remember(response, digest, before.is_report, before.links)
            self.unchanged(url)
            return
        try:
            text = decode_bytes(response.data, declared_charset=charset, is_html=kind == "html")
            page = extract_page(text, is_html=kind == "html")
        except TransformError as exc:
            self.reject(url, exc.reason, response.raw_path, stage=exc.stage)
            return
        links = extract_links(text, url) if kind == "html" else []
        is_report = looks_like_report(page.title, page.body)
        self.remember(response, digest, is_report, [(link.url, link.priority) for link in links])
        for link in links:
            self.push(link.url, link.priority)
        if not is_report:
            self.skip(url, "not a report")
            return
        self.out.documents.append(
            SourceDocument(
                source_uri=url,
                data=response.data,
                is_html=kind == "html",
                declared_charset=charset,
                raw_path=response.raw_path,
                fetched_at=response.fetched_at,
                headers=response.headers,
            )
        )
        self.progress(f"report     {url}  {page.title or ''}".rstrip())

    def remember(self, response: Response, digest: str, is_report: bool, links: list[tuple[str, int]]) -> None:
        self.state.put(
            response.url,
            PageState(
                sha256=digest,
                etag=response.headers.get("etag"),
                last_modified=response.headers.get("last-modified"),
                is_report=is_report,
                fetched_at=response.fetched_at.isoformat(),
                links=links,
            ),
        )

    # -- outcomes ---------------------------------------------------------------------------------
    def unchanged(self, url: str) -> None:
        """Not modified since last crawl: listed, and the links it had are followed again."""
        self.out.unchanged.append(url)
        before = self.state.get(url)
        for link_url, priority in before.links if before else []:
            self.push(link_url, priority)
        self.progress(f"unchanged  {url}")

    def skip(self, url: str, why: str) -> None:
        self.out.skipped.append(url)
        self.progress(f"skipped    {url}  ({why})")

    def reject(self, url: str, reason: str, raw_path: str | None = None, stage: str = "fetch") -> None:
        self.out.rejects.append(SourceReject(url, stage, reason, raw_path))
        self.progress(f"rejected   {url}  ({reason})")

    # -- robots.txt -------------------------------------------------------------------------------
    def robots_refusal(self, url: str) -> str | None:
        site = site_of(url)
        if site not in self.robots:
            self.robots[site] = self.fetch_robots(site)
        rules = self.robots[site]
        if isinstance(rules, str):
            return f"robots.txt of {site} could not be fetched ({rules}); site treated as disallowed (RFC 9309)"
        if not rules.can_fetch(url, ROBOTS_AGENT):
            return "disallowed by robots.txt"
        return None

    def fetch_robots(self, site: str) -> Protego | str:
        """The site's rules, fetched once; a missing robots.txt (4xx) allows everything.

        Unreachable (5xx, timeouts, refused redirect) means: keep off the site (RFC 9309 2.3.1.4);
        the returned string says why.
        """
        robots_url = f"{site}/robots.txt"
        try:
            response = self.fetcher.get(robots_url, gate=self.policy.refusal, conditional=lambda _url: {})
        except FetchError as exc:
            return exc.reason
        if 400 <= response.status < 500:
            return Protego.parse("")
        if response.status >= 300:
            return http_reason(response.status)
        rules = Protego.parse(response.data.decode("utf-8", errors="replace"))
        crawl_delay = rules.crawl_delay(ROBOTS_AGENT)
        if crawl_delay:
            self.fetcher.site_delays[site] = min(float(crawl_delay), MAX_CRAWL_DELAY)
        return rules


def content_kind(content_type: str | None, data: bytes) -> str | None:
    """ "html", "text" or None (not something the pipeline reads) from the Content-Type or the bytes."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media in HTML_TYPES:
        return "html"
    if media in TEXT_TYPES:
        return "text"
    if not media or media == "application/octet-stream":  # servers that do not say: sniff
        head = data[:512].lstrip().lower()
        return "html" if head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta")) else None
    return None


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any."""
    match = _CHARSET_PARAM.search(content_type or "")
    return match.group(1) if match else None


def extract_links(html: str, base_url: str) -> list[Link]:
    """Links worth following from a page: reports, pagination and articles, normalised, ranked."""
    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return []
    base = _base_href(root, base_url)
    found: dict[str, int] = {}
    for url, text, priority in _candidate_links(root, html, base):
        ranked = priority if priority is not None else link_priority(url, text)
        if ranked is not None and ranked < found.get(url, ranked + 1):
            found[url] = ranked
    return [Link(url, priority) for url, priority in found.items()]


_PARSER = lxml.html.HTMLParser(encoding="utf-8")


def _base_href(root, page_url: str) -> str:  # lxml element
    for href in root.xpath("//base/@href"):
        resolved = normalise_url(href, base=page_url)
        if resolved:
            return resolved
    return page_url


def _candidate_links(root, html: str, base: str):  # lxml element; iterator
    """(url, anchor text, forced priority or None) for anchors, frames, meta refresh, page scripts."""
    for anchor in root.iter("a", "area"):
        url = normalise_url(anchor.get("href") or "", base=base)
        if url:
            text = anchor.text_content() or anchor.get("title") or ""
            yield url, text.strip() or (anchor.get("title") or ""), None
    for frame in root.iter("iframe", "frame"):
        url = normalise_url(frame.get("src") or "", base=base)
        if url:
            yield url, "", None
    for meta in root.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content"):
        match = _META_REFRESH_URL.search(meta)
        url = normalise_url(match.group(1), base=base) if match else None
        if url:
            yield url, "", PRIORITY_PAGINATION
    for url in script_pagination(html, base):
        yield url, "", PRIORITY_PAGINATION


def script_pagination(html: str, base: str) -> list[str]:
    """Listing pages announced by a TRS ``createPageHTML(count, current, prefix, suffix)`` call."""
    urls = []
    for match in _CREATE_PAGE_HTML.finditer(html):
        count, prefix, suffix = int(match.group(1)), match.group(3), match.group(4)
        for number in range(min(count, MAX_SCRIPT_PAGES)):
            name = f"{prefix}.{suffix}" if number == 0 else f"{prefix}_{number}.{suffix}"
            url = normalise_url(name, base=base)
            if url:
                urls.append(url)
    return urls
