"""The few colours the screens speak with: red for a refusal or something late, green for done, brown
for a warning. One place, so every screen says the same thing the same way."""

ERROR_COLOUR = "#a61b1b"
OK_COLOUR = "#145214"
WARNING_COLOUR = "#8a4b00"
ERROR_STYLE = f"color: {ERROR_COLOUR};"
OK_STYLE = f"color: {OK_COLOUR};"
WARNING_STYLE = f"color: {WARNING_COLOUR};"
