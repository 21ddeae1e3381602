"""Words and forms that readers and writers share, below both.

A reader parses what a writer prints: the footnote marks and the grammar of glued markers
(``markers``), Dutch dates (``dates``), the Dutch names of the document types
(``document_types``), the portfolios of ministers (``portfolios``) and the names of overleg's
Akoma Ntoso dialect (``akn``). Kept here, neither side imports the other for them.

Modules here import only ``overleg.model``, ``overleg.errors`` and the standard library.
"""
