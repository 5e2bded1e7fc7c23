"""Agenda templates: personal and shared ones that a 1:1 series starts its meetings from."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from cadence.core.versioning import check_version, save_versioned
from cadence.people.permissions import Actor, require_employee

from .models import (
    AgendaTemplate,
)
from .permissions import can_change_template
from .services import _audit, _require


@transaction.atomic
def agenda_template_create(
    *, actor: Actor, name: str, points: list[str], shared: bool = False
) -> AgendaTemplate:
    """A personal template, or (HR only) one shared with everyone."""
    me = require_employee(actor)
    if shared and not getattr(actor, "is_hr", False):
        raise PermissionDenied(_("Only HR admins share templates with everyone."))
    template = AgendaTemplate(name=(name or "").strip(), points=points, owner=None if shared else me)
    template.full_clean()
    template.save()
    _audit(actor=actor, action="agenda_template.create", target=template, after=_template_audit(template))
    return template


def _template_audit(template: AgendaTemplate) -> dict[str, Any]:
    # The name and the number of points; the points themselves are a draft agenda, not audit material.
    return {"name": template.name, "points": len(template.points), "shared": template.owner_id is None}


@transaction.atomic
def agenda_template_update(
    *, actor: Actor, template: AgendaTemplate, version: int | None, name: str, points: list[str]
) -> AgendaTemplate:
    """Rename a template or change its points, from the `version` opened (core.versioning).
    Meetings created from it keep the points they got; the next meetings of series using it start
    from the new points."""
    require_employee(actor)
    template = AgendaTemplate.objects.select_for_update().get(pk=template.pk)
    _require(
        can_change_template(actor, template), _("Only its owner (HR for a shared one) changes a template.")
    )
    check_version(template, version)
    before, saved = _template_audit(template), {"name": template.name, "points": list(template.points)}
    template.name = (name or "").strip()
    template.points = points
    template.full_clean()  # cleans the points too, so that they compare as they are saved
    changed = [field for field in AgendaTemplate.edit_fields if getattr(template, field) != saved[field]]
    if not changed:
        return template
    save_versioned(template, version=version, fields=changed)
    _audit(
        actor=actor, action="agenda_template.update", target=template, before=before,
        after=_template_audit(template),
    )  # fmt: skip
    return template


@transaction.atomic
def agenda_template_delete(*, actor: Actor, template: AgendaTemplate) -> None:
    """Delete a template; series that used it start their next meetings from the default questions."""
    require_employee(actor)
    _require(
        can_change_template(actor, template), _("Only its owner (HR for a shared one) deletes a template.")
    )
    _audit(actor=actor, action="agenda_template.delete", target=template, before=_template_audit(template))
    template.delete()
