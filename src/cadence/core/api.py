from ninja import Router, Schema

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.people.permissions import is_manager
from cadence.people.schemas import PersonOut
from cadence.people.selectors import person_for_user

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str
    role: str
    is_hr: bool
    is_manager: bool
    person: PersonOut | None


@router.get("/me", response={200: MeOut, **errors()})
def me(request: ApiRequest) -> dict:
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "role": user.role,
        "is_hr": user.is_hr,
        "is_manager": is_manager(user),
        "person": person_for_user(user=user),
    }
