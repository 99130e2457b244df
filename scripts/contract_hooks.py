"""Schemathesis hooks for scripts/contract-test: bodies documented as plain strings under text/csv
and NDJSON media types are sent as their UTF-8 bytes (schemathesis has no serializer for them)."""
import schemathesis


@schemathesis.serializer("text/csv", "application/x-ndjson")
def as_text(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")
