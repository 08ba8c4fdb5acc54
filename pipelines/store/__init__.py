"""The store: canonical URLs, the URL ledger, the output lock, dataset writing and reading, the
schema and its versions, compaction and run ids. It imports nothing of the layers above it."""
