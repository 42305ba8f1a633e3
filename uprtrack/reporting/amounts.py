"""How the reports write amounts of money: two decimals, thousands grouped."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_decimal

# The pattern of an amount as Babel and as Excel read it (the spreadsheets' amount cells use it too).
PATTERN = "#,##0.00"


def amount(value: Decimal | float) -> str:
    """12500 as "12,500.00": the matrix's cells and documents, the same in every language."""
    return f"{value:,.2f}"


def money(value: Decimal | float | None, currency: str | None) -> str:
    """An amount with its currency ("12,500.00 EUR"); nothing when there is no amount."""
    return f"{amount(value)} {currency or ''}".strip() if value is not None else ""


def local_amount(value: Decimal) -> str:
    """An amount with the reader's separators, for the item 10 report's tables."""
    return format_decimal(value, format=PATTERN)
