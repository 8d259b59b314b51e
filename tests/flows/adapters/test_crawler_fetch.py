"""The crawler's HTTP layer (flows/adapters/http_fetch.py) against the real fixture server."""

from __future__ import annotations

import httpx
import pytest

from flows.adapters.http_fetch import Fetcher, FetchError, _retry_after_seconds
from flows.adapters.url_policy import UrlPolicy
from tests.fixtures.portal_server import Faults, PortalServer


def fetcher_for(tmp_path, client: httpx.Client, **options: object) -> Fetcher:
    params = {"delay": 0, "timeout": 1.0, "max_bytes": 100_000, "retries": 2, "backoff": 0.01, **options}
    return Fetcher(client, raw_dir=tmp_path, **params)


def test_response_from_a_forbidden_address_is_not_read(tmp_path):
    # The host passed the resolve-time check, but the connection landed on loopback (DNS rebinding).
    policy = UrlPolicy({"portal.gov.cn"})
    with PortalServer(faults=Faults()) as portal, httpx.Client() as client:
        fetcher = fetcher_for(tmp_path, client, peer_gate=policy.peer_refusal)
        with pytest.raises(FetchError, match="connected to non-public address 127.0.0.1"):
            fetcher.get_once(portal.url("/zwgk/ghjh/index.html"))
    assert list(tmp_path.iterdir()) == []  # nothing kept: the body was never read


def test_peer_check_trusts_the_seed_host():
    policy = UrlPolicy({"127.0.0.1:8000"})
    assert policy.peer_refusal("http://127.0.0.1:8000/a.html", "127.0.0.1") is None
    assert policy.peer_refusal("http://mirror.example/a.html", "93.184.216.34") is None


def test_redirect_hops_go_through_the_gate(tmp_path):
    faults = Faults(redirects={"/a.html": "/zwgk/ghjh/index.html"})
    with PortalServer(faults=faults) as portal, httpx.Client() as client:
        fetcher = fetcher_for(tmp_path, client)
        asked: list[str] = []
        response = fetcher.get(portal.url("/a.html"), gate=lambda url: asked.append(url), conditional=lambda url: {})
    assert asked == [portal.url("/zwgk/ghjh/index.html")]
    assert response.url == asked[0] and response.redirects == [portal.url("/a.html")]
    assert response.status == 200


@pytest.mark.parametrize(("header", "seconds"), [("5", 5.0), ("3600", 60.0), ("soon", None), (None, None)])
def test_retry_after_is_obeyed_up_to_a_cap(header, seconds):
    assert _retry_after_seconds(header) == seconds
