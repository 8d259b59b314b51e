"""Build GX Data Docs (``build_docs``, pruning old runs), make them render with no network, and put
the run's summary on their index page.

GX 1.x pages load Bootstrap, bootstrap-table, jQuery, Font Awesome and vega from CDNs and the logo
from S3: unreachable offline and for many users. GX's site builder cannot be pointed elsewhere (its
package templates win over custom views), but it inlines ``plugins/custom_data_docs/styles/
data_docs_custom_styles.css`` into every page; that file carries the styles. After each build this
module rewrites the pages: CDN ``<link>``/``<script src>`` tags are replaced by one inline copy of
``offline.js`` (the few jQuery/Bootstrap calls the pages make), and the logo points at the copy GX
puts under ``static/images/``. The rewrite is idempotent, so already rewritten pages are skipped.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from expectations.suites import GX_TEMPLATE_DIR, SUITE_TABLES

OFFLINE_JS = GX_TEMPLATE_DIR / "plugins" / "custom_data_docs" / "offline.js"
OFFLINE_MARKER = "<!-- jiedao:offline -->"
SUMMARY_START = "<!-- jiedao:summary -->"
SUMMARY_END = "<!-- /jiedao:summary -->"

# Tags that fetch from the network: stylesheets/scripts with an absolute http(s) or protocol-relative URL.
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=[\"'](?:https?:)?//[^>]*>\s*", re.I)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"'](?:https?:)?//[^>]*>\s*</script>\s*", re.I)
# GX's own relative links to static/ miscount the depth of validation pages (favicon): recompute them.
_STATIC_REF = re.compile(r"((?:href|src)=[\"'])(?:\.\.?/)*static/")
# Any other remote src (the S3 logo): GX ships the same images under static/images/.
_REMOTE_IMG = re.compile(
    r"(<img\b[^>]*\bsrc=[\"'])(?:https?:)?//[^\"']*/([\w.-]+\.(?:png|svg|gif|ico))(?:\?[^\"']*)?", re.I
)


def make_page_offline(page: str, root_prefix: str, script: str) -> str:
    """One page with its remote assets replaced by local ones; ``root_prefix`` leads to the site root."""
    if OFFLINE_MARKER in page:
        return page
    inline = f"{OFFLINE_MARKER}\n<script>\n{script}\n</script>\n"
    first = _first_remote_tag(page)
    page = _REMOTE_SCRIPT.sub("", _REMOTE_LINK.sub("", page))
    page = _STATIC_REF.sub(lambda m: f"{m.group(1)}{root_prefix}static/", page)
    page = _REMOTE_IMG.sub(lambda m: f"{m.group(1)}{root_prefix}static/images/{m.group(2)}", page)
    at = first if first >= 0 else page.find("</head>")
    return page[:at] + inline + page[at:] if at >= 0 else inline + page


def _first_remote_tag(page: str) -> int:
    """Where the first CDN tag stood: the inline script goes there, before any inline use of ``$``."""
    hits = [m.start() for m in (_REMOTE_LINK.search(page), _REMOTE_SCRIPT.search(page)) if m]
    return min(hits) if hits else -1


def make_site_offline(site_dir: Path) -> int:
    """Rewrite every Data Docs page under ``site_dir`` (GX's own context dir ``gx/`` excluded); returns pages changed."""
    script = OFFLINE_JS.read_text(encoding="utf-8")
    changed = 0
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir)
        if relative.parts[0] == "gx":
            continue
        text = path.read_text(encoding="utf-8")
        new = make_page_offline(text, "../" * (len(relative.parts) - 1), script)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    tell_the_truth(site_dir)
    return changed


SEVERITY_WORDS = {
    "critical": "critical: a failure stops the load",
    "warning": "warning: reported, the load proceeds",
}
QUARANTINE_WORDS = "warning: the failing rows are quarantined (written to rejects), the rest loads"


def severity_words(severity: str, quarantine: bool = False) -> str:
    """What an expectation's severity means for the run, in words."""
    return QUARANTINE_WORDS if quarantine else SEVERITY_WORDS.get(severity, severity)


def check_sentence(label: str, why: str) -> str:
    """One sentence saying what an expectation checks and why: ``unit in canonical vocabulary: ...``."""
    return f"{label}: {why.rstrip('.')}."


