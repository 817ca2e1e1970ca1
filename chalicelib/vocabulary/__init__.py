"""The words zapisy is built from, defined once: statuses and their transitions, event kinds,
how an address and a name are normalised, and the labels people read for each.

Everything above (store, domain, application, pages, API) speaks these words; nothing here
imports anything of ours but `i18n.N_`, so it sits at the bottom of the house.
"""
