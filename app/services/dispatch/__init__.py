"""Field work: work orders (disconnect, reconnect, install, repair), the dispatch board, installers
and their route sheets."""
