"""What the site answers besides its pages: /robots.txt, and zapisy's 404 for any path no route
has (a page in the reader's language, or the API's error shape under /api/), whatever the method.

The catch-alls are API Gateway's greedy `{proxy+}` resources: one takes only what no sibling
route matches, so it shadows none. `/{proxy+}` gets a path whose first segment no other route
starts with, `/api/{proxy+}` and `/organizer/{proxy+}` the same below those. Deeper unknown paths
under a known one (and a method a path does not have) the gateway answers itself, with its
MISSING_AUTHENTICATION_TOKEN response (chalicelib/web/gateway.py): also zapisy's 404.
"""
from __future__ import annotations

from chalice import Blueprint, Response

site_pages = Blueprint(__name__)
CATCH_ALLS = ("/{proxy+}", "/api/{proxy+}", "/organizer/{proxy+}")
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
# The public pages indexable; the dashboard, and everyone's own links (their registration, their
# address's confirmation) not.
ROBOTS = """User-agent: *
Allow: /events
Allow: /privacy
Allow: /accessibility
Disallow: /organizer
Disallow: /manage
Disallow: /confirm
Disallow: /survey
Disallow: /unsubscribe
Disallow: /api/manage
Disallow: /api/organizer
Disallow: /dev
"""


@site_pages.route("/robots.txt", methods=["GET"])
def robots() -> Response:
    """Public pages indexable; the dashboard and personal links not."""
    return Response(body=ROBOTS, status_code=200, headers={
        "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=86400",
        "X-Content-Type-Options": "nosniff"})


def not_found() -> Response:
    """No such page (or API route): zapisy's 404, never the gateway's raw answer."""
    from ...errors import Text
    from ..http import error_response, page_language, request_language, requested_path

    request = site_pages.current_request
    path = requested_path(request)
    if path.startswith(("/api/", "/dev/")):
        return error_response(404, "not_found", Text("Not found."), {}, request_language(request))
    from ...web.public import problem_page

    page = problem_page(page_language(request, {}), 404, Text("Page not found"),
                        Text("The address may be mistyped, or the page no longer exists."))
    if request.method == "HEAD":
        page.body = ""
    return page


for _path in CATCH_ALLS:
    site_pages.route(_path, methods=ALL_METHODS, content_types=["*/*"])(not_found)
