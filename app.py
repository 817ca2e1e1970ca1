"""zapisy: the Chalice app. It only assembles the blueprints; each lives in chalicelib/handlers."""
from chalice import Chalice

from chalicelib.config import settings
from chalicelib.handlers.app_shell import ZapisyApp, install_error_shape, install_observability
from chalicelib.handlers.authorizer import authorizer_routes
from chalicelib.handlers.checkin_api import checkin_api
from chalicelib.handlers.dashboard_checkin import dashboard_checkin
from chalicelib.handlers.dashboard_editor import dashboard_editor
from chalicelib.handlers.dashboard_organizers import dashboard_organizers
from chalicelib.handlers.dashboard_privacy import dashboard_privacy
from chalicelib.handlers.dashboard_registrations import dashboard_registrations
from chalicelib.handlers.dashboard_reports import dashboard_reports
from chalicelib.handlers.dev import dev
from chalicelib.handlers.exports_api import exports_api
from chalicelib.handlers.jobs import jobs
from chalicelib.handlers.organizer_api import organizer_api
from chalicelib.handlers.organizer_pages import organizer_pages
from chalicelib.handlers.public_api import public_api
from chalicelib.handlers.public_pages import public_pages
from chalicelib.handlers.workers import workers

settings()  # a stage without STAGE, or with a wrong or missing setting, fails here at init, naming them all
app: Chalice = ZapisyApp(app_name="zapisy")
app.api.binary_types.extend(["application/pdf", "image/png",
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"])
install_error_shape(app)
install_observability(app)
for blueprint in (authorizer_routes, public_api, public_pages, organizer_api, organizer_pages, dashboard_editor,
                  dashboard_registrations, dashboard_checkin, dashboard_reports, dashboard_privacy,
                  dashboard_organizers, checkin_api, exports_api, jobs, workers, dev):
    app.register_blueprint(blueprint)
