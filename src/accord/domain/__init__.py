"""Pure negotiation and economics logic: plain Python and numpy, no framework imports."""
