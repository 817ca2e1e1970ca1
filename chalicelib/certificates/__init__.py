"""Certificates of attendance: the printable document (document.py) and what it draws with (pictures.py)."""
