"""The tabs of the Réunions section, about the meeting chosen in the list."""
