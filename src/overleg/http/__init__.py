"""What the two HTTP interfaces share, and nothing else: who is asking (a bearer token, the
session cookie with its CSRF token, or the public), the service of the running app, and the
edge in front of both (``limits``: sizes and text of every request; ``headers``: the security
headers of every response; docs/security.md).

``overleg.api`` (the REST API) and ``overleg.web`` (the web UI) both import this package and
never each other; ``overleg.app`` puts them together.
"""
