"""Abbreviations read in full by the speech normaliser.

Matched case-sensitively as whole tokens, so ordinary words ("Đảng bộ", "Tân Uyên") and
English words are never touched. ``ABBREVIATIONS`` applies anywhere in a text;
``DOCUMENT_TYPES`` and ``ISSUERS`` only inside a legal document number such as
``39/2020/TT-BTTTT``, where "TT" means "thông tư" rather than "thị trấn".
"""

ABBREVIATIONS: dict[str, str] = {
    # Party, state and mass organisations
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BCH": "Ban Chấp hành",
    "BTV": "Ban Thường vụ",
    "UBKT": "Ủy ban Kiểm tra",
    "ĐTN": "Đoàn Thanh niên",
    "TNCS": "Thanh niên Cộng sản",
    "TNTP": "Thiếu niên Tiền phong",
    "LHPN": "Liên hiệp Phụ nữ",
    "CCB": "Cựu chiến binh",
    "HND": "Hội Nông dân",
    "ĐBQH": "đại biểu Quốc hội",
    "QH": "Quốc hội",
    "CP": "Chính phủ",
    "HTX": "hợp tác xã",
    "CLB": "câu lạc bộ",
    "BTC": "Ban Tổ chức",
    "VN": "Việt Nam",
    "CHXHCN": "Cộng hòa xã hội chủ nghĩa",
    "XHCN": "xã hội chủ nghĩa",
    # Places
    "TP": "thành phố",
    "TX": "thị xã",
    "TT": "thị trấn",
    "HCM": "Hồ Chí Minh",
    # Documents
    "QĐ": "quyết định",
    "TB": "thông báo",
    "NQ": "nghị quyết",
    "KH": "kế hoạch",
    "CV": "công văn",
    "NĐ": "nghị định",
    "BC": "báo cáo",
    "TTr": "tờ trình",
    # Schools, health, insurance
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "TTYT": "Trung tâm Y tế",
    "TYT": "trạm y tế",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "BHTN": "bảo hiểm thất nghiệp",
    # Security and safety
    "CSGT": "cảnh sát giao thông",
    "PCCC": "phòng cháy chữa cháy",
    "CAND": "Công an nhân dân",
    "QĐND": "Quân đội nhân dân",
    "BCHQS": "Ban Chỉ huy quân sự",
    "DQTV": "dân quân tự vệ",
    "ATGT": "an toàn giao thông",
    "ANTT": "an ninh trật tự",
    # Sectors
    "KT-XH": "kinh tế - xã hội",
    "NTM": "nông thôn mới",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "GTVT": "giao thông vận tải",
    "VH-TT": "Văn hóa - Thông tin",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "ĐVT": "đơn vị tính",
    "VNĐ": "đồng",
    "VND": "đồng",
    "USD": "đô la Mỹ",
}

# The kind of a document, the first code after its number ("45/QĐ-UBND").
DOCUMENT_TYPES: dict[str, str] = {
    "QĐ": "quyết định",
    "TT": "thông tư",
    "NQ": "nghị quyết",
    "NĐ": "nghị định",
    "CT": "chỉ thị",
    "KH": "kế hoạch",
    "TB": "thông báo",
    "BC": "báo cáo",
    "CV": "công văn",
    "HD": "hướng dẫn",
    "TTr": "tờ trình",
    "QC": "quy chế",
    "QyĐ": "quy định",
    "GP": "giấy phép",
    "L": "luật",
    "PL": "pháp lệnh",
}

# Who issued it, and the office that drafted it: the codes after the type.
ISSUERS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BYT": "Bộ Y tế",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BTNMT": "Bộ Tài nguyên và Môi trường",
    "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BCA": "Bộ Công an",
    "BQP": "Bộ Quốc phòng",
    "BTP": "Bộ Tư pháp",
    "BXD": "Bộ Xây dựng",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
    "VPCP": "Văn phòng Chính phủ",
    "TU": "Tỉnh ủy",
    "HU": "Huyện ủy",
    "ĐU": "Đảng ủy",
    "MTTQ": "Mặt trận Tổ quốc",
    "VP": "Văn phòng",
    "TCKH": "Tài chính - Kế hoạch",
    "TNMT": "Tài nguyên và Môi trường",
    "VHTT": "Văn hóa - Thông tin",
    "NV": "Nội vụ",
    "TP": "Tư pháp",
    "KT": "Kinh tế",
    "YT": "Y tế",
    "GDĐT": "Giáo dục và Đào tạo",
}

# Vietnamese names of letters, for codes found in no table ("45/QĐ-XYZ").
LETTER_NAMES: dict[str, str] = {
    "A": "a", "Ă": "á", "Â": "ớ", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e",
    "Ê": "ê", "F": "ép", "G": "giê", "H": "hát", "I": "i", "J": "giây", "K": "ca",
    "L": "e lờ", "M": "em mờ", "N": "en nờ", "O": "o", "Ô": "ô", "Ơ": "ơ", "P": "pê",
    "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u", "Ư": "ư", "V": "vê",
    "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}
