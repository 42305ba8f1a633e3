"""Blueprints, one per screen family."""

from uprtrack.accounts import admin_views as admin
from uprtrack.accounts import views as auth
from uprtrack.follow_up import views as follow_up
from uprtrack.imports import views as imports
from uprtrack.recommendations import overview as public
from uprtrack.recommendations import views as recommendations
from uprtrack.reporting.views import dashboard
from uprtrack.reporting.views import item10 as reports
from uprtrack.reporting.views import matrix as exports
from uprtrack.voices import views as voices
from uprtrack.work import views as work

BLUEPRINTS = (
    public.bp,
    auth.bp,
    recommendations.bp,
    exports.bp,
    follow_up.bp,
    voices.bp,
    work.bp,
    admin.bp,
    imports.bp,
    dashboard.bp,
    reports.bp,
)
