"""jieba, loaded once per process, quiet, with the project's domain dictionary."""
from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
USER_DICT = DATA_DIR / "userdict.txt"


@cache
def jieba():  # noqa: ANN201 - the jieba module itself
    """The jieba module with the user dictionary loaded; call this, never ``import jieba`` directly.

    Worker processes (spawned) call it too, so each loads the dictionary exactly once.
    """
    import jieba as _jieba

    _jieba.setLogLevel(logging.WARNING)
    _jieba.initialize()
    if USER_DICT.exists():
        _jieba.load_userdict(str(USER_DICT))
    return _jieba
