"""Validation of Checkout Session request parameters.

Property names, types, enums and length limits follow Stripe's OpenAPI spec
(stripe/openapi `openapi/spec3.*`, `POST /v1/checkout/sessions`); the cross-field rules
(mode, price vs price_data, expires_at window, minimum amount) follow Stripe's API docs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlsplit

from babel.numbers import is_currency

from .errors import StripeError, missing_param, no_such, not_emulated
from .formcodec import Params
from .schema import Arr, Bool, Dec, Int, Metadata, Obj, Str

LOCALES = (
    "auto", "bg", "cs", "da", "de", "el", "en", "en-GB", "es", "es-419", "et", "fi", "fil",
    "fr", "fr-CA", "hi-IN", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "ms", "mt", "nb",
    "nl", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "vi", "zh", "zh-HK",
    "zh-TW",
)  # fmt: skip

# Stripe amounts are in the currency's smallest unit; these have none below the unit.
ZERO_DECIMAL_CURRENCIES = frozenset(
    "bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split()
)
THREE_DECIMAL_CURRENCIES = frozenset("bhd jod kwd omr tnd".split())

# Stripe's documented minimum charge per settlement currency, in minor units.
MINIMUM_CHARGE = {
    "usd": 50, "aed": 200, "aud": 50, "bgn": 100, "brl": 50, "cad": 50, "chf": 50,
    "czk": 1500, "dkk": 250, "eur": 50, "gbp": 30, "hkd": 400, "huf": 17500, "inr": 50,
    "jpy": 50, "mxn": 1000, "myr": 200, "nok": 300, "nzd": 50, "pln": 200, "ron": 200,
    "sek": 300, "sgd": 50, "thb": 1000,
}  # fmt: skip

# Parameters copied onto the session object unchanged.
_REFLECTED_OPTIONS = (
    "client_reference_id customer_email locale metadata payment_intent_data "
    "allow_promotion_codes billing_address_collection customer_creation "
    "phone_number_collection submit_type ui_mode"
).split()

MIN_EXPIRY_SECONDS = 30 * 60
MAX_EXPIRY_SECONDS = 24 * 60 * 60
MAX_UNIT_AMOUNT = 99_999_999
SUPPORTED_EXPANSIONS = frozenset({"line_items"})
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HOSTED_UI_MODES = frozenset({"hosted", "hosted_page"})
_UI_MODES = tuple("hosted embedded custom elements embedded_page form hosted_page".split())

_PRODUCT_DATA = Obj(
    properties={
        "name": Str(),
        "description": Str(max_length=40000),
        "images": Arr(Str(max_length=2048), max_items=8),
        "metadata": Metadata(),
        "tax_code": Str(),
        "unit_label": Str(max_length=12),
    },
    required=("name",),
    not_emulated=frozenset({"tax_details"}),
)
_PRICE_DATA = Obj(
    properties={
        "currency": Str(max_length=3),
        "product_data": _PRODUCT_DATA,
        "unit_amount": Int(minimum=0, maximum=MAX_UNIT_AMOUNT),
        "unit_amount_decimal": Dec(),
        "tax_behavior": Str(enum=("exclusive", "inclusive", "unspecified")),
    },
    required=("currency",),
    not_emulated=frozenset({"product", "recurring"}),
)
_LINE_ITEM = Obj(
    properties={
        "price": Str(),
        "price_data": _PRICE_DATA,
        "quantity": Int(minimum=1, maximum=999_999),
        "metadata": Metadata(),
    },
    not_emulated=frozenset({"adjustable_quantity", "dynamic_tax_rates", "tax_rates"}),
)
_PAYMENT_INTENT_DATA = Obj(
    properties={
        "capture_method": Str(enum=("automatic", "automatic_async", "manual")),
        "description": Str(max_length=1000),
        "metadata": Metadata(),
        "receipt_email": Str(),
        "statement_descriptor": Str(max_length=22),
        "statement_descriptor_suffix": Str(max_length=22),
    },
    not_emulated=frozenset(
        (
            "application_fee_amount on_behalf_of setup_future_usage shipping transfer_data "
            "transfer_group"
        ).split()
    ),
)
EXPAND = Arr(Str())

CREATE_PARAMS = Obj(
    properties={
        "mode": Str(enum=("payment", "setup", "subscription")),
        "line_items": Arr(_LINE_ITEM),
        "success_url": Str(),
        "cancel_url": Str(),
        "client_reference_id": Str(max_length=200),
        "currency": Str(max_length=3),
        "customer_email": Str(max_length=800),
        "locale": Str(enum=LOCALES),
        "metadata": Metadata(),
        "expires_at": Int(),
        "payment_intent_data": _PAYMENT_INTENT_DATA,
        "payment_method_types": Arr(Str()),
        "expand": EXPAND,
        "allow_promotion_codes": Bool(),
        "billing_address_collection": Str(enum=("auto", "required")),
        "customer_creation": Str(enum=("always", "if_required")),
        "phone_number_collection": Obj(properties={"enabled": Bool()}, required=("enabled",)),
        "submit_type": Str(enum=("auto", "book", "donate", "pay", "subscribe")),
        # Older API versions call the hosted page "hosted", newer ones "hosted_page".
        "ui_mode": Str(enum=_UI_MODES),
    },
    not_emulated=frozenset(
        (
            "adaptive_pricing after_expiration allowed_payment_method_types automatic_tax "
            "branding_settings consent_collection custom_fields custom_text customer "
            "customer_account customer_update discounts excluded_payment_method_types "
            "integration_identifier invoice_creation managed_payments name_collection "
            "optional_items origin_context payment_method_collection "
            "payment_method_configuration payment_method_data payment_method_options "
            "permissions redirect_on_completion return_url saved_payment_method_options "
            "setup_intent_data shipping_address_collection shipping_options "
            "subscription_data tax_id_collection wallet_options"
        ).split()
    ),
)

LIST_PARAMS = Obj(
    properties={
        "limit": Int(minimum=1, maximum=100),
        "starting_after": Str(),
        "ending_before": Str(),
        "payment_intent": Str(),
        "status": Str(enum=("complete", "expired", "open")),
        "expand": EXPAND,
    },
    not_emulated=frozenset(
        ("created customer customer_account customer_details payment_link subscription").split()
    ),
)
LINE_ITEM_LIST_PARAMS = Obj(
    properties={
        "limit": Int(minimum=1, maximum=100),
        "starting_after": Str(),
        "ending_before": Str(),
        "expand": EXPAND,
    }
)
EXPAND_ONLY_PARAMS = Obj(properties={"expand": EXPAND})
# Updating a session: the sandbox emulates its metadata (a key set to "" is removed).
UPDATE_PARAMS = Obj(properties={"metadata": Metadata(), "expand": EXPAND})


@dataclass(frozen=True)
class LineItemSpec:
    name: str
    description: str | None
    images: list[str]
    product_metadata: dict[str, str]
    unit_label: str | None
    tax_behavior: str
    currency: str
    unit_amount: int | None
    unit_amount_decimal: Decimal
    quantity: int
    metadata: dict[str, str]

    @property
    def amount_subtotal(self) -> int:
        # unit_amount_decimal allows fractions of a minor unit; Stripe rounds the line total.
        exact = self.unit_amount_decimal * self.quantity
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class CreateRequest:
    line_items: list[LineItemSpec]
    currency: str
    success_url: str
    cancel_url: str | None
    expires_at: int
    expand: list[str]
    options: dict[str, Any] = field(default_factory=dict)  # reflected as-is on the session

    @property
    def amount_subtotal(self) -> int:
        return sum(item.amount_subtotal for item in self.line_items)


def parse_create(raw: Params, now: int) -> CreateRequest:
    params = CREATE_PARAMS.coerce_root(raw)
    _check_mode(params)
    success_url = _required_url(params, "success_url")
    cancel_url = _optional_url(params, "cancel_url")
    items = _line_items(params)
    currency = _session_currency(params, items)
    request = CreateRequest(
        line_items=items,
        currency=currency,
        success_url=success_url,
        cancel_url=cancel_url,
        expires_at=_expires_at(params, now),
        expand=check_expand(params.get("expand", []), SUPPORTED_EXPANSIONS),
        options=_reflected_options(params),
    )
    _check_minimum_amount(request)
    return request


def check_expand(values: list[str], supported: frozenset[str]) -> list[str]:
    for value in values:
        if value not in supported:
            # Expanding e.g. `payment_intent` works on Stripe; say so rather than silently
            # returning an unexpanded id.
            raise not_emulated(f"expand[{value}]")
    return values


def _check_mode(params: dict[str, Any]) -> None:
    if "mode" not in params:
        raise missing_param("mode")
    if params["mode"] != "payment":
        raise not_emulated(f"mode={params['mode']}")
    if params.get("ui_mode", "hosted") not in _HOSTED_UI_MODES:
        raise not_emulated(f"ui_mode={params['ui_mode']}")
    if params.get("payment_method_types", ["card"]) != ["card"]:
        raise not_emulated("payment_method_types")


def _required_url(params: dict[str, Any], name: str) -> str:
    if name not in params:
        # Newer API versions let embedded sessions omit it; the hosted page needs it.
        raise missing_param(name)
    return _checked_url(params[name], name)


def _optional_url(params: dict[str, Any], name: str) -> str | None:
    return _checked_url(params[name], name) if name in params else None


def _checked_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StripeError("Not a valid URL", param=name, code="url_invalid")
    return url


def _line_items(params: dict[str, Any]) -> list[LineItemSpec]:
    raw_items = params.get("line_items") or []
    if not raw_items:
        raise missing_param("line_items")
    if len(raw_items) > 100:
        raise StripeError("You can only pass up to 100 line items.", param="line_items")
    return [_line_item(item, index) for index, item in enumerate(raw_items)]


def _line_item(item: dict[str, Any], index: int) -> LineItemSpec:
    path = f"line_items[{index}]"
    if "price" in item and "price_data" in item:
        raise StripeError(
            "You may only specify one of these parameters: price, price_data.",
            param=f"{path}[price_data]",
        )
    if "price" in item:
        # Prices live in Stripe (and localstripe has none): an id can never resolve here.
        raise no_such("price", item["price"], f"{path}[price]")
    if "price_data" not in item:
        raise missing_param(f"{path}[price_data]")
    if "quantity" not in item:
        raise missing_param(f"{path}[quantity]")
    price = item["price_data"]
    if "product_data" not in price:
        raise missing_param(f"{path}[price_data][product_data]")
    product = price["product_data"]
    unit_amount_decimal = _unit_amount(price, f"{path}[price_data]")
    # Like Stripe, `unit_amount` is null only when the decimal has a fraction of a minor unit.
    whole = unit_amount_decimal == unit_amount_decimal.to_integral_value()
    return LineItemSpec(
        name=product["name"],
        description=product.get("description"),
        images=product.get("images", []),
        product_metadata=product.get("metadata", {}),
        unit_label=product.get("unit_label"),
        tax_behavior=price.get("tax_behavior", "unspecified"),
        currency=_currency(price["currency"], f"{path}[price_data][currency]"),
        unit_amount=int(unit_amount_decimal) if whole else None,
        unit_amount_decimal=unit_amount_decimal,
        quantity=item["quantity"],
        metadata=item.get("metadata", {}),
    )


def _unit_amount(price: dict[str, Any], path: str) -> Decimal:
    if "unit_amount" in price and "unit_amount_decimal" in price:
        raise StripeError(
            "You may only specify one of these parameters: unit_amount, unit_amount_decimal.",
            param=f"{path}[unit_amount_decimal]",
        )
    if "unit_amount" in price:
        return Decimal(price["unit_amount"])
    if "unit_amount_decimal" in price:
        value: Decimal = price["unit_amount_decimal"]
        if value < 0 or value > MAX_UNIT_AMOUNT:
            raise StripeError(
                f"This value must be between 0 and {MAX_UNIT_AMOUNT}.",
                param=f"{path}[unit_amount_decimal]",
            )
        return value
    raise missing_param(f"{path}[unit_amount]")


def _currency(value: str, param: str) -> str:
    code = value.lower()
    if len(code) != 3 or not code.isalpha() or not is_currency(code.upper()):
        raise StripeError(f"Invalid currency: {value}.", param=param)
    return code


def _session_currency(params: dict[str, Any], items: list[LineItemSpec]) -> str:
    currency = items[0].currency
    for index, item in enumerate(items):
        if item.currency != currency:
            raise StripeError(
                "All line items must use the same currency; line_items[0] uses "
                f"{currency} but line_items[{index}] uses {item.currency}.",
                param=f"line_items[{index}][price_data][currency]",
            )
    if "currency" in params and _currency(params["currency"], "currency") != currency:
        raise StripeError(
            f"`currency` ({params['currency']}) does not match the line items ({currency}).",
            param="currency",
        )
    return currency


def _expires_at(params: dict[str, Any], now: int) -> int:
    if "expires_at" not in params:
        return now + MAX_EXPIRY_SECONDS
    expires_at: int = params["expires_at"]
    if expires_at < now + MIN_EXPIRY_SECONDS:
        raise StripeError(
            "The `expires_at` timestamp must be at least 30 minutes after Checkout Session "
            f"creation (now {now}, got {expires_at}).",
            param="expires_at",
        )
    if expires_at > now + MAX_EXPIRY_SECONDS:
        raise StripeError(
            "The `expires_at` timestamp must be less than 24 hours after Checkout Session "
            f"creation (now {now}, got {expires_at}).",
            param="expires_at",
        )
    return expires_at


def _check_minimum_amount(request: CreateRequest) -> None:
    minimum = MINIMUM_CHARGE.get(request.currency)
    if minimum is not None and request.amount_subtotal < minimum:
        raise StripeError(
            "The Checkout Session's total amount due must add up to at least "
            f"{minimum} {request.currency} (in the currency's smallest unit); got "
            f"{request.amount_subtotal}.",
            param="line_items",
        )


def _reflected_options(params: dict[str, Any]) -> dict[str, Any]:
    email = params.get("customer_email")
    if email is not None and not _EMAIL_RE.match(email):
        raise StripeError(
            f"Invalid email address: {email}", param="customer_email", code="email_invalid"
        )
    return {name: params[name] for name in _REFLECTED_OPTIONS if name in params}
