from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cadence.core.forms import REF_MAX_LENGTH, VersionedForm
from cadence.core.models import User
from cadence.core.permissions import can_change_sign_in

from .models import Department, Employee
from .picker import TeamPicker, bind_people_pickers
from .services import PERSON_FIELDS


def _saved_refs(person: Employee) -> dict[str, Any]:
    """The saved manager and role of a person, as the form's fields show them."""
    return {
        **({"team": person.team} if person.team_id else {}),  # loaded with the person: a chip, no query
        **({"manager_ref": person.manager.email} if person.manager_id else {}),  # type: ignore[union-attr]
        **({"role": person.user.role} if person.user else {}),
    }


class PersonForm(VersionedForm, forms.ModelForm):
    """HR's form for adding and editing a person. The manager is typed as an email or employee ID,
    so the form stays light in an organisation of 50,000."""

    manager_ref = forms.CharField(
        label=_("Manager"),
        required=False,
        max_length=REF_MAX_LENGTH,
        help_text=_("Their work email or employee ID. Leave empty for the top of the organisation."),
    )
    team = TeamPicker(label=_("Team"), required=False)  # a picker: not a list of every team
    role = forms.ChoiceField(
        label=_("Role"),
        choices=User.Role.choices,
        initial=User.Role.EMPLOYEE,
        help_text=_("Managers need no role: anyone with reports is a manager."),
    )

    class Meta:
        model = Employee
        fields = [
            "first_name",
            "last_name",
            "email",
            "employee_id",
            "job_title",
            "job_level",
            "department",
            "team",
            "location",
            "start_date",
            "employment_type",
            "gender",
            "birth_year",
        ]
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "gender": _(
                "Optional. Used only in aggregate for pay-equity and rating-bias analytics; "
                "visible to HR and the person."
            ),
            "birth_year": _(
                "Optional. Used only in aggregate for age-bias analytics; visible to HR and the person."
            ),
        }

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        instance = kwargs.get("instance")
        if instance is not None:  # saved values first: VersionedForm fingerprints them in __init__
            kwargs["initial"] = {**_saved_refs(instance), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["department"].queryset = Department.objects.order_by("path")
        bind_people_pickers(self, actor)
        if self.instance.user and not can_change_sign_in(actor, self.instance.user):
            for name in ("email", "role"):
                fields[name].disabled = True
                fields[name].help_text = _("Only a system admin can change this for a system admin.")
        elif not actor.is_system_admin:
            fields["role"].choices = [c for c in User.Role.choices if c[0] != User.Role.SYSTEM_ADMIN]
        if not settings.CADENCE_COLLECT_FAIRNESS_DATA:
            del self.fields["gender"], self.fields["birth_year"]

    def clean_manager_ref(self) -> Employee | None:
        ref = self.cleaned_data["manager_ref"].strip()
        if not ref:
            return None
        manager = Employee.objects.filter(Q(email__iexact=ref) | Q(employee_id=ref)).first()
        if manager is None:
            raise forms.ValidationError(_("Nobody has the email or employee ID “%(ref)s”.") % {"ref": ref})
        if not manager.is_active:
            raise forms.ValidationError(_("%(name)s is inactive.") % {"name": manager.full_name})
        return manager

    def validate_unique(self) -> None:
        # Uniqueness is checked by the service together with the login account.
        return

    def service_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in PERSON_FIELDS if name in self.cleaned_data}
        data["manager"] = self.cleaned_data["manager_ref"]
        return data


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    parent = forms.ModelChoiceField(
        label=_("Inside"),
        queryset=Department.objects.order_by("path"),
        required=False,
        empty_label=_("— top level —"),
    )


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=150)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.order_by("path"), required=False
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("HRIS export (CSV or XLSX)"),
        help_text=_("One row per person. Required columns: employee_id, first_name, last_name, email."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
