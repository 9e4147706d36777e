"""The domain layer: plain functions over a `Database`, no Qt. Each public function is one user
action in one transaction, checks the actor's permission first, and raises `app.errors` for people.

Grouped by capability, like the sections people see; the allowed import arrows between the groups are
in docs/architecture.md and checked by tests/test_architecture.py."""
