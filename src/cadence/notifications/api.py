import datetime

from django.db.models import QuerySet
from ninja import Router, Schema
from ninja.pagination import paginate

from cadence.core.errors import errors
from cadence.core.http import ApiRequest
from cadence.core.pagination import LimitOffsetPagination

from . import selectors, services
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    requires_action: bool
    due_at: datetime.datetime | None
    created_at: datetime.datetime
    read_at: datetime.datetime | None
    resolved_at: datetime.datetime | None


class NotificationsMarkedOut(Schema):
    marked: int


@router.get("/notifications", response={200: list[NotificationOut], **errors(422)})
@paginate(LimitOffsetPagination)
def notifications_list(request: ApiRequest, unread: bool = False) -> QuerySet[Notification]:
    return selectors.notification_list(actor=request.auth, unread_only=unread)


@router.get("/todos", response={200: list[NotificationOut], **errors(422)})
@paginate(LimitOffsetPagination)
def todos_list(request: ApiRequest) -> QuerySet[Notification]:
    return selectors.todo_list(actor=request.auth)


@router.post("/notifications/read", response={200: NotificationsMarkedOut, **errors(403, 422)})
def notifications_mark_read(request: ApiRequest, notification_id: int | None = None) -> dict:
    return {"marked": services.notification_mark_read(actor=request.auth, notification_id=notification_id)}
