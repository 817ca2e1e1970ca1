"""The public pages: the board, an event and its form, the participant's own pages, statements.
Forms post application/x-www-form-urlencoded (web/forms.py documents the fields); every refusal
is a page in the reader's language, never JSON, never a 500."""
