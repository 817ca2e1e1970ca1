"""Organizer exports: attendee lists (CSV, XLSX) and the printable sign-in sheet (PDF).

Each file is written row by row from the paginated Query into a spooled temporary file, so a
large event never sits in memory at once. The heavy writers (XlsxWriter, fpdf2, fontTools) are
imported only when a file of their kind is made: the routes' cold start does not pay for them.
"""
