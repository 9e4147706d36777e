"""Front desk: the search box, the subscriber card and the new-contract form."""
