"""Dashboard: checkin (being built)."""
from __future__ import annotations

from chalice import Blueprint

dashboard_checkin = Blueprint(__name__)
