"""E-mail through the association's own server: settings and password (settings), well-formed messages
(compose), the SMTP conversation (transport), the outbox that survives a crash (outbox), the editable
texts (templates), what each sending prepares (sendings) and the proof of what left (proof)."""
