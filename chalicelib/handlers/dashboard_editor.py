"""Dashboard: editor (being built)."""
from __future__ import annotations

from chalice import Blueprint

dashboard_editor = Blueprint(__name__)
