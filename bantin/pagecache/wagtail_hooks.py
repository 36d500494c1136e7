from wagtail import hooks

from . import recording


@hooks.register("before_serve_page")
def opt_in_page(page, request, serve_args, serve_kwargs):
    recording.serving_page(page, request)
