"""Charts as inline SVG, drawn on the server (no script): horizontal bars and columns.

Every chart is a ``<figure>`` holding an SVG with ``role="img"``, a ``<title>`` and a ``<desc>``
that says every figure in words, and under it the same figures as a table (in a ``<details>``,
for screen readers and for anyone who wants the numbers). The SVG scales with its ``viewBox``
(it fits a 375 px phone); bars are the house style's primary green (#175e54, 7.6:1 on white;
web/static/overleg.css), the reference line
rood (#a90e0e, 7.6:1), text near-black. Every name is escaped. No data: a sentence, not a chart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

WIDTH = 420
FONT = 14
VALUE_SPACE = 78  # room right of the longest bar for its value
ROW = 44  # a label line above a bar
BAR = 18
LABEL_CHARS = 52
BAR_COLOUR = "#175e54"  # --overleg-color-primary
LINE_COLOUR = "#a90e0e"
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#535353"
COLUMNS_HEIGHT = 150  # the plot area of a column chart


@dataclass(frozen=True)
class Bar:
    """One bar: its name, its value (>= 0) and the value as shown ("23 dagen")."""

    label: str
    value: float
    text: str
    href: str | None = None  # where the label links in the table


@dataclass(frozen=True)
class Reference:
    """A vertical line across the bars, e.g. the three-week term."""

    value: float
    label: str


# characters XML 1.0 does not allow (the SVG must parse as XML): they become U+FFFD
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """``text`` on one line (runs of white space are one space: XML would fold line breaks) and
    without the characters XML does not allow (replaced by U+FFFD)."""
    return " ".join(_NOT_XML.sub("\ufffd", text).split())


def _cleaned(bars: Sequence[Bar]) -> list[Bar]:
    return [replace(b, label=clean(b.label), text=clean(b.text)) for b in bars]


def number(value: float) -> str:
    """A figure the Dutch way: ``23``, ``23,5``.

    >>> number(23.0), number(23.456), number(1234)
    ('23', '23,5', '1234')
    """
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def _f(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def empty(sentence: str) -> Markup:
    return Markup('<p class="grafiek-leeg">{}</p>').format(sentence)


def _table(chart_id: str, title: str, headers: Sequence[str], rows: Sequence[Sequence[str | Markup]]) -> Markup:
    head = Markup("").join(Markup('<th scope="col">{}</th>').format(h) for h in headers)
    body = Markup("").join(
        Markup("<tr>") + Markup('<th scope="row">{}</th>').format(row[0])
        + Markup("").join(Markup("<td>{}</td>").format(cell) for cell in row[1:]) + Markup("</tr>")
        for row in rows)
    return Markup('<details class="grafiektabel"><summary>Tabel: {title}</summary>'
                  '<table class="tabel" id="{id}-tabel"><caption>{title}</caption><thead><tr>{head}</tr></thead>'
                  '<tbody>{body}</tbody></table></details>').format(title=title, id=chart_id, head=head, body=body)


def _linked(bar: Bar) -> Markup:
    if bar.href:
        return Markup('<a href="{}">{}</a>').format(bar.href, bar.label)
    return Markup("{}").format(bar.label)


def _figure(chart_id: str, title: str, description: str, width: int, height: int, shapes: Markup,
            table: Markup) -> Markup:
    return Markup(
        '<figure class="grafiek" id="{id}">'
        '<figcaption class="grafiek-kop">{title}</figcaption>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-titel {id}-uitleg" preserveAspectRatio="xMinYMin meet" '
        'font-family="inherit" font-size="{font}">'
        '<title id="{id}-titel">{title}</title><desc id="{id}-uitleg">{desc}</desc>{shapes}</svg>'
        '{table}</figure>').format(id=chart_id, title=title, w=width, h=height, font=FONT, desc=description,
                                   shapes=shapes, table=table)


def describe(title: str, bars: Sequence[Bar], reference: Reference | None = None) -> str:
    """The chart in words: every bar's name and value, and the reference line."""
    words = f"{title}: " + "; ".join(f"{b.label}: {b.text}" for b in bars) + "."
    if reference is not None:
        words += f" De rode lijn staat bij {reference.label}."
    return words


