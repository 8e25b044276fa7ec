"""The action server registers every action the domain lists, and nothing nameless."""

import yaml
from rasa_sdk.executor import ActionExecutor

from assistant.kernel.settings import PROJECT_ROOT


def test_every_domain_action_is_registered_by_the_sdk() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")  # raises on an Action subclass without a name
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["actions"]) <= set(executor.actions)
