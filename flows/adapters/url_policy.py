"""Which URLs the crawler may fetch, in which canonical form, and which links are worth following.

* ``normalise_url`` gives one spelling per resource (so one article is fetched once).
* ``UrlPolicy`` decides scope (seed sites + ``allow_domains``) and refuses hosts other than the
  seeds' that resolve to private, loopback or link-local addresses (a link or redirect must not
  turn the crawler against the machine's own network). A site is scheme + host + port: another
  port on the seed's host is another site (another server, maybe an admin console), refused
  unless allowed as ``host:port``. The one equivalence kept is the standard upgrade: ``http``
  on port 80 and ``https`` on 443 of one host are one site. A literal private or link-local
  address (``10.0.0.5``, ``169.254.169.254``) is refused from the URL alone, before any DNS
  lookup or connection.
* ``link_priority`` ranks a link by what it probably is: a report, a next listing page, an
  article; navigation and attachments are not followed.
"""

from __future__ import annotations

import ipaddress
import posixpath
import re
import socket
from collections.abc import Callable
from urllib.parse import parse_qsl, quote, urljoin, urlsplit, urlunsplit

from transforms.report_filter import REPORT_CUES
from transforms.vocab import CJK_RE

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

# Session ids some Java CMSs append to paths; the same page under a new id is still the same page.
_SESSION_PATH_PARAM = re.compile(r";jsessionid=[^/?#]*", re.IGNORECASE)
# Bytes that must stay escaped in a path / query when re-quoting (RFC 3986 reserved + '%').
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")

# --- link ranking (lower is fetched first) ------------------------------------------------------
PRIORITY_SEED = -1
PRIORITY_REPORT = 0  # anchor text names a report genre: fetch these before anything else
PRIORITY_PAGINATION = 1  # next listing page: where more report links come from
PRIORITY_ARTICLE = 2  # some article; may or may not be a report

# Anchor texts of pagination controls on Chinese portals (plus plain page numbers, see below).
# Not 首页/上一页: on portals 首页 is mostly the site's home link, and earlier pages were seen already.
PAGINATION_TEXTS: tuple[str, ...] = ("下一页", "下页", "后一页", "尾页", "末页", "最后一页", ">", ">>", "»")
# Listing-page URL shapes: TRS/WCM index_1.html, list_2.html, page_3.html, ?page=2 / pageNo / pn
_PAGINATION_PATH = re.compile(r"/(?:index|list|default|page)[_-]\d+\.s?html?$", re.IGNORECASE)
_PAGINATION_PARAMS = {"page", "pageno", "pagenum", "pageindex", "pn", "curpage", "currentpage", "p"}
# Article URL shapes of the common government CMSs: TRS t20230115_123.html, Hanweb
# art_12_345.html, content_123.html, /2023-01/15/…, numeric ids, detail/view pages with an id.
_ARTICLE_PATH = re.compile(
    r"(?:/t\d{8}_\d+\.s?html?$|/art_\d+_\d+\.s?html?$|content_\d+|/20\d{2}-?\d{2}/\d{2}/|/\d{5,}\.s?html?$|detail|view|article)",
    re.IGNORECASE,
)
_ARTICLE_PARAMS = {"id", "articleid", "infoid", "docid", "newsid", "contentid", "aid"}
# Anchor texts this long are almost always article titles, whatever the URL looks like.
MIN_ARTICLE_TITLE_CHARS = 8
# Not HTML: attachments and media are not pages the pipeline can read.
SKIP_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".ppt",
    ".pptx",
    ".zip",
    ".rar",
    ".7z",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".bmp",
    ".webp",
    ".svg",
    ".mp3",
    ".mp4",
    ".avi",
    ".flv",
    ".css",
    ".js",
    ".ico",
    ".xml",
    ".json",
    ".apk",
    ".exe",
)
_CJK = CJK_RE


def normalise_url(url: str, base: str | None = None) -> str | None:
    """Canonical absolute form of ``url`` (resolved against ``base``); None unless http(s).

    Lower-case scheme and host (IDNA), no default port, dot segments resolved, no fragment,
    query parameters de-duplicated and sorted, path escapes made uniform.
    """
    url = url.strip()
    if base is not None:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES or not parts.hostname:
        return None
    host = _canonical_host(parts.hostname)
    if host is None:
        return None
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def _canonical_host(hostname: str) -> str | None:
    host = hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def _canonical_path(path: str) -> str:
    path = _SESSION_PATH_PARAM.sub("", path) or "/"
    resolved = posixpath.normpath(path)
    if resolved.startswith("//"):  # normpath keeps a leading '//' (POSIX); URLs do not need it
        resolved = "/" + resolved.lstrip("/")
    if path.endswith("/") and resolved != "/":
        resolved += "/"  # '/zwgk/' and '/zwgk' may be different resources
    return _uniform_escapes(resolved, safe=_PATH_SAFE)


