"""An EDGAR HTML-subset check the tests apply to formsd.htm and ex101.htm: ASCII only, only the tags
and attributes of EDGAR's subset (EDGAR Filer Manual, Vol. II, 5.2.2), no scripts or active content,
no reference outside the document (links only to #anchors, no images)."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = frozenset(
    [
        "html",
        "head",
        "title",
        "body",
        "div",
        "p",
        "br",
        "b",
        "i",
        "u",
        "sup",
        "sub",
        "font",
        "center",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "caption",
        "tr",
        "td",
        "th",
        "a",
        "pre",
        "blockquote",
        "big",
        "small",
        "strong",
        "em",
        "tt",
    ]
)
ALLOWED_ATTRIBUTES = frozenset(
    [
        "align",
        "valign",
        "width",
        "height",
        "border",
        "cellpadding",
        "cellspacing",
        "colspan",
        "rowspan",
        "style",
        "size",
        "color",
        "face",
        "name",
        "id",
        "href",
    ]
)
FORBIDDEN_IN_STYLE = ("url(", "expression", "@import", "javascript:")


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not in EDGAR's subset")
        for name, value in attrs:
            if name not in ALLOWED_ATTRIBUTES:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and not (value or "").startswith("#"):
                self.problems.append(f"external link {value}")
            if name == "style" and any(bad in (value or "").lower() for bad in FORBIDDEN_IN_STYLE):
                self.problems.append(f"style with an external or active reference: {value}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def edgar_problems(body: bytes) -> list[str]:
    """Everything in `body` that EDGAR would refuse or strip; empty when it passes."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as error:
        return [f"not ASCII at byte {error.start}"]
    checker = _Checker()
    checker.feed(text)
    checker.close()
    # A web address as text is what Item 1.01 asks for; as a link or active content it is refused.
    checker.problems += [f"contains {word}" for word in ("javascript:", "<!--#") if word in text.lower()]
    return checker.problems
