from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tenderpack.web"
    label = "tenderpack_web"
    verbose_name = "tenderpack"
    default_auto_field = "django.db.models.BigAutoField"
