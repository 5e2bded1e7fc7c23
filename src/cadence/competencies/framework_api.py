"""/api/v1/competency-frameworks: frameworks with their versions, tracks, levels, themes,
competencies and expectations; publishing; import and export."""

from ninja import Router

router = Router(tags=["competency frameworks"])
