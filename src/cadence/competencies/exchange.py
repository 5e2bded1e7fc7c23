"""Import and export of a framework version as YAML or JSON (the same structure in both), so that
organisations can keep their framework in version control.

The document (docs/competencies.md has an example)::

    schema: cadence-competency-framework/1
    framework: {name: ..., description: ...}
    tracks:
      - {key: ic, name: ..., description: ..., levels: [{key: ic1, code: IC1, title: ..., summary: ...}]}
    themes:
      - {key: impact, name: ..., description: ...}
    competencies:
      - key: delivery
        name: ...
        description: ...
        theme: impact            # a theme's key
        tracks: [ic]             # optional: only these tracks (absent or empty: every track)
        expectations:            # by "track key/level key", Markdown
          ic/ic1: ...

Order in the lists is the order on the pages. Keys are slugs, unique among their siblings; they are
how a new version's rows match the old ones. Who the framework applies to (general, departments) is
not content and is not in the document.

Importing validates everything first and reports each problem by its path
(`competencies[3].expectations.ic/ic3: unknown level`), then either says what it would do (dry run)
or does it: a framework whose name is new is created with the content as its draft (version 1); one
whose name exists gets its draft (started if there is none) replaced by the content."""

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from cadence.core.audit import audit_record
from cadence.core.models import User

from . import framework_editing as editing
from . import permissions, selectors
from .models import Competency, Expectation, Framework, FrameworkVersion, Level, Theme, Track

SCHEMA = "cadence-competency-framework/1"
FORMATS = ("yaml", "json")
MAX_BYTES = 2_000_000
# Bounds on each list, so a document (YAML aliases included) cannot make the checks run for ever.
MAX_ITEMS = {"tracks": 50, "levels": 50, "themes": 100, "competencies": 1000, "expectations": 2500}


# --- Export ------------------------------------------------------------------------------------------


def version_document(version: FrameworkVersion) -> dict[str, Any]:
    """A version's content as the document's structure (a fixed number of queries)."""
    content = selectors.version_content(version)
    levels = {lv.pk: (t.key, lv.key) for t in content.tracks for lv in t.level_list}  # type: ignore[attr-defined]
    by_competency: dict[int, dict[str, str]] = {}
    for (competency_id, level_id), expectation in sorted(
        content.cells.items(), key=lambda item: _level_order(content.tracks, item[0][1])
    ):
        track_key, level_key = levels[level_id]
        by_competency.setdefault(competency_id, {})[f"{track_key}/{level_key}"] = expectation.text
    return {
        "schema": SCHEMA,
        "framework": {"name": version.framework.name, "description": version.framework.description},
        "tracks": [
            {
                "key": t.key,
                "name": t.name,
                "description": t.description,
                "levels": [
                    {"key": lv.key, "code": lv.code, "title": lv.title, "summary": lv.summary}
                    for lv in t.level_list  # type: ignore[attr-defined]
                ],
            }
            for t in content.tracks
        ],
        "themes": [{"key": t.key, "name": t.name, "description": t.description} for t in content.themes],
        "competencies": [_competency_document(c, by_competency.get(c.pk, {})) for c in content.competencies],
    }


def _level_order(tracks: list[Track], level_id: int) -> tuple[int, int]:
    for i, track in enumerate(tracks):
        for j, level in enumerate(track.level_list):  # type: ignore[attr-defined]
            if level.pk == level_id:
                return (i, j)
    return (len(tracks), 0)


def _competency_document(competency: Competency, expectations: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "key": competency.key,
        "name": competency.name,
        "description": competency.description,
        "theme": competency.theme.key,
    }
    limits = sorted(t.key for t in competency.tracks.all())
    if limits:
        item["tracks"] = limits
    item["expectations"] = expectations
    return item


