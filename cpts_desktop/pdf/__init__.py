"""Documents drawn with reportlab from what the services return; one shared style."""
