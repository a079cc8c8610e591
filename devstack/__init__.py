"""Local servers as child processes: nats-server, PostgreSQL, an SMTP sink and the four services.

Used by `make run`, the integration and e2e tests and the benchmarks. Every server is a direct child
process, so a test can kill -9 it and restart it deterministically.
"""
