"""The speech normaliser, sentence by sentence, with the exact text expected."""

import unicodedata

import pytest

from bantin.speech.abbreviations import ABBREVIATIONS
from bantin.speech.normalise import normalise, number_words, read_number

CASES = [
    # Abbreviations
    ("UBND huyện Tân Uyên và HĐND xã Phúc Khoa họp với MTTQ.",
     "Ủy ban nhân dân huyện Tân Uyên và Hội đồng nhân dân xã Phúc Khoa họp với Mặt trận Tổ quốc."),
    ("BCH ĐTN xã ra quân.", "Ban Chấp hành Đoàn Thanh niên xã ra quân."),
    ("Học sinh THCS và THPT được cấp BHYT, BHXH.",
     "Học sinh trung học cơ sở và trung học phổ thông được cấp bảo hiểm y tế, bảo hiểm xã hội."),
    ("CSGT phối hợp với đội PCCC.", "cảnh sát giao thông phối hợp với đội phòng cháy chữa cháy."),
    ("Ban hành QĐ, TB, NQ, KH và CV.",
     "Ban hành quyết định, thông báo, nghị quyết, kế hoạch và công văn."),
    ("Sở GD&ĐT bàn về KT-XH.", "Sở Giáo dục và Đào tạo bàn về kinh tế - xã hội."),
    ("UBMTTQ và HTX cùng CLB.", "Ủy ban Mặt trận Tổ quốc và hợp tác xã cùng câu lạc bộ."),
    ("TP. Lai Châu và TP.HCM", "thành phố Lai Châu và thành phố Hồ Chí Minh"),
    ("TT Tân Uyên thuộc tỉnh Lai Châu.", "thị trấn Tân Uyên thuộc tỉnh Lai Châu."),
    ("Đ/c Lò Văn Hải và đ/c Nguyễn Thị Mai.",
     "Đồng chí Lò Văn Hải và đồng chí Nguyễn Thị Mai."),
    ("Đảng bộ xã Trung Đồng lãnh đạo toàn diện.", "Đảng bộ xã Trung Đồng lãnh đạo toàn diện."),
    ("Tuổi trẻ Ubnd, ubnd, TPHCMX và UBNDX không phải viết tắt.",
     "Tuổi trẻ Ubnd, ubnd, TPHCMX và UBNDX không phải viết tắt."),
    # Dates
    ("Ngày 15/6, xã tổ chức lễ ra quân.", "Ngày mười lăm tháng sáu, xã tổ chức lễ ra quân."),
    ("Thứ bảy - 15/07/2023 05:55",
     "Thứ bảy - ngày mười lăm tháng bảy năm hai nghìn không trăm hai mươi ba"
     " năm giờ năm mươi lăm phút"),
    ("Hạn chót 15-7-2023.",
     "Hạn chót ngày mười lăm tháng bảy năm hai nghìn không trăm hai mươi ba."),
    ("Từ ngày 5/9 đến 10/9.", "Từ ngày năm tháng chín đến ngày mười tháng chín."),
    ("Trong tháng 6/2023 và tháng 4.",
     "Trong tháng sáu năm hai nghìn không trăm hai mươi ba và tháng tư."),
    ("Báo cáo 4/2024 gửi huyện.",
     "Báo cáo tháng tư năm hai nghìn không trăm hai mươi tư gửi huyện."),
    ("ngày 1 tháng 1 năm 2024", "ngày một tháng một năm hai nghìn không trăm hai mươi tư"),
    ("Mã 35/13 không phải ngày.", "Mã ba mươi lăm trên mười ba không phải ngày."),
    ("Có 41/52 tổ chức đạt.", "Có bốn mươi mốt trên năm mươi hai tổ chức đạt."),
    # Times
    ("Họp lúc 7h30, kết thúc lúc 11h.",
     "Họp lúc bảy giờ ba mươi phút, kết thúc lúc mười một giờ."),
    ("Hẹn lúc 07:30 và 14:05:09.",
     "Hẹn lúc bảy giờ ba mươi phút và mười bốn giờ năm phút chín giây."),
    ("Lúc 7 giờ 30 sáng.", "Lúc bảy giờ ba mươi sáng."),
    ("Khai mạc 7g30, thêm 5g muối, 2h15' chiều.",
     "Khai mạc bảy giờ ba mươi phút, thêm năm gam muối, hai giờ mười lăm phút chiều."),
    ("Phát thanh lúc 17h00 và 6h05.", "Phát thanh lúc mười bảy giờ và sáu giờ năm phút."),
    # Numbers
    ("Có 21, 24, 25, 14, 15 và 11 hộ.",
     "Có hai mươi mốt, hai mươi tư, hai mươi lăm, mười bốn, mười lăm và mười một hộ."),
    ("Số 101, 105, 110, 1005.",
     "Số một trăm linh một, một trăm linh năm, một trăm mười, một nghìn không trăm linh năm."),
    ("Dân số 2.800 người.", "Dân số hai nghìn tám trăm người."),
    ("Kinh phí 2.050.000.000 đồng.", "Kinh phí hai tỷ không trăm năm mươi triệu đồng."),
    ("Có 1.000.000.005 lượt và 1.000.000.000.000 đồng.",
     "Có một tỷ không trăm linh năm lượt và một nghìn tỷ đồng."),
    ("Đạt 0 điểm.", "Đạt không điểm."),
    ("Trang có 28,473,916 lượt truy cập.",
     "Trang có hai mươi tám triệu bốn trăm bảy mươi ba nghìn chín trăm mười sáu lượt truy cập."),
    ("Điều 5.2 của quy chế.", "Điều năm chấm hai của quy chế."),
    ("Mã 123456789012345678901234",
     "Mã một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu bảy tám chín không"
     " một hai ba bốn"),
    ("Có 05 hộ và mã 007.", "Có năm hộ và mã không không bảy."),
    # Decimals and percentages
    ("Tỷ lệ 89,8%.", "Tỷ lệ tám mươi chín phẩy tám phần trăm."),
    ("Tăng 3,14 lần, giảm 0,05 điểm.",
     "Tăng ba phẩy mười bốn lần, giảm không phẩy không năm điểm."),
    ("Đạt 100 % kế hoạch.", "Đạt một trăm phần trăm kế hoạch."),
    # Currency
    ("Giá 500.000đ, tổng 1,5 tỷ VNĐ.", "Giá năm trăm nghìn đồng, tổng một phẩy năm tỷ đồng."),
    ("Hỗ trợ 25 USD và 300 VND.", "Hỗ trợ hai mươi lăm đô la Mỹ và ba trăm đồng."),
    # Units
    ("Dài 12 km, rộng 3,5 m, 20 ha lúa.",
     "Dài mười hai ki lô mét, rộng ba phẩy năm mét, hai mươi héc ta lúa."),
    ("Thu 3 tấn thóc, 500kg ngô.", "Thu ba tấn thóc, năm trăm ki lô gam ngô."),
    ("Nhiệt độ 28°C, đêm -5°C, mưa 120 mm.",
     "Nhiệt độ hai mươi tám độ xê, đêm âm năm độ xê, mưa một trăm hai mươi mi li mét."),
    ("Nhà 80 m2, đất 2 km², tốc độ 40 km/h.",
     "Nhà tám mươi mét vuông, đất hai ki lô mét vuông, tốc độ bốn mươi ki lô mét trên giờ."),
    ("Có 5 mẫu ruộng và 5 giờ.", "Có năm mẫu ruộng và năm giờ."),
    # Ranges
    ("Từ 5-7 ngày, giai đoạn 2021-2025.",
     "Từ năm đến bảy ngày, giai đoạn hai nghìn không trăm hai mươi mốt"
     " đến hai nghìn không trăm hai mươi lăm."),
    ("Mưa 50-70 mm.", "Mưa năm mươi đến bảy mươi mi li mét."),
    ("Giá 35.000 - 40.000 đồng/kg, năng suất 5 tấn/ha.",
     "Giá ba mươi lăm nghìn đến bốn mươi nghìn đồng một ki lô gam,"
     " năng suất năm tấn một héc ta."),
    # Ordinals
    ("Giải thứ 2, thứ 4, thứ 1, lần thứ 15.",
     "Giải thứ hai, thứ tư, thứ nhất, lần thứ mười lăm."),
    ("Thứ 7 tuần này.", "Thứ bảy tuần này."),
    # Phone numbers
    ("Gọi 0912345678.", "Gọi không chín một hai ba bốn năm sáu bảy tám."),
    ("Điện thoại 0213.3881.234 hoặc (0213) 388 1234.",
     "Điện thoại không hai một ba, ba tám tám một, hai ba bốn hoặc"
     " không hai một ba, ba tám tám, một hai ba bốn."),
    ("Đường dây nóng 1900 1234.", "Đường dây nóng một chín không không, một hai ba bốn."),
    # Legal document numbers
    ("Theo Quyết định số 45/QĐ-UBND.",
     "Theo Quyết định số bốn mươi lăm, quyết định, Ủy ban nhân dân."),
    ("Thông tư 39/2020/TT-BTTTT có hiệu lực.",
     "Thông tư số ba mươi chín, năm hai nghìn không trăm hai mươi, thông tư,"
     " Bộ Thông tin và Truyền thông có hiệu lực."),
    ("Số: 123/UBND-VP", "số một trăm hai mươi ba, Ủy ban nhân dân, Văn phòng"),
    ("Nghị định 12/2023/NĐ-CP và Chỉ thị 01/CT-TTg.",
     "Nghị định số mười hai, năm hai nghìn không trăm hai mươi ba, nghị định, Chính phủ"
     " và Chỉ thị số một, chỉ thị, Thủ tướng Chính phủ."),
    ("Văn bản 7/QĐ-XYZ.", "Văn bản số bảy, quyết định, ích xì i dài dét."),
    # Roman numerals
    ("Kỳ họp thứ 8, HĐND khóa XV.", "Kỳ họp thứ tám, Hội đồng nhân dân khóa mười lăm."),
    ("Trong quý II và quý IV; Đại hội XIII.", "Trong quý hai và quý bốn; Đại hội mười ba."),
    ("Quý III/2024 và quý 2/2023.",
     "Quý ba năm hai nghìn không trăm hai mươi tư"
     " và quý hai năm hai nghìn không trăm hai mươi ba."),
    ("Chương IV, Mục II, thế kỷ XXI.", "Chương bốn, Mục hai, thế kỷ hai mươi mốt."),
    ("Khóa IIII không phải số La Mã.", "Khóa IIII không phải số La Mã."),
    ("Cảnh báo cháy rừng cấp IV, cấp V; đô thị loại III; bằng hạng C.",
     "Cảnh báo cháy rừng cấp bốn, cấp năm; đô thị loại ba; bằng hạng C."),
    # Addresses
    ("Xem https://tanuyen.laichau.gov.vn/tin-tuc/abc?id=5 nhé.",
     "Xem tanuyen chấm laichau chấm gov chấm vn nhé."),
    ("Truy cập www.example.com hoặc tanuyen.gov.vn.",
     "Truy cập example chấm com hoặc tanuyen chấm gov chấm vn."),
    ("Chi tiết tại https://tanuyen.laichau.gov.vn/tin-tuc/bai-1.",
     "Chi tiết tại tanuyen chấm laichau chấm gov chấm vn."),
    ("Gửi thư tới ubnd.tanuyen@laichau.gov.vn.",
     "Gửi thư tới ubnd chấm tanuyen a còng laichau chấm gov chấm vn."),
    # English and mixed
    ("Mạng Wi-Fi, Internet và COVID-19, mạng 5G.",
     "Mạng Wi-Fi, Internet và COVID mười chín, mạng năm G."),
    ("The meeting is at the People's Committee.", "The meeting is at the People's Committee."),
    # Edge cases
    ("", ""),
    ("   \n\t ", ""),
    ("...!!!", "...!!!"),
    ("  Nhiều   khoảng   trắng  ", "Nhiều khoảng trắng"),
]


