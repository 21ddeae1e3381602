"""What the two HTTP interfaces share, and nothing else: who is asking (a bearer token, the
session cookie with its CSRF token, or the public) and the service of the running app.

``overleg.api`` (the REST API) and ``overleg.web`` (the web UI) both import this package and
never each other; ``overleg.app`` puts them together.
"""
