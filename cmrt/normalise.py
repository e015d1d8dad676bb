"""Value normalisation for the quirks of real CMRT files (CMRT_FORMAT.md §10)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

_SPACES = re.compile(r"\s+")


def clean(value: Any) -> Any:
    """Strip text (tabs, newlines, non-breaking spaces); '' becomes None; 3.0 becomes 3."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def text(value: Any) -> str | None:
    """Cell value as text for the JSON output (phone numbers stored as numbers stay digits)."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def formula_text(value: Any) -> str | None:
    """Text of a formula-driven column: a cached 0 means the formula returned blank."""
    value = clean(value)
    if value == 0 or value == "0":
        return None
    return text(value)


def canonical(value: str | None, allowed: tuple[str, ...]) -> str | None:
    """The allowed spelling of a dropdown value, compared case- and space-insensitively."""
    if value is None:
        return None
    key = _SPACES.sub(" ", value).strip().casefold()
    for option in allowed:
        if option.casefold() == key:
            return option
    return None


def q6_text(value: Any) -> str | None:
    """Q6 '100%' is stored as the number 1 up to 6.22 and as text from 6.31 on."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 1:
        return "100%"
    t = str(value)
    if t.replace(" ", "") in ("1", "1.0", "100%", "100.0%"):
        return "100%"
    return t


_DATE_FORMATS = (
    "%d-%b-%Y",
    "%d-%B-%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d-%b-%y",
    "%Y%m%d",
)
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: Any) -> date | None:
    """A date from a datetime, an Excel serial number or text such as '02-May-2024'."""
    value = clean(value)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        if 1 <= value <= 2958465:  # Excel's serial range (1900-01-01 .. 9999-12-31)
            return EXCEL_EPOCH + timedelta(days=int(value))
        return None
    if isinstance(value, str):
        t = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(\.\d+)?", t):
            t = t[:10]
        if re.fullmatch(r"\d{5}(\.\d+)?", t):
            return parse_date(float(t))
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(t, fmt).date()
            except ValueError:
                continue
    return None
