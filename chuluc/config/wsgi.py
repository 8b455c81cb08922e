import os

from django.core.wsgi import get_wsgi_application

from chuluc.core.abandoned import SkipAbandoned
from chuluc.core.site_url import require_site_url

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuluc.config.settings")
application = SkipAbandoned(get_wsgi_application())
# After the application has loaded the settings: a production server whose public address
# nobody gave would print QR codes and mail links that open nowhere.
require_site_url()
