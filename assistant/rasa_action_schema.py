"""One check of Rasa's action-response schema per process, not one per custom action call.

Rasa 3.6 validates every answer of the action server with `jsonschema.validate(result, spec)`
(rasa/core/actions/action.py, `RemoteAction._validate_action_result`). That function first checks
the schema itself against its metaschema, and Rasa's events schema is large: about 20 ms of the
Rasa server's CPU per call on this machine, a quarter of what a shopping turn costs it under load
(docs/performance.md, "Both cores"). `install` validates against the same schema with a validator
built once; an answer that fails is handed to Rasa's own method, which raises the very error and
message it always did.

Imports: Rasa and jsonschema (it runs in the Python 3.10 venv, from assistant.rasa_launcher).
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(spec)
    validator_class.check_schema(spec)
    validator = validator_class(spec)
    rasas_own = RemoteAction._validate_action_result
    if getattr(rasas_own, "schema_checked_once", False):
        return  # installed already

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        if best_match(validator.iter_errors(result)) is None:
            return True
        return rasas_own(self, result)  # raises Rasa's ValidationError, message and all

    _validate_action_result.schema_checked_once = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
