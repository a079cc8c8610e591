"""Operational visibility shared by every service: consumer lag, dead-letter backlog, correlation ids."""
