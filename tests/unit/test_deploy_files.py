"""deploy/compose.yaml and deploy/k8s/*.yaml against their published schemas, offline.

They cannot run here (no Docker, no cluster), so they are held to what can be checked: the
Compose Specification's JSON schema (vendored by check-jsonschema) and Kubernetes' OpenAPI
schemas in strict mode (kubernetes-validate: unknown fields are errors); probes on the
endpoints the processes really serve; secrets only from the environment or Secret objects.
"""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from assistant.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
KUBERNETES_VERSION = "1.37.0"  # the newest schemas kubernetes-validate ships

# Values that must never be written in these files, only referenced.
SECRETS = {
    "RASA_TOKEN",
    "ACTION_SERVER_SECRET",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "MESSENGER_APP_SECRET",
    "MESSENGER_VERIFY_TOKEN",
    "MESSENGER_PAGE_ACCESS_TOKEN",
    "ASSISTANT_DATABASE_URL",  # holds the database password
    "TRACKER_DB_PASSWORD",
    "RABBITMQ_PASSWORD",
    "RABBITMQ_DEFAULT_PASS",
    "POSTGRES_PASSWORD",
}
# Health endpoints each process serves: Rasa's root answers once the model is loaded (/status
# needs the token), Rasa SDK's server has /health, the web app's is checked below.
HEALTH = {"rasa": {"/", "/status"}, "actions": {"/health"}, "web": {"/health"}}


def compose_schema() -> dict[str, Any]:
    vendored = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
    schema: dict[str, Any] = json.loads((vendored / "compose-spec.json").read_text())
    return schema


def compose_errors(document: dict[str, Any]) -> list[str]:
    schema = compose_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return document


def manifests() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{path.name}#{index}", document)
        for path in sorted((DEPLOY / "k8s").glob("*.yaml"))
        for index, document in enumerate(yaml.safe_load_all(path.read_text()))
        if document
    ]


def kubernetes_errors(document: dict[str, Any]) -> str | None:
    try:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        return str(error.message)
    return None


# --- Compose -------------------------------------------------------------------------------------


def test_compose_file_follows_the_compose_specification() -> None:
    assert compose_errors(compose()) == []


def test_a_broken_compose_file_is_rejected() -> None:
    broken = copy.deepcopy(compose())
    broken["services"]["rasa"]["imagee"] = broken["services"]["rasa"].pop("image")
    broken["services"]["web"]["healthcheck"]["test"] = {"CMD": "curl"}  # a list or a string
    errors = compose_errors(broken)
    assert any("imagee" in error for error in errors), errors
    assert any("'healthcheck', 'test'" in error for error in errors), errors


def test_compose_runs_the_topology_of_the_deploy_doc() -> None:
    services = compose()["services"]
    assert {"nginx", "rasa", "actions", "web", "postgres", "redis", "rabbitmq"} <= set(services)
    assert services["rasa"]["deploy"]["replicas"] >= 2
    assert "deploy/endpoints.production.yml" in services["rasa"]["command"]


def test_compose_health_checks_call_the_real_endpoints() -> None:
    services = compose()["services"]
    for name, paths in HEALTH.items():
        command = " ".join(services[name]["healthcheck"]["test"])
        urls = re.findall(r"http://127\.0\.0\.1:\d+(/[\w/]*)", command)
        assert urls and set(urls) <= paths, (name, command)


def _environment_values(document: Any) -> list[tuple[str, str]]:
    """Every (name, value) under an `environment` mapping, anchors resolved by the loader."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "environment" and isinstance(value, dict):
                found += [(name, str(v)) for name, v in value.items()]
            else:
                found += _environment_values(value)
    elif isinstance(document, list):
        for item in document:
            found += _environment_values(item)
    return found


def test_compose_takes_every_secret_from_the_environment() -> None:
    values = [(name, value) for name, value in _environment_values(compose()) if name in SECRETS]
    assert {name for name, _ in values} >= SECRETS - {"TRACKER_DB_PASSWORD"} - {"RABBITMQ_PASSWORD"}
    literal = [(name, value) for name, value in values if not re.search(r"\$\{[A-Z_]+:\?", value)]
    assert literal == []
    rasa = compose()["services"]["rasa"]
    # The token reaches Rasa through the launcher's environment, never its command line (ps).
    assert "RASA_TOKEN" not in " ".join(rasa["command"])
    assert rasa["entrypoint"][-1] == "assistant.rasa_launcher"
    assert rasa["environment"]["ASSISTANT_ENV"] == "production"
    assert "credentials.production.yml" in " ".join(rasa["command"])


# --- Kubernetes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "document"), manifests(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_manifest_follows_the_kubernetes_schema(name: str, document: dict[str, Any]) -> None:
    assert kubernetes_errors(document) is None


def test_a_broken_manifest_is_rejected() -> None:
    deployment = next(d for _, d in manifests() if d["kind"] == "Deployment")
    container = copy.deepcopy(deployment)["spec"]["template"]["spec"]["containers"][0]
    misspelt = copy.deepcopy(deployment)
    misspelt["spec"]["template"]["spec"]["containers"][0]["readinessProbe"]["httpGett"] = container[
        "readinessProbe"
    ].pop("httpGet")
    assert kubernetes_errors(misspelt)
    wrong_type = copy.deepcopy(deployment)
    wrong_type["spec"]["replicas"] = "two"
    assert kubernetes_errors(wrong_type)


def _containers() -> dict[str, dict[str, Any]]:
    return {
        container["name"]: container
        for _, document in manifests()
        if document["kind"] in {"Deployment", "Job"}
        for container in document["spec"]["template"]["spec"]["containers"]
    }


def test_every_server_has_liveness_and_readiness_probes_on_real_endpoints() -> None:
    containers = _containers()
    for name, paths in HEALTH.items():
        probes = [containers[name].get(kind) for kind in ("livenessProbe", "readinessProbe")]
        assert all(probes), f"{name} lacks a probe"
        assert {probe["httpGet"]["path"] for probe in probes} <= paths, name


def test_the_web_apps_health_endpoint_exists() -> None:
    assert "/health" in {getattr(route, "path", None) for route in create_app().routes}


def test_secrets_come_only_from_secret_objects() -> None:
    assert [name for name, d in manifests() if d["kind"] == "Secret"] == []  # none in the repo
    referenced = set()
    for name, container in _containers().items():
        for variable in container.get("env", []):
            if variable["name"] in SECRETS:
                assert "value" not in variable, (name, variable["name"])
                assert variable["valueFrom"]["secretKeyRef"]["name"] == "shop-secrets"
                referenced.add(variable["name"])
    config = next(d for _, d in manifests() if d["kind"] == "ConfigMap")
    assert SECRETS.isdisjoint(config["data"])
    assert referenced >= SECRETS - {"RABBITMQ_DEFAULT_PASS", "POSTGRES_PASSWORD"}