def test_there_are_enough_cases():
    assert len(CASES) >= 50


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_normalise(text, expected):
    assert normalise(text) == expected


def test_output_is_nfc_for_nfd_input():
    nfd = unicodedata.normalize("NFD", "Khoá XV, UBND huyện họp ngày 15/6.")
    out = normalise(nfd)
    assert out == "Khoá mười lăm, Ủy ban nhân dân huyện họp ngày mười lăm tháng sáu."
    assert unicodedata.is_normalized("NFC", out)


def test_every_abbreviation_is_read_in_words():
    assert len(ABBREVIATIONS) >= 40
    for short, full in ABBREVIATIONS.items():
        assert normalise(f"Có {short} ở đây.") == f"Có {full} ở đây.", short


@pytest.mark.parametrize(("n", "words"), [
    (1, "một"), (10, "mười"), (11, "mười một"), (15, "mười lăm"), (20, "hai mươi"),
    (21, "hai mươi mốt"), (24, "hai mươi tư"), (55, "năm mươi lăm"), (100, "một trăm"),
    (104, "một trăm linh bốn"), (1000, "một nghìn"), (1001, "một nghìn không trăm linh một"),
    (10_000, "mười nghìn"), (1_000_010, "một triệu không trăm mười"),
    (999_999_999, "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
                   " chín trăm chín mươi chín"),
    (2_000_000_000, "hai tỷ"), (-3, "âm ba"),
])
def test_number_words(n, words):
    assert number_words(n) == words


