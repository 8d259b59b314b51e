"""GX is imported with scipy.stats and altair deferred, and both still work for whoever uses them."""

import subprocess
import sys
import textwrap

from expectations.gx_import import DeferredModule, defer


def test_a_deferred_module_is_imported_on_first_use_and_then_is_the_real_one(tmp_path, monkeypatch):
    package = tmp_path / "deferred_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "heavy.py").write_text("import sys\nsys.modules[__name__].EXECUTED = True\nANSWER = 42\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        defer("deferred_pkg.heavy")
        import deferred_pkg.heavy as heavy

        assert isinstance(heavy, DeferredModule)  # imported by name, not executed
        assert "EXECUTED" not in vars(heavy)
        assert heavy.ANSWER == 42
        from deferred_pkg import heavy as again

        assert not isinstance(again, DeferredModule)
        assert again.EXECUTED and sys.modules["deferred_pkg.heavy"] is again
    finally:
        for name in ("deferred_pkg.heavy", "deferred_pkg"):
            sys.modules.pop(name, None)


def test_validating_imports_neither_scipy_stats_nor_altair_and_both_still_work():
    script = textwrap.dedent(
        """
        import math, sys
        from expectations.gx_import import great_expectations
        great_expectations()
        import great_expectations.expectations  # every built-in expectation, the KL-divergence one too
        print("scipy.stats._stats_py" in sys.modules, "altair.vegalite" in sys.modules)
        from scipy import stats
        print(math.isclose(stats.entropy([0.5, 0.5]), math.log(2)))
        import scipy.stats.distributions
        print(type(sys.modules["scipy.stats"]).__name__)
        import altair as alt
        print(alt.Chart({"values": [{"x": 1}]}).mark_bar().to_dict()["mark"]["type"])
        import altair.vegalite
        print(type(sys.modules["altair"]).__name__)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False", "True", "module", "bar", "module"]


def test_a_module_that_cannot_be_found_is_left_to_fail_as_usual():
    defer("no_such_package_here.sub")
    defer("json.no_such_module_here")
    assert "no_such_package_here.sub" not in sys.modules
    assert "json.no_such_module_here" not in sys.modules
