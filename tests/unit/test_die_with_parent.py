"""The launcher that ties each server's life to the supervisor's."""

from __future__ import annotations


def test_die_with_parent_refuses_a_malformed_command_line() -> None:
    from assistant.die_with_parent import main

    assert main([]) == 2
    assert main(["not-a-pid", "true"]) == 2
