"""Voluntary pledges, technical assistance and implementation evidence."""
from flask import Blueprint

bp = Blueprint("follow_up", __name__)
