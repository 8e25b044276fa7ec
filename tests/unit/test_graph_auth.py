"""How Graph calls are authenticated, and how the fakes judge them as Graph does."""

from __future__ import annotations

import hashlib
import hmac

from assistant.channels.graph_auth import appsecret_proof, auth, refusal

TOKEN, SECRET = "EAAG-page-token", "app-secret"


def test_the_proof_is_meta_s_hmac_of_the_token_and_the_token_stays_out_of_the_query() -> None:
    expected = hmac.new(SECRET.encode(), TOKEN.encode(), hashlib.sha256).hexdigest()
    assert appsecret_proof(SECRET, TOKEN) == expected
    headers, query = auth(TOKEN, SECRET)
    assert headers == {"Authorization": f"Bearer {TOKEN}"}
    assert query == {"appsecret_proof": expected}
    assert refusal({"authorization": headers["Authorization"]}, query, TOKEN, SECRET) is None


def test_the_fake_refuses_what_graph_refuses_for_an_app_requiring_the_secret() -> None:
    bearer = {"authorization": f"Bearer {TOKEN}"}
    proof = {"appsecret_proof": appsecret_proof(SECRET, TOKEN)}
    assert refusal(bearer, {}, TOKEN, SECRET) == (
        100,
        "API calls from the server require an appsecret_proof argument",
    )
    wrong = {"appsecret_proof": appsecret_proof("other-secret", TOKEN)}
    assert refusal(bearer, wrong, TOKEN, SECRET) == (
        100,
        "Invalid appsecret_proof provided in the API argument",
    )
    assert refusal({"authorization": "Bearer nope"}, proof, TOKEN, SECRET) == (
        190,
        "Invalid OAuth access token.",
    )
    # Graph also takes the token as a query parameter; without a secret, no proof is asked.
    assert refusal({}, {"access_token": TOKEN, **proof}, TOKEN, SECRET) is None
    assert refusal(bearer, {}, TOKEN, "") is None
