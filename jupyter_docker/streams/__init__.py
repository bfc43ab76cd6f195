"""Readers of the engine's streams: chunked HTTP, JSON lines, logs, events, stats, attach.

Each reader has a bounded buffer, a stop event and one place that closes its socket."""
