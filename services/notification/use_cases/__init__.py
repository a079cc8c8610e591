"""notification's use cases: one module each; what they need from the outside is in ports.py."""
