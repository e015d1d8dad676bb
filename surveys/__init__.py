"""Surveys: what a campaign is. Submissions and their checks, the checker page; campaigns, requests,
the supplier portal, reminders and the communications log come next."""
