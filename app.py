"""zapisy: the Chalice app. It only assembles the doors' blueprints; each lives in chalicelib/handlers."""
from chalice import Chalice

from chalicelib.config import settings
from chalicelib.handlers.api.checkin import checkin_api
from chalicelib.handlers.api.directory import directory_api
from chalicelib.handlers.api.exports import exports_api
from chalicelib.handlers.api.organizer import organizer_api
from chalicelib.handlers.api.public import public_api
from chalicelib.handlers.authorizer import authorizer_routes
from chalicelib.handlers.dashboard.checkin import checkin_pages
from chalicelib.handlers.dashboard.directory import directory_pages
from chalicelib.handlers.dashboard.editor import editor_pages
from chalicelib.handlers.dashboard.events import event_pages
from chalicelib.handlers.dashboard.login import login_pages
from chalicelib.handlers.dashboard.messages import message_pages
from chalicelib.handlers.dashboard.organizers import organizer_pages
from chalicelib.handlers.dashboard.privacy import privacy_pages
from chalicelib.handlers.dashboard.registrations import registration_pages
from chalicelib.handlers.dashboard.reports import report_pages
from chalicelib.handlers.dashboard.surveys import survey_pages as survey_results_pages
from chalicelib.handlers.jobs.dev import dev
from chalicelib.handlers.jobs.schedules import schedules
from chalicelib.handlers.jobs.workers import workers
from chalicelib.handlers.pages.manage import manage_pages
from chalicelib.handlers.pages.public import public_pages
from chalicelib.handlers.pages.site import site_pages
from chalicelib.handlers.pages.survey import survey_pages
from chalicelib.handlers.shell import ZapisyApp, install_error_shape, install_observability
from chalicelib.handlers.snapstart import install as install_snapshot_hooks

settings()  # a stage without STAGE, or with a wrong or missing setting, fails here at init, naming them all
app: Chalice = ZapisyApp(app_name="zapisy", configure_logs=False)  # observability.py owns the "zapisy" logger
app.api.binary_types.extend(["application/pdf", "image/png", "image/svg+xml", "multipart/form-data",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
install_error_shape(app)
install_observability(app)
for blueprint in (authorizer_routes,
                  public_api, organizer_api, checkin_api, exports_api, directory_api,  # the JSON API
                  public_pages, manage_pages, survey_pages,  # the public pages
                  login_pages, event_pages, editor_pages, registration_pages, message_pages, checkin_pages,
                  report_pages, survey_results_pages, privacy_pages, organizer_pages,
                  directory_pages,  # the organizers' dashboard
                  schedules, workers, dev,  # what runs by itself, and the local stage's tools
                  site_pages):  # /robots.txt, and zapisy's 404 for any path no route has
    app.register_blueprint(blueprint)
install_snapshot_hooks()  # only when Lambda initialises the function for a SnapStart snapshot
