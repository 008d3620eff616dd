"""The tabs of the Statuts & conseil section."""
