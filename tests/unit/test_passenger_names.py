import pytest

from assistant.conversation.passenger_names import is_full_name, names_in


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ann Lee, Bo Chen", ["Ann Lee", "Bo Chen"]),
        ("Marie Dupont et Jean-Luc Martin", ["Marie Dupont", "Jean-Luc Martin"]),
        ("The passengers are Ann Lee and Bo Chen.", ["Ann Lee", "Bo Chen"]),
        ("les passagers : Zoé O'Neill ; Léa Müller", ["Zoé O'Neill", "Léa Müller"]),
        ("Ann  Lee\nBo Chen", ["Ann Lee", "Bo Chen"]),
    ],
)
def test_names_are_read_from_what_shoppers_type(text: str, names: list[str]) -> None:
    assert names_in(text) == names


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("Ann Lee", True),
        ("Jean-Luc de la Tour", True),
        ("Zoé O'Neill", True),
        ("Ann", False),  # a first name alone cannot be ticketed
        ("R2 D2", False),
        ("Ann Lee" + " x" * 40, False),
    ],
)
def test_a_full_name_is_a_first_and_a_last_name_in_letters(name: str, full: bool) -> None:
    assert is_full_name(name) is full
