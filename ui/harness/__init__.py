"""Measuring citedesk as its users run it: `citedesk bench` (against the stock pipeline, and the
scale table), `citedesk load-test`, the bundled small model's launcher, and the loopback servers
they and the tests start. It drives the product from outside (the CLI and the chat in their own
processes); nothing in `ingest/`, `rag/` or the chat imports it. Its own packages are the
`bench` extra (`pip install 'citedesk[bench]'`)."""
