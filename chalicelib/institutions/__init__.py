"""Institutions and their funded projects: whose service this is, who controls the data, how it
is funded, and the notices the law asks for. Every event belongs to a project."""
