from django.urls import path

from xxgk.portal import views
from xxgk.portal.feeds import ItemsFeed, ReportsFeed
from xxgk.portal.freshness import public_page

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:code>/", views.home, name="home"),
    path("<str:code>/guide/", views.page, {"slug": "guide"}, name="guide"),
    path("<str:code>/system/", views.page, {"slug": "system"}, name="system"),
    path("<str:code>/about/", views.about, name="about"),
    path("<str:code>/sitemap/", views.sitemap, name="sitemap"),
    path("<str:code>/feeds/", views.feeds, name="feeds"),
    path("<str:code>/feed/", public_page(ItemsFeed()), name="feed"),
    path("<str:code>/feed/<int:category>/", public_page(ItemsFeed()), name="category_feed"),
    path("<str:code>/reports/feed/", public_page(ReportsFeed()), name="reports_feed"),
    path("<str:code>/items/", views.items, name="items"),
    path("<str:code>/items/<str:number>/", views.item, name="item"),
    path("<str:code>/items/<str:number>/files/<int:aid>/", views.item_file, name="item_file"),
    path("<str:code>/reports/", views.reports, name="reports"),
    path("<str:code>/reports/<int:year>/", views.report, name="report"),
    path("<str:code>/reports/<int:year>.<str:fmt>", views.report_file, name="report_file"),
]
