"""Typed wrappers for the two places where Prefect's annotations are looser than its behaviour.

* ``quote(value)`` returns a ``quote[T]`` wrapper that Prefect unwraps before the task runs, so the
  task receives ``T``; the task's typed ``__call__`` does not know that. ``unexamined`` says it.
* ``Flow.with_options(task_runner=...)`` is typed ``TaskRunner[PrefectFuture[Any]]``, and
  ``TaskRunner`` is invariant in its future type, so a ``ProcessPoolTaskRunner`` (concurrent futures)
  or a ``DaskTaskRunner`` (Dask futures) does not fit though every flow accepts them.
  ``any_task_runner`` says they do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from prefect.utilities.annotations import quote

if TYPE_CHECKING:
    from prefect.futures import PrefectFuture
    from prefect.task_runners import TaskRunner

T = TypeVar("T")


def unexamined(value: T) -> T:
    """``value`` passed to a task as is: Prefect does not walk it for futures (``quote``); typed as ``value``."""
    return cast(T, quote(value))


def any_task_runner(runner: TaskRunner[Any]) -> TaskRunner[PrefectFuture[Any]]:
    """``runner`` as the task runner type ``Flow.with_options`` declares (it accepts every runner)."""
    return cast("TaskRunner[PrefectFuture[Any]]", runner)
