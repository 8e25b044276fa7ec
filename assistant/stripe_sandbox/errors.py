"""Stripe-shaped API errors (`{"error": {...}}` bodies) raised by the sandbox."""

from __future__ import annotations

from typing import Any

_DOC_BASE = "https://stripe.com/docs/error-codes/"


class StripeError(Exception):
    """An error that the HTTP layer renders exactly like Stripe's error envelope."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        error_type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.error_type = error_type
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.error_type}
        # Stripe omits `param`/`code` when they do not apply; clients key off their presence.
        if self.param is not None:
            error["param"] = self.param
        if self.code is not None:
            error["code"] = self.code
            error["doc_url"] = _DOC_BASE + self.code.replace("_", "-")
        return {"error": error}


def missing_param(param: str) -> StripeError:
    return StripeError(f"Missing required param: {param}.", param=param, code="parameter_missing")


def unknown_param(param: str) -> StripeError:
    return StripeError(
        f"Received unknown parameter: {param}", param=param, code="parameter_unknown"
    )


def not_emulated(param: str) -> StripeError:
    # A real Stripe parameter we deliberately do not fake: failing loudly beats silently
    # returning amounts or behaviour that would differ from real Stripe.
    return StripeError(
        f"The Stripe sandbox does not emulate `{param}`. Remove it, or run against real Stripe "
        "test keys to use it.",
        param=param,
    )


def no_such(kind: str, object_id: str, param: str) -> StripeError:
    return StripeError(
        f"No such {kind}: '{object_id}'", status=404, param=param, code="resource_missing"
    )
