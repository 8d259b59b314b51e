"""Which characters a rule pattern's match can start or end with, read from the compiled pattern.

The metric, subject, kind and target rules try many word-list patterns, mostly where they cannot
match: on short strings (a subject's head and tail, the 13 characters before a figure) and at most
positions of a sentence. ``starts_in`` and ``ends_in`` hold the characters a match must start
(``pattern.match``) or end (a ``$``-anchored ``pattern.search``) with, so one set lookup rejects a
string before the regex runs; ``guarded`` gives a pattern the same test at every position the regex
engine tries. A pattern that does not bound them (a negated class, a category, an empty match ...)
gets ``EVERY`` and is left as it is: the regex then always runs. All is derived from the patterns,
so a new vocabulary entry needs nothing here; the results are the regexes' own, only sooner.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P

# A class this wide is no useful filter (and would make a large set).
_MAX_RANGE = 2048

_Chars = frozenset[str] | None  # None: any character


def first_chars(pattern: re.Pattern[str]) -> _Chars:
    """The characters every non-empty ``pattern.match(s)`` starts with, or None when unbounded
    (also when the pattern may match the empty string, since then any string matches)."""
    parsed = P.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    chars, nullable = _edge(list(parsed.data), first=True)
    return None if chars is None or nullable else frozenset(chars)


def last_chars(pattern: re.Pattern[str]) -> _Chars:
    """For a pattern whose every alternative ends in ``$``: the characters a match's last
    character can be, or None when unbounded or not so anchored. (``$`` also matches before a
    final newline: ``ends_in`` adds it.)"""
    parsed = P.parse(pattern.pattern, pattern.flags)
    items = list(parsed.data)
    if parsed.state.flags & (re.MULTILINE | re.IGNORECASE) or not _anchored_at_end(items):
        return None
    chars, nullable = _edge(items, first=False)
    return None if chars is None or nullable else frozenset(chars)


def guarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a look-ahead for the characters its match can start with: the same
    matches, groups and spans, but at the many positions where no match can start the engine
    fails on one class test instead of trying every alternative (a long pattern opening with
    look-behinds or groups gets no such shortcut from the regex compiler). ``pattern`` itself
    when its starts are unbounded."""
    chars = first_chars(pattern)
    if not chars:
        return pattern
    try:
        return re.compile(f"(?=[{''.join(map(re.escape, sorted(chars)))}])(?:{pattern.pattern})", pattern.flags)
    except re.error:  # (inline global flags must open a pattern: such a one stays as it is)
        return pattern


class _Every:
    """Holds every character (and ""): the bound of a pattern that has none."""

    def __contains__(self, item: object) -> bool:
        return True


EVERY = _Every()


def starts_in(*patterns: re.Pattern[str]) -> frozenset[str] | _Every:
    """Where a match of any of ``patterns`` can start: ``pattern.match(s, pos)`` can succeed only
    if ``s[pos:pos + 1] in starts_in(pattern)``."""
    sets = [first_chars(p) for p in patterns]
    bounded = [chars for chars in sets if chars is not None]
    return EVERY if len(bounded) < len(sets) else frozenset().union(*bounded)


def ends_in(*patterns: re.Pattern[str]) -> frozenset[str] | _Every:
    """Where a match of any of these ``$``-anchored ``patterns`` can end: ``pattern.search(s, pos,
    end)`` can succeed only if ``s[end - 1:end] in ends_in(pattern)`` (with ``$`` matching before
    a final newline too, so a newline is always in)."""
    sets = [last_chars(p) for p in patterns]
    bounded = [chars for chars in sets if chars is not None]
    return EVERY if len(bounded) < len(sets) else frozenset().union(*bounded, "\n")


def _anchored_at_end(items: list) -> bool:
    """Does every way through ``items`` end with ``$`` (nothing consumed after it)?"""
    for op, av in reversed(items):
        if op is C.AT:
            return av is C.AT_END
        if op in (C.ASSERT, C.ASSERT_NOT):
            continue
        if op is C.SUBPATTERN:
            return _anchored_at_end(list(av[-1].data))
        if op is C.BRANCH:
            return all(_anchored_at_end(list(b.data)) for b in av[1])
        return False
    return False


def _edge(items: list, *, first: bool) -> tuple[set[str] | None, bool]:
    """The characters the sequence ``items`` can start (or end) with, and whether it can be empty."""
    acc: set[str] = set()
    for op, av in items if first else reversed(items):
        chars, nullable = _item_edge(op, av, first=first)
        if chars is None:
            return None, False
        acc |= chars
        if not nullable:
            return acc, False
    return acc, True


def _item_edge(op, av, *, first: bool) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        return _class_chars(av), False
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return set(), True  # zero-width: they consume nothing
    if op is C.SUBPATTERN:
        return _edge(list(av[-1].data), first=first)
    if op is C.BRANCH:
        acc: set[str] = set()
        any_nullable = False
        for branch in av[1]:
            chars, nullable = _edge(list(branch.data), first=first)
            if chars is None:
                return None, False
            acc |= chars
            any_nullable = any_nullable or nullable
        return acc, any_nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = av
        chars, nullable = _edge(list(sub.data), first=first)
        return chars, nullable or low == 0
    return None, False  # ANY, NOT_LITERAL, GROUPREF, ATOMIC_GROUP ...: no bound


def _class_chars(items) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] <= _MAX_RANGE:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None  # a negated class, a category, a wide range
    return chars
