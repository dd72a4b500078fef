from django.contrib import admin

# --- Workflow: councils are configured here; everything else changes through the pages.
# BallotTally and BallotParticipation are deliberately NOT registered (secret ballot).
from nominations.models import Council


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "level", "chair")
    list_filter = ("level",)
    filter_horizontal = ("members",)
    autocomplete_fields = ()
