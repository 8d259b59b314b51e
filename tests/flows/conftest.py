import pytest

from support import jiedao


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory):
    """One run of `jiedao run` on the bundled samples, shared by the tests that only read it."""
    data = tmp_path_factory.mktemp("samples") / "data"
    result = jiedao("run", "--data-dir", str(data))
    return result, data
