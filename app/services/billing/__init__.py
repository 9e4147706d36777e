"""Money over time: the nightly billing run (charges, scheduled tariff changes), the debt policy
(block, remind, disconnect, reconnect) and the debtors report. The rules: docs/debt-policy.md."""
