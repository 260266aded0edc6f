"""Quotations in a line of text: which pairs of quotes belong together, so that a name can be
told apart from a name that is only part of a longer quoted title."""

import re

_QUOTE = re.compile('[«»„“”"]')


def quotations(line: str) -> list[tuple[int, int]]:
    """The (opening, closing) indices of the paired double quotes in a line: «…», „…“, “…”
    and "…", nested as written; an unpaired quote is skipped."""
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for match in _QUOTE.finditer(line):
        quote, index = match.group(), match.start()
        top = stack[-1][0] if stack else ""
        if quote in "«„":
            stack.append((quote, index))
        elif quote == "»":
            if top == "«":
                pairs.append((stack.pop()[1], index))
        elif quote == "“":
            if top == "„":
                pairs.append((stack.pop()[1], index))
            else:
                stack.append((quote, index))
        elif quote == "”":
            if top in ("“", "„"):
                pairs.append((stack.pop()[1], index))
        elif top == '"':
            pairs.append((stack.pop()[1], index))
        else:
            stack.append((quote, index))
    return pairs


def enclosing_quotation(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The innermost quotation of the line that holds text[start:end], as the indices of its
    opening and closing quotes in `text`, or None."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _QUOTE.search(text, line_start, start):
        return None
    line_end = text.find("\n", end)
    if line_end < 0:
        line_end = len(text)
    best: tuple[int, int] | None = None
    for opening, closing in quotations(text[line_start:line_end]):
        opening += line_start
        closing += line_start
        if opening < start and closing >= end and (best is None or opening > best[0]):
            best = (opening, closing)
    return best
