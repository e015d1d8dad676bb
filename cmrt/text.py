"""Finding messages as templates, so that a portal can show them in the supplier's language.

The library imports no Django, so it cannot translate; it marks its texts with `gettext_noop` (a no-op
whose name Django's `makemessages` looks for) and keeps each finding's message as a template with named
fields (`str.format` style) plus the parameters. The English `message` is that template rendered here;
a page renders `gettext(template)` with the same parameters instead (surveys/presentation.py).

Parameters are the supplier's own values (a cell's content, a row number), except those named in
`TRANSLATED_PARAMS`, which hold one of the library's own marked texts (a metal's name, a question's
wording) and are translated too. A list parameter is a list of row numbers, joined "39, 45 and 48".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark a string for translation without translating it (the name is what `makemessages` looks for)."""
    return message


# Parameters whose value is itself a marked text of the library (translate them before rendering).
TRANSLATED_PARAMS = frozenset({"label", "owner", "question", "kind", "detail"})


def join_items(items: list[Any], and_: str = " and ", comma: str = ", ") -> str:
    """ "39", "39 and 45", "39, 45 and 48"."""
    words = [str(item) for item in items]
    return words[0] if len(words) == 1 else comma.join(words[:-1]) + and_ + words[-1]


def render(template: str, params: Mapping[str, Any], *, and_: str = " and ", comma: str = ", ") -> str:
    """The message: `template` with its named fields filled in (lists joined with `and_` and `comma`)."""
    return template.format(**{k: join_items(v, and_, comma) if isinstance(v, list) else v for k, v in params.items()})
