"""The neighbourhoods app has no models of its own: its tests build the data of the apps
it shows with their factories (areas, ideas, places) and, for initiatives, their models."""
