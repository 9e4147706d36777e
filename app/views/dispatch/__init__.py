"""Dispatch: the live board of field work."""
