"""`jiedao run URL` end to end against the fixture portal on a real local HTTP server."""

import pytest

from support import jiedao, query
from tests.fixtures.portal_server import PortalServer

pytestmark = pytest.mark.slow  # `jiedao run URL` in a subprocess against a local portal

SEED = "/zwgk/ghjh/index.html"


@pytest.fixture(scope="module")
def portal():
    with PortalServer() as server:
        yield server


@pytest.fixture(scope="module")
def crawled(portal, tmp_path_factory):
    data = tmp_path_factory.mktemp("crawl") / "data"
    first = jiedao("run", portal.url(SEED), "--delay", "0", "--data-dir", str(data))
    return first, data


def test_a_portal_column_is_crawled_into_the_warehouse(crawled, portal):
    result, data = crawled
    assert result.returncode == 0, result.stderr
    db = data / "warehouse.duckdb"
    ((n_docs,),) = query(db, "SELECT count(*) FROM documents WHERE source_uri LIKE 'http://127.0.0.1:%'")
    assert n_docs >= 4
    ((n_metrics,),) = query(db, "SELECT count(*) FROM metrics")
    assert n_metrics > 0
    assert "7 not reports" in result.stdout
    # the index number and publisher of the info-disclosure article come from its page
    assert query(db, "SELECT count(*) FROM documents WHERE index_no IS NOT NULL AND publisher IS NOT NULL")[0][0] >= 1


def test_dead_pages_are_rejected_with_a_reason_and_the_crawl_goes_on(crawled):
    _, data = crawled
    rejects = query(data / "warehouse.duckdb", "SELECT stage, reason FROM rejects WHERE stage = 'fetch'")
    assert any("404" in reason for _, reason in rejects)


def test_a_second_crawl_sends_conditional_requests_and_adds_nothing(crawled, portal):
    _, data = crawled
    db = data / "warehouse.duckdb"
    before = query(db, "SELECT count(*) FROM documents"), query(db, "SELECT count(*) FROM metrics")
    portal.reset_log()
    again = jiedao("run", portal.url(SEED), "--delay", "0", "--data-dir", str(data))
    assert again.returncode == 0, again.stderr
    assert "documents  0" in again.stdout and "unchanged" in again.stdout
    assert (query(db, "SELECT count(*) FROM documents"), query(db, "SELECT count(*) FROM metrics")) == before
    article = portal.requests_for("/zwgk/ghjh/202212/t20221230_0901.html")  # a GBK report page
    assert [(seen.status, bool(seen.headers.get("if-none-match"))) for seen in article] == [(304, True)]
