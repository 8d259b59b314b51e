"""URL normalisation, scope and address checks, link ranking (flows/adapters/url_policy.py)."""

from __future__ import annotations

import pytest

from flows.adapters.url_policy import (
    PRIORITY_ARTICLE,
    PRIORITY_PAGINATION,
    PRIORITY_REPORT,
    UrlPolicy,
    link_priority,
    non_public_address,
    normalise_url,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://WWW.Portal.GOV.cn:80/a/./b/../c.html#top", "http://www.portal.gov.cn/a/c.html"),
        ("https://portal.gov.cn:443", "https://portal.gov.cn/"),
        ("http://portal.gov.cn:8080/x", "http://portal.gov.cn:8080/x"),
        ("http://portal.gov.cn/list.html?type=1&page=2&page=2", "http://portal.gov.cn/list.html?page=2&type=1"),
        ("http://portal.gov.cn/a/../../../c", "http://portal.gov.cn/c"),
        ("http://portal.gov.cn/%7euser/%e4%b8%ad", "http://portal.gov.cn/~user/%E4%B8%AD"),
        ("http://portal.gov.cn/中文.html", "http://portal.gov.cn/%E4%B8%AD%E6%96%87.html"),
        ("http://portal.gov.cn/art.jsp;jsessionid=AB12?id=3", "http://portal.gov.cn/art.jsp?id=3"),
        ("http://portal.gov.cn/search?flag", "http://portal.gov.cn/search?flag"),
        ("http://街道.中国/", "http://xn--un2an7n.xn--fiqs8s/"),
    ],
)
def test_normalise_url_gives_one_spelling_per_resource(raw, expected):
    assert normalise_url(raw) == expected


@pytest.mark.parametrize(
    "raw", ["ftp://portal.gov.cn/a", "javascript:void(0)", "mailto:x@portal.gov.cn", "file:///etc/passwd", "http://"]
)
def test_normalise_url_refuses_everything_but_http_and_https(raw):
    assert normalise_url(raw) is None


def test_normalise_url_resolves_relative_links_against_the_page():
    page = "http://portal.gov.cn/zwgk/ghjh/index.html"
    assert normalise_url("../tzgg/t1.html", base=page) == "http://portal.gov.cn/zwgk/tzgg/t1.html"
    assert normalise_url("index_1.html", base=page) == "http://portal.gov.cn/zwgk/ghjh/index_1.html"


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.8",
        "172.16.5.5",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "0.0.0.0",
    ],
)
def test_non_public_address_catches_private_loopback_and_link_local(address):
    assert non_public_address(["8.8.8.8", address]) == address


def test_non_public_address_lets_public_addresses_through():
    assert non_public_address(["8.8.8.8", "2001:4860:4860::8888"]) is None


def test_policy_trusts_the_seed_host_even_on_loopback():
    policy = UrlPolicy({"http://127.0.0.1:8000/"}, resolver=lambda host: ["127.0.0.1"])
    assert policy.refusal("http://127.0.0.1:8000/zwgk/index.html") is None


def test_policy_refuses_an_allowed_host_that_resolves_to_a_private_address():
    addresses = {"files.portal.gov.cn": ["10.0.0.5"], "www.portal.gov.cn": ["198.51.100.7"]}
    policy = UrlPolicy({"portal.gov.cn"}, allow_domains=("portal.gov.cn",), resolver=addresses.__getitem__)
    assert "10.0.0.5" in policy.refusal("http://files.portal.gov.cn/a.html")
    assert policy.refusal("http://www.portal.gov.cn/a.html") is not None  # 198.51.100.0/24 is documentation space


def test_policy_keeps_other_hosts_out_of_scope_unless_allowed():
    policy = UrlPolicy({"www.portal.gov.cn"}, allow_domains=("district.gov.cn",), resolver=lambda host: ["8.8.8.8"])
    assert not policy.in_scope("http://www.other.gov.cn/a.html")
    assert policy.in_scope("http://jd.district.gov.cn/a.html")
    assert not policy.in_scope("http://eviltdistrict.gov.cn/a.html")
    assert policy.refusal("http://www.other.gov.cn/a.html").startswith("off-site host www.other.gov.cn")
    assert policy.refusal("http://jd.district.gov.cn/a.html") is None


def test_policy_reports_a_host_that_does_not_resolve():
    def no_dns(host: str) -> list[str]:
        raise OSError(-2, "Name or service not known")

    policy = UrlPolicy({"portal.gov.cn"}, allow_domains=("gone.gov.cn",), resolver=no_dns)
    assert policy.refusal("http://gone.gov.cn/").startswith("cannot resolve host gone.gov.cn")


@pytest.mark.parametrize(
    ("url", "text", "priority"),
    [
        ("http://p.cn/zwgk/t20230110_1.html", "某镇2022年工作总结", PRIORITY_REPORT),
        ("http://p.cn/zwgk/index_3.html", "3", PRIORITY_PAGINATION),
        ("http://p.cn/zwgk/index_1.html", "下一页", PRIORITY_PAGINATION),
        ("http://p.cn/news/list.jsp?pageNo=2", "更多", PRIORITY_PAGINATION),
        ("http://p.cn/art/2023/1/5/art_1229_5501.html", "查看", PRIORITY_ARTICLE),
        ("http://p.cn/news/show.jsp?id=88", "某镇开展消防演练", PRIORITY_ARTICLE),
        ("http://p.cn/hdjl/", "互动交流", None),
        ("http://p.cn/", "首页", None),
        ("http://p.cn/upload/2023工作计划.pdf", "某镇2023年工作计划", None),
    ],
)
def test_link_priority_follows_reports_then_pagination_then_articles(url, text, priority):
    assert link_priority(url, text) == priority


def test_www_twin_of_a_seed_host_is_in_scope_but_still_address_checked():
    policy = UrlPolicy({"jd.gov.cn"}, resolver=lambda host: ["10.9.8.7"])
    assert policy.in_scope("https://www.jd.gov.cn/zwgk/")
    assert "10.9.8.7" in policy.refusal("https://www.jd.gov.cn/zwgk/")
    assert not policy.in_scope("https://www2.jd.gov.cn/zwgk/")
