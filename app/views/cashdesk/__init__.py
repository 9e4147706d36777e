"""The cash desk: shifts, payments with receipts, cancellations."""
