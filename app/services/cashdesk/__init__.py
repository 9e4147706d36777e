"""Taking money at the desk: payments and their cancellation, cash desks and receipt numbers,
shifts with X and Z reports, the payments journal."""
