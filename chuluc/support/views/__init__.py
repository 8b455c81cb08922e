"""Pages of the support part, one module per area: the hub, figures and an enterprise's
support page (``pages``); policies, the ledger, requests and events (``ledger``); dialogues
and difficulties (``difficulties``); offers, needs, partners and connections
(``linkages``). Each view parses, checks one named predicate, calls one service or
selector, and renders."""
