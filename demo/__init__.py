"""Demo data: a believable supplier base, logins and submissions for trying the portal.

It touches every app, so it sits above them all; no app imports it.
"""
