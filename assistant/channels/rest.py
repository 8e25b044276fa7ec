"""Rasa's REST channel, answering one request at a time (assistant.channels.one_request_each):
`assistant chat`, the web app and the tests speak to the dialogue as Messenger does.

credentials.yml:
    assistant.channels.rest.RestInput:

Same URL (/webhooks/rest/webhook) and body as Rasa's `rest` channel. Like it, it believes any
sender id: development only (assistant.kernel.production refuses it).
"""

from __future__ import annotations

from typing import Any

from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint

from assistant.channels.one_request_each import OnNewMessage, one_request_each


class RestInput(RasaRestInput):
    _app: Any = None  # the Sanic app, once started: its agent reads the parts

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        hook = super().blueprint(one_request_each(on_new_message, lambda: self._app))

        @hook.listener("after_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            self._app = app

        return hook
