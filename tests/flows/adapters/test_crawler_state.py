"""Crawl memory between runs (flows/adapters/crawl_state.py)."""

from __future__ import annotations

import json

from flows.adapters.crawl_state import CrawlState, PageState, forget


def test_state_round_trips_through_its_file(tmp_path):
    path = tmp_path / "raw" / "crawl_state.json"
    state = CrawlState(path)
    state.put("http://p.cn/a.html", PageState(sha256="ab" * 32, etag='"v1"', links=[("http://p.cn/b.html", 2)]))
    state.save()
    again = CrawlState.load(path)
    assert again.get("http://p.cn/a.html") == state.get("http://p.cn/a.html")
    assert [p.name for p in path.parent.iterdir()] == ["crawl_state.json"]  # no temp file left


def test_conditional_headers_use_what_the_server_sent_last_time(tmp_path):
    state = CrawlState(tmp_path / "s.json")
    state.put(
        "http://p.cn/a.html", PageState(sha256="0" * 64, etag='"v1"', last_modified="Wed, 01 Mar 2023 08:00:00 GMT")
    )
    state.put("http://p.cn/b.html", PageState(sha256="1" * 64))
    assert state.conditional_headers("http://p.cn/a.html") == {
        "If-None-Match": '"v1"',
        "If-Modified-Since": "Wed, 01 Mar 2023 08:00:00 GMT",
    }
    assert state.conditional_headers("http://p.cn/b.html") == {}
    assert state.conditional_headers("http://p.cn/new.html") == {}


def test_unreadable_state_means_a_full_crawl_not_a_crash(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"version": 1, "pages": {"http://p.cn/a.html": {"sha256": ', "utf-8")
    assert CrawlState.load(path).pages == {}
    path.write_text(
        json.dumps(
            {"version": 1, "pages": {"http://p.cn/a.html": {"bogus": 1}, "http://p.cn/b.html": {"sha256": "f" * 64}}}
        ),
        "utf-8",
    )
    assert list(CrawlState.load(path).pages) == ["http://p.cn/b.html"]
    assert CrawlState.load(tmp_path / "missing.json").pages == {}


def test_forget_makes_the_next_crawl_fetch_a_page_in_full(tmp_path):
    path = tmp_path / "s.json"
    state = CrawlState(path)
    state.put("http://p.cn/a.html", PageState(sha256="0" * 64, etag='"v1"'))
    state.put("http://p.cn/b.html", PageState(sha256="1" * 64, etag='"v2"'))
    state.save()
    forget(path, ["http://p.cn/a.html", "http://p.cn/never-seen.html"])
    assert list(CrawlState.load(path).pages) == ["http://p.cn/b.html"]
