"""The recommendations list, a recommendation's page, its status, assignment and publication."""
from flask import Blueprint

bp = Blueprint("recommendations", __name__)
