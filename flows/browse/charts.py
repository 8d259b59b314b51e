"""Charts of the reading room: Vega-Altair specs rendered server-side to inline SVG by vl-convert.

Labels are Chinese, so the charts name a CJK font that exists on this machine (found with
``fc-list :lang=zh``; Debian's ``fonts-noto-cjk``, installed by ``.ci/install-chromium.sh``), and
that font's directory is registered with vl-convert, which measures text with it. The SVG keeps its
``<text>`` elements with that ``font-family``, so the browser draws them with the same font. With
no CJK font on the machine the charts still render (with the generic sans-serif) and
:func:`cjk_font` says None, which the pages show.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path
from typing import Any

# Preferred families, Simplified Chinese first; any other family fc-list reports for zh comes after.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)
FALLBACK = "sans-serif"
WIDTH, HEIGHT = 520, 240
COLOR = "#2f6db5"
# Figures and years are drawn in the browser's sans-serif: vl-convert measures every text it lays out
# by reading the font's file, and with a CJK font (a 20 MB collection) that is ~10 ms per label.
FIGURES_FONT = "sans-serif"
LABEL_CHARS = 24  # a longer category or series label is cut here (in Python: Vega's own cut measures again and again)


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, Path] | None:
    """(family, file) of a CJK font installed on this machine, or None."""
    if not shutil.which("fc-list"):
        return None
    try:
        listing = subprocess.run(
            ["fc-list", "--format", "%{family}\t%{file}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found: dict[str, Path] = {}
    for line in listing.splitlines():
        families, _, file = line.partition("\t")
        for family in families.split(","):
            found.setdefault(family.strip(), Path(file.strip()))
    for family in PREFERRED_FAMILIES:
        if family in found:
            return family, found[family]
    sans = [f for f in found if "Sans" in f and "Mono" not in f]
    pick = min(sans) if sans else (min(found) if found else None)
    return (pick, found[pick]) if pick else None


@lru_cache(maxsize=1)
def font_family() -> str:
    """The font-family the charts ask for; registers the CJK font's folder with vl-convert once."""
    import vl_convert

    font = cjk_font()
    if font is None:
        return FALLBACK
    vl_convert.register_font_directory(str(font[1].parent))
    return font[0]


def warm_up() -> None:
    """Load vl-convert and register the font now, so that the first chart a user asks for is fast."""
    bar_chart([{"k": "预热", "n": 1}], category="k", value="n", title="")


def bar_chart(
    data: list[dict[str, Any]],
    *,
    category: str,
    value: str,
    title: str,
    category_title: str = "",
    value_title: str = "",
    sort_by_value: bool = True,
) -> str:
    """A horizontal bar chart as an inline ``<svg>`` string."""
    spec = {
        "data": {"values": [{**d, category: shortened(str(d[category]))} for d in data]},
        "mark": {"type": "bar", "color": COLOR},
        "encoding": {
            "y": {
                "field": category,
                "type": "nominal",
                "title": category_title or None,
                "sort": "-x" if sort_by_value else None,
            },
            "x": {
                "field": value,
                "type": "quantitative",
                "title": value_title or None,
                "axis": {
                    "labelFont": FIGURES_FONT,
                    "tickMinStep": 1,
                    "format": "~s",
                    "tickCount": min(5, max([int(d[value]) for d in data if d.get(value)] or [1])),
                },
            },
            "tooltip": [{"field": category}, {"field": value}],
        },
        "title": title,
        "width": WIDTH,
        "height": {"step": 22},
    }
    return render_svg(spec)


def line_chart(data: list[dict[str, Any]], *, x: str, y: str, series: str, title: str, y_title: str = "") -> str:
    """Lines with points, one per series (organisation), years on x, as an inline ``<svg>`` string."""
    spec = {
        "data": {"values": [{**d, series: shortened(str(d[series]))} for d in data]},
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": {"field": x, "type": "ordinal", "title": "年份", "axis": {"labelAngle": 0, "labelFont": FIGURES_FONT}},
            "y": {"field": y, "type": "quantitative", "title": y_title or None, "axis": {"labelFont": FIGURES_FONT}},
            "color": {"field": series, "type": "nominal", "title": "单位"},
            "tooltip": [{"field": series}, {"field": x}, {"field": y}],
        },
        "title": title,
        "width": WIDTH,
        "height": HEIGHT,
    }
    return render_svg(spec)


def shortened(label: str) -> str:
    """A label of at most LABEL_CHARS characters (cut with an ellipsis)."""
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def render_svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite spec as SVG, with the CJK font everywhere text is drawn (cached per spec)."""
    family = font_family()
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        **spec,
        "config": {
            "font": family,
            "background": "white",
            "view": {"stroke": None},
            # labels are cut by shortened(): no limit, so that Vega does not measure them to cut them
            "axis": {"labelFont": family, "titleFont": family, "labelLimit": 0},
            "legend": {"labelFont": family, "titleFont": family, "labelLimit": 0},
            "title": {"font": family, "anchor": "start", "fontSize": 14},
        },
    }
    return _svg(json.dumps(spec, ensure_ascii=False, sort_keys=True, default=str))


@lru_cache(maxsize=256)
def _svg(spec_json: str) -> str:
    import vl_convert

    svg = vl_convert.vegalite_to_svg(json.loads(spec_json))
    return svg[svg.index("<svg") :] if "<svg" in svg else svg  # drop the XML prolog: it goes inline
