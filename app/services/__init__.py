"""The domain layer: plain functions over a `Database`, no Qt. Each public function is one user
action in one transaction, checks the actor's permission first, and raises `app.errors` for people."""
