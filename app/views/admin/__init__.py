"""Administration screens: staff now; company settings, tariffs, desks and buildings next."""
