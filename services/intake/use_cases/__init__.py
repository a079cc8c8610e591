"""intake's use cases, one module each; they reach the outside only through ports.py."""

PRODUCER = "intake"
