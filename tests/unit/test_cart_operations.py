"""Several cart operations in one message, cut into one clause per operation."""

import pytest

from assistant.conversation.cart_operations import Operation, cart_operations

ADD, REMOVE, CHANGE = Operation.ADD, Operation.REMOVE, Operation.CHANGE


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "actually make the tee blue, and throw in two stoneware mugs",
            [("actually make the tee blue", CHANGE), ("throw in two stoneware mugs", ADD)],
        ),
        (
            "enlève le polo et mets-moi deux tasses à espresso",
            [("enlève le polo", REMOVE), ("mets-moi deux tasses à espresso", ADD)],
        ),
        (
            "take the mango off and add the earl grey",
            [("take the mango off", REMOVE), ("add the earl grey", ADD)],
        ),
        (  # a removal said twice is one clause; "I don't want" removes
            "Hmm, I don't want the mom jeans, remove please. I take a top also, the bamboo tee.",
            [
                ("Hmm, I don't want the mom jeans, remove please", REMOVE),
                ("I take a top also, the bamboo tee.", ADD),
            ],
        ),
        (
            "je ne veux plus le bonnet, ajoute des gants",
            [("je ne veux plus le bonnet", REMOVE), ("ajoute des gants", ADD)],
        ),
        (  # a word of agreement first opens the first clause
            "Cool, add it, and take the mouse off, he's keeping his old one.",
            [("Cool, add it", ADD), ("take the mouse off, he's keeping his old one.", REMOVE)],
        ),
        (
            "drop the socks, add a beanie and make the hoodie an L",
            [("drop the socks", REMOVE), ("add a beanie", ADD), ("make the hoodie an L", CHANGE)],
        ),
        (
            "je prends le polo et enlève le t-shirt",
            [("je prends le polo", ADD), ("enlève le t-shirt", REMOVE)],
        ),
    ],
)
def test_each_operation_is_a_clause_of_its_own(
    text: str, clauses: list[tuple[str, Operation]]
) -> None:
    assert [(text[c.start : c.end], c.operation) for c in cart_operations(text)] == clauses


@pytest.mark.parametrize(
    "text",
    [
        "add 2 tees and a mug",  # one add of a list, read whole by the cart
        "remove the mug and the tee",
        "the tee in blue instead, and add two mugs",  # the first clause says no operation
        "make sure it is blue and add it",
        "I'd like the steel bottle in blue, does it keep drinks cold?",
    ],
)
def test_one_operation_or_none_said_is_not_cut(text: str) -> None:
    assert cart_operations(text) == []
