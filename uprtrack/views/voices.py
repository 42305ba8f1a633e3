"""Comments and independent assessments by the NHRI and civil society, and their moderation."""
from flask import Blueprint

bp = Blueprint("voices", __name__)
