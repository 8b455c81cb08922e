import os

from django.core.wsgi import get_wsgi_application

from chuluc.core.abandoned import SkipAbandoned

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuluc.config.settings")
application = SkipAbandoned(get_wsgi_application())
