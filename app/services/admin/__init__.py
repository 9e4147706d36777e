"""What the administrator sets up and every section reads: company details and requisites, staff,
passwords and sign-in, districts, buildings and premises, tariffs and their prices."""
