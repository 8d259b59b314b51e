"""The raw store (flows/adapters/raw_store.py, flows/adapters/atomic.py): what a run killed mid-write
left behind does not break the next run, and kept bytes are whole."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from flows.adapters import atomic
from flows.adapters.atomic import write_atomically
from flows.adapters.raw_store import keep_raw

PAGE = "<html><body>和平街道2023年工作总结</body></html>".encode()


def sidecar_of(raw_dir, data: bytes):
    return raw_dir / f"{hashlib.sha256(data).hexdigest()[:24]}.json"


def test_each_arrival_of_the_same_bytes_is_listed_beside_one_copy(tmp_path):
    first = keep_raw(tmp_path, "http://a.gov.cn/r.html", PAGE, http_status=200)
    second = keep_raw(tmp_path, "http://b.gov.cn/r.html", PAGE)
    assert first == second and Path(first).read_bytes() == PAGE
    arrivals = json.loads(sidecar_of(tmp_path, PAGE).read_text("utf-8"))
    assert [a["source_uri"] for a in arrivals] == ["http://a.gov.cn/r.html", "http://b.gov.cn/r.html"]
    assert arrivals[0]["http_status"] == 200 and "http_status" not in arrivals[1]


@pytest.mark.parametrize("left", ["", '[{"source_uri": "http://a.gov.cn/r.ht', "\ufffd\x00", '{"not": "a list"}'])
def test_a_half_written_sidecar_is_set_aside_and_the_arrival_still_recorded(tmp_path, left):
    sidecar = sidecar_of(tmp_path, PAGE)
    sidecar.write_text(left, "utf-8")
    keep_raw(tmp_path, "http://a.gov.cn/r.html", PAGE)
    assert [a["source_uri"] for a in json.loads(sidecar.read_text("utf-8"))] == ["http://a.gov.cn/r.html"]
    assert sidecar.with_suffix(".json.unreadable").read_text("utf-8") == left


def test_raw_bytes_cut_short_by_a_kill_are_written_again(tmp_path):
    path = keep_raw(tmp_path, "http://a.gov.cn/r.html", PAGE)
    Path(path).write_bytes(PAGE[:10])
    keep_raw(tmp_path, "http://a.gov.cn/r.html", PAGE)
    assert Path(path).read_bytes() == PAGE


def test_a_write_that_fails_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "state.json"
    target.write_bytes(b"old")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    with pytest.raises(OSError):
        write_atomically(target, b"new", durable=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]
