"""Finders that work on text already split into items: citations, cross-references, motions,
commitments and deferrals. They never see layout."""
