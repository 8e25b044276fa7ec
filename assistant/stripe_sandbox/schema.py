"""A tiny request-parameter schema, mirroring the OpenAPI types Stripe publishes.

Each node coerces the string leaves of a decoded form into typed values and raises
Stripe's own error messages, naming the offending parameter in bracket notation.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from .errors import StripeError, missing_param, not_emulated, unknown_param
from .formcodec import display_path

_INT_RE = re.compile(r"^-?\d+$")
_DECIMAL_RE = re.compile(r"^-?\d+(\.\d{1,12})?$")

Path = tuple[str, ...]


class Node(Protocol):
    def coerce(self, raw: Any, path: Path) -> Any: ...


def _empty_string(path: Path) -> StripeError:
    name = display_path(path)
    # Stripe treats "" as "unset", which a create call cannot do for scalars.
    return StripeError(
        f"You passed an empty string for '{name}'. We assume empty values are an attempt to "
        f"unset a parameter; however '{name}' cannot be unset. You should remove '{name}' from "
        "your request or supply a non-empty value.",
        param=name,
    )


def _scalar(raw: Any, path: Path, kind: str) -> str:
    if not isinstance(raw, str):
        raise StripeError(f"Invalid {kind}", param=display_path(path))
    if raw == "":
        raise _empty_string(path)
    return raw


@dataclass(frozen=True)
class Str:
    max_length: int = 5000
    enum: tuple[str, ...] | None = None

    def coerce(self, raw: Any, path: Path) -> str:
        value = _scalar(raw, path, "string")
        if len(value) > self.max_length:
            raise StripeError(
                f"Invalid string: {value[:40]}...; must be at most {self.max_length} characters",
                param=display_path(path),
            )
        if self.enum is not None and value not in self.enum:
            raise StripeError(
                f"Invalid {path[-1]}: must be one of {', '.join(self.enum)}",
                param=display_path(path),
            )
        return value


@dataclass(frozen=True)
class Int:
    minimum: int | None = None
    maximum: int | None = None

    def coerce(self, raw: Any, path: Path) -> int:
        text = _scalar(raw, path, "integer")
        if not _INT_RE.match(text):
            raise StripeError(f"Invalid integer: {text}", param=display_path(path))
        value = int(text)
        if self.minimum is not None and value < self.minimum:
            raise StripeError(
                f"This value must be greater than or equal to {self.minimum}.",
                param=display_path(path),
            )
        if self.maximum is not None and value > self.maximum:
            raise StripeError(
                f"This value must be less than or equal to {self.maximum}.",
                param=display_path(path),
            )
        return value


@dataclass(frozen=True)
class Bool:
    def coerce(self, raw: Any, path: Path) -> bool:
        text = _scalar(raw, path, "boolean")
        if text not in ("true", "false"):
            raise StripeError(f"Invalid boolean: {text}", param=display_path(path))
        return text == "true"


@dataclass(frozen=True)
class Dec:
    def coerce(self, raw: Any, path: Path) -> Decimal:
        text = _scalar(raw, path, "decimal")
        if not _DECIMAL_RE.match(text):
            raise StripeError(f"Invalid decimal: {text}", param=display_path(path))
        return Decimal(text)


@dataclass(frozen=True)
class Metadata:
    """Stripe metadata: up to 50 keys, keys <= 40 chars, values <= 500 chars."""

    def coerce(self, raw: Any, path: Path) -> dict[str, str]:
        if raw == "":
            return {}  # "" unsets metadata, which on create just means "none"
        if not isinstance(raw, dict):
            raise StripeError("Invalid hash", param=display_path(path))
        if len(raw) > 50:
            raise StripeError(
                f"Metadata can have up to 50 keys, but you passed in {len(raw)} keys.",
                param=display_path(path),
            )
        return {key: self._value(key, value, path) for key, value in raw.items()}

    @staticmethod
    def _value(key: str, value: Any, path: Path) -> str:
        name = display_path((*path, key))
        if not isinstance(value, str):
            raise StripeError("Invalid string", param=name)
        if len(key) > 40:
            raise StripeError(
                f"Metadata keys can have up to 40 characters, but you passed in a key that is "
                f"{len(key)} characters. Invalid key: '{key}'",
                param=name,
            )
        if len(value) > 500:
            raise StripeError(
                f"Metadata values can have up to 500 characters, but you passed in a value "
                f"that is {len(value)} characters. Invalid value: '{value[:40]}...'",
                param=name,
            )
        return value


@dataclass(frozen=True)
class Arr:
    items: Node
    max_items: int | None = None

    def coerce(self, raw: Any, path: Path) -> list[Any]:
        if raw == "":
            return []
        if not isinstance(raw, dict) or not all(key.isdigit() for key in raw):
            raise StripeError("Invalid array", param=display_path(path))
        ordered = sorted(raw.items(), key=lambda pair: int(pair[0]))
        if self.max_items is not None and len(ordered) > self.max_items:
            raise StripeError(
                f"Invalid array: must have at most {self.max_items} elements",
                param=display_path(path),
            )
        return [self.items.coerce(value, (*path, str(i))) for i, (_, value) in enumerate(ordered)]


@dataclass(frozen=True)
class Obj:
    """An object: known properties, required ones, and real-Stripe ones we do not fake."""

    properties: Mapping[str, Node]
    required: tuple[str, ...] = ()
    not_emulated: frozenset[str] = field(default_factory=frozenset)

    def coerce(self, raw: Any, path: Path) -> dict[str, Any]:
        if raw == "":
            raw = {}
        if not isinstance(raw, dict):
            raise StripeError("Invalid object", param=display_path(path))
        self._reject_extra(raw, path)
        for name in self.required:
            if name not in raw:
                raise missing_param(display_path((*path, name)))
        return {name: self.properties[name].coerce(raw[name], (*path, name)) for name in raw}

    def _reject_extra(self, raw: dict[str, Any], path: Path) -> None:
        for name in raw:
            if name in self.not_emulated:
                raise not_emulated(display_path((*path, name)))
            if name not in self.properties:
                raise unknown_param(display_path((*path, name)))

    def coerce_root(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Top-level params have no enclosing name: paths start at the param itself."""
        self._reject_extra(raw, ())
        for name in self.required:
            if name not in raw:
                raise missing_param(name)
        return {name: self.properties[name].coerce(raw[name], (name,)) for name in raw}
