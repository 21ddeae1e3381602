"""Connectors to the public sources: Tweede Kamer Open Data (OData v4) and officielebekendmakingen
(SRU), a polite HTTP client for both, ``overleg sync`` and ``overleg export``. See docs/connectors.md."""
