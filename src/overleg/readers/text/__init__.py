"""The text pipeline: every format becomes ``PreparedText`` and is parsed here."""
