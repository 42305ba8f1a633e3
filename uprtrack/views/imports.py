"""Imports from the browser: upload, preview, confirm."""
from flask import Blueprint

bp = Blueprint("imports", __name__)
