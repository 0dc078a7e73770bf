from django.urls import path

from . import security, views

app_name = "setup"
urlpatterns = [
    path("", views.hub, name="hub"),
    path("rules/", views.rules, name="rules"),
    path("algorithm/", views.stages, name="stages"),
    path("algorithm/<int:pk>/", views.stage, name="stage"),
    path("algorithm/refusals/new/", views.refusal_reason, name="refusal_reason_new"),
    path("algorithm/refusals/<int:pk>/", views.refusal_reason, name="refusal_reason"),
    path("algorithm/clients/", views.client_steps, name="client_steps"),
    path("algorithm/clients/<int:pk>/", views.client_step, name="client_step"),
    path("segments/", views.segments, name="segments"),
    path("big-fish/", views.care, name="care"),
    path("pay/", views.pay, name="pay"),
    path("pay/new/", views.pay_scheme, name="pay_scheme_new"),
    path("pay/<int:pk>/", views.pay_scheme, name="pay_scheme"),
    path("prices/", views.prices, name="prices"),
    path("prices/new/", views.price_list, name="price_list_new"),
    path("prices/<int:pk>/", views.price_list, name="price_list"),
    path("company/", views.company, name="company"),
    path("company/template/", views.document_template, name="template"),
    path("people/", views.people, name="people"),
    path("people/new/", views.user_new, name="user_new"),
    path("people/<int:pk>/", views.user, name="user"),
    path("people/<int:pk>/password/", views.user_password, name="user_password"),
    path("departments/<int:pk>/", views.department, name="department"),
]

urlpatterns += [
    path("people/<int:pk>/unlock/", security.user_unlock, name="user_unlock"),
    path("two-factor/", security.two_factor, name="two_factor"),
    path("tokens/", security.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", security.token_revoke, name="token_revoke"),
    path("logins/", security.logins, name="logins"),
]
