"""What the crawler remembers between runs, per URL: validators, content hash, outgoing links.

Kept as one JSON file (under DIR/raw/), written atomically (temp file + ``os.replace``) so a
crash mid-write leaves the previous state intact. A re-crawl sends ``If-None-Match`` /
``If-Modified-Since`` from here; on 304 the remembered links let the crawl go on to the pages a
listing points at without re-downloading it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from flows.adapters.atomic import write_atomically

STATE_VERSION = 1


@dataclass(frozen=True)
class PageState:
    """One fetched URL as last seen."""

    sha256: str
    etag: str | None = None
    last_modified: str | None = None
    is_report: bool = False
    fetched_at: str | None = None
    links: list[tuple[str, int]] = field(default_factory=list)  # (normalised url, priority)


class CrawlState:
    """Per-URL memory of a crawl, loaded from and saved to ``path``."""

    def __init__(self, path: Path, pages: dict[str, PageState] | None = None):
        self.path = path
        self.pages: dict[str, PageState] = pages or {}

    @classmethod
    def load(cls, path: Path) -> CrawlState:
        """The state kept at ``path``; empty when there is none or it is unreadable (re-crawl all)."""
        try:
            payload = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(payload, dict) or payload.get("version") != STATE_VERSION:
            return cls(path)
        pages = {}
        for url, entry in payload.get("pages", {}).items():
            try:
                links = [(str(u), int(p)) for u, p in entry.get("links", [])]
                pages[url] = PageState(**{**entry, "links": links})
            except (TypeError, ValueError):
                continue  # one damaged entry costs one full re-fetch, nothing more
        return cls(path, pages)

    def get(self, url: str) -> PageState | None:
        return self.pages.get(url)

    def put(self, url: str, page: PageState) -> None:
        self.pages[url] = page

    def forget(self, url: str) -> None:
        self.pages.pop(url, None)

    def conditional_headers(self, url: str) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for a URL fetched before; empty otherwise."""
        page = self.pages.get(url)
        if page is None:
            return {}
        headers = {}
        if page.etag:
            headers["If-None-Match"] = page.etag
        if page.last_modified:
            headers["If-Modified-Since"] = page.last_modified
        return headers

    def save(self) -> None:
        """Write the state atomically: readers see the old file or the new one, never half."""
        payload = {"version": STATE_VERSION, "pages": {url: asdict(p) for url, p in sorted(self.pages.items())}}
        write_atomically(self.path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"), durable=True)


def forget(state_path: Path, urls: Iterable[str]) -> None:
    """Drop ``urls`` from the state so the next crawl fetches them in full and hands them over again.

    For the flow: a document the pipeline could not finish would otherwise come back as
    ``unchanged`` on the next run and never be processed.
    """
    state = CrawlState.load(state_path)
    for url in urls:
        state.forget(url)
    state.save()
