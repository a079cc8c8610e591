"""Pure email logic: template rendering, message building, Message-IDs. No network, no database."""