def dump(document: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def version_export(*, actor: User, version: FrameworkVersion, fmt: str) -> str:
    """The version as a document; anyone may export what they may read (the published version)."""
    if not permissions.can_edit_frameworks(actor) and version.status != FrameworkVersion.Status.PUBLISHED:
        raise PermissionDenied
    return dump(version_document(version), fmt)


# --- Reading and checking a document ----------------------------------------------------------------


class ImportErrors(ValidationError):
    """Problems found in a document, by path: {"tracks[0].levels[2].code": ["required"]}."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.by_path = errors


def parse(text: str) -> Any:
    """The document in `text`, YAML or JSON (JSON is read as such when it starts with `{`)."""
    if len(text.encode()) > MAX_BYTES:
        raise ImportErrors({"document": [_("The document is larger than 2 MB.")]})
    try:
        return json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise ImportErrors({"document": [_("Not valid JSON: %(e)s") % {"e": error}]}) from error
    except yaml.YAMLError as error:
        raise ImportErrors({"document": [_("Not valid YAML: %(e)s") % {"e": error}]}) from error


@dataclass
class Plan:
    """A checked document, ready to write."""

    name: str
    description: str
    tracks: list[dict[str, Any]]
    themes: list[dict[str, Any]]
    competencies: list[dict[str, Any]]
    document: dict[str, Any] = field(repr=False, default_factory=dict)


class _Checker:
    """Walks the document, noting each problem under its path; returns cleaned values."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def mapping(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, _("expected a mapping of names to values"))
            return {}
        return value

    def items(self, value: Any, path: str, bound: str, required: bool = True) -> list[Any]:
        if value is None and not required:
            return []
        if not isinstance(value, list):
            self.fail(path, _("expected a list"))
            return []
        if len(value) > MAX_ITEMS[bound]:
            self.fail(path, _("at most %(n)s entries") % {"n": MAX_ITEMS[bound]})
            return []
        return value

    def text(
        self, data: dict[str, Any], name: str, path: str, model: type[Model], required: bool = False
    ) -> str:
        value = data.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(f"{path}.{name}", _("expected text"))
            return ""
        limit = getattr(model._meta.get_field(name), "max_length", None)
        if required and not value.strip():
            self.fail(f"{path}.{name}", _("required"))
        elif limit and len(value) > limit:
            self.fail(f"{path}.{name}", _("at most %(n)s characters") % {"n": limit})
        return value

    def key(self, data: dict[str, Any], path: str, seen: set[str]) -> str:
        value = data.get("key")
        if not isinstance(value, str) or not value:
            self.fail(f"{path}.key", _("required"))
            return ""
        try:
            validate_slug(value)
        except ValidationError:
            self.fail(f"{path}.key", _("use letters, digits, hyphens and underscores only"))
        if len(value) > 60:
            self.fail(f"{path}.key", _("at most 60 characters"))
        if value in seen:
            self.fail(f"{path}.key", _("“%(key)s” is used twice") % {"key": value})
        seen.add(value)
        return value


def check(document: Any) -> Plan:
    """The plan of a document, or ImportErrors with every problem by its path."""
    c = _Checker()
    root = c.mapping(document, "document")
    if root and root.get("schema", SCHEMA) != SCHEMA:
        c.fail("schema", _("unknown schema; this is %(schema)s") % {"schema": SCHEMA})
    unknown = set(root) - {"schema", "framework", "tracks", "themes", "competencies"}
    for name in sorted(unknown):
        c.fail(name, _("unknown field"))
    head = c.mapping(root.get("framework"), "framework") if root else {}
    name = c.text(head, "name", "framework", Framework, required=True)
    description = c.text(head, "description", "framework", Framework)
    tracks, level_keys = _check_tracks(c, root.get("tracks") if root else None)
    themes = _check_themes(c, root.get("themes") if root else None)
    competencies = _check_competencies(
        c, root.get("competencies") if root else None, {t["key"] for t in themes}, level_keys
    )
    if c.errors:
        raise ImportErrors(c.errors)
    return Plan(name.strip(), description, tracks, themes, competencies, document=root)


def _check_tracks(c: _Checker, value: Any) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    tracks: list[dict[str, Any]] = []
    level_keys: dict[str, set[str]] = {}
    seen: set[str] = set()
    for i, raw in enumerate(c.items(value, "tracks", "tracks")):
        path = f"tracks[{i}]"
        data = c.mapping(raw, path)
        key = c.key(data, path, seen)
        levels: list[dict[str, Any]] = []
        codes: set[str] = set()
        keys: set[str] = set()
        for j, raw_level in enumerate(c.items(data.get("levels"), f"{path}.levels", "levels")):
            level_path = f"{path}.levels[{j}]"
            level = c.mapping(raw_level, level_path)
            code = c.text(level, "code", level_path, Level, required=True).strip()
            if code and code in codes:
                c.fail(f"{level_path}.code", _("“%(code)s” is used twice") % {"code": code})
            codes.add(code)
            levels.append(
                {
                    "key": c.key(level, level_path, keys),
                    "code": code,
                    "title": c.text(level, "title", level_path, Level, required=True).strip(),
                    "summary": c.text(level, "summary", level_path, Level),
                }
            )
        if data and not levels and f"{path}.levels" not in c.errors:
            c.fail(f"{path}.levels", _("a track needs at least one level"))
        level_keys[key] = keys
        tracks.append(
            {
                "key": key,
                "name": c.text(data, "name", path, Track, required=True).strip(),
                "description": c.text(data, "description", path, Track),
                "levels": levels,
            }
        )
    return tracks, level_keys


def _check_themes(c: _Checker, value: Any) -> list[dict[str, Any]]:
    themes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.items(value, "themes", "themes")):
        path = f"themes[{i}]"
        data = c.mapping(raw, path)
        themes.append(
            {
                "key": c.key(data, path, seen),
                "name": c.text(data, "name", path, Theme, required=True).strip(),
                "description": c.text(data, "description", path, Theme),
            }
        )
    return themes