def _canonical_query(query: str) -> str:
    # Split by hand (not parse_qsl) so '?a' and '?a=' stay distinct, as servers may treat them so.
    items = sorted({_uniform_escapes(item, safe=_QUERY_SAFE) for item in query.split("&") if item})
    return "&".join(items)


def _uniform_escapes(text: str, safe: str) -> str:
    """Escapes of unreserved characters decoded, other escapes upper-case, raw non-ASCII escaped."""

    def one(match: re.Match[str]) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char in _UNRESERVED else match.group(0).upper()

    return quote(_ESCAPE.sub(one, text), safe=safe + "%")


def site_of(url: str) -> str:
    """``scheme://host[:port]``: the unit of robots.txt and of politeness."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def www_twin(host: str) -> str:
    """``www.x.gov.cn`` for ``x.gov.cn`` and back: portals redirect one to the other, same site."""
    return host[4:] if host.startswith("www.") else "www." + host


def host_of(url: str) -> str:
    """Host name of a normalised URL (no port)."""
    return urlsplit(url).hostname or ""


Resolver = Callable[[str], list[str]]


def resolve_host(host: str) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host.strip("[]"), None, proto=socket.IPPROTO_TCP)
    return sorted({str(info[4][0]) for info in infos})  # sockaddr[0] is the address text (typeshed: str | int)


def non_public_address(addresses: list[str]) -> str | None:
    """The first address that is not a public unicast address (private, loopback, link-local ...)."""
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        mapped = getattr(address, "ipv4_mapped", None)
        address = mapped or address
        if not address.is_global or address.is_multicast:
            return text
    return None


SiteKey = tuple[str, int | None]  # (host, port); None: the scheme's default port


def site_key(url: str) -> SiteKey:
    """(host, port) of a URL; the default port of its scheme is None (http:80 and https:443 are one site)."""
    parts = urlsplit(url)
    port = parts.port
    return (parts.hostname or "").lower(), None if port in (None, DEFAULT_PORTS.get(parts.scheme)) else port


def parse_site(entry: str) -> SiteKey:
    """A seed URL, ``host`` or ``host:port`` (as typed after --allow-domain) as a site key."""
    entry = entry.strip().lower()
    if "://" in entry:
        return site_key(entry)
    parts = urlsplit("//" + entry.strip("."))
    try:
        port = parts.port
    except ValueError:
        port = None
    host = (parts.hostname or entry).strip(".")
    return host, None if port in (None, 80, 443) else port


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address when ``host`` is written as one (``10.0.0.5``, ``[::1]``), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _show(key: SiteKey) -> str:
    host, port = key
    return host if port is None else f"{host}:{port}"


class UrlPolicy:
    """Scope and safety rules of one crawl: which sites (scheme + host + port), which addresses.

    ``seeds``: the seed URLs (or ``host`` / ``host:port``); ``allow_domains``: ``host`` (that host
    and its subdomains, default ports) or ``host:port`` (that host on that port).
    """

    def __init__(self, seeds: set[str], allow_domains: tuple[str, ...] = (), resolver: Resolver = resolve_host):
        self.trusted_sites = {parse_site(s) for s in seeds if s.strip()}
        self.allowed_sites = tuple(parse_site(d) for d in allow_domains if d.strip(". "))
        self._resolver = resolver
        self._refusals: dict[str, str | None] = {}

    def _allowed(self, key: SiteKey) -> bool:
        host, port = key
        for allowed_host, allowed_port in self.allowed_sites:
            if port != allowed_port:
                continue
            if host == allowed_host or (allowed_port is None and host.endswith("." + allowed_host)):
                return True
        return False

    def _trusted(self, key: SiteKey) -> bool:
        """A seed's own site, or an address the user allowed as typed (no DNS can move it).

        The www twin of a seed is in scope but not trusted: its name may resolve elsewhere. A
        link-local address (169.254.169.254: cloud metadata) is trusted only as a seed."""
        if key in self.trusted_sites:
            return True
        address = ip_literal(key[0])
        return address is not None and key in self.allowed_sites and not address.is_link_local

    def in_scope(self, url: str) -> bool:
        """True when ``url`` is on a seed's site (or its www twin) or on an allowed one."""
        key = site_key(url)
        host, port = key
        return key in self.trusted_sites or (www_twin(host), port) in self.trusted_sites or self._allowed(key)

    def link_refusal(self, url: str) -> str | None:
        """Why an out-of-scope link is worth a reject row (another port of a seed's host, a private
        address written into the page), or None for an ordinary off-site link (not followed, not listed)."""
        if self.in_scope(url):
            return None
        key = site_key(url)
        if self._other_port(key) or self._literal_refusal(key[0]) is not None:
            return self.refusal(url)
        return None

    def _other_port(self, key: SiteKey) -> bool:
        host = key[0]
        known = {h for h, _ in self.trusted_sites} | {h for h, _ in self.allowed_sites}
        return host in known or www_twin(host) in known

    def refusal(self, url: str) -> str | None:
        """Why ``url`` must not be fetched (scope or address), or None when it may be.

        Decided from the URL alone when it can be (scope, literal addresses): nothing is resolved
        or connected for a URL refused here.
        """
        key = site_key(url)
        host = key[0]
        if not self.in_scope(url):
            if self._other_port(key):
                return (
                    f"another site: {_show(key)} is not a seed's port (scope is scheme, host and port; "
                    f"allow it with --allow-domain {host}:{key[1] or DEFAULT_PORTS.get(urlsplit(url).scheme)})"
                )
            literal = self._literal_refusal(host)
            if literal is not None:
                return literal
            return f"off-site host {_show(key)} (not a seed host, not in allow_domains)"
        if self._trusted(key):  # the user typed this site: a local mirror is fine
            return None
        literal = self._literal_refusal(host)
        if literal is not None or ip_literal(host) is not None:
            return literal
        if host not in self._refusals:
            self._refusals[host] = self._address_refusal(host)
        return self._refusals[host]

    def _literal_refusal(self, host: str) -> str | None:
        address = ip_literal(host)
        if address is None or non_public_address([str(address)]) is None:
            return None
        return f"refused: {host} is a non-public address (private/loopback/link-local), not connected to"

    def peer_refusal(self, url: str, address: str) -> str | None:
        """Why the connection made for ``url`` to ``address`` must not be used, or None."""
        if self._trusted(site_key(url)) or non_public_address([address]) is None:
            return None
        return f"refused: host {host_of(url)} connected to non-public address {address} (private/loopback/link-local)"

    def _address_refusal(self, host: str) -> str | None:
        try:
            addresses = self._resolver(host)
        except OSError as exc:
            return f"cannot resolve host {host} ({exc.strerror or exc})"
        bad = non_public_address(addresses)
        if bad is not None:
            return f"refused: host {host} resolves to non-public address {bad} (private/loopback/link-local)"
        return None