def horizontal_bars(chart_id: str, title: str, bars: Sequence[Bar], *, headers: Sequence[str] = ("", "Waarde"),
                    rows: Sequence[Sequence[str | Markup]] | None = None, reference: Reference | None = None,
                    none: str = "Er zijn nog geen gegevens voor deze grafiek.") -> Markup:
    """One bar per row, its label above it, lengths proportional to the values (on one scale
    with the reference line). ``rows`` replaces the table's default rows (label, shown value)."""
    if not bars:
        return empty(none)
    bars, title = _cleaned(bars), clean(title)
    top = 24 if reference is not None else 4
    plot = WIDTH - VALUE_SPACE
    scale = max([b.value for b in bars] + ([reference.value] if reference else [])) or 1.0
    height = top + ROW * len(bars) + 4
    shapes = []
    for n, b in enumerate(bars):
        y = top + ROW * n
        length = max(0.0, b.value) / scale * plot
        shapes.append(Markup(
            '<text x="0" y="{ly}" fill="{tc}">{label}</text>'
            '<rect class="staaf" x="0" y="{by}" width="{w}" height="{bh}" fill="{bc}" data-value="{v}"></rect>'
            '<text x="{tx}" y="{ty}" fill="{tc}">{text}</text>').format(
                ly=y + FONT, tc=TEXT_COLOUR, label=_short(b.label), by=y + FONT + 6, w=_f(length), bh=BAR,
                bc=BAR_COLOUR, v=_f(b.value), tx=_f(length + 6), ty=y + FONT + 6 + BAR - 4, text=b.text))
    if reference is not None:
        x = reference.value / scale * plot
        shapes.append(Markup(
            '<line class="referentie" x1="{x}" y1="16" x2="{x}" y2="{y2}" stroke="{c}" stroke-width="2" '
            'stroke-dasharray="5 3"></line><text x="{tx}" y="12" fill="{c}" text-anchor="{anchor}">{label}</text>'
        ).format(x=_f(x), y2=height, c=LINE_COLOUR, tx=_f(x), label=reference.label,
                 anchor="end" if x > WIDTH / 2 else "start"))
    table_rows = rows if rows is not None else [(_linked(b), b.text) for b in bars]
    return _figure(chart_id, title, describe(title, bars, reference), WIDTH, height, Markup("").join(shapes),
                   _table(chart_id, title, headers, table_rows))


def columns(chart_id: str, title: str, bars: Sequence[Bar], *, headers: Sequence[str] = ("Periode", "Aantal"),
            none: str = "Er zijn nog geen gegevens voor deze grafiek.", width: int = WIDTH) -> Markup:
    """One column per bar (periods, oldest first), heights proportional to the values; the
    first and last labels under the axis, every value above its column while they fit."""
    if not bars:
        return empty(none)
    bars, title = _cleaned(bars), clean(title)
    top, bottom = 20, 26
    plot_height = COLUMNS_HEIGHT
    height = top + plot_height + bottom
    scale = max(b.value for b in bars) or 1.0
    slot = width / len(bars)
    column = slot * 0.7
    shapes = [Markup('<line x1="0" y1="{y}" x2="{w}" y2="{y}" stroke="{c}" stroke-width="1"></line>').format(
        y=top + plot_height, w=width, c=AXIS_COLOUR)]
    values_fit = slot >= FONT * 1.6
    for n, b in enumerate(bars):
        h = max(0.0, b.value) / scale * plot_height
        x = n * slot + (slot - column) / 2
        shapes.append(Markup('<rect class="staaf" x="{x}" y="{y}" width="{w}" height="{h}" fill="{c}" '
                             'data-value="{v}"></rect>').format(
            x=_f(x), y=_f(top + plot_height - h), w=_f(column), h=_f(h), c=BAR_COLOUR, v=_f(b.value)))
        if values_fit:
            shapes.append(Markup('<text x="{x}" y="{y}" fill="{c}" text-anchor="middle">{t}</text>').format(
                x=_f(x + column / 2), y=_f(top + plot_height - h - 4), c=TEXT_COLOUR, t=number(b.value)))
    label_y = top + plot_height + 18
    ends = [(0, "start", 0.0), (len(bars) - 1, "end", float(width))] if len(bars) > 1 else [(0, "start", 0.0)]
    for n, anchor, x in ends:
        shapes.append(Markup('<text x="{x}" y="{y}" fill="{c}" text-anchor="{a}">{t}</text>').format(
            x=_f(x), y=label_y, c=TEXT_COLOUR, a=anchor, t=bars[n].label))
    return _figure(chart_id, title, describe(title, bars), width, height, Markup("").join(shapes),
                   _table(chart_id, title, headers, [(_linked(b), b.text) for b in bars]))