def _check_competencies(
    c: _Checker, value: Any, theme_keys: set[str], level_keys: dict[str, set[str]]
) -> list[dict[str, Any]]:
    competencies: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, raw in enumerate(c.items(value, "competencies", "competencies")):
        path = f"competencies[{i}]"
        data = c.mapping(raw, path)
        theme = data.get("theme")
        if theme not in theme_keys:
            c.fail(f"{path}.theme", _("unknown theme") if theme else _("required"))
        limits = []
        for j, track in enumerate(c.items(data.get("tracks"), f"{path}.tracks", "tracks", required=False)):
            if track not in level_keys:
                c.fail(f"{path}.tracks[{j}]", _("unknown track"))
            else:
                limits.append(track)
        expectations = {}
        raw_cells = c.mapping(data.get("expectations") or {}, f"{path}.expectations")
        if len(raw_cells) > MAX_ITEMS["expectations"]:
            c.fail(f"{path}.expectations", _("too many entries"))
            raw_cells = {}
        for cell, text in raw_cells.items():
            cell_path = f"{path}.expectations.{cell}"
            track, _slash, level = str(cell).partition("/")
            if track not in level_keys:
                c.fail(cell_path, _("unknown track"))
            elif level not in level_keys[track]:
                c.fail(cell_path, _("unknown level"))
            elif limits and track not in limits:
                c.fail(cell_path, _("the competency is limited to other tracks"))
            elif text is not None and not isinstance(text, str):
                c.fail(cell_path, _("expected text"))
            else:
                expectations[(track, level)] = text or ""
        competencies.append(
            {
                "key": c.key(data, path, seen),
                "name": c.text(data, "name", path, Competency, required=True).strip(),
                "description": c.text(data, "description", path, Competency),
                "theme": theme,
                "tracks": limits,
                "expectations": expectations,
            }
        )
    return competencies


# --- Dry run and apply --------------------------------------------------------------------------------


@dataclass
class Change:
    kind: str  # "tracks", "levels", "themes", "competencies"
    created: list[str]
    changed: list[str]
    removed: list[str]


@dataclass
class ImportResult:
    """What an import does (dry run) or did: the framework, whether it is new, the draft it fills,
    and per kind the keys created, changed and removed against what the draft held."""

    framework_name: str
    new_framework: bool
    draft_number: int
    changes: list[Change]
    framework: Framework | None = None
    version: FrameworkVersion | None = None