def link_priority(url: str, text: str) -> int | None:
    """Rank of a same-scope link by what it looks like, or None when it is not worth fetching."""
    parts = urlsplit(url)
    if parts.path.lower().endswith(SKIP_EXTENSIONS):
        return None
    text = " ".join(text.split())
    if any(cue in text for cue in REPORT_CUES):
        return PRIORITY_REPORT
    if is_pagination_link(url, text):
        return PRIORITY_PAGINATION
    if is_article_link(url, text):
        return PRIORITY_ARTICLE
    return None


def is_pagination_link(url: str, text: str) -> bool:
    """True for next/last/numbered listing-page links."""
    if text in PAGINATION_TEXTS or (text.isdigit() and len(text) <= 4):
        return True
    parts = urlsplit(url)
    if _PAGINATION_PATH.search(parts.path):
        return True
    return any(key.lower() in _PAGINATION_PARAMS for key, _ in parse_qsl(parts.query))


def is_article_link(url: str, text: str) -> bool:
    """True for links that look like an article: a long title or a CMS article URL."""
    if len(_CJK.findall(text)) >= MIN_ARTICLE_TITLE_CHARS:
        return True
    parts = urlsplit(url)
    if _ARTICLE_PATH.search(parts.path):
        return True
    return any(key.lower() in _ARTICLE_PARAMS for key, _ in parse_qsl(parts.query))
