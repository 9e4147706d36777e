"""The outside world behind the ports the domain owns: e-mail, SMS gateways (and next: RADIUS, the TV
platform, the fiscal register, bank registry files). The domain never imports this package; the
wiring is in `app/bootstrap.py`."""
