from django.apps import AppConfig


class SpeechConfig(AppConfig):
    name = "bantin.speech"
    label = "speech"
    verbose_name = "Đọc văn bản"
