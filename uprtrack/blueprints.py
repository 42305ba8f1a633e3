"""The blueprints the application registers, feature by feature.

A blueprint's name is the prefix of its endpoints, which the templates and the tests use: the recommendations
overview is "public" (`public.index`), the item 10 report "reports" and its statement "statement", the progress matrix "exports".
"""

from uprtrack.accounts.admin_security_views import bp as accounts_security
from uprtrack.accounts.admin_views import bp as accounts_administration
from uprtrack.accounts.password_reset_views import bp as accounts_password_reset
from uprtrack.accounts.two_factor_views import bp as accounts_two_factor
from uprtrack.accounts.views import bp as accounts_sign_in
from uprtrack.follow_up.views import bp as follow_up
from uprtrack.imports.views import bp as imports
from uprtrack.jobs.views import bp as jobs
from uprtrack.midterm.views import bp as midterm
from uprtrack.notifications.views import bp as notifications
from uprtrack.recommendations.bulk_views import bp as recommendations_bulk
from uprtrack.recommendations.overview import bp as recommendations_overview
from uprtrack.recommendations.views import bp as recommendations
from uprtrack.reporting.views.dashboard import bp as reporting_dashboard
from uprtrack.reporting.views.item10 import bp as reporting_item10
from uprtrack.reporting.views.matrix import bp as reporting_matrix
from uprtrack.reporting.views.statement import bp as reporting_statement
from uprtrack.saved_views.views import bp as saved_views
from uprtrack.validation.views import bp as validation
from uprtrack.voices.views import bp as voices
from uprtrack.web.health import bp as health
from uprtrack.work.views import bp as work

BLUEPRINTS = (
    recommendations_overview,
    recommendations,
    recommendations_bulk,
    accounts_sign_in,
    accounts_administration,
    accounts_security,
    accounts_password_reset,
    accounts_two_factor,
    follow_up,
    voices,
    validation,
    work,
    notifications,
    imports,
    reporting_matrix,
    reporting_dashboard,
    reporting_item10,
    reporting_statement,
    midterm,
    saved_views,
    jobs,
    health,
)
