"""JSON for the wire: what Python values may cross (Decimal becomes a number, as the Lambda runtime
sends it; tuples become lists) and a clear TypeError naming the part that cannot."""

from __future__ import annotations

import decimal
import json
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """Compact JSON text; raises TypeError/ValueError for values JSON cannot hold."""
    return json.dumps(value, default=_default, allow_nan=False, ensure_ascii=False, separators=(",", ":"))


def check_json(value: Any, what: str) -> None:
    """Raises TypeError saying which argument is not JSON-serializable."""
    try:
        dumps(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{what} must be JSON-serializable: {error}") from None


def to_json_value(value: Any) -> Any:
    """The value as it looks after a JSON round trip (what the state machine will see)."""
    return json.loads(dumps(value))
