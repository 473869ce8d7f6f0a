"""Dashboard charts as server-rendered SVG (pygal): readable without JavaScript, printed as shown.

Each chart comes with the same numbers as a table in the template, for screen readers and for
anyone who prefers to read them.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

MONTHS = [f"{m}月" for m in range(1, 13)]
FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'


def _style():  # type: ignore[no-untyped-def]
    from pygal.style import Style

    return Style(
        font_family=FONT,
        background="white",
        plot_background="white",
        foreground="#1a1a1a",
        foreground_strong="#1a1a1a",
        foreground_subtle="#666",
        # Dark enough on white for the WCAG contrast of graphical objects, and apart for colour-blind eyes.
        colors=("#1f5fa8", "#2e7d32", "#c62828", "#6a1b9a", "#ef6c00", "#00838f"),
        title_font_size=16,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        value_font_size=11,
    )


def _render(chart, title: str) -> SafeString:  # type: ignore[no-untyped-def]
    chart.title = title
    svg = chart.render(is_unicode=True)
    # The SVG is generated here from numbers and our own labels, never from user input.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1))


def _common() -> dict[str, object]:
    return {
        "style": _style(),
        "js": [],  # no script from anywhere: the values are printed on the bars instead of tooltips
        "disable_xml_declaration": True,
        "print_values": True,
        "print_zeroes": False,
        "legend_at_bottom": True,
        "height": 340,
        "width": 860,
        "margin": 12,
    }


def monthly(title: str, series: list[tuple[str, list[int]]]) -> SafeString:
    import pygal

    chart = pygal.Bar(**_common())
    chart.x_labels = MONTHS
    for name, values in series:
        chart.add(name, values)
    return _render(chart, title)


def horizontal(title: str, rows: list[tuple[str, int]]) -> SafeString:
    import pygal

    height = 90 + 34 * max(len(rows), 1)
    chart = pygal.HorizontalBar(
        **(_common() | {"show_legend": False, "height": height, "truncate_label": -1, "margin_left": 40})
    )
    ordered = rows[::-1]  # pygal draws the first row at the bottom; people read from the top
    chart.x_labels = [name for name, _ in ordered]
    chart.add("件数", [n for _, n in ordered])
    return _render(chart, title)
