"""The crawler against a real local portal (tests/fixtures/portal_server.py): what it fetched
(counted server-side), what it returned, what it refused and why, and how it re-crawls."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flows.adapters.crawler import crawl, extract_links, script_pagination
from flows.adapters.url_policy import PRIORITY_ARTICLE, PRIORITY_PAGINATION, PRIORITY_REPORT
from tests.fixtures.portal_server import PORTAL_DIR, Faults, PortalServer
from transforms.decode import decode_bytes

SEED = "/zwgk/ghjh/index.html"
REPORTS = {
    "/zwgk/ghjh/202301/t20230110_1001.html",  # info-disclosure template, 索引号 table
    "/xwzx/gzdt/202302/t20230215_2001.html",  # news template
    "/zwgk/ghjh/202212/t20221230_0901.html",  # GBK, charset in the header
    "/zwgk/ghjh/202207/t20220715_0801.html",  # GBK, charset only in <meta>
    "/zwgk/ghjh/202103/t20210305_0501.html",  # 500 once, then 200
    "/zwgk/ghjh/201912/t20191220_0201.html",  # reached through a 301
}
NOT_REPORTS = {
    "/zwgk/ghjh/index.html",
    "/zwgk/ghjh/index_1.html",
    "/zwgk/ghjh/index_2.html",
    "/zwgk/tzgg/202303/t20230301_3001.html",  # water-cut notice
    "/xwzx/gzdt/202301/t20230106_1901.html",  # news of a meeting about the summary
    "/xwzx/gzdt/list.html",
}
FAST = {"delay": 0, "timeout": 0.5, "retries": 2, "backoff": 0.01}


def run_crawl(portal: PortalServer, tmp: Path, **options: object):
    params = {**FAST, **options}
    return crawl([portal.url(SEED)], raw_dir=tmp / "raw", state_path=tmp / "raw" / "crawl_state.json", **params)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3].split("?", 1)[0]


def reject_for(result, path: str):
    found = [r for r in result.rejects if path_of(r.source_uri) == path]
    assert len(found) == 1, result.rejects
    return found[0]


@pytest.fixture(scope="module")
def first_crawl(tmp_path_factory):
    """One crawl of the default portal (localhost allowed, to exercise the address check)."""
    tmp = tmp_path_factory.mktemp("crawl")
    lines: list[str] = []
    with PortalServer() as portal:
        result = run_crawl(portal, tmp, allow_domains=("localhost",), progress=lines.append)
    return portal, result, tmp, lines


def test_report_pages_become_documents_and_nothing_else(first_crawl):
    _, result, _, _ = first_crawl
    assert {path_of(d.source_uri) for d in result.documents} == REPORTS
    assert len(result.documents) == len(REPORTS)


def test_listings_notices_and_news_are_skipped_not_rejected(first_crawl):
    _, result, _, _ = first_crawl
    assert {path_of(u) for u in result.skipped} == NOT_REPORTS
    assert not {path_of(r.source_uri) for r in result.rejects} & NOT_REPORTS


def test_documents_carry_the_bytes_and_the_charset_the_server_declared(first_crawl):
    _, result, _, _ = first_crawl
    docs = {path_of(d.source_uri): d for d in result.documents}
    gbk = docs["/zwgk/ghjh/202212/t20221230_0901.html"]
    meta_only = docs["/zwgk/ghjh/202207/t20220715_0801.html"]
    assert gbk.declared_charset == "gbk"
    assert meta_only.declared_charset is None
    assert gbk.data == (PORTAL_DIR / "zwgk/ghjh/202212/t20221230_0901.html").read_bytes()
    gbk_text = decode_bytes(gbk.data, declared_charset=gbk.declared_charset, is_html=True)
    meta_text = decode_bytes(meta_only.data, declared_charset=meta_only.declared_charset, is_html=True)
    assert "桂湖街道党工委2022年度领导班子述职报告" in gbk_text
    assert "桂湖街道2022年上半年工作总结及下半年工作打算" in meta_text
    assert all(d.is_html and d.fetched_at is not None and "content-type" in d.headers for d in docs.values())


def test_every_document_is_kept_raw_with_url_status_and_headers(first_crawl):
    _, result, _, _ = first_crawl
    for doc in result.documents:
        raw = Path(doc.raw_path)
        assert raw.read_bytes() == doc.data
        arrivals = json.loads(raw.with_suffix(".json").read_text("utf-8"))
        assert any(a["source_uri"] == doc.source_uri and a["status"] == 200 and a["headers"] for a in arrivals)


def test_flaky_page_is_retried_until_it_answers(first_crawl):
    portal, result, tmp, _ = first_crawl
    path = "/zwgk/ghjh/202103/t20210305_0501.html"
    assert [s.status for s in portal.requests_for(path)] == [500, 200]
    statuses = [
        a["status"]
        for f in (tmp / "raw").glob("*.json")
        if f.name != "crawl_state.json"
        for a in json.loads(f.read_text("utf-8"))
        if path_of(a["source_uri"]) == path
    ]
    assert sorted(statuses) == [200, 500]  # the 500 body is kept too


def test_missing_page_is_rejected_without_retries(first_crawl):
    portal, result, _, _ = first_crawl
    path = "/zwgk/ghjh/202101/t20210108_0401.html"
    assert portal.hits(path) == 1
    reject = reject_for(result, path)
    assert (reject.stage, reject.reason) == ("fetch", "HTTP 404 Not Found")
    assert reject.raw_path and Path(reject.raw_path).exists()


def test_slow_page_is_rejected_after_every_attempt_timed_out(first_crawl):
    portal, result, _, _ = first_crawl
    path = "/zwgk/ghjh/202006/t20200610_0301.html"
    assert portal.hits(path) == 2
    assert reject_for(result, path).reason == "timed out (limit 0.5 s) after 2 attempts"


def test_redirect_is_followed_and_the_document_has_the_final_url(first_crawl):
    portal, result, _, _ = first_crawl
    assert portal.hits("/zwgk/ghjh/old/2019report.html") == 1
    assert portal.hits("/zwgk/ghjh/201912/t20191220_0201.html") == 1
    assert portal.url("/zwgk/ghjh/201912/t20191220_0201.html") in {d.source_uri for d in result.documents}


def test_redirect_loop_is_rejected_after_one_request_per_hop(first_crawl):
    portal, result, _, _ = first_crawl
    assert portal.hits("/zwgk/ghjh/loop/a.html") == 1
    assert portal.hits("/zwgk/ghjh/loop/b.html") == 1
    assert reject_for(result, "/zwgk/ghjh/loop/a.html").reason.startswith("redirect loop: ")


def test_robots_disallowed_path_is_never_requested(first_crawl):
    portal, result, _, _ = first_crawl
    assert portal.hits("/robots.txt") == 1
    assert portal.hits("/private/draft_2023.html") == 0
    assert reject_for(result, "/private/draft_2023.html").reason == "disallowed by robots.txt"


def test_link_to_another_host_name_on_loopback_is_refused_even_when_allowed(first_crawl):
    _, result, _, _ = first_crawl
    refused = [r for r in result.rejects if r.source_uri.startswith("http://localhost/")]
    assert len(refused) == 1
    assert "127.0.0.1" in refused[0].reason and "non-public" in refused[0].reason


def test_offsite_links_are_neither_followed_nor_rejected(first_crawl):
    _, result, _, _ = first_crawl
    everything = [d.source_uri for d in result.documents] + result.skipped + [r.source_uri for r in result.rejects]
    assert not [u for u in everything if "example.gov.cn" in u]


def test_each_page_is_fetched_once_however_its_links_are_spelled(first_crawl):
    portal, _, _, _ = first_crawl
    # linked as ./202301/…, ./202301/…#top, /zwgk/ghjh/./201912/../202301/… and from itself
    assert portal.hits("/zwgk/ghjh/202301/t20230110_1001.html") == 1
    # linked as ?page=2&type=1 and ?type=1&page=2#list
    assert [s.query for s in portal.requests_for("/xwzx/gzdt/list.html")].count("page=2&type=1") == 1
    repeated = {s.path for s in portal.log if portal.hits(s.path) > 1}
    assert repeated <= {
        "/zwgk/ghjh/202103/t20210305_0501.html",
        "/zwgk/ghjh/202006/t20200610_0301.html",
        "/xwzx/gzdt/list.html",
    }


def test_script_and_link_pagination_reach_every_listing_page(first_crawl):
    portal, _, _, _ = first_crawl
    assert portal.hits("/zwgk/ghjh/index_1.html") == 1
    assert portal.hits("/zwgk/ghjh/index_2.html") == 1


def test_progress_gets_one_line_per_page(first_crawl):
    _, result, _, lines = first_crawl
    outcomes = len(result.documents) + len(result.skipped) + len(result.rejects) + len(result.unchanged)
    assert len(lines) == outcomes
    assert any(line.startswith("report") and "2022年工作总结" in line for line in lines)


def test_recrawl_sends_conditional_requests_and_returns_no_documents(tmp_path):
    with PortalServer() as portal:
        first = run_crawl(portal, tmp_path)
        portal.reset_log()
        second = run_crawl(portal, tmp_path)
    assert len(first.documents) == len(REPORTS)
    assert second.documents == [] and second.skipped == []
    assert {path_of(u) for u in second.unchanged} == REPORTS | NOT_REPORTS
    article = portal.requests_for("/zwgk/ghjh/202301/t20230110_1001.html")
    assert len(article) == 1 and article[0].status == 304
    assert "if-none-match" in article[0].headers and "if-modified-since" in article[0].headers
    listing = portal.requests_for(SEED)
    assert [s.status for s in listing] == [304]
    # served without validators: fetched in full, recognised by its content hash
    no_validators = portal.requests_for("/xwzx/gzdt/202302/t20230215_2001.html")
    assert [s.status for s in no_validators] == [200]


def test_recrawl_finds_a_new_article_on_a_changed_listing(tmp_path):
    site = tmp_path / "portal"
    shutil.copytree(PORTAL_DIR, site)
    quiet = Faults(content_types={"/robots.txt": "text/plain"})
    with PortalServer(root=site, faults=quiet) as portal:
        run_crawl(portal, tmp_path / "run")
        listing = site / "zwgk/ghjh/index_2.html"
        new_item = (
            '<li><a href="./202304/t20230410_1101.html">桂湖街道2023年一季度工作总结</a><span>2023-04-10</span></li>'
        )
        listing.write_text(listing.read_text("utf-8").replace("<ul>", "<ul>\n" + new_item), "utf-8")
        article = site / "zwgk/ghjh/202304/t20230410_1101.html"
        article.parent.mkdir()
        shutil.copy(site / "zwgk/ghjh/201912/t20191220_0201.html", article)
        portal.reset_log()
        second = run_crawl(portal, tmp_path / "run")
    assert [path_of(d.source_uri) for d in second.documents] == ["/zwgk/ghjh/202304/t20230410_1101.html"]
    assert portal.requests_for("/zwgk/ghjh/index_2.html")[0].status == 200


def test_state_file_is_complete_json_with_validators(tmp_path):
    with PortalServer(faults=Faults()) as portal:
        run_crawl(portal, tmp_path)
    state = json.loads((tmp_path / "raw" / "crawl_state.json").read_text("utf-8"))
    entry = state["pages"][portal.url("/zwgk/ghjh/202301/t20230110_1001.html")]
    assert entry["etag"] and entry["last_modified"] and len(entry["sha256"]) == 64 and entry["is_report"]
    assert not list((tmp_path / "raw").glob("*.tmp"))


def test_delay_spaces_requests_to_one_host(tmp_path):
    with PortalServer(faults=Faults()) as portal:
        run_crawl(portal, tmp_path, delay=0.2, max_pages=3)
    arrivals = [s.at for s in portal.log]
    assert len(arrivals) == 4  # robots.txt + 3 pages
    assert min(b - a for a, b in zip(arrivals, arrivals[1:])) >= 0.19


def test_max_pages_bounds_the_crawl(tmp_path):
    with PortalServer(faults=Faults()) as portal:
        result = run_crawl(portal, tmp_path, max_pages=2)
    assert len(portal.log) == 3  # robots.txt + 2 pages
    assert len(result.documents) + len(result.skipped) == 2


def test_response_over_the_size_cap_is_rejected(tmp_path):
    with PortalServer(faults=Faults()) as portal:
        result = run_crawl(portal, tmp_path, max_bytes=1000)
    assert result.documents == [] and result.skipped == []
    assert reject_for(result, SEED).reason == "response larger than 1000 bytes, not read further"


def test_redirect_to_another_host_is_rejected(tmp_path):
    faults = Faults(redirects={SEED: "http://www.example.gov.cn/zwgk/ghjh/index.html"})
    with PortalServer(faults=faults) as portal:
        result = run_crawl(portal, tmp_path)
    assert portal.hits(SEED) == 1 and len(portal.log) == 2
    assert "off-site host www.example.gov.cn" in reject_for(result, SEED).reason


def test_links_to_another_host_are_not_followed_by_default(tmp_path):
    with PortalServer(faults=Faults()) as portal:
        result = run_crawl(portal, tmp_path)
    everything = [d.source_uri for d in result.documents] + result.skipped + [r.source_uri for r in result.rejects]
    assert len(result.documents) >= 5
    assert not [u for u in everything if "localhost" in u]


def test_unreachable_robots_txt_keeps_the_crawler_off_the_site(tmp_path):
    with PortalServer(faults=Faults(fail_first={"/robots.txt": 5})) as portal:
        result = run_crawl(portal, tmp_path)
    assert {s.path for s in portal.log} == {"/robots.txt"}
    assert reject_for(result, SEED).reason.endswith(
        "(HTTP 500 Internal Server Error after 2 attempts); site treated as disallowed (RFC 9309)"
    )


def test_seed_that_is_not_http_is_rejected(tmp_path):
    result = crawl(["ftp://example.gov.cn/report.html"], raw_dir=tmp_path, state_path=tmp_path / "state.json")
    assert [(r.stage, r.reason) for r in result.rejects] == [("fetch", "not an http(s) URL")]


def test_links_are_ranked_reports_first_then_pagination_then_articles():
    html = """<html><head><base href="http://portal.example/zwgk/ghjh/"></head><body>
      <a href="./202301/t20230110_1.html">某街道2022年工作总结</a>
      <a href="index_1.html">下一页</a>
      <a href="./202302/t20230201_2.html">关于开展春季爱国卫生运动的通知</a>
      <a href="/hdjl/">互动交流</a>
      <a href="./files/plan.pdf">某街道2023年工作计划（附件）</a>
      <a href="javascript:void(0)">打印</a>
    </body></html>"""
    links = {link.url: link.priority for link in extract_links(html, "http://portal.example/zwgk/ghjh/index.html")}
    assert links == {
        "http://portal.example/zwgk/ghjh/202301/t20230110_1.html": PRIORITY_REPORT,
        "http://portal.example/zwgk/ghjh/index_1.html": PRIORITY_PAGINATION,
        "http://portal.example/zwgk/ghjh/202302/t20230201_2.html": PRIORITY_ARTICLE,
    }


def test_trs_page_script_announces_the_other_listing_pages():
    html = '<script>createPageHTML(3, 0, "index", "shtml");</script>'
    assert script_pagination(html, "http://portal.example/col/") == [
        "http://portal.example/col/index.shtml",
        "http://portal.example/col/index_1.shtml",
        "http://portal.example/col/index_2.shtml",
    ]


def test_server_error_that_persists_is_rejected_with_the_status_and_kept_body(tmp_path):
    path = "/zwgk/ghjh/202301/t20230110_1001.html"
    with PortalServer(faults=Faults(fail_first={path: 9})) as portal:
        result = run_crawl(portal, tmp_path)
    assert portal.hits(path) == 2
    reject = reject_for(result, path)
    assert reject.reason == "HTTP 500 Internal Server Error after 2 attempts"
    assert b"500" in Path(reject.raw_path).read_bytes()


def test_redirect_chain_longer_than_the_hop_limit_is_rejected(tmp_path):
    hops = {f"/r/{n}.html": f"/r/{n + 1}.html" for n in range(10)}
    hops[SEED] = "/r/0.html"
    with PortalServer(faults=Faults(redirects=hops)) as portal:
        result = run_crawl(portal, tmp_path)
    assert reject_for(result, SEED).reason == "more than 5 redirects"
    assert len(portal.log) == 1 + 6  # robots.txt, the seed, 5 hops


def test_page_that_is_not_html_is_skipped(tmp_path):
    with PortalServer(faults=Faults(content_types={SEED: "application/pdf"})) as portal:
        result = run_crawl(portal, tmp_path)
    assert [path_of(u) for u in result.skipped] == [SEED]
    assert result.documents == [] and len(portal.log) == 2  # no links read out of a non-page
