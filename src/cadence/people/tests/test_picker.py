"""The people picker: who its search finds (partial, any case, any accents), whom it never shows,
how a typed name resolves without JavaScript, and the search page's query budget."""

import itertools
import re

import pytest
from django.urls import reverse

from cadence.core.picker import PICKER_LIMIT
from cadence.core.testing import assert_flat_queries, budget, client_for
from cadence.core.text import fold
from cadence.people import selectors
from cadence.people.models import Employee
from cadence.people.picker import TeamFilterForm
from cadence.people.testing import EmployeeFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def names(org):
    """Two Emmas, a Milán with accents, a Müller, and an inactive Emma."""
    return {
        "weber": EmployeeFactory(first_name="Emma", last_name="Weber", manager=org.ceo, job_title="Designer"),
        "schulz": EmployeeFactory(first_name="Emma", last_name="Schulz", manager=org.ceo),
        "milan": EmployeeFactory(first_name="Milán", last_name="Novák", manager=org.ceo),
        "muller": EmployeeFactory(first_name="Jörg", last_name="Müller", manager=org.ceo),
        "gone": EmployeeFactory(first_name="Emma", last_name="Gone", status=Employee.Status.INACTIVE),
    }


def found(actor, text, scope="colleagues"):
    return {p.pk for p in selectors.people_matching(actor=actor, scope=scope, text=text, limit=PICKER_LIMIT)}


def picked(response):
    return [int(pk) for pk in re.findall(r'data-id="(\d+)"', response.content.decode())]


def test_fold_lowers_and_drops_accents():
    assert fold("Milán Novák") == "milan novak"
    assert fold("ŁUKASZ Søren Straße") == "lukasz soren strasse"


def test_partial_names_find_people_in_any_case_and_without_accents(org, names):
    actor = org.report.user
    assert found(actor, "milan") == found(actor, "MILÁN") == found(actor, "nova") == {names["milan"].pk}
    assert found(actor, "Emma") == {names["weber"].pk, names["schulz"].pk}  # not the inactive one
    assert found(actor, "muller") == found(actor, "Müll") == {names["muller"].pk}
    assert found(actor, "emma web") == {names["weber"].pk}  # every word, anywhere in the name
    assert found(actor, names["schulz"].email.upper()) == {names["schulz"].pk}
    assert found(actor, "   ") == set()


def test_an_exact_name_comes_first_and_the_search_is_bounded(org):
    for i in range(PICKER_LIMIT + 5):
        EmployeeFactory(first_name="Anna", last_name=f"Annaberg{i:02d}", manager=org.ceo)
    exact = EmployeeFactory(first_name="Anna", last_name="Zed", manager=org.ceo)
    matches = selectors.people_matching(actor=org.report.user, scope="colleagues", text="anna zed", limit=5)
    assert matches == [exact]
    many = selectors.people_matching(
        actor=org.report.user, scope="colleagues", text="Anna", limit=PICKER_LIMIT
    )
    assert len(many) == PICKER_LIMIT


def test_renamed_people_are_found_by_their_new_name(org):
    org.report2.first_name = "Željko"
    org.report2.save(update_fields=["first_name"])
    assert found(org.manager.user, "zeljko") == {org.report2.pk}


def test_the_search_page_shows_only_active_people_the_actor_may_choose(org, names):
    url = reverse("people:pick", args=["colleagues"])
    for user in (org.report.user, org.hr.user):  # HR sees inactive people, but cannot pick them
        shown = picked(client_for(user).get(url, {"q": "emma"}))
        assert set(shown) == {names["weber"].pk, names["schulz"].pk}
    assert picked(client_for(org.report.user).get(url, {"q": "gina"})) == []  # org.gone, inactive
    assert picked(client_for(org.loner).get(url, {"q": "emma"})) == []  # no person record: nobody


def test_the_partner_search_shows_only_the_actors_reports_and_manager(org):
    url = reverse("people:pick", args=["partners"])
    client = client_for(org.manager.user)
    assert picked(client.get(url, {"q": "rita"})) == [org.report.pk]  # their reports
    assert picked(client.get(url, {"q": "ravi"})) == [org.report2.pk]
    assert picked(client.get(url, {"q": "cleo"})) == [org.ceo.pk]  # their manager
    assert picked(client.get(url, {"q": "otto"})) == []  # someone else's report
    assert picked(client.get(url, {"q": "sam"})) == []  # a report of a report


def test_the_search_page_shows_details_and_says_when_nobody_matches(org, names):
    client = client_for(org.report.user)
    page = client.get(reverse("people:pick", args=["colleagues"]), {"q": "weber"}).content.decode()
    assert names["weber"].email in page and "Designer" in page and 'role="option"' in page
    nobody = client.get(reverse("people:pick", args=["colleagues"]), {"q": "zzz"}).content.decode()
    assert "Nobody matches." in nobody and 'role="option"' not in nobody
    assert client.get(reverse("people:pick", args=["nonsense"]), {"q": "a"}).status_code == 404


def test_the_team_search_finds_teams_by_part_of_their_name(org):
    platform = TeamFactory(name="Platform", department=org.engineering)
    TeamFactory(name="Payments", department=org.engineering)
    page = client_for(org.report.user).get(reverse("people:pick", args=["teams"]), {"q": "plat"})
    assert picked(page) == [platform.pk] and "Engineering" in page.content.decode()


def test_a_typed_team_name_resolves_or_lists_its_matches_without_javascript(org):
    platform = TeamFactory(name="Platform", department=org.engineering)
    TeamFactory(name="Platform Tools", department=org.engineering)
    exact = TeamFilterForm({"team_search": "platform"}, actor=org.report.user)
    assert exact.is_valid() and exact.cleaned_data["team"] == platform  # exact wins over partial
    several = TeamFilterForm({"team_search": "plat"}, actor=org.report.user)
    assert not several.is_valid()
    html = str(several["team"])
    assert html.count('type="radio" name="team"') == 2 and "Matches for “plat”" in html


def test_the_directory_resolves_a_typed_team_without_javascript(org):
    team = TeamFactory(name="Platform", department=org.engineering)
    org.report2.team = team
    org.report2.save()
    page = client_for(org.report.user).get(reverse("people:directory"), {"team_search": "platf"})
    text = page.content.decode()
    assert org.report2.full_name in text and org.subreport.full_name not in text
    assert f'name="team" value="{team.pk}" checked' in text  # now a chip


@pytest.mark.parametrize("scope", ["colleagues", "teams"])
@budget("people:pick")
def test_pick_query_count_is_flat(org, scope):
    client = client_for(org.report.user)
    numbers = itertools.count()

    def grow(n):
        for i in (next(numbers) for _ in range(n)):
            if scope == "teams":
                TeamFactory(name=f"Emma team {i}", department=org.engineering)
            else:
                EmployeeFactory(first_name="Emma", last_name=f"Number{i}", manager=org.ceo)

    def action():
        return client.get(reverse("people:pick", args=[scope]), {"q": "emma"})

    # session, user, employee (whom the actor may see), the matches (at most PICKER_LIMIT + 1);
    # teams need no employee record
    assert_flat_queries(action, grow, queries=4 if scope == "colleagues" else 3)
