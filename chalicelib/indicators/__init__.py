"""Participant characteristics for the funder's indicators: asked once per project, voluntary."""
