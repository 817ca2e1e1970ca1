"""Which privacy notice a consent refers to, and where the data the notices describe are kept.

A project that is a record has a notice of its own, versioned `<project>-v<n>` (the version goes
up with every change of its privacy texts, see service.py); a sign-up records the version it was
given. Events of a project that is not a record yet are covered by the site's notice, whose
version is the PRIVACY_NOTICE_VERSION setting.
"""
from __future__ import annotations

import os
from typing import NamedTuple

from ..config import settings
from ..records import Project
from . import recent

# AWS regions by where the data sit, for the notice's "transfer outside the EEA" (GDPR art. 44-46).
EEA_REGIONS = {"eu-central-1": "Frankfurt", "eu-west-1": "Ireland", "eu-west-3": "Paris",
               "eu-north-1": "Stockholm", "eu-south-1": "Milan", "eu-south-2": "Spain"}
ADEQUATE_REGIONS = {"eu-west-2": "London", "eu-central-2": "Zurich"}  # a Commission adequacy decision


class Region(NamedTuple):
    code: str
    place: str  # the city or country AWS names it after; "" when unknown
    area: str  # "eea", "adequate" or "third" (outside the EEA, no adequacy decision)


def notice_version(project: Project) -> str:
    return f"{project.project_id}-v{project.privacy_version}"


def consent_version(project_id: str) -> str:
    """The notice version a sign-up for an event of this project agrees to (the directory as cached)."""
    found = recent.directory().project(project_id)
    return notice_version(found) if found else settings().privacy_notice_version


def notice_url(project_id: str | None) -> str:
    """The address of the notice that covers events of this project (the site's, if it is not a record)."""
    from urllib.parse import urlencode

    query = f"?{urlencode({'project': project_id})}" if project_id else ""
    return f"{settings().base_url}/privacy{query}"


def region(code: str) -> Region:
    if code in EEA_REGIONS:
        return Region(code, EEA_REGIONS[code], "eea")
    if code in ADEQUATE_REGIONS:
        return Region(code, ADEQUATE_REGIONS[code], "adequate")
    return Region(code, "", "third")


def data_regions() -> list[Region]:
    """Where participants' data are processed: the stage's own region (Lambda sets AWS_REGION; it
    holds the table) and the region that sends the e-mails, once each."""
    stage = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or settings().ses_region
    return [region(code) for code in dict.fromkeys((stage, settings().ses_region))]
