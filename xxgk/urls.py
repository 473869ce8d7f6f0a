from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import RedirectView

from xxgk import views
from xxgk.api.views import api
from xxgk.applications.urls import public_urlpatterns
from xxgk.portal.feeds import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("elder/", views.elder_mode, name="elder"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    # One login page for staff: the admin's own redirects to it, keeping where to go next.
    path("admin/login/", RedirectView.as_view(pattern_name="security:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("review/", include("xxgk.review.urls")),
    path("applications/", include("xxgk.applications.urls")),
    path("apply/", include((public_urlpatterns, "apply"))),
    path("gk/", include("xxgk.portal.urls")),
    path("publishing/", include("xxgk.publishing.urls")),
    path("annual/", include("xxgk.annual.urls")),
    path("oversight/", include("xxgk.oversight.urls")),
    path("catalogue/", include("xxgk.catalogue.urls")),
    path("account/", include("xxgk.security.urls")),
    path("exports/", include("xxgk.background.urls")),
]

handler404 = "xxgk.views.page_not_found"
