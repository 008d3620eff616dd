"""The tabs of the Financements section."""
