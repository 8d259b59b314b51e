"""Small functions the templates call (registered as Jinja globals by ``flows.browse.app``)."""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup


def emphasised(snippet: str, terms: list[str]) -> Markup:
    """The snippet, escaped, with the query's words in bold."""
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return Markup(escape(snippet))
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, cursor = [], 0
    for match in pattern.finditer(snippet):
        out += [escape(snippet[cursor : match.start()]), f"<b>{escape(match.group())}</b>"]
        cursor = match.end()
    out.append(escape(snippet[cursor:]))
    return Markup("".join(out))


def state_class(state: str) -> str:
    """CSS class of a verdict: passed (green), warned (amber), failed (red), not (grey)."""
    if state.startswith("passed"):
        return "warned" if "warning" in state else "passed"
    return "failed" if state.startswith("failed") else "not"


def query_string(**params: Any) -> str:
    """A URL query string of the parameters that have a value."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "")})


def fmt_number(value: Any) -> str:
    """A number for people: thousands separated, at most four decimals, a dash for none."""
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{value:,}" if isinstance(value, int) else str(value)


def report_name(uri: str | None) -> str:
    """The last part of a source URI: ``sample_01_plain.txt``, ``t20230110_1001.html``."""
    if not uri:
        return "?"
    return uri.rstrip("/").rsplit("/", 1)[-1] or uri
