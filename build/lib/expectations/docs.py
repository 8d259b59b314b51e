"""Make GX Data Docs render with no network, and put the run's summary on their index page.

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
from pathlib import Path

from expectations.suites import GX_TEMPLATE_DIR

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
_REMOTE_IMG = re.compile(r"(<img\b[^>]*\bsrc=[\"'])(?:https?:)?//[^\"']*/([\w.-]+\.(?:png|svg|gif|ico))(?:\?[^\"']*)?", re.I)


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
    return changed


def summary_html(run_id: str, success: bool, suites: dict[str, dict], critical: list[str],
                 warnings: list[str], rejects: list[dict]) -> str:
    """The run summary block put on top of the Data Docs index (plain HTML, styled by the custom CSS)."""
    esc = html.escape
    status = ('<span class="jiedao-status-pass">passed: the load proceeds</span>' if success
              else '<span class="jiedao-status-fail">FAILED: critical expectations failed, nothing was loaded</span>')
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
        f"<strong>jiedao run {esc(run_id)}</strong> &mdash; validation {status}</div><div class=\"card-body\">"
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
