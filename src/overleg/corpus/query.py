"""The search's query errors under the name the search's public callers use.

``overleg.corpus.search.search`` raises ``QueryError`` (the user's query has nothing to search
for, or is over the limits of docs/search.md); it is ``overleg.errors.InvalidQuery``, so the API
answers it with a 400 and the CLI with a message.
"""

from overleg.errors import InvalidQuery as QueryError

__all__ = ["QueryError"]
