"""A fault in our own code is one line for the user and a traceback in a log file, not console noise."""

from pathlib import Path

import pytest

from flows.cli import SAMPLES_DIR, main
from transforms import document

pytestmark = pytest.mark.slow  # the whole flow in-process on the samples


def broken_page(text: str, *, is_html: bool):
    raise RuntimeError("simulated bug in page extraction")


def test_an_unexpected_error_is_one_line_with_the_details_in_a_log_file(tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(document, "extract_page", broken_page)

    # in this process (--workers 1): the patch does not reach a worker process
    code = main(["run", str(SAMPLES_DIR / "sample_01_plain.txt"), "--workers", "1", "--data-dir", str(tmp_path)])

    err = capfd.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    (line,) = [line for line in err.splitlines() if line.startswith("jiedao: run failed:")]
    assert "RuntimeError: simulated bug in page extraction" in line
    log = Path(line.rsplit("details: ", 1)[1].rstrip(")"))
    assert "Traceback" in log.read_text("utf-8")
