"""The career page's reads: what changes from one level to the next, the registered sections,
other tracks with the comparable level, the assessment chart."""

import pytest
from django.test import RequestFactory

from cadence.competencies import career
from cadence.competencies.career import (
    CareerSection,
    career_section_register,
    career_sections,
    highlight_changes,
)

from . import career_factories as c
from .factories import make_framework

pytestmark = pytest.mark.django_db


def test_highlight_marks_only_the_new_words_and_stays_sanitised():
    marked = str(
        highlight_changes("Ships **small** features.", "Ships **large** features <script>x</script>")
    )
    assert '<mark class="changed">large</mark>' in marked
    assert '<mark class="changed">Ships' not in marked and "<strong>" in marked
    assert "<script>" not in marked  # the Markdown is rendered sanitised before marking
    assert str(highlight_changes("Same text.", "Same text.")).count("<mark") == 0


def test_registered_sections_show_when_they_have_something(org, monkeypatch):
    monkeypatch.setattr(career, "_SECTIONS", [])
    shown = CareerSection("x.html", lambda actor, person: {"who": person.pk})
    hidden = CareerSection("y.html", lambda actor, person: None)
    for section in (shown, hidden, shown):
        career_section_register(section)
    assert career_sections(org.manager.user, org.report) == [("x.html", {"who": org.report.pk})]


def test_other_tracks_with_the_comparable_level_and_the_chart(org):
    fw = make_framework(levels=5, tracks=("ic", "mgmt", "sales"))
    c.place(org.report, c.level(fw, "IC4"))
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC2"), days_ago=30)
    c.assess(org.report, c.competency(fw, "comp-1"), c.level(fw, "IC3"), days_ago=3)
    data = career.career_get(actor=org.report.user, person=org.report)
    assert [(o.track.key, o.level.code) for o in data.other_tracks] == [("mgmt", "M4"), ("sales", "SALES4")]
    request = RequestFactory().get("/")
    chart = career.assessment_chart(request, data.gaps)
    assert chart.columns == ["Date", "Competency 1"]
    assert [row[1] for row in chart.rows] == ["2", "3"]  # level numbers: IC2 then IC3
    assert "<svg" in chart.svg
