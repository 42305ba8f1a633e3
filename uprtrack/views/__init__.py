"""Blueprints, one per screen family."""
