"""Polite, bounded HTTP GETs: one request at a time per site, retries with backoff, size cap,
overall deadline per response, redirects followed by hand so every hop is checked.

Every response body that arrives (pages, 404/5xx bodies, robots.txt) is kept with
``keep_raw`` together with URL, status, headers and fetch time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path

import httpx

from flows.adapters.raw_store import keep_raw
from flows.adapters.url_policy import normalise_url, site_of

USER_AGENT = "Mozilla/5.0 (compatible; jiedao/0.1; sub-district report crawler)"
ROBOTS_AGENT = "jiedao"  # the token robots.txt groups are matched against
MAX_REDIRECTS = 5  # browsers allow ~20; a portal needing more than 5 is misconfigured
MAX_RETRY_AFTER = 60.0  # seconds; a longer Retry-After is capped rather than obeyed blindly
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
# Transient answers worth asking again; other 4xx are the server's final word.
RETRY_STATUSES = {429, 500, 502, 503, 504, 520, 521, 522, 523, 524}


class FetchError(Exception):
    """A URL could not be fetched; ``reason`` is meant for a person reading the rejects table."""

    def __init__(self, reason: str, raw_path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.raw_path = raw_path


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


@dataclass(frozen=True)
class Response:
    """A final (non-redirect) answer."""

    url: str  # normalised URL that answered (after redirects)
    status: int
    headers: dict[str, str]
    data: bytes
    fetched_at: datetime
    raw_path: str | None = None
    redirects: list[str] = field(default_factory=list)  # the hops before ``url``


# Checks a redirect target; returns why it must not be followed, or None.
HopGate = Callable[[str], str | None]
ConditionalHeaders = Callable[[str], dict[str, str]]
# Checks the address actually connected to (url, ip); closes the door DNS rebinding would open
# between the resolve-time check and the connection.
PeerGate = Callable[[str, str], str | None]


class Fetcher:
    """GETs through one ``httpx.Client`` with the crawl's politeness and limits."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        raw_dir: Path,
        delay: float,
        timeout: float,
        max_bytes: int,
        retries: int,
        backoff: float,
        peer_gate: PeerGate | None = None,
    ):
        self.client = client
        self.peer_gate = peer_gate
        self.raw_dir = raw_dir
        self.delay = delay
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.attempts = max(1, retries)
        self.backoff = backoff
        self.site_delays: dict[str, float] = {}  # robots.txt Crawl-delay, per site
        self._last_request: dict[str, float] = {}

    def get(self, url: str, *, gate: HopGate, conditional: ConditionalHeaders) -> Response:
        """The final answer for ``url``, following redirects hop by hop (each through ``gate``).

        Raises FetchError for a refused hop, a loop, too many hops, or a fetch that failed.
        """
        chain = [url]
        current = url
        while True:
            response = self.get_once(current, conditional(current))
            if response.status not in REDIRECT_STATUSES:
                return replace(response, redirects=chain[:-1])
            target = self._redirect_target(current, response)
            if target in chain:
                raise FetchError(f"redirect loop: {' -> '.join(chain + [target])}", response.raw_path)
            if len(chain) > MAX_REDIRECTS:
                raise FetchError(f"more than {MAX_REDIRECTS} redirects", response.raw_path)
            refusal = gate(target)
            if refusal is not None:
                raise FetchError(f"redirect to {target} not followed: {refusal}", response.raw_path)
            chain.append(target)
            current = target

    def _redirect_target(self, url: str, response: Response) -> str:
        location = response.headers.get("location")
        target = normalise_url(location, base=url) if location else None
        if target is None:
            raise FetchError(f"HTTP {response.status} redirect without a usable http(s) Location", response.raw_path)
        return target

    def get_once(self, url: str, headers: dict[str, str] | None = None) -> Response:
        """One URL (no redirect following), retried on timeouts, connection errors, 429 and 5xx."""
        failure = ""
        raw_path = None
        for attempt in range(1, self.attempts + 1):
            retry_after = None
            try:
                response = self._request(url, headers or {})
            except _TooLarge:
                raise FetchError(f"response larger than {self.max_bytes} bytes, not read further") from None
            except (httpx.TimeoutException, _TooSlow):
                failure = f"timed out (limit {self.timeout:g} s)"
            except httpx.TransportError as exc:
                failure = f"connection error ({type(exc).__name__}: {exc})"
            except httpx.HTTPError as exc:  # undecodable body, invalid URL: asking again will not help
                raise FetchError(f"unreadable response ({type(exc).__name__}: {exc})") from None
            else:
                if response.status not in RETRY_STATUSES:
                    return response
                failure = http_reason(response.status)
                raw_path = response.raw_path
                retry_after = _retry_after_seconds(response.headers.get("retry-after"))
            if attempt < self.attempts:
                time.sleep(retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1))
        raise FetchError(f"{failure} after {self.attempts} attempt{'s' if self.attempts > 1 else ''}", raw_path)

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        site = site_of(url)
        self._wait_turn(site)
        deadline = time.monotonic() + self.timeout * 2  # read timeout is per chunk; cap the whole body too
        fetched_at = datetime.now(UTC)
        try:
            with self.client.stream("GET", url, headers=headers) as answer:
                self._check_peer(url, answer)
                response_headers = {k.lower(): v for k, v in answer.headers.items()}
                data = self._read_capped(answer, deadline)
                status = answer.status_code
        finally:
            self._last_request[site] = time.monotonic()
        raw_path = None
        if data:  # 304s and bare redirects have nothing to keep
            raw_path = keep_raw(
                self.raw_dir, url, data, status=status, headers=response_headers, fetched_at=fetched_at.isoformat()
            )
        return Response(url, status, response_headers, data, fetched_at, raw_path)

    def _check_peer(self, url: str, answer: httpx.Response) -> None:
        """Refuse to read a response from an address the policy forbids (body left unread)."""
        stream = answer.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if self.peer_gate is None or not peer:
            return
        refusal = self.peer_gate(url, str(peer[0]))
        if refusal is not None:
            raise FetchError(refusal)

    def _read_capped(self, answer: httpx.Response, deadline: float) -> bytes:
        declared = answer.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise _TooLarge
        chunks: list[bytes] = []
        size = 0
        for chunk in answer.iter_bytes():  # decoded bytes: a gzip bomb hits the cap too
            size += len(chunk)
            if size > self.max_bytes:
                raise _TooLarge
            if time.monotonic() > deadline:
                raise _TooSlow
            chunks.append(chunk)
        return b"".join(chunks)

    def _wait_turn(self, site: str) -> None:
        """Sleep until ``delay`` (or the site's Crawl-delay) has passed since its last request."""
        last = self._last_request.get(site)
        if last is None:
            return
        pause = max(self.delay, self.site_delays.get(site, 0.0)) - (time.monotonic() - last)
        if pause > 0:
            time.sleep(pause)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta or HTTP date), capped; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), MAX_RETRY_AFTER)


def http_reason(status: int) -> str:
    """``HTTP 404 Not Found``: how a final error status reads in a reject."""
    return f"HTTP {status} {_phrase(status)}".rstrip()
