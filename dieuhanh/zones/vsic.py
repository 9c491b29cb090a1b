"""A small, checked extract of the Vietnamese Standard Industrial Classification 2018.

Source: Hệ thống ngành kinh tế Việt Nam (VSIC 2018), Quyết định số 27/2018/QĐ-TTg ngày
06/7/2018 của Thủ tướng Chính phủ (annex I). Shipped: the 21 level-1 sections A–U, all 88
level-2 divisions, and only the level-4 classes the demo enterprises use. Add a class here
(with its annex wording) before an import may use it; tests check the list is consistent.
"""

from __future__ import annotations

VSIC_SOURCE = "VSIC 2018, Quyết định 27/2018/QĐ-TTg"

SECTIONS: dict[str, str] = {
    "A": "Nông nghiệp, lâm nghiệp và thủy sản",
    "B": "Khai khoáng",
    "C": "Công nghiệp chế biến, chế tạo",
    "D": "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
    "E": "Cung cấp nước; hoạt động quản lý và xử lý rác thải, nước thải",
    "F": "Xây dựng",
    "G": "Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
    "H": "Vận tải kho bãi",
    "I": "Dịch vụ lưu trú và ăn uống",
    "J": "Thông tin và truyền thông",
    "K": "Hoạt động tài chính, ngân hàng và bảo hiểm",
    "L": "Hoạt động kinh doanh bất động sản",
    "M": "Hoạt động chuyên môn, khoa học và công nghệ",
    "N": "Hoạt động hành chính và dịch vụ hỗ trợ",
    "O": "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý nhà nước, an ninh quốc phòng; "
    "bảo đảm xã hội bắt buộc",
    "P": "Giáo dục và đào tạo",
    "Q": "Y tế và hoạt động trợ giúp xã hội",
    "R": "Nghệ thuật, vui chơi và giải trí",
    "S": "Hoạt động dịch vụ khác",
    "T": "Hoạt động làm thuê các công việc trong các hộ gia đình, sản xuất sản phẩm vật chất và dịch vụ "
    "tự tiêu dùng của hộ gia đình",
    "U": "Hoạt động của các tổ chức và cơ quan quốc tế",
}

# Division ranges of each section (as in ISIC Rev. 4, on which VSIC 2018 is built).
SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 3), "B": (5, 9), "C": (10, 33), "D": (35, 35), "E": (36, 39), "F": (41, 43),
    "G": (45, 47), "H": (49, 53), "I": (55, 56), "J": (58, 63), "K": (64, 66), "L": (68, 68),
    "M": (69, 75), "N": (77, 82), "O": (84, 84), "P": (85, 85), "Q": (86, 88), "R": (90, 93),
    "S": (94, 96), "T": (97, 98), "U": (99, 99),
}  # fmt: skip

