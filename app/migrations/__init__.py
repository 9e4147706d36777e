"""Alembic migrations of the Subscriber Desk schema (run through `app.schema`)."""
