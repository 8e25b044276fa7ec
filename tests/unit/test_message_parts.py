"""Cutting a message into the requests it makes (assistant/channels/message_parts.py); the real
stack answers each in tests/e2e/test_conversations.py."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import pytest

from assistant.channels.message_cuts import candidate_parts
from assistant.channels.message_parts import Request, requests_made
from assistant.nlu.utterance_kind import Kind, kind_of


def parts(text: str) -> list[str]:
    return [text[part.start : part.end] for part in candidate_parts(text)]


def requests_in(text: str, intents: Mapping[str, tuple[Any, ...]] | None = None) -> list[str]:
    return [request.text for request in made(text, intents)]


def made(text: str, intents: Mapping[str, tuple[Any, ...]] | None = None) -> list[Request]:
    """The requests found, the intent model given as a table of what it reads of each part:
    intent, confidence and the entities it finds."""

    async def parse(said: str) -> Mapping[str, Any]:
        name, confidence, *entities = (intents or {})[said]
        return {
            "intent": {"name": name, "confidence": confidence},
            "entities": [{"entity": found} for found in entities],
        }

    return asyncio.run(requests_made(text, parse if intents is not None else None))


def test_a_message_is_cut_at_its_sentences_and_where_a_question_opens() -> None:
    assert parts("Add the Commuter in navy. Will a 14 inch laptop fit inside?") == [
        "Add the Commuter in navy.",
        "Will a 14 inch laptop fit inside?",
    ]
    assert parts("Pop a grey hoodie in my basket, and is the hood lined?") == [
        "Pop a grey hoodie in my basket",
        "is the hood lined?",
    ]
    assert parts("ok la bleue et ca fait cb au total") == ["ok la bleue", "ca fait cb au total"]
    assert parts("Je voudrais l'Aero 14 en bleu, et savoir combien il pèse.") == [
        "Je voudrais l'Aero 14 en bleu",
        "savoir combien il pèse.",
    ]
    assert parts("And the mom jeans in grey size S, they are stretch?") == [
        "And the mom jeans in grey size S",
        "they are stretch?",
    ]
    assert parts("Bummer. Black small then, is that one marked down?") == [
        "Bummer.",
        "Black small then",
        "is that one marked down?",
    ]


def test_prices_lists_and_statements_are_not_cut() -> None:
    assert parts("It was 29.99 EUR, now 24.50.") == ["It was 29.99 EUR, now 24.50."]
    assert parts("two mugs and a hoodie please") == ["two mugs and a hoodie please"]
    # no question follows "and"
    assert parts("a hoodie and is it fine if it's grey") == ["a hoodie and is it fine if it's grey"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Are they seamless at the toe?", Kind.QUESTION),
        ("wait is the red speaker back??", Kind.QUESTION),
        ("le filtre tient combien de litres.", Kind.QUESTION),
        ("they are stretch?", Kind.QUESTION),
        ("The mugs are microwave safe?", Kind.ASKED),
        ("black 1 m, price?", Kind.CONTEXT),  # no verb: it narrows what came before
        ("Pis vous vendez-tu des raquettes à neige?", Kind.ASKED),
        ("Y'a-tu du sesame dedans?", Kind.ASKED),
        ("I'd like the socks too.", Kind.REQUEST),
        ("If not, I'll have the Merino Hiking Socks in green.", Kind.REQUEST),
        ("Two boxes of the chamomile and one rooibos, ta.", Kind.REQUEST),
        ("Steel caps in a 43 please.", Kind.REQUEST),
        ("ok grey then size L add it.", Kind.REQUEST),
        ("Ajoutez le sac étanche en jaune.", Kind.REQUEST),
        ("it's getting real cold up here in winnipeg", Kind.CONTEXT),
        ("they are comfy.", Kind.CONTEXT),  # a pronoun's statement: no question mark
        ("does it go w high waisted jeans", Kind.QUESTION),  # inverted: asked without its "?"
        ("can you add the mug", Kind.REQUEST),  # "you": a request, not a question about it
        ("Total?", Kind.QUESTION),
        ("Plus the small jar of freeze dried instant coffee.", Kind.REQUEST),
        ("Also want green tea from Japan, the sencha.", Kind.REQUEST),  # a want asks for it
        ("I also want the sencha.", Kind.REQUEST),
        ("Mi need a travel mug fi work too, black.", Kind.REQUEST),
        ("they want a refund", Kind.CONTEXT),  # what someone else wants
        ("And a silent travel mouse in pink", Kind.REQUEST),  # one more item, counted
        ("et une gourde noire", Kind.REQUEST),
        ("plus the price?", Kind.CONTEXT),
        ("Le montant ?", Kind.QUESTION),
        ("total fun", Kind.CONTEXT),
        ("n the total", Kind.QUESTION),  # the total asked in a word, without "?"
        ("do u sell phone cases", Kind.QUESTION),  # the shop asked, without "?"
        ("y'a tu une poche pour le cell", Kind.QUESTION),  # Québec's "-tu" asks
        ("faut le diluer ?", Kind.QUESTION),
        ("faut 2 paquets", Kind.REQUEST),
        ("+ 250g espresso beans", Kind.REQUEST),
        ("Lovely.", Kind.CONTEXT),
        ("2 much lol.", Kind.CONTEXT),
        ("Parfait, je vais le prendre.", Kind.REQUEST),  # the future said
        ("Ah mince. Je prendrai du 42 alors", Kind.REQUEST),
        ("Perfect. I will take the Flip in purple", Kind.REQUEST),
    ],
)
def test_each_part_is_a_question_a_request_or_context(text: str, kind: Kind) -> None:
    assert kind_of(text) is kind


def test_a_request_and_a_question_are_answered_one_after_the_other() -> None:
    assert requests_in("Lovely. I'd like the socks in yellow. Are they seamless at the toe?") == [
        "Lovely. I'd like the socks in yellow.",
        "Are they seamless at the toe?",
    ]
    assert requests_in("Hiya, do you do scarves? If not, I'll have the merino socks.") == [
        "Hiya, do you do scarves?",
        "I'll have the merino socks.",
    ]


@pytest.mark.parametrize(
    ("text", "requests"),
    [
        # however few its words, a request on the answer's condition is one of its own, and
        # the model reads it without the condition
        ("Is there an inside pocket? If so, grey in large please.",
         ["Is there an inside pocket?", "grey in large please."]),
        ("Does it float? Keen on the red one if so.", ["Does it float?", "Keen on the red one."]),
        ("Il convient au piston ? Si oui, mettez le paquet de 500 g.",
         ["Il convient au piston ?", "mettez le paquet de 500 g."]),
        ("Le rose, y'en reste-tu ? Sinon le noir d'abord.",
         ["Le rose, y'en reste-tu ?", "le noir d'abord."]),
        # said first, a condition on nothing is left as it is
        ("If so, grey in large please.", ["If so, grey in large please."]),
    ],
)  # fmt: skip
def test_a_request_on_the_answers_condition_stands_alone(text: str, requests: list[str]) -> None:
    assert requests_in(text) == requests


def test_a_request_on_a_condition_waits_for_the_answer_it_names() -> None:
    assert made("Is there an inside pocket? If so, grey in large please.") == [
        Request("Is there an inside pocket?"),
        Request("grey in large please.", on_answer="yes"),
    ]
    assert made("Do you sell secateurs? If not, a sturdy mug.")[1].on_answer == "no"
    assert made("Le rose, y'en reste-tu ? Sinon le noir d'abord.")[1].on_answer == "no"
    assert made("Does it float? Keen on the red one if so.")[1].on_answer == "yes"
    assert made("Does it float? Either way, the red one please.")[1].on_answer is None


def test_context_stays_with_the_request_it_explains() -> None:
    text = "what kind of boots have you got? it's getting real cold up here in winnipeg"
    assert requests_in(text) == [text]
    text = "I'm off to the sea next week. What sandals do you have?"
    assert requests_in(text) == [text]


def test_requests_one_after_the_other_stay_one_message() -> None:
    # the cart reads a list, and several operations, whole
    text = "Two mugs. And add a hoodie in M. Remove the socks."
    assert requests_in(text) == [text]


def test_the_intent_model_tells_an_add_said_without_a_verb() -> None:
    text = "The green polo in L. Has it got a proper collar?"
    said = {"The green polo in L.": ("add_to_cart", 0.97)}
    assert requests_in(text, said) == ["The green polo in L.", "Has it got a proper collar?"]
    # a search or a question it sees in a sentence of context does not cut it off
    unsure = {"The green polo in L.": ("add_to_cart", 0.6)}
    assert requests_in(text, unsure) == [text]
    context = "it's getting real cold up here. What boots do you have?"
    assert requests_in(context, {"it's getting real cold up here.": ("view_cart", 0.99)}) == [
        context
    ]


def test_a_colour_or_size_said_alone_is_a_choice_of_its_own() -> None:
    text = "Dommage. La noire alors. Elle tient combien d'heures ?"
    chosen = {"Dommage.": ("deny", 0.9), "La noire alors.": ("refine_search", 0.9, "color")}
    assert requests_in(text, chosen) == [
        "Dommage. La noire alors.",
        "Elle tient combien d'heures ?",
    ]
    text = "Et des claquettes pour la piscine, pointure 38, en blanc. Ça fait combien au total ?"
    described = {
        "Et des claquettes pour la piscine, pointure 38, en blanc.": (
            "search_product",
            0.99,
            "size",
        )
    }
    assert requests_in(text, described) == [
        "Et des claquettes pour la piscine, pointure 38, en blanc.",
        "Ça fait combien au total ?",
    ]
    # a search with only a colour is a search ("white sneakers"), asked about in the question
    text = "Some white sneakers. Are they leather?"
    assert requests_in(text, {"Some white sneakers.": ("search_product", 0.99, "color")}) == [text]
    # a refinement with no colour or size is no choice: the question reads it whole
    vague = {"Dommage.": ("deny", 0.9), "La noire alors.": ("refine_search", 0.9)}
    assert requests_in(text, vague) == [text]
    # said in a sentence, the size is what the question goes on from
    text = "She is size S. You have in green?"
    stated = {"She is size S.": ("refine_search", 0.95, "size")}
    assert requests_in(text, stated) == [text]
    # and before a comma, it is what the question asks about
    text = "En rose, ça existe ?"
    assert requests_in(text, {"En rose": ("refine_search", 0.95, "color")}) == [text]
    # and goes with the question, not with a request before it
    text = "Trois sachets rek. Et le rooibos, il a une reduction?"
    counted = {"Trois sachets rek.": ("add_to_cart", 0.9), "Et le rooibos": ("order_meal", 0.6)}
    assert requests_in(text, counted) == [
        "Trois sachets rek.",
        "Et le rooibos, il a une reduction?",
    ]
    # unless the shopper decided on it ("alors", "then")
    text = "ah relou. la blanche alors, elle est soldee?"
    decided = {"ah relou.": ("deny", 0.9), "la blanche alors": ("refine_search", 0.95, "color")}
    assert requests_in(text, decided) == ["ah relou. la blanche alors", "elle est soldee?"]
    # decided, it is a choice however unsure the model is of the intent
    text = "noooo ok purple small then. does it go w high waisted jeans"
    unsure = {"noooo ok purple small then.": ("nlu_fallback", 0.5, "color")}
    assert requests_in(text, unsure) == [
        "noooo ok purple small then.",
        "does it go w high waisted jeans",
    ]
    unsure = {"noooo ok purple small.": ("nlu_fallback", 0.5, "color")}
    text = "noooo ok purple small. does it go w high waisted jeans"
    assert requests_in(text, unsure) == [text]


def test_two_questions_are_each_answered() -> None:
    assert requests_in("Is the rooibos on sale? What's in the chai?") == [
        "Is the rooibos on sale?",
        "What's in the chai?",
    ]
    # a question said as a statement after a request is its own; after a question, the same
    assert requests_in("Please add four beige mugs. The mugs are microwave safe?") == [
        "Please add four beige mugs.",
        "The mugs are microwave safe?",
    ]
    assert requests_in("how do I make it? just add cold water?") == [
        "how do I make it? just add cold water?"
    ]
    assert requests_in("Le blanc est en promotion ? Et vous vendez des jupes ?") == [
        "Le blanc est en promotion ?",
        "Et vous vendez des jupes ?",
    ]
    assert requests_in("is the pink one in stock? if not the blue is fine, add one") == [
        "is the pink one in stock?",
        "the blue is fine, add one",
    ]
    assert requests_in("il pese cb ? et jle prends") == ["il pese cb ?", "et jle prends"]
    # a request without a verb of its own goes on with the question before it
    assert requests_in("There is a backpack? The most cheap one please") == [
        "There is a backpack? The most cheap one please"
    ]


def test_a_button_payload_and_one_sentence_stay_whole() -> None:
    assert requests_in('/add_to_cart{"sku": "X"}. Is it?') == ['/add_to_cart{"sku": "X"}. Is it?']
    assert requests_in("show me red t-shirts") == ["show me red t-shirts"]


def test_a_choice_then_a_question_about_it_are_answered_one_after_the_other() -> None:
    # after a comma, once the shopper decided, said "please" or asked for an item
    chosen = {"ugh.": ("deny", 0.6), "white L then": ("refine_search", 0.99, "color", "size")}
    assert requests_in("ugh. white L then, how much", chosen) == ["ugh. white L then", "how much"]
    assert requests_in("+ 250g espresso beans, total?") == ["+ 250g espresso beans", "total?"]
    # a few words ending with "?" that name no colour, size or product ask about the one in view
    text = "blue M then. stretchy?"
    said = {"blue M then.": ("refine_search", 0.99, "color", "size"), "stretchy?": ("deny", 0.6)}
    assert requests_in(text, said) == ["blue M then.", "stretchy?"]
    # ... and "In black?" narrows what came before
    narrowing = {"blue M then.": ("refine_search", 0.99, "color"), "In black?": ("x", 0.6, "color")}
    assert requests_in("blue M then. In black?", narrowing) == ["blue M then. In black?"]
    # "it is" and "I prefer" say the choice, not a sentence about something else
    text = "Black 42 it is then. Do they dry quickly? I'm in and out of the sea all day"
    said = {"Black 42 it is then.": ("refine_search", 0.8, "color", "size")}
    assert requests_in(text, said)[0] == "Black 42 it is then."
    text = "Okay I prefer the bottle then, black, 500 ml. Is in discount?"
    said = {"Okay I prefer the bottle then, black, 500 ml.": ("refine_search", 0.8, "color")}
    assert requests_in(text, said) == [
        "Okay I prefer the bottle then, black, 500 ml.",
        "Is in discount?",
    ]
    assert requests_in("power bank pls, and do u sell phone cases") == [
        "power bank pls",
        "do u sell phone cases",
    ]
    # a question ends before a count, and "faut" opens a question
    assert requests_in("faut le diluer ? 2 bouteilles") == ["faut le diluer ?", "2 bouteilles"]
    # the total asked in a word after a choice put right
    text = "actually the 100g. total"
    assert requests_in(text, {"actually the 100g.": ("nlu_fallback", 0.5)}) == [
        "actually the 100g.",
        "total",
    ]


def test_a_request_after_a_question_about_the_one_in_view_stands_alone() -> None:
    # the question asked about "it", or named no product: the request is what to buy of it
    assert requests_in("elle pèse combien ? bleue 128 stp") == [
        "elle pèse combien ?",
        "bleue 128 stp",
    ]
    assert requests_in("where from? 30g pls", {"where from?": ("product_details", 0.9)}) == [
        "where from?",
        "30g pls",
    ]
    # a question asking for a kind goes on in the request ("the most cheap one" of them)
    text = "There is a backpack? The most cheap one please"
    assert requests_in(text, {"There is a backpack?": ("search_product", 0.9, "product")}) == [text]


def test_a_condition_may_name_the_answer_in_a_word() -> None:
    assert made("how long does it keep it hot? 2 red ones if its decent") == [
        Request("how long does it keep it hot?"),
        Request("2 red ones", "yes"),
    ]
    text = "jusqu'à quelle température? pointure 40 si c'est correct"
    asked = {"jusqu'à quelle température?": ("product_details", 0.8)}
    assert made(text, asked) == [
        Request("jusqu'à quelle température?"),
        Request("pointure 40", "yes"),
    ]


def test_a_whole_version_then_a_question_after_a_comma_is_bought_then_answered() -> None:
    intents = {
        "Green 128 GB": ("refine_search", 0.9, "color", "size"),
        "White M two packs": ("search_product", 0.9, "color", "size", "product"),
        "the red one": ("refine_search", 0.9, "color"),
    }
    assert requests_in("Green 128 GB, how much?", intents) == ["Green 128 GB", "how much?"]
    assert requests_in("White M two packs, and the white price?", intents) == [
        "White M two packs",
        "and the white price?",
    ]
    # a colour alone asks about that version; a question about "it" asks about the version said
    assert requests_in("the red one, how much?", intents) == ["the red one, how much?"]
    said = "Les grises en 41, elles sont en action ?"
    grey_41 = {"Les grises en 41": ("refine_search", 0.9, "color", "size")}
    assert requests_in(said, {**intents, **grey_41}) == [said]


def test_a_short_question_before_a_condition_is_asked_first() -> None:
    assert made("Et le blanc ? Si oui un blanc en S, et un rose en S aussi") == [
        Request("Et le blanc ?"),
        Request("un blanc en S, et un rose en S aussi", "yes"),
    ]


def test_one_more_thing_asked_after_a_question_is_asked_on_its_own() -> None:
    intents = {"battery life?": ("product_details", 0.9), "l'autonomie ?": ("product_details", 0.9)}
    assert requests_in("How heavy is the Aero, and battery life?", intents) == [
        "How heavy is the Aero",
        "battery life?",
    ]
    assert requests_in("L'Aero 14 pèse combien ? Et l'autonomie ?", intents) == [
        "L'Aero 14 pèse combien ?",
        "l'autonomie ?",
    ]
    # a few words asking the same again stay with the question
    again = {"just add water?": ("product_details", 0.9)}
    assert requests_in("how do I make it? just add water?", again) == [
        "how do I make it? just add water?"
    ]


def test_one_more_item_then_a_question_about_it_is_bought_then_answered() -> None:
    assert requests_in("And a silent travel mouse in pink, is that on sale?") == [
        "And a silent travel mouse in pink",
        "is that on sale?",
    ]
    # a colour alone is what the question asks about
    assert requests_in("En rose, ça existe ?") == ["En rose, ça existe ?"]


def test_a_choice_said_among_remarks_is_the_request_alone() -> None:
    said = {
        "Black's fine, she said that's what she figured anyway lol.": (
            "search_flight",
            0.7,
            "color",
        ),
        "Black 39 please.": ("refine_search", 0.99, "color", "size"),
    }
    text = "Black's fine, she said that's what she figured anyway lol. Black 39 please."
    assert requests_in(text, said) == ["Black 39 please."]
    # the choice, then a remark after a comma
    remark = {
        "Ah non.": ("deny", 0.7),
        "Les vertes en 38 d'abord, c'est encore plus rétro anyway.": ("nlu_fallback", 0.5),
        "Les vertes en 38 d'abord": ("add_to_cart", 1.0, "color", "size"),
        " c'est encore plus rétro anyway.": ("search_product", 0.6),
    }
    text = "Ah non. Les vertes en 38 d'abord, c'est encore plus rétro anyway."
    assert requests_in(text, remark) == ["Les vertes en 38 d'abord"]
    # ... whichever comma it is before
    later = {
        "OK, then purple 128 GB, it is only little more.": ("search_product", 0.7, "color"),
        "OK": ("affirm", 0.9),
        "OK, then purple 128 GB": ("refine_search", 0.99, "color", "size"),
        " it is only little more.": ("out_of_scope", 0.6),
    }
    text = "OK, then purple 128 GB, it is only little more. Thank you for your patience."
    assert requests_in(text, later) == ["OK, then purple 128 GB"]


def test_a_choice_stays_with_what_the_remarks_add_to_it() -> None:
    # the colour is the remark's: the dialogue reads the message whole
    colour = {
        "She loves green.": ("search_product", 0.8, "color"),
        "One in M please.": ("refine_search", 0.99, "size"),
    }
    assert requests_in("She loves green. One in M please.", colour) == [
        "She loves green. One in M please."
    ]
    # a product named, a count asked for, a question asked: not remarks
    named = {
        "I love the trail shoes.": ("search_product", 0.9, "product"),
        "Black 42 please.": ("refine_search", 0.99, "color", "size"),
    }
    text = "I love the trail shoes. Black 42 please."
    assert requests_in(text, named) == [text]
    counted = {"Two of them.": ("add_to_cart", 0.9, "quantity"), **named}
    assert requests_in("Two of them. Black 42 please.", counted) == [
        "Two of them. Black 42 please."
    ]
    second = {"The second one.": ("refine_search", 0.7, "ordinal"), **named}
    assert requests_in("The second one. Black 42 please.", second) == [
        "The second one. Black 42 please."
    ]
    # options listed after a comma go on choosing: no remark
    listed = {
        "Trois paires en taille S : une bleue, une rouge et une jaune": ("add_to_cart", 0.9),
        "Trois paires en taille S : une bleue": ("add_to_cart", 0.99, "size", "color"),
        " une rouge et une jaune": ("refine_search", 0.9, "color"),
    }
    text = "Trois paires en taille S : une bleue, une rouge et une jaune"
    assert requests_in(text, listed) == [text]
    # one more thing asked for, however the model misses its product
    more = {
        "Add white set.": ("add_to_cart", 0.99, "color"),
        "Also espresso beans, the big one kg pack.": ("search_product", 0.7),
    }
    text = "Add white set. Also espresso beans, the big one kg pack."
    assert requests_in(text, more) == [text]
    searched = {**more, "Espresso beans, the big one kg pack.": ("search_product", 0.7)}
    text = "Espresso beans, the big one kg pack. Add white set."
    assert requests_in(text, searched) == [text]
    asked = {"Black 42 please.": ("refine_search", 0.99, "color", "size")}
    assert requests_in("Black 42 please. Is it warm?", asked)[0] == "Black 42 please."
    # a model that cannot read a remark leaves the message whole
    unread = {"Black 39 please.": ("refine_search", 0.99, "color", "size")}
    assert requests_in("Lol ok. Black 39 please.", unread) == ["Lol ok. Black 39 please."]


def test_thanks_said_with_requests_are_left_out() -> None:
    text = "Parfait, deux pots de pesto. Merci, vous me sauvez la soirée! Je vous dois combien?"
    assert requests_in(text) == ["Parfait, deux pots de pesto.", "Je vous dois combien?"]
    assert requests_in("Thanks! What's the total?") == ["What's the total?"]
    assert requests_in("Brilliant, one box of the chamomile then, thanks.") == [
        "Brilliant, one box of the chamomile then"
    ]
    # "un rooibos aussi": one more item, however few its words
    assert requests_in("Alors un rooibos aussi, merci beaucoup. À combien se monte le tout?") == [
        "Alors un rooibos aussi",
        "À combien se monte le tout?",
    ]
    # thanks with a choice in them, or alone, stay
    assert requests_in("Thank you, the blue one.") == ["Thank you, the blue one."]
    assert requests_in("Thanks a mill.") == ["Thanks a mill."]
    # a choice said as a wish is a request of its own
    assert requests_in("That'll do me. Is the white one on sale? I'd take white then.") == [
        "That'll do me. Is the white one on sale?",
        "I'd take white then.",
    ]
    assert requests_in("Merci pour les 2 paquets. Total ?")[0] == "Merci pour les 2 paquets."


def test_a_colour_or_size_said_with_only_its_words_is_a_choice_whatever_the_intent() -> None:
    """ "Yellow pair. They're sweatproof, right?": the colour the model tagged, in a part that
    says nothing else, is chosen before the question is asked, however unsure the intent."""

    async def parse(said: str) -> Mapping[str, Any]:
        entities = []
        for colour in ("Yellow", "Black"):
            if colour in said:
                start = said.index(colour)
                entities.append({"entity": "color", "start": start, "end": start + len(colour)})
        return {"intent": {"name": "nlu_fallback", "confidence": 0.5}, "entities": entities}

    def cut(text: str) -> list[str]:
        return [request.text for request in asyncio.run(requests_made(text, parse))]

    assert cut("Yellow pair. They're sweatproof, right?") == [
        "Yellow pair.",
        "They're sweatproof, right?",
    ]
    # more words than a choice's: the question reads it whole
    text = "Yellow for my niece who runs. They're sweatproof, right?"
    assert cut(text) == [text]
    # a size in a word the model left untagged
    assert cut("Large. What's that all come to?") == ["Large.", "What's that all come to?"]


@pytest.mark.parametrize(
    "text",
    [
        "That leaves a bit of wiggle room, so chuck in a sea salt caramel bar as well.",
        "wait actually one is enough, they can share.",
        "Ndank ndank… deux suffiront.",
    ],
)
def test_a_put_in_or_a_new_number_said_anywhere_is_a_request(text: str) -> None:
    assert kind_of(text) is Kind.REQUEST


def test_a_version_pointed_at_or_items_counted_then_a_question_are_bought_then_answered() -> None:
    """ "And the white mouse. Is the black one back in stock yet?": a version pointed at with
    "the" (a colour or size said, no verb) is chosen, whatever the model reads; so is a count of
    items said first ("One family tin and two lemon oil bottles."). Not "too", texted."""
    reading = ("refine_search", 0.6, "color")
    assert requests_in(
        "And the white mouse. Is the black one back in stock yet?",
        {"And the white mouse.": reading, "Is the black one back in stock yet?": reading},
    ) == ["And the white mouse.", "Is the black one back in stock yet?"]
    assert requests_in(
        "The green trail ones in 46 it is. Grippy in the mud?",
        {"The green trail ones in 46 it is.": reading, "Grippy in the mud?": ("ask", 0.9)},
    ) == ["The green trail ones in 46 it is.", "Grippy in the mud?"]
    # a measure is a version said, tagged or not
    assert requests_in(
        "L'extra vierge en 500 ml. Ça fait combien tout ça ?",
        {"L'extra vierge en 500 ml.": ("nlu_fallback", 0.5)},
    ) == ["L'extra vierge en 500 ml.", "Ça fait combien tout ça ?"]
    assert requests_in(
        "One family tin and two lemon oil bottles. The tin is how many litre?",
        {"One family tin and two lemon oil bottles.": ("order_meal", 0.99)},
    ) == ["One family tin and two lemon oil bottles.", "The tin is how many litre?"]
    # told of ("she is"), or "2 much" (too much): no choice
    text = "2 much lol. which is lighter the student 14 or the flip 13"
    assert requests_in(text, {"2 much lol.": ("deny", 0.6)}) == [text]
    text = "The black ones are nice. Are they waterproof?"
    assert requests_in(text, {"The black ones are nice.": reading}) == [text]


def test_a_choice_said_to_be_fine_is_a_request() -> None:
    """ "Then black is OK. What is total?": decided, though "is" is a verb."""
    reading = ("refine_search", 0.6, "color")
    assert requests_in("Then black is OK. What is total?", {"Then black is OK.": reading}) == [
        "Then black is OK.",
        "What is total?",
    ]
    text = "Black is the one she likes. Is it warm?"
    assert requests_in(text, {"Black is the one she likes.": reading}) == [text]


def test_a_story_before_a_product_is_named_is_left_out() -> None:
    """ "I want to bring a nice food gift" reads as a request by its words, but the model finds
    nothing in it to buy: searched alone it finds what its words happen to say."""
    text = (
        "Hey! My sister just bought her first condo and I want to bring a nice food gift, she "
        "cooks a ton. Any big olive oil?"
    )
    story = (
        "My sister just bought her first condo and I want to bring a nice food gift, she cooks "
        "a ton."
    )
    intents = {
        "Hey!": ("greet", 0.99),
        story: ("nlu_fallback", 0.5),
        "Any big olive oil?": ("search_product", 1.0, "product"),
    }
    assert requests_in(text, intents) == ["Any big olive oil?"]
    # a request the model reads something in stays: "two of those" is a count
    text = "I'd like to add two of those. Do you have socks?"
    intents = {
        "I'd like to add two of those.": ("add_to_cart", 0.9, "quantity"),
        "Do you have socks?": ("search_product", 1.0, "product"),
    }
    assert requests_in(text, intents) == ["I'd like to add two of those.", "Do you have socks?"]
    # nothing named after the story: the message stays as the words cut it
    text = "Je veux commencer le footing. Vous en avez ?"
    intents = {
        "Je veux commencer le footing.": ("greet", 0.9),
        "Vous en avez ?": ("search_product", 0.9),
    }
    assert requests_in(text, intents) == ["Je veux commencer le footing.", "Vous en avez ?"]


def test_the_two_sides_of_a_comparison_are_one_question() -> None:
    for text in (
        "What is the price difference between 128 GB and 256 GB?",
        "Quelle différence de prix entre le 30 g et le 100 g ?",
    ):
        assert parts(text) == [text]
    # one more thing asked after a question is still cut off
    assert parts("How heavy is the Aero, and battery life?") == [
        "How heavy is the Aero",
        "battery life?",
    ]


def test_a_choice_then_another_product_are_two_requests() -> None:
    """ "Blue please. And a tea the kids can drink": the one in view chosen, then another
    product looked for; a count or a product first stays one list with what follows."""
    text = "Blue please. And a tea the children can drink"
    read = {
        "Blue please.": ("refine_search", 0.99, "color"),
        "And a tea the children can drink": ("search_product", 0.95),
    }
    assert requests_in(text, read) == ["Blue please.", "And a tea the children can drink"]
    text = "Noir en 42. Et des chaussettes de course"
    read = {
        "Noir en 42.": ("refine_search", 0.99, "color", "size"),
        "Et des chaussettes de course": ("add_to_cart", 0.9, "product"),
    }
    assert requests_in(text, read) == ["Noir en 42.", "Et des chaussettes de course"]
    # what follows asks for no product: the choice goes on ("Black. Two of them.")
    text = "Black. Two of them."
    read = {"Black.": ("refine_search", 0.99, "color"), "Two of them.": ("add_to_cart", 0.9)}
    assert requests_in(text, read) == [text]
    text = "Two mugs. And a hoodie in M."
    read = {
        "Two mugs.": ("add_to_cart", 0.95, "product"),
        "And a hoodie in M.": ("add_to_cart", 0.95, "product", "size"),
    }
    assert requests_in(text, read) == [text]


def test_the_one_in_view_taken_then_another_product_are_two_requests() -> None:
    text = "Ok take that. Also a small keyboard she can prop the tablet on."
    read = {
        "Ok take that.": ("nlu_fallback", 0.5),
        "Also a small keyboard she can prop the tablet on.": ("search_product", 0.9, "product"),
    }
    assert requests_in(text, read) == list(read)
    text = "ok 1. also lan cable 5m"
    read = {"ok 1.": ("refine_search", 0.63), "also lan cable 5m": ("search_product", 0.9)}
    assert requests_in(text, read) == list(read)
    # a verb that adds more than the one in view: one list, read whole
    text = "Add white set. Also espresso beans"
    read = {"Add white set.": ("add_to_cart", 0.9), "Also espresso beans": ("add_to_cart", 0.9)}
    assert requests_in(text, read) == [text]


def test_the_shop_asked_what_it_has_after_a_request_is_that_request() -> None:
    text = "Evening. I need boots for the office in winter, not chunky. What do you have?"
    read = {
        "Evening.": ("greet", 0.99),
        "I need boots for the office in winter, not chunky.": (
            "search_product", 0.99, "product"),
        "What do you have?": ("search_product", 0.6),
    }  # fmt: skip
    assert requests_in(text, read) == [text]
    text = "Bonjour. Un écran pour le télétravail. Vous avez quoi ?"
    read = {
        "Bonjour.": ("greet", 0.99),
        "Un écran pour le télétravail.": ("search_product", 0.99, "product"),
        "Vous avez quoi ?": ("search_product", 0.6),
    }
    assert requests_in(text, read) == [text]


def test_a_few_words_closed_by_please_then_a_question_are_cut() -> None:
    assert parts("orange please whats the price") == ["orange please", "whats the price"]
    assert parts("la bleue stp c combien") == ["la bleue stp", "c combien"]
    # "please" inside a request addressed to the shop, or ending it, cuts nothing
    assert parts("can you please tell me the price") == ["can you please tell me the price"]
    assert parts("black M please") == ["black M please"]
