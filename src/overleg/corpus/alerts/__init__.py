"""Telling readers what is new in the corpus (docs/alerts.md).

    notifications saved searches and follows, and the e-mails and webhooks they send
    feeds         Atom feeds of a search, a group, member, ministry or committee, the commitments
"""
