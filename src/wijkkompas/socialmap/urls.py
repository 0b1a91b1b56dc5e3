"""URLs of the social map (/sociale-kaart/). Entries go by integer id; the public map of a
municipality by its CBS code (public data)."""

from django.urls import path

from . import suggestion_views, views

app_name = "socialmap"

urlpatterns = [
    # The team's social map (signed in).
    path("", views.EntryListView.as_view(), name="list"),
    path("nieuw/", views.EntryCreateView.as_view(), name="create"),
    path("<int:pk>/", views.EntryDetailView.as_view(), name="detail"),
    path("<int:pk>/wijzigen/", views.EntryEditView.as_view(), name="edit"),
    path("<int:pk>/gecontroleerd/", views.EntryCheckView.as_view(), name="check"),
    path("<int:pk>/zichtbaarheid/", views.EntryVisibilityView.as_view(), name="visibility"),
    path("<int:pk>/verwijderen/", views.EntryDeleteView.as_view(), name="delete"),
    # Suggestions in the conversation form (htmx fragment; see suggestion_views).
    path("suggesties/", suggestion_views.SuggestionsFragmentView.as_view(), name="suggestions"),
    # The public map (anyone, no account).
    path("openbaar/<str:code>/", views.PublicMapView.as_view(), name="public"),
    path("openbaar/<str:code>/afdrukken/", views.PublicPrintView.as_view(), name="public_print"),
    path("openbaar/aanbod/<int:pk>/", views.PublicEntryView.as_view(), name="public_entry"),
]
