"""Figures over the stored corpus, computed from each document's stored facts (docs/analytics.md).

    table         Table: a figure's columns and rows, as text, CSV or JSON
    figures       load_corpus and the figures: questions per group, answer times, answer kinds,
                  commitments and their status, most cited, open questions (compute(kind))
    entities      the view behind the pages per group, member, ministry and committee
"""
