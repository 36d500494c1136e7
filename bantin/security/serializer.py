"""Django's JSON serializer, keeping datetimes and times to the microsecond (the stock one
rounds them to milliseconds); `loaddata` reads its output as ordinary JSON."""

import datetime as dt

from django.core.serializers.json import Deserializer  # noqa: F401 -- the module's pair
from django.core.serializers.json import Serializer as JSONSerializer


class Serializer(JSONSerializer):
    def _value_from_field(self, obj, field):
        value = super()._value_from_field(obj, field)
        if isinstance(value, dt.datetime | dt.time):
            return value.isoformat()
        return value
