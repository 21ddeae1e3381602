"""``overleg ingest``: files, folders, exchange JSON and JSON Lines into the store (docs/corpus.md).

    discover      which files (and chunks of JSON Lines) to read, in a stable order
    reading       (in a reader process) a unit -> documents ready to save, or why it failed
    save          save and index a batch in one transaction; save_and_index for one document
    report        IngestReport: what a run did
    pipeline      ingest(paths, store): read in parallel, write in batches of 100
"""
