"""Serving a subscriber at the front desk: search, the subscriber card, signing a contract,
service changes (add, close, tariff change, suspension, termination)."""
