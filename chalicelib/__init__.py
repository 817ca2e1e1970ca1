"""zapisy: registration for the events of public-sector and EU-funded projects."""
