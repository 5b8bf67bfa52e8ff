"""The JSON API against its own OpenAPI description (/api/openapi.json): schemathesis generates
requests for every operation it documents (valid ones, valid ones on a real case, invalid
ones), sent with each role's API token, and no answer may be a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, BaseSchema, Case, GenerationMode
from schemathesis.core.result import Ok

from borderlens.review.roles import Role
from tests.web.conftest import ScoredWorld, WebBench, app_routes, open_bench, sample_path_values

Operation = APIOperation[Any, Any, Any, Any]
Request = Case[Any]
EXAMPLES_PER_OPERATION = 12
"""Bounded, so that the four roles' runs take seconds; every operation is reached each run."""


@pytest.fixture(scope="module")
def api_bench(
    scored_world: ScoredWorld, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebBench]:
    opened = open_bench(scored_world, tmp_path_factory.mktemp("api"), login_attempts=1000)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def api_schema(api_bench: WebBench) -> BaseSchema:
    return schemathesis.openapi.from_asgi("/api/openapi.json", api_bench.app)


def _operations(schema: BaseSchema) -> list[Operation]:
    """Every operation the schema describes; fails on any it cannot read."""
    results = list(schema.get_all_operations())
    unreadable = [result.err() for result in results if not isinstance(result, Ok)]
    assert not unreadable, f"operations schemathesis cannot read: {unreadable}"
    return [result.ok() for result in results if isinstance(result, Ok)]


def test_every_api_route_is_described(api_bench: WebBench, api_schema: BaseSchema) -> None:
    described = {(op.method.upper(), op.path) for op in _operations(api_schema)}
    routes = {(route.method, route.path) for route in app_routes(api_bench.app) if route.is_api}
    assert ("GET", "/api/me") in described
    assert routes == described


def _requests(operation: Operation, values: dict[str, str]) -> st.SearchStrategy[Request]:
    """Valid requests, valid ones on the world's real case or entity, and invalid ones."""
    names = {parameter.name for parameter in operation.path_parameters}
    known = {name: value for name, value in values.items() if name in names}
    strategies = [
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    ]
    if known:
        strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known))
    return st.one_of(strategies)


def _describe(case: Request, status: int, text: str) -> str:
    return (
        f"{case.method} {case.formatted_path} -> {status}: {text[:300]}\n{case.as_curl_command()}"
    )


def _fuzz(strategy: st.SearchStrategy[Request], headers: dict[str, str]) -> set[int]:
    """Send the strategy's requests; the statuses they got (fails on the first 5xx)."""
    seen: set[int] = set()

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def answer_without_server_error(case: Request) -> None:
        response: Any = case.call(headers=headers)
        seen.add(response.status_code)
        assert response.status_code < 500, _describe(case, response.status_code, response.text)

    answer_without_server_error()
    return seen


@pytest.mark.parametrize("role", list(Role))
def test_no_operation_answers_a_server_error(
    api_bench: WebBench, api_schema: BaseSchema, role: Role
) -> None:
    headers = {"Authorization": f"Bearer {api_bench.token(role.value)}"}
    values = sample_path_values(api_bench.world)
    statuses = {
        operation.label: _fuzz(_requests(operation, values), headers)
        for operation in _operations(api_schema)
    }
    assert statuses["GET /api/me"] == {200}
    assert statuses["GET /api/users"] == ({200} if role is Role.ADMIN else {403})