def summary_html(
    run_id: str, success: bool, suites: dict[str, dict], critical: list[str], warnings: list[str], rejects: list[dict]
) -> str:
    """The run summary block put on top of the Data Docs index (plain HTML, styled by the custom CSS)."""
    esc = html.escape
    passed = f"passed with {len(warnings)} warning{'' if len(warnings) == 1 else 's'}" if warnings else "passed"
    status = (
        f'<span class="jiedao-status-pass">{passed}: the load proceeds</span>'
        if success
        else '<span class="jiedao-status-fail">FAILED: critical expectations failed, nothing was loaded</span>'
    )
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td>{s['evaluated']}</td><td>{s['successful']}</td>"
        f"<td>{s['failed_critical']}</td><td>{s['failed_warning']}</td><td>{s.get('quarantined_rows', 0)}</td></tr>"
        for name, s in suites.items()
    )

    def listing(title: str, items: list[str], css: str) -> str:
        if not items:
            return ""
        lis = "".join(f"<li>{esc(item)}</li>" for item in items)
        return f'<div class="alert {css}"><strong>{esc(title)}</strong><ul class="mb-0">{lis}</ul></div>'

    quarantined = [f"{r['source_uri']}: {r['reason']}" for r in rejects]
    return (
        f'{SUMMARY_START}<section class="jiedao-summary card" id="jiedao-run-summary"><div class="card-header">'
        f'<strong>jiedao run {esc(run_id)}</strong> &mdash; validation {status}</div><div class="card-body">'
        '<table class="table table-sm table-bordered"><thead><tr><th>suite</th><th>expectations</th>'
        "<th>passed</th><th>critical failed</th><th>warnings</th><th>rows quarantined</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"{listing('Critical failures', critical, 'alert-danger')}"
        f"{listing('Warnings', warnings, 'alert-warning')}"
        f"{listing('Quarantined rows (written to rejects, stage validate)', quarantined[:50], 'alert-secondary')}"
        f"</div></section>{SUMMARY_END}"
    )


def put_summary(index_page: Path, summary: str) -> None:
    """Replace (or insert, above the page's content) the run summary block of the index page."""
    text = index_page.read_text(encoding="utf-8")
    if SUMMARY_START in text:
        start, end = text.index(SUMMARY_START), text.index(SUMMARY_END) + len(SUMMARY_END)
        text = text[:start] + summary + text[end:]
    else:
        at = text.find('<div class="container-fluid')
        if at < 0:
            at = text.find(">", text.find("<body")) + 1
        text = text[:at] + summary + text[at:]
    index_page.write_text(text, encoding="utf-8")


# --- pages that do not mislead ---------------------------------------------------------------
# GX marks a validation failed when any expectation failed, whatever its severity, and shows the
# failing values without saying where they came from. jiedao's severities live in each
# expectation's meta (expectations/suites.py) and the stored results (gx/uncommitted/validations/)
# keep them: these passes use them to say "passed with warnings", to put each expectation's
# severity and purpose next to it, and to list the report and mention behind each failure.

ANNOTATED_MARKER = "<!-- jiedao:annotated -->"
TABLE_LEVEL = "Table-Level Expectations"
WARNING_ICON = '<i class="fas fa-exclamation-triangle text-warning" aria-hidden="true"></i>'
_VENDOR_FOOTER = re.compile(r"<footer>\s*<p>[^<]*newsletter.*?</footer>\s*", re.I | re.S)
_SECTION_HEADER = re.compile(r'id="section-(\d+)-content-block-1-header".*?<h5[^>]*>\s*(.*?)\s*</h5>', re.S)
_FAILED_STATUS = re.compile(r'<i class="fas fa-times text-danger" aria-hidden="true"></i>\s*Failed')
ROW_EXAMPLES = 10  # failing rows listed under an expectation (GX keeps that many per result)


def page_state(results: list[dict]) -> str:
    """``passed``, ``warnings`` (only warning-severity failures) or ``failed`` (a critical one)."""
    failed = [r for r in results if not r.get("success")]
    if not failed:
        return "passed"
    critical = any((r.get("expectation_config") or {}).get("meta", {}).get("severity") == "critical" for r in failed)
    return "failed" if critical else "warnings"


def _column_of(result: dict) -> str:
    return ((result.get("expectation_config") or {}).get("kwargs") or {}).get("column") or TABLE_LEVEL


def _check_line(result: dict) -> str:
    config = result.get("expectation_config") or {}
    meta = config.get("meta") or {}
    severity = meta.get("severity", "warning")
    sentence = check_sentence(meta.get("label", config.get("type", "expectation")), config.get("notes") or "")
    return (
        f'<div class="jiedao-check"><span class="jiedao-severity jiedao-{html.escape(severity)}">'
        f"{html.escape(severity_words(severity, bool(meta.get('quarantine'))))}</span> "
        f"{html.escape(sentence)}</div>"
    )


