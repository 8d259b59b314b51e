"""Every file a SOURCE holds gets a fate: a document, or a reject whose reason a person understands.
Symlinks do not lead out of the SOURCE tree, loops and FIFOs never hang, an empty folder is said."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from flows.adapters.local_files import list_files, read_local
from support import jiedao, query

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
REPORT = SAMPLES / "sample_01_plain.txt"


def reasons_by_name(ingested) -> dict[str, str]:
    return {r.source_uri.rsplit("/", 1)[-1]: r.reason for r in ingested.rejects}


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """A folder with one report and every kind of file that is not one."""
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(REPORT, folder / "report.txt")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.7 fictional")
    (folder / "notes.md").write_text("# 会议记录", "utf-8")
    (folder / "README").write_text("no suffix", "utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "deleted.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "loop_a.txt").symlink_to(folder / "loop_b.txt")
    (folder / "loop_b.txt").symlink_to(folder / "loop_a.txt")
    (folder / "sub" / "up").symlink_to(folder)  # a folder loop
    (folder / "sub" / "same.txt").symlink_to(folder / "report.txt")  # inside the tree: read
    return folder


def test_each_file_seen_is_a_document_or_a_reject_with_its_reason(inbox: Path, tmp_path: Path):
    ingested = read_local([inbox], tmp_path / "raw")
    read = sorted(d.source_uri.rsplit("/", 1)[-1] for d in ingested.documents)
    reasons = reasons_by_name(ingested)
    assert read == ["report.txt", "same.txt"]
    assert reasons["scan.pdf"].startswith("unsupported type .pdf")
    assert reasons["notes.md"].startswith("unsupported type .md")
    assert reasons["README"].startswith("no file suffix")
    assert reasons["pipe.txt"] == "not a regular file (FIFO)"
    assert reasons["gone.txt"].startswith("dangling symlink")
    assert reasons["passwd.txt"] == "symlink leaves the source tree (to /etc/passwd)"
    assert reasons["loop_a.txt"] == reasons["loop_b.txt"] == "symlink loop"
    assert ingested.n_seen == len(read) + len(reasons) == 10


def test_a_symlink_to_etc_passwd_is_never_read(inbox: Path, tmp_path: Path):
    ingested = read_local([inbox], tmp_path / "raw")
    assert not any(b"root:" in d.data for d in ingested.documents)
    assert not any(b"root:" in p.read_bytes() for p in (tmp_path / "raw").iterdir())


def test_the_skipped_files_are_counted_by_reason(inbox: Path, tmp_path: Path):
    counts = read_local([inbox], tmp_path / "raw").reject_counts()
    assert counts["unsupported type .pdf"] == 1
    assert counts["unsupported type .md"] == 1
    assert counts["symlink loop"] == 2
    assert counts["symlink leaves the source tree"] == 1


def test_a_folder_of_folders_without_files_is_reported_empty(tmp_path: Path):
    (tmp_path / "empty" / "a" / "b").mkdir(parents=True)
    assert list_files([tmp_path / "empty"]).empty_folders == [tmp_path / "empty"]


def test_run_on_an_empty_folder_says_so_and_fails(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    result = jiedao("run", str(tmp_path / "empty"), "--data-dir", str(tmp_path / "data"))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"jiedao: nothing to read: folder {tmp_path / 'empty'} holds no files"
    ]
    assert not (tmp_path / "data" / "warehouse.duckdb").exists()


@pytest.mark.slow  # `jiedao run` in a subprocess; each file's fate is pinned above through read_local()
def test_run_gives_each_refused_file_a_rejects_row_and_loads_no_outside_file(inbox: Path, tmp_path: Path):
    data = tmp_path / "data"
    result = jiedao("run", str(inbox), "--data-dir", str(data))
    assert "Traceback" not in result.stderr
    rows = dict(query(data / "warehouse.duckdb", "SELECT regexp_extract(source_uri, '[^/]+$'), reason FROM rejects"))
    assert rows["passwd.txt"] == "symlink leaves the source tree (to /etc/passwd)"
    assert rows["pipe.txt"] == "not a regular file (FIFO)"
    assert rows["scan.pdf"].startswith("unsupported type .pdf")
    assert query(data / "warehouse.duckdb", "SELECT count(*) FROM documents WHERE cleaned_text LIKE '%root:%'") == [
        (0,)
    ]
    assert query(data / "warehouse.duckdb", "SELECT count(*) FROM documents") == [(1,)]


def test_an_input_is_known_by_its_real_path_however_its_folder_was_named(tmp_path: Path, monkeypatch):
    from flows.inputs import list_inputs
    from flows.paths import DataPaths

    real = tmp_path / "reports" / "2024"
    real.mkdir(parents=True)
    shutil.copy(REPORT, real / "a.txt")
    (tmp_path / "shortcut").symlink_to(tmp_path / "reports")  # a symlinked folder the user names
    (real / "b.txt").symlink_to(real / "a.txt")  # the same file again, through a link inside the tree
    monkeypatch.chdir(tmp_path)
    listing = list_inputs(["shortcut", "./reports/../shortcut/2024"], DataPaths(tmp_path / "data"), "r", {}, print)
    assert [ref.source_uri for ref in listing.inputs] == [(real / "a.txt").resolve().as_uri()]
