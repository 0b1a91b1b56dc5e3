"""What every endpoint inherits from the API base: problem+json errors, page bounds, ETags,
exports and token authentication (through the conversations endpoint, its first user)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from openpyxl import load_workbook

from wijkkompas.api.constants import MAX_PAGE_SIZE
from wijkkompas.api.services import api_client_revoke

pytestmark = pytest.mark.django_db

LIST = "/api/v1/conversations/"
PROBLEM = "application/problem+json"


def _detail(pk: int) -> str:
    return f"{LIST}{pk}/"


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:wijkkompas:probleem:")
    assert body["title"] and body["detail"]
    return body


# -- problem+json for every kind of error ---------------------------------------------------


def test_problems(api_world, login_client):
    client = login_client(api_world.professional)
    url = _detail(api_world.conversation.pk)
    body = _problem(
        client.post(LIST, json.dumps({"held_on": "gisteren"}), content_type="application/json"),
        400,
    )
    assert {p["name"] for p in body["invalidParams"]} >= {"held_on", "resident"}
    _problem(Client().get(LIST), 401)
    _problem(login_client(api_world.policy_officer).get(LIST), 403)
    _problem(client.get(_detail(987654)), 404)
    _problem(client.delete(url), 405)
    body = json.dumps({"question": "Nieuw"})
    _problem(client.patch(url, body, content_type="application/json"), 428)
    _problem(client.patch(url, body, content_type="application/json", HTTP_IF_MATCH='"x"'), 412)


def test_unauthenticated_answer_names_the_scheme():
    response = Client().get(LIST)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Token")


# -- pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, status",
    [
        (f"page_size={MAX_PAGE_SIZE * 10}", 200),
        ("page_size=0", 200),
        ("page_size=-3", 200),
        ("page_size=abc", 200),
        ("page=0", 404),
        ("page=abc", 404),
        ("page=99999999999999999999", 404),
        ("page=2&page_size=2", 200),
    ],
)
def test_page_bounds_never_fail(api_world, login_client, query, status):
    response = login_client(api_world.professional).get(f"{LIST}?{query}")
    assert response.status_code == status, response.content
    if status == 404:
        _problem(response, 404)
    else:
        assert len(response.json()["results"]) <= MAX_PAGE_SIZE


def test_page_size_is_capped(api_world, login_client):
    from wijkkompas.conversations.tests.factories import ConversationFactory

    for _ in range(3):
        ConversationFactory(resident=api_world.resident, author=api_world.professional)
    client = login_client(api_world.professional)
    assert len(client.get(f"{LIST}?page_size=2").json()["results"]) == 2
    data = client.get(f"{LIST}?page_size={MAX_PAGE_SIZE + 1}").json()
    assert len(data["results"]) == data["count"] == 6


# -- ETags ---------------------------------------------------------------------------------------


def test_if_none_match_answers_304(api_world, login_client):
    client = login_client(api_world.professional)
    url = _detail(api_world.conversation.pk)
    etag = client.get(url)["ETag"]
    assert etag.startswith('"')
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag and not response.content
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304


# -- exports -------------------------------------------------------------------------------------

FORMULAS = ('=HYPERLINK("http://x")', "+31 6 1234", "@SUM(A1)")


def test_export_csv_neutralises_formulas(api_world, login_client):
    response = login_client(api_world.professional).get(f"{LIST}export/?formaat=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=_delimiter(text)))
    questions = {row["question"] for row in rows}
    assert questions == {"'" + formula for formula in FORMULAS}


def _delimiter(text: str) -> str:
    return ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","


def test_export_xlsx_neutralises_formulas(api_world, login_client):
    response = login_client(api_world.professional).get(f"{LIST}export/?formaat=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("question")
    assert {row[column] for row in rows[1:]} == {"'" + formula for formula in FORMULAS}


def test_export_json_is_the_rows(api_world, login_client):
    response = login_client(api_world.professional).get(f"{LIST}export/?formaat=json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert {row["question"] for row in json.loads(response.content)} == set(FORMULAS)


def test_export_unknown_format_is_a_dutch_problem(api_world, login_client):
    client = login_client(api_world.professional)
    body = _problem(client.get(f"{LIST}export/?formaat=pdf"), 400)
    assert body["detail"] == "Choose csv, xlsx or json as the export format."
    body = _problem(client.get(f"{LIST}export/?formaat=pdf", HTTP_ACCEPT_LANGUAGE="nl"), 400)
    assert body["detail"]


# -- tokens and scopes ---------------------------------------------------------------------------


def _token_client(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_token_authentication(api_world, token_for):
    client_row, token = token_for(api_world.professional, ["cases:read"])
    response = _token_client(token).get(LIST)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]]
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(LIST).status_code == 200
    _problem(_token_client(token + "x").get(LIST), 401)
    _problem(_token_client("").get(LIST), 401)
    _problem(Client(HTTP_AUTHORIZATION="Token a b").get(LIST), 401)
    api_client_revoke(user=api_world.admin, client=client_row)
    _problem(_token_client(token).get(LIST), 401)


def test_token_of_an_inactive_account_is_refused(api_world, token_for):
    _client_row, token = token_for(api_world.professional, ["cases:read"])
    api_world.professional.is_active = False
    api_world.professional.save()
    _problem(_token_client(token).get(LIST), 401)


def test_scopes(api_world, token_for):
    _client_row, token = token_for(api_world.professional, ["organisation:read"])
    body = _problem(_token_client(token).get(LIST), 403)
    assert "cases:read" in body["detail"]
    _client_row, token = token_for(api_world.professional, ["cases:read"])
    url = _detail(api_world.conversation.pk)
    client = _token_client(token)
    etag = client.get(url)["ETag"]
    body = _problem(
        client.patch(
            url, json.dumps({"question": "x"}), content_type="application/json", HTTP_IF_MATCH=etag
        ),
        403,
    )
    assert "cases:write" in body["detail"]
    api_world.conversation.refresh_from_db()
    assert api_world.conversation.question == FORMULAS[0]


def test_an_unknown_api_path_is_a_problem_not_a_page(client):
    response = client.get("/api/v1/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
