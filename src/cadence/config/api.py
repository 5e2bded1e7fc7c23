"""The one JSON API at /api/v1/. Each app contributes a Router."""

from ninja import NinjaAPI

from cadence.core.api import router as core_router
from cadence.core.auth import API_AUTH
from cadence.core.errors import install_error_handlers
from cadence.feedback.api import router as feedback_router
from cadence.goals.api import router as goals_router
from cadence.meetings.api import router as meetings_router
from cadence.notifications.api import router as notifications_router
from cadence.people.api import router as people_router

api = NinjaAPI(
    title="Cadence API",
    version="1",
    description="Performance management. Authenticate with a session or `Authorization: Bearer <token>`; "
    "create tokens on your profile page or with `cadence createtoken EMAIL`.",
    auth=API_AUTH,
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", core_router)
api.add_router("/", people_router)
api.add_router("/", notifications_router)
api.add_router("/", goals_router)
api.add_router("/", feedback_router)
api.add_router("/", meetings_router)
