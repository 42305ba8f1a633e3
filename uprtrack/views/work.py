"""A focal point's work: what is assigned, overdue and changed since the last visit."""
from flask import Blueprint

bp = Blueprint("work", __name__)
