from django.conf import settings


def corporation(request):
    return {
        "corporation_name": settings.NABIJ_CORPORATION_NAME,
        "corporation_phone": settings.NABIJ_CORPORATION_PHONE,
    }
