"""Reports: the payments journal now; debtors and field work figures next."""
