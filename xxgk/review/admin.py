from django.contrib import admin

from xxgk.review.models import ReviewBatch


@admin.register(ReviewBatch)
class ReviewBatchAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "created_by", "created_at"]
    readonly_fields = ["agency", "title", "created_by", "created_at", "rejected"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # batches are made by uploading reports on the 年报核查 page
