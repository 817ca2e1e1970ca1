"""Funder reports: what a project's events reached, counted without naming anybody.

`tally` counts one event (from its registrations, or from the anonymous counts kept after its
personal data was erased), `service` adds up a project's events in a period, `cells` applies
small-cell suppression, `tables` lays the numbers out for the page and the downloads, `files`
writes the CSV and the workbook.
"""
