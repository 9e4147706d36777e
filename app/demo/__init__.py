"""The synthetic data generator (uses the domain; the domain never imports it)."""
