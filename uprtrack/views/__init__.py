"""Blueprints, one per screen family."""
from uprtrack.views import (
    admin, auth, dashboard, exports, follow_up, imports, public, recommendations, reports, voices, work,
)

BLUEPRINTS = (public.bp, auth.bp, recommendations.bp, exports.bp, follow_up.bp, voices.bp, work.bp, admin.bp,
              imports.bp, dashboard.bp, reports.bp)
