"""Test helpers for competency frameworks: `make_framework` builds a whole framework version
(tracks with levels, themes, competencies, one expectation per competency x level) in a few
set-based inserts, so tests can make one with 50 competencies cheaply.

Keys and codes are predictable: tracks `ic` / `mgmt` (any other key is used as given), levels
`ic1`..`icN` coded IC1..ICN (M1..MN for `mgmt`), themes `theme-1`.., competencies `comp-1`..;
each expectation's text names its competency and level ("comp-2 at ic3"), so every cell differs.

The test database holds the starting framework of migration 0002 (general, published): a test that
makes a general framework makes the starting one specific, so its own is the one that applies."""

from collections.abc import Sequence

from django.utils import timezone

from cadence.competencies.models import (
    Competency,
    Expectation,
    Framework,
    FrameworkVersion,
    Level,
    Theme,
    Track,
)

TRACK_NAMES = {"ic": ("Individual contributor", "IC"), "mgmt": ("Management", "M")}
THEMES = ("Impact", "Craft", "Collaboration", "Leadership")


def level_code(track_key: str, n: int) -> str:
    prefix = TRACK_NAMES.get(track_key, (track_key, track_key.upper()))[1]
    return f"{prefix}{n}"


def make_framework(
    *,
    name: str = "Engineering",
    tracks: Sequence[str] = ("ic", "mgmt"),
    levels: int = 5,
    competencies: int = 4,
    published: bool = True,
    general: bool = True,
    number: int = 1,
    framework: Framework | None = None,
) -> Framework:
    """A framework with one version (`number`, published or draft) filled with content. Pass
    `framework` to add another version to an existing one (then `name` and `general` are unused).
    The version is on the result as `framework.version`."""
    if framework is None:
        if general:  # the test's framework takes over from the starting framework migration 0002 ships
            Framework.objects.filter(is_general=True).update(is_general=False)
        framework = Framework.objects.create(name=name, is_general=general, description=f"About {name}.")
    status = FrameworkVersion.Status.PUBLISHED if published else FrameworkVersion.Status.DRAFT
    version = FrameworkVersion.objects.create(
        framework=framework,
        number=number,
        status=status,
        published_at=timezone.now() if published else None,
    )
    fill_version(version, tracks=tracks, levels=levels, competencies=competencies)
    framework.version = version  # type: ignore[attr-defined]
    return framework


def fill_version(version: FrameworkVersion, *, tracks: Sequence[str], levels: int, competencies: int) -> None:
    track_rows = Track.objects.bulk_create(
        Track(
            framework_version=version,
            key=key,
            name=TRACK_NAMES.get(key, (key.title(), ""))[0],
            position=i,
        )
        for i, key in enumerate(tracks)
    )
    level_rows = Level.objects.bulk_create(
        Level(
            track=track,
            key=level_code(track.key, n).lower(),
            code=level_code(track.key, n),
            title=f"{TRACK_NAMES.get(track.key, (track.key, ''))[0]} {n}",
            summary=f"Summary of {level_code(track.key, n)}.",
            position=n,
        )
        for track in track_rows
        for n in range(1, levels + 1)
    )
    theme_rows = Theme.objects.bulk_create(
        Theme(framework_version=version, key=f"theme-{i + 1}", name=label, position=i)
        for i, label in enumerate(THEMES)
    )
    competency_rows = Competency.objects.bulk_create(
        Competency(
            framework_version=version,
            theme=theme_rows[i % len(theme_rows)],
            key=f"comp-{i + 1}",
            name=f"Competency {i + 1}",
            description=f"What competency {i + 1} is about.",
            position=i,
        )
        for i in range(competencies)
    )
    Expectation.objects.bulk_create(
        Expectation(competency=c, level=lv, text=f"{c.key} at {lv.key}")
        for c in competency_rows
        for lv in level_rows
    )


def add_competency(
    version: FrameworkVersion, *, key: str, tracks: Sequence[Track] = (), text: str = ""
) -> Competency:
    """One more competency in the version's first theme, limited to `tracks` (empty: all), with an
    expectation at every level of the tracks it applies to."""
    theme = version.themes.order_by("position").first()
    assert theme is not None, "the version has no theme"
    competency = Competency.objects.create(
        framework_version=version, theme=theme, key=key, name=key.title(), position=1000
    )
    competency.tracks.set(tracks)
    levels = Level.objects.filter(track__in=tracks or version.tracks.all())
    Expectation.objects.bulk_create(
        Expectation(competency=competency, level=lv, text=text or f"{key} at {lv.key}") for lv in levels
    )
    return competency