def _rows_by_kind(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """kind -> key -> the row as the document has it, to compare two documents row by row."""
    levels = {f"{t['key']}/{lv['key']}": lv for t in document.get("tracks", []) for lv in t.get("levels", [])}
    tracks = {t["key"]: {k: v for k, v in t.items() if k != "levels"} for t in document.get("tracks", [])}
    return {
        "tracks": tracks,
        "levels": levels,
        "themes": {t["key"]: t for t in document.get("themes", [])},
        "competencies": {c["key"]: c for c in document.get("competencies", [])},
    }


def _diff(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    old, new = _rows_by_kind(before), _rows_by_kind(after)
    return [
        Change(
            kind=kind,
            created=[k for k in new[kind] if k not in old[kind]],
            changed=[k for k in new[kind] if k in old[kind] and new[kind][k] != old[kind][k]],
            removed=[k for k in old[kind] if k not in new[kind]],
        )
        for kind in ("tracks", "levels", "themes", "competencies")
    ]


def _cells(plan: Plan, competency: dict[str, Any]) -> list[tuple[str, str]]:
    """The (track key, level key) cells a competency of the plan has, in the pages' order."""
    limits = competency["tracks"]
    return [
        (t["key"], lv["key"]) for t in plan.tracks if not limits or t["key"] in limits for lv in t["levels"]
    ]


def _as_document(plan: Plan) -> dict[str, Any]:
    """The plan as an export of it would read (every cell, an empty one for those not given)."""
    return {
        "tracks": plan.tracks,
        "themes": plan.themes,
        "competencies": [
            {
                **{k: v for k, v in c.items() if k not in {"tracks", "expectations"}},
                **({"tracks": sorted(c["tracks"])} if c["tracks"] else {}),
                "expectations": {
                    f"{t}/{lv}": c["expectations"].get((t, lv), "") for t, lv in _cells(plan, c)
                },
            }
            for c in plan.competencies
        ],
    }


def framework_import(*, actor: User, text: str, dry_run: bool) -> ImportResult:
    """Check a document and say what importing it does (dry run), or do it."""
    editing.require_editor(actor)
    plan = check(parse(text))
    if dry_run:
        return _preview(plan)
    return _apply(actor, plan)


def _preview(plan: Plan) -> ImportResult:
    framework = Framework.objects.filter(name__iexact=plan.name).first()
    if framework is None:
        return ImportResult(plan.name, True, 1, _diff({}, _as_document(plan)))
    draft = selectors.draft_version_of(framework.pk)
    base = draft or editing._source_of_draft(framework)
    before = version_document(base) if base else {}
    number = draft.number if draft else _next_number(framework)
    return ImportResult(framework.name, False, number, _diff(before, _as_document(plan)), framework=framework)


def _next_number(framework: Framework) -> int:
    return (framework.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1


@transaction.atomic
def _apply(actor: User, plan: Plan) -> ImportResult:
    preview = _preview(plan)
    if preview.new_framework:
        framework = editing.framework_create(actor=actor, name=plan.name, description=plan.description)
        draft = framework.versions.get()
    else:
        framework = Framework.objects.select_for_update().get(pk=preview.framework.pk)  # type: ignore[union-attr]
        if framework.description != plan.description:
            Framework.objects.filter(pk=framework.pk).update(description=plan.description)
        draft = editing.draft_start(actor=actor, framework=framework)
        _clear(draft)
    write_content(draft, plan)
    audit_record(
        actor=actor,
        action="competencies.imported",
        target=framework,
        after={
            "version": draft.number,
            **{
                ch.kind: {"created": len(ch.created), "changed": len(ch.changed), "removed": len(ch.removed)}
                for ch in preview.changes
            },
        },
    )
    preview.framework, preview.version = framework, draft
    return preview


def _clear(draft: FrameworkVersion) -> None:
    """Empty a draft for new content (a draft is referred to by nothing outside it)."""
    Competency.objects.filter(framework_version=draft).delete()
    Theme.objects.filter(framework_version=draft).delete()
    Track.objects.filter(framework_version=draft).delete()


def write_content(version: FrameworkVersion, plan: Plan) -> None:
    """The plan's rows into the empty `version`: one insert per table."""
    tracks = Track.objects.bulk_create(
        Track(
            framework_version=version, key=t["key"], name=t["name"], description=t["description"], position=i
        )
        for i, t in enumerate(plan.tracks, 1)
    )
    level_rows = [
        Level(track=track, position=j, **lv)
        for track, t in zip(tracks, plan.tracks, strict=True)
        for j, lv in enumerate(t["levels"], 1)
    ]
    Level.objects.bulk_create(level_rows)
    themes = {
        t.key: t
        for t in Theme.objects.bulk_create(
            Theme(
                framework_version=version,
                key=t["key"],
                name=t["name"],
                description=t["description"],
                position=i,
            )
            for i, t in enumerate(plan.themes, 1)
        )
    }
    competencies = Competency.objects.bulk_create(
        Competency(
            framework_version=version,
            theme=themes[c["theme"]],
            key=c["key"],
            name=c["name"],
            description=c["description"],
            position=i,
        )
        for i, c in enumerate(plan.competencies, 1)
    )
    by_track = {t.key: t for t in tracks}
    levels = {(lv.track.key, lv.key): lv for lv in level_rows}
    limits = Competency.tracks.through
    limits.objects.bulk_create(
        limits(competency_id=row.pk, track_id=by_track[key].pk)
        for row, c in zip(competencies, plan.competencies, strict=True)
        for key in c["tracks"]
    )
    Expectation.objects.bulk_create(
        Expectation(competency=row, level=levels[cell], text=c["expectations"].get(cell, ""))
        for row, c in zip(competencies, plan.competencies, strict=True)
        for cell in _cells(plan, c)
    )