def test_read_number_conventions():
    assert read_number("2.800") == "hai nghìn tám trăm"
    assert read_number("1.234,5") == "một nghìn hai trăm ba mươi tư phẩy năm"
    assert read_number("89,8") == "tám mươi chín phẩy tám"


def test_long_text_is_normalised_quickly_enough_to_finish():
    text = "UBND xã họp ngày 15/6 lúc 7h30, dự toán 2.800.000 đồng, tỷ lệ 89,8%. " * 2000
    out = normalise(text)
    assert out.count("Ủy ban nhân dân") == 2000
    assert "UBND" not in out and "%" not in out


def test_random_input_never_breaks_the_normaliser():
    import random

    rng = random.Random(9)
    pieces = list("0123456789/.,:-–%hgđĐQUBNDTPXIVLCM kmha°C@()&") + [
        "UBND", "số ", "Quý ", "thứ ", "tháng ", "ngày ", "http://", "www.", ".vn", "Khóa ",
    ]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        out = normalise(text)
        assert isinstance(out, str) and unicodedata.is_normalized("NFC", out)
        # Separate numbers are always read; digits inside a code ("C5") are left.
        spaced = normalise(" ".join(ch for ch in text if ch.isdigit()))
        assert not any(ch.isdigit() for ch in spaced)
