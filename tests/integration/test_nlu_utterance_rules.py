"""The UtteranceIntentRule NLU component, run in the Rasa venv on Rasa's own Message objects:
a question read as a removal is read as the next intent of DIET's ranking, renormalised (a
removal said as a question, and a removal said plainly, stay removals); a question about "it"
or "they" read as a search or a yes/no word is a product question."""

from __future__ import annotations

import json

from testkit.rasa_venv import rasa_json

SCRIPT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from assistant.nlu.utterance_rules import UtteranceIntentRule
texts, first, sized = json.loads(sys.argv[1])  # sized: the size entities' values
ranking = [
    {"name": first, "confidence": 0.6},
    {"name": "product_details", "confidence": 0.3},
    {"name": "add_to_cart", "confidence": 0.1},
]
messages = [
    Message(data={
        "text": text, "intent": ranking[0], "intent_ranking": ranking,
        "entities": [{"entity": "size", "value": value} for value in sized],
    })
    for text in texts
]
UtteranceIntentRule.create({}, None, None, None).process(messages)
print(json.dumps([
    [m.get("intent")["name"], round(m.get("intent")["confidence"], 3),
     [r["name"] for r in m.get("intent_ranking")]]
    for m in messages
]))
"""


def test_a_question_is_read_as_the_next_intent_and_a_removal_stays_one() -> None:
    questions = [
        "are the jeans stretchy?",
        "the mugs are microwave safe?",
        "Elles taillent grand les Chelsea ?",
        "est-ce que le jean est extensible",
        "how long does the battery last",
    ]
    removals = [
        "can you take the jeans out?",
        "Tu peux enlever le jean ?",
        "could you remove the socks please?",
        "I don't want the mug anymore, can you sort that?",
        "remove the jeans",
        "enlève les chaussettes",
    ]
    read = rasa_json(SCRIPT, json.dumps([questions + removals, "remove_from_cart", []]))
    assert read[: len(questions)] == [
        ["product_details", 0.75, ["product_details", "add_to_cart"]]
    ] * len(questions)
    assert [intent for intent, _, _ in read[len(questions) :]] == ["remove_from_cart"] * len(
        removals
    )


def test_a_question_about_it_is_a_product_question() -> None:
    about_it = [
        "il a une poche sur la manche ?",
        "Elles conviennent aussi pour des sorties rapides ?",
        "il est stretch ou pas ?",
        "Elle se boit-tu glacée aussi?",
        "y'est-tu vraiment imperméable?",
        "a-t-il un micro ?",
        "Est-ce qu'il est chaud ?",
        "does it come in red?",
        "are they true to size?",
        "What temp are they rated to?",
        "how long does it last",
    ]
    about_the_shop = [
        "what boots do you have?",
        "il y a des sandales ?",
        "as-tu des tuques ?",
        "peux-tu me montrer des sacs ?",
        "it's too dear, anything cheaper?",
        "c'est quoi votre pc gamer le plus puissant ?",
        "do you sell sunscreen?",
        "it's getting cold up here",  # no question
    ]
    for first in ("search_product", "deny", "out_of_scope", "refine_search", "add_to_cart"):
        read = rasa_json(SCRIPT, json.dumps([about_it + about_the_shop, first, []]))
        intents = [intent for intent, _, _ in read]
        assert intents[: len(about_it)] == ["product_details"] * len(about_it)
        if first != "out_of_scope":
            assert intents[len(about_it) :] == [first] * len(about_the_shop)
    # read as out of scope, the shop asked for "des sandales" is looked for (see below)
    read = rasa_json(SCRIPT, json.dumps([about_the_shop, "out_of_scope", []]))
    assert [intent for intent, _, _ in read] == [
        "out_of_scope",
        *["search_product"] * 2,
        *["out_of_scope"] * 5,
    ]
    # a refinement saying a size may narrow the list, whatever its subject
    read = rasa_json(SCRIPT, json.dumps([about_it, "refine_search", ["42"]]))
    assert [intent for intent, _, _ in read] == ["refine_search"] * len(about_it)
    # an add with a word that adds stays one
    adds = ["can it go in my basket?", "Is it possible to add it?", "tu peux le mettre ?"]
    read = rasa_json(SCRIPT, json.dumps([adds, "add_to_cart", []]))
    assert [intent for intent, _, _ in read] == ["add_to_cart"] * len(adds)


def test_a_size_said_with_then_is_decided() -> None:
    decided = ["Mi tek the S then.", "noooo ok small then", "Le S alors.", "the S instead"]
    not_decided = ["the cheaper one in S then", "you have S then?", "S", "then what?"]
    for first in ("out_of_scope", "product_details", "deny"):
        read = rasa_json(SCRIPT, json.dumps([decided + not_decided, first, ["S"]]))
        intents = [intent for intent, _, _ in read]
        assert intents == ["refine_search"] * len(decided) + [first] * len(not_decided)
    # the cart's readings stay, and no size said is no choice
    read = rasa_json(SCRIPT, json.dumps([decided, "add_to_cart", ["S"]]))
    assert [intent for intent, _, _ in read] == ["add_to_cart"] * len(decided)
    read = rasa_json(SCRIPT, json.dumps([decided, "out_of_scope", []]))
    assert [intent for intent, _, _ in read] == ["out_of_scope"] * len(decided)


def test_a_statement_pointing_at_a_product_with_its_size_chooses_it() -> None:
    choices = [
        "Le bomber vert en 42",
        "Les chaussures Road Running bleues en 42.",
        "Les Minimal en blanc, pointure 42.",
        "the grey one in a 42",
        "ok, the Chelsea boots in 42 then",
        "The invisible socks, beige 42.",
    ]
    not_choices = [
        "black running shoes size 42",  # no article: a search
        "the cheaper ones in 42",
        "those in 42",
        "le bomber vert existe en 42 ?",
        "Le 42 pouces 4K",  # the sizes name the model
    ]
    for first in ("search_product", "refine_search", "product_details"):
        read = rasa_json(SCRIPT, json.dumps([choices + not_choices, first, ["42", "4K"]]))
        intents = [intent for intent, _, _ in read]
        assert intents == ["add_to_cart"] * len(choices) + [first] * len(not_choices)
    # no size said: the model's reading stays
    read = rasa_json(SCRIPT, json.dumps([choices, "search_product", []]))
    assert [intent for intent, _, _ in read] == ["search_product"] * len(choices)


def test_a_yes_typed_short_is_a_yes() -> None:
    yeses = ["oe", "Ouep", "wé", "oe stp", "yup!", "Yesss", "ouais merci", "y", "confirmed"]
    not_only_yes = ["oe mais en bleu", "we need socks", "yes, what else do you have?"]
    read = rasa_json(SCRIPT, json.dumps([yeses + not_only_yes, "out_of_scope", []]))
    assert [intent for intent, _, _ in read] == ["affirm"] * len(yeses) + ["out_of_scope"] * len(
        not_only_yes
    )
    # a yes with a few words naming nothing, read as a call for a person: a yes
    with_words = ["Yeah, send it through.", "oui, envoyez-le", "yes go ahead"]
    read = rasa_json(SCRIPT, json.dumps([with_words, "human_handoff", []]))
    assert [intent for intent, _, _ in read] == ["affirm"] * len(with_words)
    # ... but a size said, a long message or the cart's reading keep the model's reading
    read = rasa_json(SCRIPT, json.dumps([["yes the one in 42"], "human_handoff", ["42"]]))
    assert [intent for intent, _, _ in read] == ["human_handoff"]
    said = ["yes I would really like to talk to a person", "Yes I, checkout."]
    for first, text in zip(("human_handoff", "checkout"), said, strict=True):
        assert rasa_json(SCRIPT, json.dumps([[text], first, []]))[0][0] == first
    # a yes with thanks, at any length a thank-you is read: a yes
    thanked = ["Yes please, thanks!", "Yes please, and thanks again, you've been great."]
    read = rasa_json(SCRIPT, json.dumps([thanked, "thank", []]))
    assert [intent for intent, _, _ in read] == ["affirm"] * len(thanked)
    # read as a yes, but unsurely (the fallback would not answer): surely
    read = rasa_json(SCRIPT.replace("0.6", "0.45"), json.dumps([["oe"], "affirm", []]))
    assert read == [["affirm", 1.0, ["affirm"]]]


def test_a_thing_asked_for_with_its_article_is_looked_for() -> None:
    asked = ["got a camping stove?", "Bonjour, une bouilloire électrique ?", "des bougies ?"]
    read = rasa_json(SCRIPT, json.dumps([asked, "goodbye", []]))
    assert [intent for intent, _, _ in read] == ["search_product"] * len(asked)
    # a goodbye, a question to the bot, or no question mark keep the model's reading
    kept = ["have a nice day", "are you a bot?", "bye, and a good day?", "got a camping stove"]
    read = rasa_json(SCRIPT, json.dumps([kept, "goodbye", []]))
    assert [intent for intent, _, _ in read] == ["goodbye"] * len(kept)
    # an unsure reading of any intent is looked for too; a sure one is kept
    unsure = rasa_json(SCRIPT.replace("0.6", "0.45"), json.dumps([["des bougies ?"], "deny", []]))
    assert unsure[0][0] == "search_product"
    assert rasa_json(SCRIPT, json.dumps([["des bougies ?"], "deny", []]))[0][0] == "deny"


def test_a_thank_you_that_takes_a_variant_is_an_add() -> None:
    takes = ["parfait je vous en prends une en 42, merci beaucoup", "thanks, I'll take it in 42"]
    read = rasa_json(SCRIPT, json.dumps([takes, "thank", ["42"]]))
    assert [intent for intent, _, _ in read] == ["add_to_cart"] * len(takes)
    # a thank-you with nothing taken, or a question, stays one
    kept = ["merci beaucoup, bonne journée", "thanks, can I take it in 42?"]
    read = rasa_json(SCRIPT, json.dumps([kept, "thank", ["42"]]))
    assert [intent for intent, _, _ in read] == ["thank"] * len(kept)


def test_a_call_to_pay_is_a_checkout() -> None:
    calls = ["Awesome, ring me up.", "Cheers. Off to the till.", "Perfect, let's get it paid for",
             "Parfait, on conclut la commande.", "wrap it up", "ok jpaye", "go jregle",
             "That's the lot, let's settle up.", "Je règle tout de suite, merci encore.",
             "Yep, send the link.", "envoyez-moi le lien"]  # fmt: skip
    for first in ("greet", "thank", "goodbye", "affirm", "show_more", "refine_search"):
        read = rasa_json(SCRIPT, json.dumps([calls, first, []]))
        assert [intent for intent, _, _ in read] == ["checkout"] * len(calls), first
    # "order it" read as a question on an order is a checkout; "my payment failed?" stays one
    read = rasa_json(SCRIPT, json.dumps([["order it", "my payment failed?"], "order_status", []]))
    assert [intent for intent, _, _ in read] == ["checkout", "order_status"]
    # a question, a size said, or a reading that does something with the products stay
    kept = [
        ("how much do I pay?", "greet", []),
        ("pay for the black one in 42", "greet", ["42"]),
        ("paye ta tournée", "search_product", []),
        ("see you till tomorrow", "goodbye", []),
    ]
    for text, first, sized in kept:
        assert rasa_json(SCRIPT, json.dumps([[text], first, sized]))[0][0] == first, text


def test_packs_counted_are_an_add() -> None:
    counted = ["One bag please.", "Easy. Two bags of those please.", "OK, deux paquets svp"]
    for first in ("view_cart", "remove_from_cart", "give_delivery_details"):
        read = rasa_json(SCRIPT, json.dumps([counted, first, []]))
        assert [intent for intent, _, _ in read] == ["add_to_cart"] * len(counted), first
    # a line changed, a question, or a search keep the model's reading
    kept = [
        ("only two bags, not three", "remove_from_cart"),
        ("how much are two bags?", "view_cart"),
        ("a pair of trail shoes", "search_product"),
    ]
    for text, first in kept:
        assert rasa_json(SCRIPT, json.dumps([[text], first, []]))[0][0] == first, text


def test_a_shopper_saying_they_are_back_is_greeted() -> None:
    back = ["hi again, where were we?", "I'm back", "me revoilà", "Re-bonjour, je reviens",
            "on en était où ?", "It's me again!", "where were we"]  # fmt: skip
    for first in ("goodbye", "search_flight"):  # "me revoilà", "where were we"
        read = rasa_json(SCRIPT, json.dumps([back, first, []]))
        assert [intent for intent, _, _ in read] == ["greet"] * len(back), first
    # coming back with a request: the request is read
    kept = [
        ("I'm back, what did I have in my basket?", "view_cart"),
        ("hi again, I want the blue one", "add_to_cart"),
        ("back to the phones", "search_product"),
    ]
    for text, first in kept:
        assert rasa_json(SCRIPT, json.dumps([[text], first, []]))[0][0] == first, text
