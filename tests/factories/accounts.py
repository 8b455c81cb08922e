import factory

from chuluc.accounts.enums import MembershipStatus
from chuluc.accounts.models import EnterpriseMembership, RoleAssignment, User

PASSWORD = "mat-khau-thu-nghiem-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for item in extracted or []:
            role, agency = item if isinstance(item, tuple) else (item, None)
            RoleAssignment.objects.create(user=self, role=role, agency=agency)
        self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMembership

    user = factory.SubFactory(UserFactory)
    enterprise = factory.SubFactory("tests.factories.registry.EnterpriseFactory")
    status = MembershipStatus.VERIFIED