def _rows_table(result: dict) -> str:
    """The failing rows of one result: report, mention or term, sentence, value."""
    details = result.get("result") or {}
    rows = [r for r in details.get("partial_unexpected_index_list") or [] if isinstance(r, dict)]
    if result.get("success") or not rows:
        return ""
    column = _column_of(result)
    shown = [c for c in ("report", "heading", "mention", "term", "sentence") if any(c in r for r in rows)]
    if column not in shown and column != TABLE_LEVEL:
        shown.append(column)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in shown)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(r.get(c, '')))}</td>" for c in shown) + "</tr>"
        for r in rows[:ROW_EXAMPLES]
    )
    total = details.get("unexpected_count")
    caption = (
        f"rows behind this failure ({len(rows[:ROW_EXAMPLES])} of {total})" if total else "rows behind this failure"
    )
    return (
        f'<table class="table table-sm table-bordered jiedao-rows"><caption>{caption}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def annotate_validation_page(page: str, results: list[dict]) -> str:
    """One validation page with the truth about warnings, each check's severity and purpose, failing rows."""
    if ANNOTATED_MARKER in page:
        return page
    state = page_state(results)
    if state == "warnings":
        page = _FAILED_STATUS.sub(
            f"{WARNING_ICON} Passed with warnings (no critical expectation failed)", page, count=1
        )
    by_column: dict[str, list[dict]] = {}
    for result in results:
        by_column.setdefault(_column_of(result), []).append(result)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied back to front
    for match in _SECTION_HEADER.finditer(page):
        section, column = match.group(1), html.unescape(match.group(2)).strip()
        column_results = by_column.get(column, [])
        for row, result in enumerate(column_results, 1):
            cells = [f'id="section-{section}-content-block-2-cell-{row}-{c}"' for c in (1, 2, 3)]
            status_at, check_at = page.find(cells[0]), page.find(cells[1])
            if status_at < 0 or check_at < 0:
                break
            status_cell = page[status_at:check_at]
            if ("fa-check-circle" in status_cell) != bool(result.get("success")):
                break  # the page's rows are not in the results' order: say nothing rather than mislabel
            if (
                not result.get("success")
                and (result.get("expectation_config") or {}).get("meta", {}).get("severity") != "critical"
            ):
                icon = status_cell.find('<i class="fas fa-times text-danger"')
                if icon >= 0:
                    end = status_cell.find("</i>", icon) + len("</i>")
                    edits.append((status_at + icon, status_at + end, WARNING_ICON))
            opened = page.find(">", page.find("<div", check_at)) + 1
            edits.append((opened, opened, _check_line(result)))
            observed_at = page.find(cells[2], check_at)
            rows = _rows_table(result)
            if rows and observed_at > 0:
                close = page.rfind("</div></td>", check_at, observed_at)
                if close > 0:
                    edits.append((close, close, rows))
    for start, end, replacement in sorted(edits, reverse=True):
        page = page[:start] + replacement + page[end:]
    return page.replace("</body>", f"{ANNOTATED_MARKER}</body>", 1)


def annotate_index(page: str, states: dict[str, str]) -> str:
    """The index's validation rows: a warning sign instead of a red cross when only warnings failed."""
    # one row's fields, never running into the next row's
    row = re.compile(
        r"(\{'validation_success': ')((?:[^'\\]|\\.)*)('(?:(?!'validation_success').)*?'_table_row_link_path': ')([^']*)"
        r"(', '_validation_success_text': ')Failed'",
        re.S,
    )

    def fix(match: re.Match) -> str:
        if states.get(match.group(4)) != "warnings":
            return match.group(0)
        icon = re.sub(r'<i class="fas fa-times[^"]*"[^>]*></i>', WARNING_ICON, match.group(2))
        return f"{match.group(1)}{icon}{match.group(3)}{match.group(4)}{match.group(5)}Passed with warnings'"

    return row.sub(fix, page)


def tell_the_truth(site_dir: Path) -> int:
    """Annotate validation pages from their stored results, fix the index, drop the vendor footer; pages changed."""
    import json

    states: dict[str, str] = {}
    changed = 0
    results_root = site_dir / "gx" / "uncommitted" / "validations"
    for stored in results_root.rglob("*.json") if results_root.exists() else []:
        relative = stored.relative_to(results_root).with_suffix(".html")
        page_path = site_dir / "validations" / relative
        try:
            results = json.loads(stored.read_text(encoding="utf-8")).get("results") or []
        except (OSError, ValueError):
            continue
        states[(Path("validations") / relative).as_posix()] = page_state(results)
        if page_path.exists():
            text = page_path.read_text(encoding="utf-8")
            new = _VENDOR_FOOTER.sub("", annotate_validation_page(text, results))
            if new != text:
                page_path.write_text(new, encoding="utf-8")
                changed += 1
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir)
        if relative.parts[0] in ("gx", "validations"):
            continue
        text = path.read_text(encoding="utf-8")
        new = _VENDOR_FOOTER.sub("", text)
        if relative.as_posix() == "index.html":
            new = annotate_index(new, states)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed


