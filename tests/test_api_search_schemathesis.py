"""schemathesis against GET /api/search over the ingested examples (the general schemathesis test
runs on an empty store, where a search never has hits to check against the schema)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from overleg.app import create_app
from overleg.service import Service
from web_support import examples_store


def test_no_search_the_schema_allows_makes_a_5xx_or_breaks_the_schema(tmp_path_factory: pytest.TempPathFactory) -> None:
    store = examples_store(Path(tmp_path_factory.mktemp("schemathesis-search")))
    operation = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(Service(store)))["/api/search"]["GET"]

    @given(case=operation.as_strategy())
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
        case.call_and_validate(checks=[checks.not_a_server_error, status_code_conformance, content_type_conformance,
                                       response_schema_conformance])

    try:
        check()
    finally:
        store.close()
