"""Dashboard: privacy (being built)."""
from __future__ import annotations

from chalice import Blueprint

dashboard_privacy = Blueprint(__name__)
