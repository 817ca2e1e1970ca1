"""Dashboard: organizers (being built)."""
from __future__ import annotations

from chalice import Blueprint

dashboard_organizers = Blueprint(__name__)
