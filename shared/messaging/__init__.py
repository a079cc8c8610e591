"""Messaging plumbing: the stream, the broker factory, outbox, inbox and safe consumers."""
