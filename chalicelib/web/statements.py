"""The privacy notice and the accessibility statement (EU public bodies must publish one)."""
from __future__ import annotations

from chalice import Response

from ..i18n import N_, gettext

PRIVACY = (N_("Privacy notice"), [
    ("", [N_("This notice explains what happens to the data you give when you register for an event.")]),
    (N_("Who is responsible"), [N_("The organizer of the event, a public body running the project named on the "
                                   "event page, is the controller of your data.")]),
    (N_("What we keep and why"), [
        N_("Your name, e-mail address, language and your answers to the form. We use them to run the event: to "
           "confirm your seat, remind you, tell you about changes, and make the attendance list the funder asks "
           "for."),
        N_("We keep your data for 90 days after the event unless the event page says otherwise. Then we delete "
           "it and keep only anonymous numbers, such as how many people came.")]),
    (N_("Your rights"), [N_("You can see, change or delete your data at any time with the link in your e-mail. "
                            "You may also complain to the data protection authority.")]),
])

ACCESSIBILITY = (N_("Accessibility statement"), [
    ("", [N_("We want everyone to be able to use these pages, including people who use a screen reader, a "
             "keyboard only, or a phone.")]),
    (N_("Compliance status"), [N_("These pages aim to meet the Web Content Accessibility Guidelines (WCAG) 2.1 "
                                  "at level AA. Every page is checked automatically in every language before "
                                  "each release.")]),
    (N_("What you can do"), [N_("Use the pages without JavaScript, enlarge the text up to 200%, and choose "
                                "Polish, English or Ukrainian at the top of every page.")]),
    (N_("Feedback and contact"), [N_("If something does not work for you, write to the organizer of your "
                                     "event. We will answer within 7 days and offer another way to register.")]),
])


def statement(which: tuple, language: str) -> tuple[str, list[tuple[str, list[str]]]]:
    title, sections = which
    return gettext(language, title), [(gettext(language, head) if head else "",
                                       [gettext(language, p) for p in paragraphs]) for head, paragraphs in sections]


def statement_page(which: tuple, language: str, path: str) -> Response:
    """The privacy or accessibility statement, in the reader's language."""
    from .pages import render

    heading, sections = statement(which, language)
    return render("statement.html", language, path=path, heading=heading, sections=sections)
