"""/api/v1/people/{id}/placement, /api/v1/people/{id}/competencies, /api/v1/competency-gaps and
/api/v1/promotion-readiness."""

from ninja import Router

router = Router(tags=["careers"])
