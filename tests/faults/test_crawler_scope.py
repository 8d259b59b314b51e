"""The crawler's scope is scheme + host + port, and private addresses are refused before any
connection. Two real HTTP servers on 127.0.0.1, on two ports; the second one records every request."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from flows.adapters.crawler import crawl
from tests.fixtures.portal_server import Faults, PortalServer

FAST = {"delay": 0, "timeout": 2, "retries": 1, "backoff": 0.01}
REPORT_BODY = "".join(
    f"<p>{n}、{topic}工作</p><p>全年完成地区生产总值18.{i}亿元，同比增长6.{i}%，新增就业岗位1{i}00个，"
    f"改造老旧小区{i}个，惠及居民群众八百余户，辖区环境持续改善，群众满意度稳步提升。</p>"
    for i, (n, topic) in enumerate(zip("一二三四", ("经济发展", "社会事业", "城市管理", "平安建设")), 1)
)


def page(title: str, body: str) -> str:
    return f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>'


def write_site(root: Path, links: dict[str, str]) -> None:
    """A seed listing linking to ``links`` (href -> anchor text), plus one report of its own."""
    root.mkdir(parents=True)
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in links.items())
    items += '<li><a href="/own/t20240110_1.html">青松街道2023年工作总结</a></li>'
    (root / "index.html").write_text(page("通知公告", f"<ul>{items}</ul>"), "utf-8")
    (root / "own").mkdir()
    (root / "own" / "t20240110_1.html").write_text(page("青松街道2023年工作总结", REPORT_BODY), "utf-8")


@pytest.fixture
def other_site(tmp_path: Path):
    """The server on the other port: it holds a report-looking page that must not be fetched."""
    root = tmp_path / "other"
    root.mkdir()
    (root / "secret.html").write_text(page("白鹭街道2023年工作总结", REPORT_BODY), "utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", "utf-8")
    with PortalServer(root=root, faults=Faults()) as server:
        yield server


def crawl_from(seed_server: PortalServer, tmp: Path, **options: object):
    return crawl(
        [seed_server.url("/index.html")], raw_dir=tmp / "raw", state_path=tmp / "state.json", **{**FAST, **options}
    )


def port_of(server: PortalServer) -> int:
    return int(server.base.rsplit(":", 1)[1])


def test_a_link_to_another_port_on_the_same_host_is_not_fetched(tmp_path: Path, other_site: PortalServer):
    write_site(tmp_path / "seed", {other_site.url("/secret.html"): "白鹭街道2023年工作总结"})
    with PortalServer(root=tmp_path / "seed", faults=Faults()) as seed:
        result = crawl_from(seed, tmp_path)
    assert other_site.log == []  # not one request reached the other port
    assert [d.source_uri for d in result.documents] == [seed.url("/own/t20240110_1.html")]
    (reject,) = [r for r in result.rejects if r.source_uri == other_site.url("/secret.html")]
    assert reject.reason.startswith(
        f"link not followed: another site: 127.0.0.1:{port_of(other_site)} is not a seed's port"
    )
    assert f"--allow-domain 127.0.0.1:{port_of(other_site)}" in reject.reason


def test_a_redirect_to_another_port_on_the_same_host_is_not_followed(tmp_path: Path, other_site: PortalServer):
    write_site(tmp_path / "seed", {"/moved.html": "白鹭街道2023年工作总结（已迁移）"})
    faults = Faults(redirects={"/moved.html": other_site.url("/secret.html")})
    with PortalServer(root=tmp_path / "seed", faults=faults) as seed:
        result = crawl_from(seed, tmp_path)
    assert other_site.log == []
    (reject,) = [r for r in result.rejects if r.source_uri == seed.url("/moved.html")]
    assert reject.reason.startswith(f"redirect to {other_site.url('/secret.html')} not followed: another site")


def test_the_other_port_is_crawled_when_allowed_as_host_and_port(tmp_path: Path, other_site: PortalServer):
    write_site(tmp_path / "seed", {other_site.url("/secret.html"): "白鹭街道2023年工作总结"})
    with PortalServer(root=tmp_path / "seed", faults=Faults()) as seed:
        result = crawl_from(seed, tmp_path, allow_domains=(f"127.0.0.1:{port_of(other_site)}",))
    assert other_site.hits("/secret.html") == 1
    assert other_site.url("/secret.html") in [d.source_uri for d in result.documents]


@pytest.fixture
def connections(monkeypatch):
    """Every host the process resolves or connects to during the test (the real calls still happen)."""
    seen: list[str] = []
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.create_connection

    def getaddrinfo(host, *args, **kwargs):
        seen.append(str(host))
        return real_getaddrinfo(host, *args, **kwargs)

    def create_connection(address, *args, **kwargs):
        seen.append(str(address[0]))
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    return seen


PRIVATE = ("169.254.169.254", "10.1.2.3")


def test_links_and_redirects_to_private_addresses_are_refused_before_connecting(tmp_path: Path, connections: list[str]):
    write_site(
        tmp_path / "seed",
        {
            "http://169.254.169.254/latest/meta-data/": "白鹭街道2023年工作总结",
            "http://10.1.2.3/zwgk/report.html": "白鹭街道2022年工作总结",
            "/meta.html": "白鹭街道2021年工作总结",
        },
    )
    faults = Faults(redirects={"/meta.html": "http://169.254.169.254/latest/meta-data/iam"})
    with PortalServer(root=tmp_path / "seed", faults=faults) as seed:
        result = crawl_from(seed, tmp_path)
    assert [h for h in connections if h in PRIVATE] == []  # never resolved, never connected to
    assert "127.0.0.1" in connections  # the recording itself works: the seed was connected to
    reasons = {r.source_uri: r.reason for r in result.rejects}
    assert "169.254.169.254 is a non-public address" in reasons["http://169.254.169.254/latest/meta-data/"]
    assert "10.1.2.3 is a non-public address" in reasons["http://10.1.2.3/zwgk/report.html"]
    assert "not followed: refused: 169.254.169.254 is a non-public address" in reasons[seed.url("/meta.html")]


def test_the_metadata_address_stays_refused_even_when_allowed(tmp_path: Path, connections: list[str]):
    write_site(tmp_path / "seed", {"/meta.html": "白鹭街道2021年工作总结"})
    faults = Faults(redirects={"/meta.html": "http://169.254.169.254/latest/meta-data/iam"})
    with PortalServer(root=tmp_path / "seed", faults=faults) as seed:
        result = crawl_from(seed, tmp_path, allow_domains=("169.254.169.254",))
    assert "169.254.169.254" not in connections
    assert (
        "169.254.169.254 is a non-public address"
        in {r.source_uri: r.reason for r in result.rejects}[seed.url("/meta.html")]
    )
