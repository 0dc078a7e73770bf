from django.urls import path

from . import views

# The deal pages' namespace also holds the documents' and payments' pages of a deal, which
# their apps (above deals) declare: otdel/urls.py joins them under "deals".
app_name = "deals"
urlpatterns = [
    path("", views.deal_list, name="list"),
    path("new/<int:company_pk>/", views.deal_create, name="create"),
    path("<int:pk>/", views.deal_detail, name="detail"),
    path("<int:pk>/lines/", views.item_add, name="item_add"),
    path("<int:pk>/lines/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
    path("<int:pk>/state/", views.state_set, name="state"),
    path("<int:pk>/lose/", views.lose, name="lose"),
    path("<int:pk>/shipments/", views.shipment_add, name="shipment_add"),
]