# --- which results get a page ------------------------------------------------------------------

# A run validates every chunk against every suite: at 100,000 reports that is 800 results, and a page
# each took a minute to render, for pages nobody reads. The run's summary on the index counts every
# chunk; the pages show the evidence: each failed expectation in its first few chunks, or, for a suite
# that passed everywhere, its first chunk (what was checked).
PAGES_PER_FAILURE = 3


@dataclass(frozen=True)
class StoredResult:
    """One suite's result for one chunk, as GX's validation results store keys it within the run."""

    table: str
    run_time: str  # the chunk's RunIdentifier time, as the store writes it (``RunIdentifier.to_tuple()[1]``)
    failed: tuple[str, ...]  # labels of the expectations that failed

    @property
    def key(self) -> tuple[str, str]:
        return self.table, self.run_time


def stored_result(table: str, run: Any, gx_result: Any) -> StoredResult:
    """What to remember of a GX suite result (``run``: the chunk's RunIdentifier)."""
    failed = [(r.expectation_config.meta or {}).get("label", "expectation") for r in gx_result.results if not r.success]
    return StoredResult(table, run.to_tuple()[1], tuple(failed))


def results_worth_a_page(stored: list[StoredResult], per_failure: int = PAGES_PER_FAILURE) -> set[tuple[str, str]]:
    """``(table, run_time)`` of the results to render: for each failed expectation the first
    ``per_failure`` chunks it failed in; for a suite with no failure, its first chunk."""
    chosen: set[tuple[str, str]] = set()
    pages_of: dict[tuple[str, str], int] = {}
    for result in sorted(stored, key=lambda r: r.run_time):
        wanted = [label for label in result.failed if pages_of.get((result.table, label), 0) < per_failure]
        for label in wanted:
            pages_of[(result.table, label)] = pages_of.get((result.table, label), 0) + 1
        if wanted:
            chosen.add(result.key)
    for table in {r.table for r in stored} - {table for table, _ in chosen}:
        chosen.add(min(r.key for r in stored if r.table == table))
    return chosen


# --- building and pruning ---------------------------------------------------------------------


def build_docs(context, quality_dir: Path, run_id: str, stored: list[StoredResult], *, keep: int) -> Path:
    """Render the suites, this run's pages worth reading (``results_worth_a_page``: the other results
    of the run leave the store) and the index (history: the ``keep`` newest runs); make them render offline."""
    from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

    store = context.validation_results_store
    prune_old_runs(store, quality_dir, keep)
    keys = [key for key in store.list_keys() if getattr(key.run_id, "run_name", None) == run_id]
    if stored:
        wanted = results_worth_a_page(stored)
        worth = [(key.expectation_suite_identifier.name, key.run_id.to_tuple()[1]) in wanted for key in keys]
        for key in (key for key, keep_it in zip(keys, worth, strict=True) if not keep_it):
            store.remove_key(key)
        keys = [key for key, keep_it in zip(keys, worth, strict=True) if keep_it]
    suites = [ExpectationSuiteIdentifier(name=table) for table in SUITE_TABLES]
    context.build_data_docs(resource_identifiers=[*suites, *keys])
    make_site_offline(quality_dir)
    return quality_dir / "index.html"


def prune_old_runs(store, quality_dir: Path, keep: int) -> list[str]:
    """Drop the stored results and pages of all but the ``keep`` newest runs; returns the runs dropped."""
    keys = store.list_keys()
    started: dict[str, datetime] = {}
    for key in keys:
        name, when = getattr(key.run_id, "run_name", None), getattr(key.run_id, "run_time", None)
        if name and when and (name not in started or when < started[name]):
            started[name] = when
    dropped = sorted(started, key=started.__getitem__)[:-keep] if len(started) > keep else []
    for key in keys:
        if getattr(key.run_id, "run_name", None) in dropped:
            store.remove_key(key)
    for name in dropped:  # the folders GX leaves behind (layout set in expectations/gx/great_expectations.yml)
        for table in SUITE_TABLES:
            shutil.rmtree(quality_dir / "validations" / table / name, ignore_errors=True)
            shutil.rmtree(quality_dir / "gx" / "uncommitted" / "validations" / table / name, ignore_errors=True)
    return dropped
