"""Access that follows the money: what the network (RADIUS) and the TV platform should hold for each
Internet and IPTV service, delivered from an outbox the database's triggers fill (docs/provisioning.md)."""
