import factory
from django.utils import timezone

from chuluc.core.enums import MailChoice
from chuluc.core.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    """A notification already stored (and, unless told, already mailed)."""

    class Meta:
        model = Notification

    user = factory.SubFactory("tests.factories.accounts.UserFactory")
    event = "campaigns.dossier_returned"
    key = factory.Sequence(lambda n: f"test:{n}")
    title = factory.Sequence(lambda n: f"Thông báo thử {n}")
    body = "Nội dung thông báo thử."
    url = "/tong-quan/"
    mail = MailChoice.IMMEDIATE
    created_at = factory.LazyFunction(timezone.now)
    emailed_at = factory.LazyFunction(timezone.now)
