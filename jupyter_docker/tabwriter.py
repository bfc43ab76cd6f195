"""Go's text/tabwriter as the docker CLI configures it for `table` formats (minimum cell width
10, padding 3, spaces, no flags), so our table text lines up exactly as the CLI's does.

Cells end with a tab; the last cell of a line takes no part in alignment. A column block is a
run of consecutive lines that all have a cell in that column; its width is the widest cell plus
the padding, at least the minimum. A line without any tab ends every block above it.
"""

from __future__ import annotations

MIN_WIDTH, PADDING = 10, 3


def tabwrite(text: str, minwidth: int = MIN_WIDTH, padding: int = PADDING) -> str:
    """Align the tab-separated cells of `text` (lines end with newlines, as the CLI writes)."""
    lines = text.split("\n")
    out: list[str] = []
    group: list[list[str]] = []
    for line in lines:
        cells = line.split("\t")
        group.append(cells)
        if len(cells) == 1:  # a line of one cell ends all column blocks
            out += _format(group, minwidth, padding)
            group = []
    out += _format(group, minwidth, padding)
    return "\n".join(out)


def _format(lines: list[list[str]], minwidth: int, padding: int) -> list[str]:
    widths: list[list[int]] = [[] for _ in lines]  # each line's aligned cell widths
    _blocks(lines, 0, len(lines), 0, widths, minwidth, padding)
    rendered = []
    for cells, cell_widths in zip(lines, widths):
        parts = [cell.ljust(cell_widths[j]) if j < len(cell_widths) else cell
                 for j, cell in enumerate(cells)]
        rendered.append("".join(parts))
    return rendered


def _blocks(lines: list[list[str]], start: int, stop: int, column: int,
            widths: list[list[int]], minwidth: int, padding: int) -> None:
    """Give every block of `column` in lines[start:stop] its width, then the columns right of it."""
    row = start
    while row < stop:
        if column >= len(lines[row]) - 1:  # no tab-terminated cell in this column
            row += 1
            continue
        first = row
        width = minwidth
        while row < stop and column < len(lines[row]) - 1:
            width = max(width, len(lines[row][column]) + padding)
            row += 1
        for i in range(first, row):
            widths[i].append(width)
        _blocks(lines, first, row, column + 1, widths, minwidth, padding)
