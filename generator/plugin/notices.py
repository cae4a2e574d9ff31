"""Notices on top of every page: the data error a served site stands in for, and a draft's uncovered numbers."""

from __future__ import annotations

import html

_DRAFT = "Draft: numbers of the text no fact covers yet (`report-site todo` gives a record to paste for each); a publishing build refuses them."


def with_notices(output: str, error: str | None, warnings: list[str]) -> str:
    """The page `output` with a banner for the data `error` (under serve) and one for a draft's `warnings`."""
    notices = ([("The data has errors; this is the last good build.", error, "position:sticky;top:0;z-index:10;background:#b00020")] if error else []) + (
        [(_DRAFT, "\n".join(warnings), "background:#6b4400")] if warnings else []
    )
    if not notices:
        return output
    banner = "".join(
        f'<div role="alert" style="{style};padding:1em;color:#fff;font:14px monospace">'
        f'<strong>{html.escape(title)}</strong><pre style="white-space:pre-wrap">{html.escape(text)}</pre></div>'
        for title, text, style in notices
    )
    body = output.find(">", output.find("<body")) + 1
    return output[:body] + banner + output[body:]

