from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "xxgk.catalogue"
    verbose_name = "标准目录"