DIVISIONS: dict[str, str] = {
    "01": "Nông nghiệp và hoạt động dịch vụ có liên quan",
    "02": "Lâm nghiệp và hoạt động dịch vụ có liên quan",
    "03": "Khai thác, nuôi trồng thủy sản",
    "05": "Khai thác than cứng và than non",
    "06": "Khai thác dầu thô và khí đốt tự nhiên",
    "07": "Khai thác quặng kim loại",
    "08": "Khai khoáng khác",
    "09": "Hoạt động dịch vụ hỗ trợ khai khoáng",
    "10": "Sản xuất, chế biến thực phẩm",
    "11": "Sản xuất đồ uống",
    "12": "Sản xuất sản phẩm thuốc lá",
    "13": "Dệt",
    "14": "Sản xuất trang phục",
    "15": "Sản xuất da và các sản phẩm có liên quan",
    "16": "Chế biến gỗ và sản xuất sản phẩm từ gỗ, tre, nứa (trừ giường, tủ, bàn, ghế); sản xuất sản phẩm "
    "từ rơm, rạ và vật liệu tết bện",
    "17": "Sản xuất giấy và sản phẩm từ giấy",
    "18": "In, sao chép bản ghi các loại",
    "19": "Sản xuất than cốc, sản phẩm dầu mỏ tinh chế",
    "20": "Sản xuất hóa chất và sản phẩm hóa chất",
    "21": "Sản xuất thuốc, hóa dược và dược liệu",
    "22": "Sản xuất sản phẩm từ cao su và plastic",
    "23": "Sản xuất sản phẩm từ khoáng phi kim loại khác",
    "24": "Sản xuất kim loại",
    "25": "Sản xuất sản phẩm từ kim loại đúc sẵn (trừ máy móc, thiết bị)",
    "26": "Sản xuất sản phẩm điện tử, máy vi tính và sản phẩm quang học",
    "27": "Sản xuất thiết bị điện",
    "28": "Sản xuất máy móc, thiết bị chưa được phân vào đâu",
    "29": "Sản xuất ô tô và xe có động cơ khác",
    "30": "Sản xuất phương tiện vận tải khác",
    "31": "Sản xuất giường, tủ, bàn, ghế",
    "32": "Công nghiệp chế biến, chế tạo khác",
    "33": "Sửa chữa, bảo dưỡng và lắp đặt máy móc và thiết bị",
    "35": "Sản xuất và phân phối điện, khí đốt, nước nóng, hơi nước và điều hòa không khí",
    "36": "Khai thác, xử lý và cung cấp nước",
    "37": "Thoát nước và xử lý nước thải",
    "38": "Hoạt động thu gom, xử lý và tiêu hủy rác thải; tái chế phế liệu",
    "39": "Xử lý ô nhiễm và hoạt động quản lý chất thải khác",
    "41": "Xây dựng nhà các loại",
    "42": "Xây dựng công trình kỹ thuật dân dụng",
    "43": "Hoạt động xây dựng chuyên dụng",
    "45": "Bán, sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
    "46": "Bán buôn (trừ ô tô, mô tô, xe máy và xe có động cơ khác)",
    "47": "Bán lẻ (trừ ô tô, mô tô, xe máy và xe có động cơ khác)",
    "49": "Vận tải đường sắt, đường bộ và vận tải đường ống",
    "50": "Vận tải đường thủy",
    "51": "Vận tải hàng không",
    "52": "Kho bãi và các hoạt động hỗ trợ cho vận tải",
    "53": "Bưu chính và chuyển phát",
    "55": "Dịch vụ lưu trú",
    "56": "Dịch vụ ăn uống",
    "58": "Hoạt động xuất bản",
    "59": "Hoạt động điện ảnh, sản xuất chương trình truyền hình, ghi âm và xuất bản âm nhạc",
    "60": "Hoạt động phát thanh, truyền hình",
    "61": "Viễn thông",
    "62": "Lập trình máy vi tính, dịch vụ tư vấn và các hoạt động khác liên quan đến máy vi tính",
    "63": "Hoạt động dịch vụ thông tin",
    "64": "Hoạt động dịch vụ tài chính (trừ bảo hiểm và bảo hiểm xã hội)",
    "65": "Bảo hiểm, tái bảo hiểm và bảo hiểm xã hội (trừ bảo đảm xã hội bắt buộc)",
    "66": "Hoạt động tài chính khác",
    "68": "Hoạt động kinh doanh bất động sản",
    "69": "Hoạt động pháp luật, kế toán và kiểm toán",
    "70": "Hoạt động của trụ sở văn phòng; hoạt động tư vấn quản lý",
    "71": "Hoạt động kiến trúc; kiểm tra và phân tích kỹ thuật",
    "72": "Nghiên cứu khoa học và phát triển",
    "73": "Quảng cáo và nghiên cứu thị trường",
    "74": "Hoạt động chuyên môn, khoa học và công nghệ khác",
    "75": "Hoạt động thú y",
    "77": "Cho thuê máy móc, thiết bị (không kèm người điều khiển); cho thuê đồ dùng cá nhân và gia đình; "
    "cho thuê tài sản vô hình phi tài chính",
    "78": "Hoạt động dịch vụ lao động và việc làm",
    "79": "Hoạt động của các đại lý du lịch, kinh doanh tua du lịch và các dịch vụ hỗ trợ, liên quan đến "
    "quảng bá và tổ chức tua du lịch",
    "80": "Hoạt động điều tra bảo đảm an toàn",
    "81": "Hoạt động dịch vụ vệ sinh nhà cửa, công trình và cảnh quan",
    "82": "Hoạt động hành chính, hỗ trợ văn phòng và các hoạt động hỗ trợ kinh doanh khác",
    "84": "Hoạt động của Đảng Cộng sản, tổ chức chính trị - xã hội, quản lý nhà nước, an ninh quốc phòng; "
    "bảo đảm xã hội bắt buộc",
    "85": "Giáo dục và đào tạo",
    "86": "Hoạt động y tế",
    "87": "Hoạt động chăm sóc, điều dưỡng tập trung",
    "88": "Hoạt động trợ giúp xã hội không tập trung",
    "90": "Hoạt động sáng tác, nghệ thuật và giải trí",
    "91": "Hoạt động của thư viện, lưu trữ, bảo tàng và các hoạt động văn hóa khác",
    "92": "Hoạt động xổ số, cá cược và đánh bạc",
    "93": "Hoạt động thể thao, vui chơi và giải trí",
    "94": "Hoạt động của các hiệp hội, tổ chức khác",
    "95": "Sửa chữa máy vi tính, đồ dùng cá nhân và gia đình",
    "96": "Hoạt động dịch vụ phục vụ cá nhân khác",
    "97": "Hoạt động làm thuê công việc gia đình trong các hộ gia đình",
    "98": "Hoạt động sản xuất sản phẩm vật chất và dịch vụ tự tiêu dùng của hộ gia đình",
    "99": "Hoạt động của các tổ chức và cơ quan quốc tế",
}

# Level-4 classes used by the demo and the Board's spreadsheets so far.
CLASSES: dict[str, str] = {
    "1079": "Sản xuất thực phẩm khác chưa được phân vào đâu",
    "1410": "May trang phục (trừ trang phục từ da lông thú)",
    "1520": "Sản xuất giày, dép",
    "2220": "Sản xuất sản phẩm từ plastic",
    "2592": "Gia công cơ khí; xử lý và tráng phủ kim loại",
    "2610": "Sản xuất linh kiện điện tử",
    "2630": "Sản xuất thiết bị truyền thông",
    "2640": "Sản xuất sản phẩm điện tử dân dụng",
    "2732": "Sản xuất dây, cáp điện và điện tử khác",
    "2930": "Sản xuất phụ tùng và bộ phận phụ trợ cho xe ô tô và xe có động cơ khác",
    "5210": "Kho bãi và lưu giữ hàng hóa",
    "6201": "Lập trình máy vi tính",
}

VSIC: dict[str, str] = {**DIVISIONS, **CLASSES}


def vsic_section(code: str) -> str:
    """The level-1 letter of a level-2 or level-4 code ('2610' → 'C')."""
    division = int(code[:2])
    return next(s for s, (lo, hi) in SECTION_DIVISIONS.items() if lo <= division <= hi)


def vsic_label(code: str) -> str:
    return f"{code} – {VSIC[code]}" if code in VSIC else code
