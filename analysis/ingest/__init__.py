"""Importers: one module per source family. Each import is one transaction, recorded in
`imports`, idempotent, and explains every rejected row (see common.import_session)."""
