"""Schemathesis against the API's own OpenAPI schema (in-process ASGI, the shipped model on the ONNX backend): generated
requests, uploads included, reach the handlers; none gets a server error, and every response matches the schema."""
import pytest
schemathesis = pytest.importorskip('schemathesis')
from hypothesis import settings, HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from vit_explain.serve import create_app

schema = schemathesis.openapi.from_asgi('/openapi.json', create_app())

@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
