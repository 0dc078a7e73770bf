from django.urls import path

from . import views

app_name = "materials"
urlpatterns = [
    path("", views.library, name="library"),
    path("new/", views.material_new, name="new"),
    path("<int:pk>/", views.material_detail, name="detail"),
    path("<int:pk>/edit/", views.material_edit, name="edit"),
    path("<int:pk>/versions/", views.version_add, name="version_add"),
    path("<int:pk>/send/<int:company>/", views.material_send, name="send"),
    path("files/<int:pk>/", views.version_file, name="file"),
]
