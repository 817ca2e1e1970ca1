"""The notices the law asks every page to link: the privacy notice (GDPR art. 13), the site's and
each project's, and the accessibility statement (the Polish act of 4 April 2019 on the digital
accessibility of public bodies' websites, and its statement template).

Both are built from the institutions' and projects' records: what the law leaves to the
institution (who the controller is, why data are kept, the venues' accessibility) comes from
there, and everything else is fixed text in the templates, translated like any page. A
missing record or field reads "not provided yet" instead of failing.
"""
