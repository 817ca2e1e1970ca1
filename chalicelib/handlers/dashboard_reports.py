"""Dashboard: reports (being built)."""
from __future__ import annotations

from chalice import Blueprint

dashboard_reports = Blueprint(__name__)
