"""The shop's own rule on top of DIET's intent: a price limit is said only to search, and a
product named is not out of scope.

"kettle under 40 bucks", "12.90 or less", "bags 35-65€": DIET has never seen most product nouns
and reads the digits as a postcode or a time ("give_delivery_details"), or the short shape as a
refinement. `PriceEntityExtractor` finds price limits by rules and finds none in addresses,
times or phone numbers; where it found one, the message is a search: a new one when it names a
product, else a refinement of the results shown. And a refinement never names a product (the
training data and both blind authors agree): "red dresses" is a new search.

Intents that carry a price limit themselves (a flight, a meal, a menu question, a product's
details) are left alone. A product DIET tags in a message it reads as out of scope, a greeting,
a goodbye or a thank-you ("Hi, my girlfriend has very sensitive skin. Which T-shirt is good for
her?") is searched for.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.rule_component import RuleComponent
from assistant.nlu.search_rule import RULE_CONFIDENCE, searched_intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SearchIntentRule(RuleComponent):
    """After the entity extractors, before the FallbackClassifier (which then sees the rule's
    certainty, not DIET's doubt about an unknown noun)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            instead = searched_intent(intent.get("name"), message.get(ENTITIES) or [])
            if instead is None:
                continue
            # The rule decides alone: DIET's ranking would read as doubt to the fallback.
            chosen = {"name": instead, "confidence": RULE_CONFIDENCE}
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen], add_to_output=True)
        return messages
