"""The hosted payment page: self-contained HTML (inline CSS, no scripts, no external assets)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from decimal import Decimal
from html import escape

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

from .checkout_params import THREE_DECIMAL_CURRENCIES, ZERO_DECIMAL_CURRENCIES
from .objects import StripeObject

# The page is a form-posting document: nothing may load from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
)

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
 color:#1a1f36;background:#f6f8fa}
main{max-width:920px;margin:0 auto;padding:32px 20px;display:grid;gap:32px;
 grid-template-columns:repeat(auto-fit,minmax(300px,1fr))}
section{background:#fff;border-radius:12px;padding:24px;box-shadow:0 1px 3px #0000001f}
.badge{display:inline-block;background:#ffde92;color:#8a4b00;font-weight:700;font-size:11px;
 letter-spacing:.08em;padding:3px 8px;border-radius:4px}
h1{font-size:30px;margin:12px 0 20px}
h2{font-size:17px;margin:0 0 16px}
ul{list-style:none;margin:0;padding:0}
li{display:flex;gap:12px;align-items:flex-start;padding:10px 0;border-bottom:1px solid #eef0f3}
.thumb{flex:0 0 42px;height:42px;border-radius:6px;background:#e3e8ee;color:#4f566b;
 display:flex;align-items:center;justify-content:center;font-weight:700}
.what{flex:1}.what small{display:block;color:#697386}
.amount{font-variant-numeric:tabular-nums;white-space:nowrap}
dl{display:grid;grid-template-columns:1fr auto;margin:16px 0 0;row-gap:6px}
dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}
.total{font-weight:700}
.field{border:1px solid #d5dbe1;border-radius:6px;padding:10px 12px;margin-bottom:6px;
 font-family:ui-monospace,monospace;color:#3c4257}
.hint{color:#697386;font-size:13px;margin:0 0 18px}
form{margin:0 0 10px}
button{width:100%;padding:12px;border-radius:6px;border:1px solid #d5dbe1;background:#fff;
 font:inherit;cursor:pointer}
button.pay{background:#635bff;border-color:#635bff;color:#fff;font-weight:600}
button.link{border:0;background:none;color:#635bff;padding:6px}
.notice{background:#fde8e8;color:#a41c1c;border-radius:6px;padding:10px 12px;margin-bottom:16px}
.ok{background:#e6f6ec;color:#1c6b3a}
.meta{color:#697386;font-size:13px}
"""


def format_amount(amount: int, currency: str, locale: str | None) -> str:
    """Minor units -> "€12.50" / "12,50 €" in the session's locale."""
    exponent = 0 if currency in ZERO_DECIMAL_CURRENCIES else 3 if (
        currency in THREE_DECIMAL_CURRENCIES
    ) else 2  # fmt: skip
    major = Decimal(amount).scaleb(-exponent)
    return format_currency(major, currency.upper(), locale=_babel_locale(locale))


def _babel_locale(locale: str | None) -> Locale:
    if locale and locale != "auto":
        try:
            return Locale.parse(locale, sep="-")
        except (UnknownLocaleError, ValueError):
            pass
    return Locale("en")


def render_checkout(
    session: StripeObject,
    line_items: list[StripeObject],
    products: dict[str, StripeObject],
    notice: str | None = None,
) -> str:
    money = _money(session)
    total = money(session["amount_total"])
    body = f"""
<section aria-label="Order summary">
  <span class="badge">TEST MODE</span>
  <h1>Pay {escape(total)}</h1>
  <ul>{"".join(_item_row(item, products, money) for item in line_items)}</ul>
  <dl>
    <dt>Subtotal</dt><dd>{escape(money(session["amount_subtotal"]))}</dd>
    <dt class="total">Total due</dt><dd class="total">{escape(total)}</dd>
  </dl>
</section>
<section aria-label="Payment">
  {_notice(notice)}
  <h2>Pay with card</h2>
  {_email_field(session)}
  <div class="field">4242 4242 4242 4242 &middot; 12/34 &middot; 123</div>
  <p class="hint">Sandbox test card. No real payment is made.</p>
  {_button(session, "pay", f"Pay {total}", "pay")}
  {_button(session, "decline", "Decline card", "")}
  {_button(session, "expire", "Let it expire", "")}
  {_cancel_button(session)}
  <p class="meta">Expires {escape(_utc(session["expires_at"]))}</p>
</section>"""
    return _document("Checkout", body, session.get("locale"))


def render_message(title: str, text: str, link: str | None, status_class: str = "") -> str:
    back = f'<p><a href="{escape(link)}">Return to the shop</a></p>' if link else ""
    body = f"""
<section>
  <span class="badge">TEST MODE</span>
  <h1>{escape(title)}</h1>
  <p class="notice {status_class}">{escape(text)}</p>
  {back}
</section>"""
    return _document(title, body, None)


Money = Callable[[int], str]


def _money(session: StripeObject) -> Money:
    currency, locale = session["currency"], session.get("locale")
    return lambda amount: format_amount(amount, currency, locale)


def _item_row(item: StripeObject, products: dict[str, StripeObject], money: Money) -> str:
    name = item["description"] or ""
    product = products.get(item["price"]["product"], {})
    details = (
        f"<small>{escape(product['description'])}</small>" if product.get("description") else ""
    )
    unit = item["price"]["unit_amount"]
    unit_text = f" &times; {escape(money(unit))}" if unit is not None else ""
    return f"""
    <li><span class="thumb" aria-hidden="true">{escape(name[:1].upper())}</span>
      <span class="what">{escape(name)}{details}
        <small>Qty {item["quantity"]}{unit_text}</small></span>
      <span class="amount">{escape(money(item["amount_total"]))}</span></li>"""


def _notice(notice: str | None) -> str:
    return f'<p class="notice" role="alert">{escape(notice)}</p>' if notice else ""


def _email_field(session: StripeObject) -> str:
    email = session.get("customer_email")
    return f'<div class="field">{escape(email)}</div>' if email else ""


def _button(session: StripeObject, action: str, label: str, css_class: str) -> str:
    action_url = f"{session['url']}/{action}"
    return (
        f'<form method="post" action="{escape(action_url)}">'
        f'<button type="submit" class="{css_class}">{escape(label)}</button></form>'
    )


def _cancel_button(session: StripeObject) -> str:
    if not session.get("cancel_url"):
        return ""  # Stripe hides the back link when no cancel_url was given
    return _button(session, "cancel", "← Cancel and return to the shop", "link")


def _utc(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _document(title: str, body: str, locale: str | None) -> str:
    lang = escape(locale if locale and locale != "auto" else "en")
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{escape(title)} · Stripe sandbox</title>
<style>{_STYLE}</style>
</head>
<body><main>{body}
</main></body>
</html>
"""
