from django.urls import path

from . import note_views, views

app_name = "meetings"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.series_new, name="series_new"),
    path("team/", views.team, name="team"),
    path("templates/", views.templates, name="templates"),
    path("templates/<int:template_id>/", views.template_edit, name="template_edit"),
    path("templates/<int:template_id>/delete/", views.template_delete, name="template_delete"),
    path("calendar/regenerate/", views.feed_regenerate, name="feed_regenerate"),
    path("calendar/revoke/", views.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("<int:series_id>/", views.series_detail, name="series"),
    path("<int:series_id>/end/", views.series_end, name="series_end"),
    path("<int:series_id>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(
        "meetings/<int:meeting_id>/complete/",
        views.meeting_finish,
        {"outcome": "complete"},
        name="meeting_complete",
    ),
    path(
        "meetings/<int:meeting_id>/cancel/",
        views.meeting_finish,
        {"outcome": "cancel"},
        name="meeting_cancel",
    ),
    path("meetings/<int:meeting_id>/reschedule/", views.meeting_reschedule, name="meeting_reschedule"),
    path("meetings/<int:meeting_id>/points/", views.point_add, name="point_add"),
    path("meetings/<int:meeting_id>/points/order/", views.point_reorder, name="point_reorder"),
    path("meetings/<int:meeting_id>/items/", views.item_add, name="item_add"),
    path("meetings/<int:meeting_id>/note/", views.note_save, name="note_save"),
    path("meetings/<int:meeting_id>/shared-note/", note_views.shared_note, name="shared_note_save"),
    path("meetings/<int:meeting_id>/points/link/", note_views.point_link, name="point_link"),
    path("points/<int:point_id>/move/<str:direction>/", views.point_move, name="point_move"),
    path("points/<int:point_id>/discussed/", views.point_discussed, name="point_discussed"),
    path("points/<int:point_id>/delete/", views.point_delete, name="point_delete"),
    path("items/<int:item_id>/done/", views.item_done, name="item_done"),
]
