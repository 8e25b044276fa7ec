"""Decode Stripe's bracket-notation form parameters into nested dicts.

stripe-python sends `line_items[0][price_data][currency]=eur` and `expand[0]=line_items`;
lists arrive as dicts keyed by index strings and are turned into lists by the validator,
which knows from the schema whether a field is an array (metadata keys may look numeric too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import StripeError

_KEY_RE = re.compile(r"^(?P<head>[^\[\]]+)(?P<tail>(?:\[[^\[\]]*\])*)$")
_SEGMENT_RE = re.compile(r"\[([^\[\]]*)\]")

Params = dict[str, Any]


def decode_params(pairs: Iterable[tuple[str, str]]) -> Params:
    """Build a nested dict from (key, value) pairs; leaves stay strings."""
    root: Params = {}
    for key, value in pairs:
        _assign(root, split_key(key), value)
    return root


def split_key(key: str) -> list[str]:
    match = _KEY_RE.match(key)
    if match is None:
        raise StripeError(f"Invalid parameter name: {key}", param=key)
    return [match["head"], *_SEGMENT_RE.findall(match["tail"])]


def display_path(segments: Iterable[str]) -> str:
    head, *rest = list(segments)
    return head + "".join(f"[{segment}]" for segment in rest)


def _assign(root: Params, segments: list[str], value: str) -> None:
    node = root
    for depth, segment in enumerate(segments[:-1]):
        segment = _resolve(node, segment)
        child = node.setdefault(segment, {})
        if not isinstance(child, dict):
            raise StripeError("Invalid hash", param=display_path(segments[: depth + 1]))
        node = child
    last = _resolve(node, segments[-1])
    if isinstance(node.get(last), dict):
        raise StripeError("Invalid hash", param=display_path(segments))
    node[last] = value


def _resolve(node: Params, segment: str) -> str:
    # `a[]=x&a[]=y` appends, like Rack/Stripe; stripe-python itself always sends indices.
    return str(len(node)) if segment == "" else segment
