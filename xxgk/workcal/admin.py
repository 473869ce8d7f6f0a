from django.contrib import admin

from xxgk.workcal.models import CalendarDay, CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "notice", "loaded_by", "loaded_at"]
    readonly_fields = ["loaded_by", "loaded_at"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        obj.loaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    date_hierarchy = "date"
    search_fields = ["note"]
