import os
import subprocess

from support import JIEDAO


def test_scheduling_without_a_prefect_server_explains_what_to_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    result = subprocess.run(
        [str(JIEDAO), "schedule", "--cron", "0 6 * * 1", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert "prefect server start" in result.stderr and "PREFECT_API_URL" in result.stderr
