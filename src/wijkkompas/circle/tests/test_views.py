"""The knowledge-circle pages: who may open them and what each role sees."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role

pytestmark = pytest.mark.django_db

INDEX = "circle:index"


def _get(client: Any, name: str, query: str = "") -> Any:
    return client.get(reverse(name) + query)


def test_anonymous_goes_to_login(client: Any, circle: Any) -> None:
    for name in (INDEX, "circle:export", "circle:sharing"):
        response = _get(client, name)
        assert response.status_code == 302 and "/accounts/" in response["Location"], name


@pytest.mark.parametrize(
    "role",
    [Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.INITIATOR, Role.RESIDENT],
)
def test_roles_without_the_circle_are_refused(role: str, circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(role))
    assert _get(client, INDEX).status_code == 403
    assert _get(client, "circle:export", "?formaat=xlsx").status_code == 403
    assert _get(client, "circle:sharing").status_code == 403


def test_researcher_sees_the_sharing_municipalities_by_name(circle: Any, login_client: Any) -> None:
    html = _get(login_client(circle.user(Role.RESEARCHER)), INDEX).content.decode()
    assert "Haarlem" in html and "Zaanstad" in html
    # Neither the municipality that does not share nor the researcher's own (not sharing).
    assert "Velsen" not in html and "Oldebroek" not in html
    assert "Politie" in html  # the discipline is listed ...
    # ... but in no team: the only team with it belongs to Velsen.
    assert "2 municipalities are counted" in html
    assert "3 teams in all" in html
    assert "Your municipality" not in html.split("The choice questions")[0]
    # The schema of appendix 1 (chart and table) and the change between rounds.
    assert "Number of municipalities per point of the scale" in html
    assert "Mean and median per question and round" in html


def test_policy_officer_sees_the_circle_next_to_their_own_without_names(
    circle: Any, login_client: Any
) -> None:
    client = login_client(circle.user(Role.POLICY_OFFICER))
    html = _get(client, INDEX, f"?ronde={circle.nulmeting.pk}").content.decode()
    assert "Oldebroek" in html
    for name in ("Haarlem", "Zaanstad", "Velsen", "Wijkteam Schalkwijk", "Geheim Team"):
        assert name not in html, name
    assert "3 municipalities are counted" in html
    assert "4 teams in all" in html
    assert "Your municipality: teams (of 1)" in html
    # The schema counts Oldebroek's own submitted assessment, and shows its scores.
    assert "Your municipality: as it is" in html


def test_members_are_suppressed_teams_are_not(circle: Any, login_client: Any) -> None:
    html = _get(login_client(circle.user(Role.RESEARCHER)), INDEX).content.decode()
    assert "&lt;10" in html  # every member count here is small
    assert "2×" in html  # AMW sits in two of Haarlem's teams


def test_a_choice_takes_effect_at_once(
    circle: Any, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    researcher = login_client(circle.user(Role.RESEARCHER))
    assert "Velsen" not in _get(researcher, INDEX).content.decode()  # and kept
    officer = login_client(circle.user("velsen_officer"))
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(reverse("circle:sharing"), {"shares": "ja", "note": "Meedoen"})
    assert response.status_code == 302
    html = _get(researcher, INDEX).content.decode()
    assert "Velsen" in html and "3 municipalities are counted" in html
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(reverse("circle:sharing"), {"shares": "nee"})
    assert "Velsen" not in _get(researcher, INDEX).content.decode()


def test_sharing_page_explains_and_keeps_the_history(circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(Role.POLICY_OFFICER))
    html = _get(client, "circle:sharing").content.decode()
    assert "does not share" in html and "What is shared" in html and "never shared" in html
    client.post(reverse("circle:sharing"), {"shares": "ja", "note": "Voor de kenniskring"})
    html = _get(client, "circle:sharing").content.decode()
    assert "Voor de kenniskring" in html and "shares its figures" in html


@pytest.mark.parametrize(
    "data",
    [{}, {"shares": "misschien"}, {"shares": "nee"}, {"shares": "ja", "note": "x" * 301}],
)
def test_bad_input_changes_nothing(data: dict[str, str], circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(Role.POLICY_OFFICER))
    response = client.post(reverse("circle:sharing"), data)
    assert response.status_code == 200
    assert 'class="wk-error-summary' in response.content.decode() or "error" in (
        response.content.decode().lower()
    )
    circle.gm.refresh_from_db()
    assert not circle.gm.shares_aggregates


def test_researcher_and_operator_may_not_choose(circle: Any, login_client: Any) -> None:
    assert (
        login_client(circle.user(Role.RESEARCHER))
        .post(reverse("circle:sharing"), {"shares": "ja"})
        .status_code
        == 403
    )
    operator = login_client(circle.user("operator"))
    assert _get(operator, "circle:sharing").status_code == 200
    assert operator.post(reverse("circle:sharing"), {"shares": "ja"}).status_code == 403


def test_exports(circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(Role.RESEARCHER))
    response = _get(client, "circle:export", "?formaat=csv&tabel=deelnemers")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Group"
    amw = next(r for r in rows if r[1].startswith("Algemeen maatschappelijk werk"))
    assert amw[2:5] == ["2", "1", "<10"]
    for table in ("ringen", "keuzevragen", "verloop", "gemeenten"):
        assert _get(client, "circle:export", f"?formaat=csv&tabel={table}").status_code == 200
    response = _get(client, "circle:export", "?formaat=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    for query in ("?formaat=pdf", "?formaat=csv&tabel=onbekend", "?formaat=csv"):
        response = _get(client, "circle:export", query)
        assert response.status_code == 302, query


def test_policy_officer_export_names_no_other_municipality(circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(Role.POLICY_OFFICER))
    body = _get(client, "circle:export", "?formaat=xlsx").content
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(body))
    text = " ".join(
        str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
    )
    assert "Haarlem" not in text and "Zaanstad" not in text and "Velsen" not in text
    assert "Participating municipalities" not in book.sheetnames


def test_round_choice(circle: Any, login_client: Any) -> None:
    client = login_client(circle.user(Role.RESEARCHER))
    html = _get(client, INDEX, f"?ronde={circle.nulmeting.pk}").content.decode()
    assert "Nulmeting 2026: 2 municipalities counted." in html
    html = _get(client, INDEX, "?ronde=abc").content.decode()
    assert "Eenmeting 2027: 1 municipality counted." in html
