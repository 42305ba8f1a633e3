"""Blueprints, one per screen family."""
from uprtrack.views import admin, auth, follow_up, imports, public, recommendations, voices, work

BLUEPRINTS = (public.bp, auth.bp, recommendations.bp, follow_up.bp, voices.bp, work.bp, admin.bp, imports.bp)
