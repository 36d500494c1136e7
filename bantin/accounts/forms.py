from django import forms


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Mã xác thực", max_length=32, strip=True,
        help_text="Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True}),
        error_messages={"required": "Vui lòng nhập mã xác thực."},
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label="Tôi hiểu và muốn tiếp tục",
        error_messages={"required": "Vui lòng đánh dấu ô xác nhận để tiếp tục."},
    )
