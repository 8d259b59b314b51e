"""Great Expectations, imported without scipy.stats and altair (which only an expectation we never use needs).

Importing GX imports all of its built-in expectations. One of them, ``expect_column_kl_divergence_to_be_less_than``
(not in our suites), runs ``from scipy import stats`` and ``import altair`` at module level, and uses them only
when it validates or renders. scipy.stats was ~40% of GX's import (1.7-2.2 s of CPU on a slow host), altair
~0.2 s more (GX's import is ~1.45 s on a quicker host), paid at the start of every run by each process that
validates.

``great_expectations()`` first puts a stand-in for each of them in ``sys.modules``. The real module is
imported the first time anyone reads one of the stand-in's attributes (GX, pandas, the reading room's charts
or a user's code), and the attribute comes from it. After that, ``import scipy.stats`` gets the real module.
The standard library's ``importlib.util.LazyLoader`` cannot do this on 3.11: the import statement itself
reads the module's ``__spec__``, which loads it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from types import ModuleType

DEFERRED = ("scipy.stats", "altair")
_loading = threading.RLock()


class DeferredModule(ModuleType):
    """Stands in for a module not imported yet; the first attribute read imports it."""

    def __getattr__(self, attribute: str) -> object:
        return getattr(self.real(), attribute)

    def real(self) -> ModuleType:
        """The real module, imported now if nobody has yet."""
        with _loading:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            return importlib.import_module(self.__name__)


def defer(name: str) -> None:
    """Make ``name`` a stand-in until its first use, unless it is imported already."""
    if name in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(name)  # imports its parent package (scipy: ~10 ms)
    except ModuleNotFoundError:  # no parent package: nothing to defer
        return
    if spec is None:
        return
    stand_in = DeferredModule(name)
    stand_in.__spec__ = spec  # what the import statement reads; reading it must not load the module
    sys.modules[name] = stand_in


def great_expectations() -> ModuleType:
    """The ``great_expectations`` package, imported (once per process) with ``DEFERRED`` deferred."""
    if "great_expectations" not in sys.modules:
        for name in DEFERRED:
            defer(name)
    import great_expectations

    return great_expectations
