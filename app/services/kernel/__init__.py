"""The shared kernel every group may use: who may do what (permissions), the history of events,
text and phone clean-up, addresses, settings and the business date, plain data for printed documents.
It imports no other group."""
