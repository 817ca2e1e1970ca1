"""The local stack: moto server (embedded AWS), bootstrap, demo data and `chalice local`."""
