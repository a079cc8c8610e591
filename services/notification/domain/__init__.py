"""Pure email logic: which emails an event causes, content rules, message building, Message-IDs, delivery rules.

No network, no database, no template files (those are in presentation/)."""
