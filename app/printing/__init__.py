"""Printed documents (reportlab): receipts, route sheets, notices, reports. Filled by later issues."""
