"""Dashboard: survey results, of one event (linked from its page) and of a project in a period
(next to the funder reports). The same access as the other pages: one's own projects only."""
from __future__ import annotations

from chalice import Blueprint, Response

from . import shared

survey_pages = Blueprint(__name__)


@shared.page(survey_pages, "/organizer/events/{event_id}/survey", methods=["GET"])
def event_survey(event_id: str) -> Response:
    from ...application.organizer import surveys
    from ...web.dashboard.surveys import event_survey_page

    viewer = shared.viewer(survey_pages.current_request)
    event, results = surveys.event_results(viewer.organizer, event_id)
    return event_survey_page(viewer, event, results)


@shared.page(survey_pages, "/organizer/reports/surveys", methods=["GET"])
def project_surveys() -> Response:
    """Choose a project and a period (default: this calendar year), as for the funder reports."""
    from ...application.organizer import surveys
    from ...web.dashboard.surveys import project_survey_page

    viewer = shared.viewer(survey_pages.current_request)
    results, errors, form = shared.project_and_period(
        survey_pages.current_request, viewer,
        lambda project, period: surveys.project_results(viewer.organizer, project, period))
    return project_survey_page(viewer, results, form, errors=errors)
