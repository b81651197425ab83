"""Streaming readers of public price files: TiC, hospital standard charges, Medicare PFS."""
