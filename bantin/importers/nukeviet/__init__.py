"""Take over a NukeViet 4.x portal: news, legal documents, comments, counters, editor
accounts and a redirect from every old URL (docs/nukeviet-import.md).

One module per concern: `source` (connection, table discovery), `state` (what was imported
already), `categories`, `articles`, `media`, `comments`, `counters`, `laws`, `users`,
`redirects`, `report`, `dump` (a temporary MariaDB for a .sql dump) and `run`, which
puts them together for `python -m bantin import_nukeviet`.
"""
