"""`cadence seed` is deterministic: two seedings from the same seed (and the same "now") hold the
same rows, compared by a digest of every row of every seeded table; another seed gives others.
A module of its own, so that no other seeded organisation is in the database meanwhile."""

import datetime
import hashlib

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import override_settings

from cadence.config.seeding import seed_scale
from cadence.core.models import User
from cadence.core.seeding import reset_sequences
from cadence.people.models import Department, Employee, Team

NOW = datetime.datetime(2026, 11, 18, 15, 30, tzinfo=datetime.UTC)

PEOPLE_MODELS = (User, Employee, Department, Team)
UNSTABLE = {
    "created_at",
    "updated_at",
    "date_joined",
    "password",
    "last_login",
}  # set by Django, not the plan


def _seeded_models() -> list[type[models.Model]]:
    chosen = []
    for app in (
        "competencies",
        "goals",
        "feedback",
        "checkins",
        "meetings",
        "notifications",
        "people",
        "core",
    ):
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            if model is not User and app == "core":
                continue
            chosen.append(model)
    return chosen


def _digest() -> str:
    digest = hashlib.sha256()
    for model in _seeded_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (model in PEOPLE_MODELS and f.name in UNSTABLE)
        ]
        for row in model._default_manager.order_by("pk").values_list(*fields):
            digest.update(repr((model._meta.label, row)).encode())
    return digest.hexdigest()


def _seed_and_digest(seed: int) -> str:
    # Ids are part of the rows (and of notification keys and links): start every table's ids afresh.
    # PostgreSQL's sequences do not roll back with the transaction; SQLite's do.
    reset_sequences(_seeded_models())
    with transaction.atomic():
        seed_scale(employees=30, seed=seed, now=NOW)
        digest = _digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_same_seed_gives_the_same_rows() -> None:
    first = _seed_and_digest(5)
    assert _seed_and_digest(5) == first
    assert _seed_and_digest(6) != first


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
def test_the_command_prints_what_it_created_per_module(capsys: pytest.CaptureFixture[str]) -> None:
    from cadence.config.cli import main

    main(["seed", "--employees", "25", "--seed", "2", "--now", "2026-06-01T12:00"])
    out = capsys.readouterr().out
    assert "Seeded 25 people" in out and "Done in" in out
    for module in ("people", "goals", "feedback", "checkins", "meetings", "notifications"):
        assert f"  {module} " in out
    assert "25 employees" in out
    assert max(Employee.objects.values_list("start_date", flat=True)) <= datetime.date(2026, 6, 1)
