"""Every upload path goes through the one gate (bantin.core.files): each allowed kind is
taken where the path takes it, each dangerous file is refused everywhere, with a
Vietnamese message, and size limits hold per kind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bantin.broadcast import audio
from bantin.core import files
from bantin.core.models import CustomDocument, CustomImage
from bantin.questions.forms import check_attachment

from .samples import ALLOWED, REFUSED


def _admin_form(form_class, name, data):
    """Wagtail's own add form (the admin's single and multiple uploads use it)."""
    from wagtail.models import Collection

    form = form_class({"title": "Tệp thử", "collection": Collection.get_first_root_node().pk},
                      {"file": SimpleUploadedFile(name, data)}, user=None)
    if not form.is_valid():
        raise ValidationError([m for errors in form.errors.values() for m in errors])


def via_document(name, data):
    from wagtail.documents.forms import get_document_form

    _admin_form(get_document_form(CustomDocument), name, data)


def via_image(name, data):
    from wagtail.images.forms import get_image_form

    _admin_form(get_image_form(CustomImage), name, data)


def via_question(name, data):
    check_attachment(SimpleUploadedFile(name, data))


def via_audio(name, data):
    audio.check(SimpleUploadedFile(name, data))


# Each path and the kinds (and, for questions, the extensions) it takes.
PATHS = {
    "document": (via_document, {"pdf", "office", "zip"}, None),
    "image": (via_image, {"image"}, {"jpg", "png", "gif", "webp"}),
    "question": (via_question, {"pdf", "image", "office"},
                 {"pdf", "jpg", "png", "doc", "docx"}),
    "audio": (via_audio, {"audio"}, None),
}


def outcome(path: str, name: str, data: bytes) -> str | None:
    """None when accepted, else the first message."""
    try:
        PATHS[path][0](name, data)
    except ValidationError as refused:
        messages = refused.messages
        assert messages and all(m.strip() for m in messages)
        return messages[0]
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", ALLOWED)
def test_each_allowed_kind_is_taken_where_the_path_takes_it(path, name):
    data, kind = ALLOWED[name]
    _, kinds, extensions = PATHS[path]
    extension = name.rsplit(".", 1)[1]
    expected = kind in kinds and (extensions is None or extension in extensions)
    if path == "document" and kind == "image":
        expected = False
    result = outcome(path, name, data)
    assert (result is None) == expected, (path, name, result)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", REFUSED)
def test_each_dangerous_file_is_refused_by_every_path(path, name):
    data, _ = REFUSED[name]
    message = outcome(path, name, data)
    assert message is not None, (path, name)


@pytest.mark.parametrize("name", REFUSED)
def test_the_gate_says_why(name):
    data, why = REFUSED[name]
    with pytest.raises(ValidationError) as refused:
        files.check(data, name)
    assert refused.value.code == why, refused.value.messages


def test_the_gate_names_the_content_type_from_the_content():
    checked = files.check(ALLOWED["cv.docx"][0], "cv.docx")
    assert checked.content_type.startswith("application/vnd.openxmlformats")
    assert files.check(ALLOWED["thong-bao.mp3"][0], None).extension == "mp3"
    assert files.check(ALLOWED["anh.png"][0], "anh.png").inline
    assert not files.check(ALLOWED["ho-so.zip"][0], "ho-so.zip").inline
    for name, (data, _) in ALLOWED.items():
        assert "html" not in files.check(data, name).content_type


@pytest.mark.django_db
def test_size_limits_per_kind(settings):
    settings.BANTIN_UPLOAD_MAX_MB = {"image": 0.001}
    with pytest.raises(ValidationError) as refused:
        files.check(ALLOWED["anh.png"][0] + b"\x00" * 2048, "anh.png")
    assert refused.value.code == "too_large" and "quá lớn" in refused.value.messages[0]
    files.check(PDF_BIG := ALLOWED["qd.pdf"][0] + b"\x00" * 2048, "qd.pdf")  # other kinds
    assert PDF_BIG
    with pytest.raises(ValidationError, match="quá lớn"):
        via_image("anh.png", ALLOWED["anh.png"][0] + b"\x00" * 2048)


def test_a_recording_is_stored_under_the_extension_of_its_content(db):
    from bantin.broadcast.forms import ProgrammeForm

    form = ProgrammeForm.__new__(ProgrammeForm)
    upload = SimpleUploadedFile("ghi-am.html", ALLOWED["thong-bao.wav"][0])
    form.cleaned_data = {"audio": upload}
    assert form.clean_audio().name == "ghi-am.wav"


@pytest.mark.django_db
def test_the_image_admin_refuses_a_polyglot(client, django_user_model, hub):
    admin = django_user_model.objects.create_superuser("qt", "qt@example.vn", "mat-khau-dai-12")
    client.force_login(admin)
    response = client.post("/quan-tri/images/add/", {
        "title": "Ảnh giả", "collection": 1,
        "file": SimpleUploadedFile("anh.jpg", REFUSED["anh-html.jpg"][0]),
    })
    assert not CustomImage.objects.filter(title="Ảnh giả").exists()
    assert "mã HTML" in response.content.decode()
    client.post("/quan-tri/images/add/", {
        "title": "Ảnh thật", "collection": 1,
        "file": SimpleUploadedFile("anh.jpg", ALLOWED["anh.jpg"][0]),
    })
    assert CustomImage.objects.filter(title="Ảnh thật").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("data", [
    b"GIF89a" + b"\x00" * 20,                                   # a header and nothing
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + b"\xff" * 10,       # a cut-off GIF
    b"\xff\xd8\xff\xe0" + b"\x00" * 40,                          # a JPEG start only
])
def test_a_broken_image_is_a_form_error_not_a_server_error(client, django_user_model, hub,
                                                          data):
    admin = django_user_model.objects.create_superuser("qt", "qt@example.vn", "mat-khau-dai-12")
    client.force_login(admin)
    response = client.post("/quan-tri/images/add/", {
        "title": "Ảnh hỏng", "collection": 1, "file": SimpleUploadedFile("anh.gif", data),
    })
    assert response.status_code == 200
    assert not CustomImage.objects.filter(title="Ảnh hỏng").exists()
    with pytest.raises(ValidationError):
        via_image("anh.gif", data)
