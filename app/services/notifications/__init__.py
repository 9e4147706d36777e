"""Telling subscribers: the reminder outbox (texts, queueing, sending with retries) and the port
through which a message leaves the building (the transports themselves are in app/adapters)."""
