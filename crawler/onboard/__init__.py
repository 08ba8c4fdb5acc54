"""Onboarding a new site (`akhbar add-site`): fetch a sample, guess feeds, patterns and zone,
and write the site's declarative spider class."""
