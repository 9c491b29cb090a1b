"""Every task of seed 001 §2 (the Industrial Zones Board's plan), as written.

Texts keep the seed's wording (typos included), without list markers, italics or the deadline
clause; the clause is stored as written and read by plans.deadlines.parse_deadline.

Roles: the Board leads ("lead") where the seed says "Ban Quản lý thực hiện:", "Ban Quản lý chủ
động…", "Ban Quản lý triển khai thực hiện…", for its own portal (§2.1.b) and for sending its own
staff (§2.1.c). Elsewhere it coordinates: under §2.1.a the named lead is Sở Khoa học và Công nghệ;
the other leads are assigned by Plan 726/KH-UBND, which the seed does not quote.
"""

from __future__ import annotations

from dataclasses import dataclass

from dieuhanh.plans.demo.documents import BQL_KCN, SO_KHCN

LEAD = "lead"
COORDINATE = "coordinate"
LEAD_TEXT_726 = "Theo phân công tại Kế hoạch 726/KH-UBND"


@dataclass(frozen=True)
class TaskSpec:
    code: str
    role: str
    lead: str | None  # a unit code; None → lead_text LEAD_TEXT_726
    text: str
    deadline: str  # the clause as written, "" when the seed gives none

    @property
    def section(self) -> str:
        """The group number: "KCN-2.1.a.1" → "2.1", "KCN-2.10.03" → "2.10"."""
        return ".".join(self.code.removeprefix("KCN-").split(".")[:2])


def _board(code: str, text: str, deadline: str) -> TaskSpec:
    return TaskSpec(code, LEAD, BQL_KCN, text, deadline)


def _for_dost(code: str, text: str, deadline: str) -> TaskSpec:
    return TaskSpec(code, COORDINATE, SO_KHCN, text, deadline)


def _with(code: str, text: str, deadline: str) -> TaskSpec:
    return TaskSpec(code, COORDINATE, None, text, deadline)


_M2 = "hoàn thành trong tháng 2/2025"
_M3 = "hoàn thành trong tháng 3/2025"
_M5_ON = "hoàn thành trong tháng 5/2025 và thực hiện thường xuyên"
_M6 = "hoàn thành trong tháng 6/2025"
_M7 = "hoàn thành trong tháng 7/2025"
_M12 = "hoàn thành trong tháng 12/2025"
_ALWAYS = "thực hiện thường xuyên"

TASKS = (
    # §2.1 a) "Ban Quản lý phối hợp, đưa ra ý kiến góp ý để Sở Khoa học và Công nghệ thực hiện:"
    _for_dost(
        "KCN-2.1.a.1",
        "Xây dựng, trình UBND tỉnh ban hành và tổ chức triển khai chương trình tuyên truyền thường xuyên, "
        "sâu rộng về nội dung Nghị quyết số 57-NQ/TW, Nghị quyết 03/NQ-CP theo hướng: đa dạng hóa các hình "
        "thức tuyên truyền thông qua báo chí, phát thanh, truyền hình, các nền tảng số, mạng xã hội và các "
        "phương tiện điện tử khác",
        _M2,
    ),
    _for_dost(
        "KCN-2.1.a.2",
        "Xây dựng, trình UBND tỉnh ban hành Kế hoạch thực hiện Nghị quyết 03/NQ-CP của Chính phủ và Chương "
        "trình hành động của Tỉnh ủy về thực hiện Nghị quyết 57-NQ/TW, theo hướng “rõ người, rõ việc, rõ "
        "thời gian, rõ trách nhiệm, rõ kết quả”",
        _M2,
    ),
    _for_dost(
        "KCN-2.1.a.3",
        "Xây dựng, trình UBND tỉnh ban hành Kế hoạch thực hiện Đề án đánh giá mức độ hoàn thành nhiệm vụ "
        "chuyển đổi số của cơ quan nhà nước, người đứng đầu và cán bộ, công chức, viên chức trong cơ quan "
        "nhà nước gắn với việc đánh giá chất lượng hoạt động cơ quan, đơn vị",
        _M7,
    ),
    _board(
        "KCN-2.1.b",
        "Công thông tin điện tử Ban Quản lý phối hợp các cơ quan chuyên môn xây dựng chuyên trang, chuyên "
        "mục về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số trên Cổng thông tin điện tử",
        _ALWAYS,
    ),
    _board(
        "KCN-2.1.c",
        "Cử cán bộ tham gia các Tổ Công tác triển khai tổ chức thực hiện và theo dõi, đôn đốc, kiểm tra, "
        "giám sát theo lĩnh vực, nhiệm vụ được phân công",
        "",
    ),
    # §2.1 d) "Phối hợp tham gia công tác:"
    _with(
        "KCN-2.1.d.1",
        "Tham mưu phát động phong trào thi đua trong toàn tỉnh để phát huy sức mạnh tổng hợp của cả hệ "
        "thống chính trị, sự tham gia tích cực của cộng đồng doanh nghiệp, doanh nhân và Nhân dân trên địa "
        "bàn tỉnh thực hiện thắng lợi Kế hoạch",
        _M3,
    ),
    _with(
        "KCN-2.1.d.2",
        "Rà soát đề xuất biểu dương, tôn vinh, khen thưởng, động viên kịp thời các doanh nghiệp, tổ chức, "
        "cá nhân trong khu công nghiệp có thành tích trong phát triển khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số",
        _ALWAYS,
    ),
    _with(
        "KCN-2.1.e",
        "Phối hợp tham gia công tác thanh tra, kiểm tra thực hiện công vụ của cán bộ, công chức trong thực "
        "hiện nhiệm vụ",
        _ALWAYS,
    ),
    # §2.2
    _board(
        "KCN-2.2.01",
        "Ban Quản lý chủ động rà soát, điều chỉnh các quy trình nội bộ để phù hợp xử lý trên môi trường "
        "điện tử; thực hiện các biện pháp, giải pháp linh hoạt sáng tạo, hiệu quả cho phép sử dụng các văn "
        "bản điện tử tích hợp trên tài khoản định danh điện tử thay thế với giấy tờ khi thực hiện các thủ "
        "tục hành chính; cắt giảm các thành phần hồ sơ khi dữ liệu đã được số hóa",
        _M5_ON,
    ),
    _with(
        "KCN-2.2.02",
        "Phối hợp với các cơ quan, đơn vị liên quan trong công tác Hoàn thiện thể chế; tạo lợi thế cạnh "
        "tranh trong phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
        "",
    ),
    # §2.3: one paragraph, three sentences, each with its own deadline → three tasks.
    _board(
        "KCN-2.3.01",
        "Ban Quản lý triển khai thực hiện tái cấu trúc quy trình để cắt giảm, không yêu cầu người dân phải "
        "nộp lại những giấy tờ khi dữ liệu đã được số hóa",
        _M6,
    ),
    _board(
        "KCN-2.3.02",
        "Thực hiện đảm bảo 100% thủ tục hành chính liên quan đến doanh nghiệp được thực hiện trực tuyến, "
        "thông suốt, hiệu quả; 100% thủ tục hành chính không bị giới hạn bởi địa giới hành chính cấp tỉnh",
        "hoàn thành trong tháng 5/2025",
    ),
    _board(
        "KCN-2.3.03",
        "Nghiên cứu điều chỉnh quy trình nghiệp vụ, công dân không phải xuất trình giấy tờ, bản sao y, công "
        "chứng trước khi thực hiện thủ tục hành chính theo Luật Giao dịch điện tử",
        _M5_ON,
    ),
    # "Ban Quản lý thực hiện phối hợp trong các công tác:"
    _with(
        "KCN-2.3.04",
        "Nghiên cứu giải pháp triển khai thực hiện giải quyết thủ tục hành chính phi địa giới hành chính, "
        "người dân chỉ cần đến bộ phận Tiếp nhận và Trả kết quả các cấp gần nhất để nộp hồ sơ giao dịch các "
        "thủ tục hành chính",
        _M6,
    ),
    _with(
        "KCN-2.3.05",
        "Đẩy mạnh rà soát, kiến nghị phương án đơn giản hóa thủ tục hành chính, gỡ bỏ thủ tục hành chính "
        "khi CSDL quốc gia về dân cư và CSDL khác đã đáp ứng được yêu cầu (dữ liệu đã trưởng thành); chuyển "
        "trạng thái “xin” cung cấp DVC sang trạng thái “chủ động” cung cấp DVC cho người dân",
        _M5_ON,
    ),
    _with(
        "KCN-2.3.06",
        "Tham mưu xây dựng Kế hoạch nâng cao chất lượng cung cấp dịch vụ công trực tuyến toàn trình; cung "
        "cấp dịch vụ số mới được cá nhân hóa, dựa trên dữ liệu cho người dân và doanh nghiệp; cung cấp dịch "
        "vụ công không phụ thuộc địa giới hành chính",
        _M3,
    ),
    # §2.4 "Ban Quản lý thực hiện:" one paragraph with one deadline → one task.
    _board(
        "KCN-2.4.01",
        "Nâng cấp mạng nội bộ và hạ tầng, trang thiết bị công nghệ thông tin của Ban đảm bảo trang thiết bị "
        "hiện đại, đồng bộ, thống nhất thông qua Thực hiện mua sắm trang thiết bị phục vụ công tác quản lý "
        "của Ban Quản lý các khu công nghiệp, nâng cấp hệ thống an toàn thông tin. Duy trì hệ thống phần "
        "mềm Quản lý văn bản và hồ sơ công việc của tỉnh. Duy trì, vận hành hệ thống Thư điện tử công vụ "
        "của tỉnh. Tiếp tục triển khai ứng dụng chữ ký số trên nền tảng di động. Tìm kiếm các đối tác để "
        "triển khai thực hiện Hệ thống Quản lý các khu công nghiệp tỉnh Hải Dương để Xây dựng hệ thống quản "
        "lý thông tin tập chung về các KCN, và các doanh nghiệp trong KCN, cung cấp cho các doanh nghiệp "
        "công cụ tương tác với các đơn vị chuyên môn của Ban Quản lý các khu công nghiệp tỉnh Hải Dương, "
        "hiện đại hóa quy trình quản lý KCN trên địa bàn tỉnh, góp phần xây dựng chính quyền điện tử, chính "
        "quyền số",
        "hoàn thành trong năm 2025",
    ),
    _with(
        "KCN-2.4.02",
        "Xây dựng Kế hoạch triển khai Đề án/Chương trình phát triển công nghệ và công nghiệp chiến lược; "
        "thử nghiệm chính sách nhằm thúc đẩy nghiên cứu, phát triển, ứng dụng, chuyển giao công nghệ chiến "
        "lược trong các ngành, lĩnh vực",
        "hoàn thành sau khi Đề án/Chương trình được Trung ương ban hành",
    ),
    _with(
        "KCN-2.4.03",
        "Chuẩn hóa CSDL quản lý tài sản công toàn tỉnh để đồng bộ với CSDL Quốc gia về quản lý tài sản công",
        _M12,
    ),
    _with(
        "KCN-2.4.04",
        "Bước đầu ứng dụng trí tuệ nhân tạo (AI) dựa trên dữ liệu lớn trong các giải pháp phát triển các "
        "ứng dụng công nghệ số, gắn với công tác quản lý nhà nước trên các lĩnh vực, bảo đảm theo hướng đi "
        "tắt, đón đầu",
        _M12,
    ),
    _with(
        "KCN-2.4.05",
        "Xây dựng Kế hoạch triển khai Đề án ứng dụng IoT trong một số ngành, lĩnh vực như sản xuất thương "
        "mại, quản lý năng lượng, nông nghiệp thông minh, giao thông thông minh, y tế thông minh,...; xây "
        "dựng Kế hoạch và triển khai hạ tầng 5G, 6G, IoT trong các khu công nghiệp, cụm công nghiệp của "
        "tỉnh; hoàn thành và đưa vào khai thác hiệu quả các cơ sở dữ liệu dùng chung theo danh mục đã ban "
        "hành của ngành, địa phương để phát triển kinh tế - xã hội",
        _M12,
    ),
    _with(
        "KCN-2.4.06",
        "Triển khai xây dựng, đưa vào khai thác sử dụng các Cơ sở dữ liệu chuyên ngành theo Chiến lược dữ "
        "liệu tỉnh Hải Dương đến năm 2030 và theo hướng dẫn của các Bộ, ngành TW; đồng bộ dữ liệu về Trung "
        "tâm dữ liệu của tỉnh để xây dựng Cơ sở dữ liệu tổng hợp của tỉnh phục vụ Chuyển đổi số",
        "hoàn thành 12/2025 và các năm tiếp theo",
    ),
    _with(
        "KCN-2.4.07",
        "Kết nối mạng lưới các Trung tâm đổi mới sáng tạo, khởi nghiệp sáng tạo, tập trung vào các công "
        "nghệ chiến lược và chuyển đổi số",
        _M6,
    ),
    _with(
        "KCN-2.4.08",
        "Đưa các hệ thống Trung tâm giám sát, điều hành thông minh IOC, Triển khai Kho dữ liệu dùng chung "
        "của tỉnh, Triển khai Trung tâm giám sát an ninh không gian mạng SOC vào vận hành, phục vụ chỉ đạo "
        "điều hành của tỉnh",
        _M3,
    ),
    _with(
        "KCN-2.4.09",
        "Rà soát tổng thể các hạng mục công nghệ thông tin cần đầu tư để xác định vốn từ kinh phí thường "
        "xuyên để sử dụng ngay tại địa phương đảm bảo đầu tư hiệu quả, tiết kiệm, tránh trùng lặp, lãng phí",
        _M3,
    ),
    _with(
        "KCN-2.4.10",
        "Tham mưu xây dựng Kế hoạch triển khai Đề án đô thị thông minh cho 02 thành phố Hải Dương và thành "
        "phố Chí Linh",
        _M3,
    ),
    # §2.5
    _with(
        "KCN-2.5.01",
        "Triển khai giải pháp định danh địa điểm, đánh số nhà theo Thông tư số 08/TT-BXD của Bộ Xây dựng",
        _M6,
    ),
    _with(
        "KCN-2.5.02",
        "Thúc đẩy việc thanh toán, chi trả không dùng tiền mặt trên mọi lĩnh vực của đời sống xã hội",
        _ALWAYS,
    ),
    _with(
        "KCN-2.5.03",
        "Hướng dẫn, thúc đẩy doanh nghiệp cung cấp dịch vụ thương mại điện tử để nghiên cứu sử dụng định "
        "danh và xác thực điện tử trong các giao dịch thương mại điện tử",
        _M6,
    ),
    _with(
        "KCN-2.5.04",
        "Xây dựng, phát triển Bộ chỉ số, hệ thống thông tin phục vụ chỉ đạo, điều hành của tỉnh dựa trên "
        "chủ trương, định hướng của Chính phủ, Thủ tướng Chính phủ trên hạ tầng của Trung tâm Dữ liệu (IOC "
        "của tỉnh) theo quy định",
        _M12,
    ),
    # §2.6
    _with(
        "KCN-2.6.01",
        "Tham gia các Tổ công tác đảm bảo an ninh, an toàn, bảo mật ở từng cấp thường xuyên kiểm tra, giám "
        "sát đảm bảo an ninh, an toàn tuyệt đối các hệ thống thông tin phục vụ Đề án 06/CP",
        _ALWAYS,
    ),
    _with(
        "KCN-2.6.02",
        "Rà soát, xây dựng hạng mục công nghệ thông tin đảm bảo đầu tư và phát huy hiệu quả Trung tâm dữ "
        "liệu tỉnh. Nâng cấp, hoàn thiện hạ tầng công nghệ thông tin đáp ứng yêu cầu tại văn bản số "
        "1552/BTTTT-TTH và 708/BTTTT-CATTT",
        _M12,
    ),
    # §2.7
    _with(
        "KCN-2.7.01",
        "Tham mưu xây dựng, ban hành, tổ chức thực hiện Kế hoạch đào tạo, bồi dưỡng cho cán bộ, công chức, "
        "viên chức kiến thức về khoa học, công nghệ, đổi mới sáng tạo, kỹ năng số, công nghệ số cơ bản phục "
        "vụ chuyển đổi số",
        _M6,
    ),
    _with(
        "KCN-2.7.02",
        "Nghiên cứu, tham mưu ban hành chính sách đặc thù thu hút, tuyển dụng, đãi ngộ nhân lực có trình độ "
        "cao về khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số làm việc tại các cơ quan nhà nước, "
        "đảm bảo đủ về số lượng, chất lượng, phù hợp nhu cầu của tỉnh, các chuyên gia, nhà khoa học về làm "
        "việc tại tỉnh theo các lĩnh vực, ngành nghề tỉnh có nhu cầu",
        _M7,
    ),
    _with(
        "KCN-2.7.03",
        "Rà soát, bố trí tỷ lệ cán bộ có chuyên môn, kinh nghiệm về khoa học kỹ thuật trong đội ngũ lãnh "
        "đạo từng cơ quan, đơn vị nhà nước, hướng tới tối thiểu đạt 25%; xây dựng chương trình, kế hoạch "
        "phát động phong trào học tập trên các nền tảng số để trở thành phong trào “học tập số” thường "
        "xuyên, liên tục, phổ cập, nâng cao kiến thức về khoa học, công nghệ, đổi mới sáng tạo, kỹ năng số, "
        "công nghệ số cơ bản trong cán bộ, công chức và nhân dân; cụ thể hóa nhiệm vụ chuyển đổi số, phát "
        "triển khoa học, công nghệ, đổi mới sáng tạo trong chương trình, kế hoạch công tác hằng năm của cơ "
        "quan, tổ chức, đơn vị; phát động phong trào phát minh, sáng chế, cải tiến kỹ thuật, sáng kiến nâng "
        "cao hiệu quả công tác, hiệu suất công việc trong mọi cơ quan, tổ chức và doanh nghiệp",
        _M6,
    ),
    _with(
        "KCN-2.7.04",
        "Rà soát, đảm bảo kinh phí thực hiện các nhiệm vụ về Chuyển đổi số, Đề án 06/CP của tỉnh",
        "thực hiện trước tháng 10 hàng năm",
    ),
    _with(
        "KCN-2.7.05",
        "Nghiên cứu, rà soát các nguồn lực, động lực, năng lực mới cho tăng trưởng và giải pháp thực hiện "
        "mục tiêu GRDP năm 2025 của tỉnh, báo cáo Hội đồng nhân dân tỉnh",
        _M3,
    ),
    _with(
        "KCN-2.7.06",
        "Rà soát mạng lưới giảng viên, nhà khoa học và chuyên gia của tỉnh, kết nối với mạng lưới chuyên "
        "gia, nhà khoa học quốc gia, quốc tế theo các lĩnh vực khoa học cơ bản, kỹ thuật then chốt và công "
        "nghệ chiến lược",
        _M12,
    ),
    _with(
        "KCN-2.7.07",
        "Triển khai các giải pháp nhằm đảm bảo tỷ lệ phủ sóng mạng 5G đạt ít nhất 50% số lượng trạm phát "
        "sóng 4G hiện nay, tạo nền tảng hạ tầng công nghệ vững chắc để hỗ trợ chuyển đổi số và thúc đẩy "
        "phát triển kinh tế - xã hội trên toàn tỉnh",
        _M12,
    ),
    # §2.8
    _with(
        "KCN-2.8.01",
        "Triển khai Trung tâm điều hành thông minh (IOC) của tỉnh theo mô hình của Trung ương kết nối với "
        "các Cơ sở dữ liệu phục mở rộng lĩnh vực phân tích, đánh giá thông tin đa chiều",
        _M7,
    ),
    _with(
        "KCN-2.8.02",
        "Tham mưu xây dựng Kế hoạch đẩy mạnh sản xuất thông minh, chuyển đổi số trong các lĩnh vực trọng "
        "điểm như nông nghiệp, công nghiệp, thương mại, tài chính, giáo dục, y tế, giao thông, xây dựng, "
        "logistics, du lịch...",
        _M6,
    ),
    _with(
        "KCN-2.8.03",
        "Chủ động thực hiện các nhiệm vụ, giải pháp theo thẩm quyền và nghiên cứu, đề xuất các cơ chế, "
        "chính sách, nhiệm vụ, giải pháp cụ thể trong trường hợp vượt thẩm quyền, báo cáo UBND tỉnh nhằm "
        "kịp thời tháo gỡ khó khăn, vướng mắc",
        _ALWAYS,
    ),
    _with(
        "KCN-2.8.04",
        "Triển khai các nền tảng số về giám sát, thu thập dữ liệu môi trường, quản lý tài nguyên, thiên "
        "nhiên, nguồn nước, chất thải; Ứng dụng trí tuệ nhân tạo (AI) hỗ trợ phân tích, cảnh báo thiên tai, "
        "ứng phó với biến đổi khí hậu và bảo vệ môi trường",
        _M12,
    ),
    _with(
        "KCN-2.8.05",
        "Phân tích bộ chỉ số phục vụ chỉ đạo điều hành của tỉnh ở những lĩnh vực thiết yếu, và dự báo "
        "chuyên sâu dựa trên công nghệ trí tuệ nhân tạo, dữ liệu lớn...",
        _M6,
    ),
    _with(
        "KCN-2.8.06",
        "Tham mưu xây dựng các Đề án/Dự án ứng dụng khoa học và công nghệ, chuyển đổi số trong lĩnh vực văn "
        "hóa, thể thao và du lịch, để phát triển công nghiệp văn hóa phục vụ phát triển kinh tế - xã hội",
        _M12,
    ),
    _with(
        "KCN-2.8.07",
        "Xây dựng văn hóa cộng đồng; đồng thời, giữ gìn bản sắc dân tộc, thuần phong mỹ tục của người Việt "
        "Nam trên môi trường số, trên không gian mạng",
        _ALWAYS,
    ),
    _with(
        "KCN-2.8.08",
        "Đẩy mạnh chuyển đổi số trong lĩnh vực văn hóa, thể thao, du lịch để phát triển công nghiệp văn "
        "hóa, thu hút khách du lịch; hỗ trợ người dân dễ dàng tiếp cận và sử dụng các dịch vụ thể thao "
        "thông minh, tiện ích góp phần nâng cao sức khỏe người dân; hỗ trợ công tác đào tạo, tập huấn, nâng "
        "cao thành tích cho các vận động viên. Khuyến khích, thu hút đông đảo cộng đồng tham gia sáng tạo, "
        "sản xuất các sản phẩm văn hóa số tích cực, lành mạnh và hướng thiện trên môi trường số. Tập trung "
        "xây dựng cơ sở dữ liệu về văn hóa, thể thao, du lịch, số hóa thông tin về các di sản, bảo tàng, "
        "thư viện...",
        _M6,
    ),
    # §2.9
    _with(
        "KCN-2.9.01",
        "Triển khai đánh giá mức độ chuyển đổi số doanh nghiệp; tham mưu xây dựng, triển khai các chương "
        "trình hỗ trợ, thúc đẩy doanh nghiệp, nhất là doanh nghiệp vừa và nhỏ, hộ kinh doanh, hợp tác xã "
        "trong chuyển đổi số; đánh giá hiệu quả đầu tư cho chuyển đổi số, định kỳ công bố kết quả",
        _M6,
    ),
    _with(
        "KCN-2.9.02",
        "Triển khai cơ chế đặt hàng, giao nhiệm vụ cho các doanh nghiệp công nghệ số thực hiện các nhiệm vụ "
        "trọng điểm về chuyển đổi số; xây dựng, công bố danh mục các nhiệm vụ khoa học và công nghệ quy mô "
        "lớn về chuyển đổi số",
        "hoàn thành theo hướng dẫn của Trung ương",
    ),
    _with(
        "KCN-2.9.03",
        "Nghiên cứu phân đầu lựa chọn 01 cụm công nghiệp hoặc 01 khu công nghiệp để ưu tiên thu hút các dự "
        "án công nghệ cao, công nghệ thông tin, đổi mới sáng tạo",
        "hoàn thành trước 12/2025",
    ),
    _with(
        "KCN-2.9.04",
        "Tham mưu xây dựng Kế hoạch thúc đẩy các doanh nghiệp trong tỉnh phát triển tham gia vào chuỗi giá "
        "trị toàn cầu tạo ra giá trị thiết thực, làm chủ công nghệ",
        _M6,
    ),
    # §2.10
    _with(
        "KCN-2.10.01",
        "Tổ chức xúc tiến đầu tư, kêu gọi các doanh nghiệp công nghệ nước ngoài đầu tư, sản xuất, đặt trụ "
        "sở tại tỉnh (Khu Kinh tế chuyên biệt, Khu/cụm Công nghiệp của tỉnh)",
        _M12,
    ),
    _with(
        "KCN-2.10.02",
        "Tham mưu xây dựng Kế hoạch học tập kinh nghiệm các tỉnh, thành phố trong phát triển khoa học, công "
        "nghệ, đổi mới sáng tạo và chuyển đổi số; kịp thời ứng dụng các thành tựu, kinh nghiệm quốc tế có "
        "mô hình, giải pháp phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số phù hợp với "
        "thực tiễn và điều kiện chính trị, kinh tế, văn hóa, xã hội của tỉnh; đẩy mạnh ngoại giao công "
        "nghệ, thu hút các nguồn lực bên ngoài, góp phần đảm bảo an ninh kinh tế, nâng cao tự chủ về công "
        "nghệ cho các doanh nghiệp trên địa bàn tỉnh",
        _ALWAYS,
    ),
    _with(
        "KCN-2.10.03",
        "Nghiên cứu chính sách về công nghệ số và chuyển giao những thành tựu công nghệ số hiện đại từ nước "
        "ngoài vào trong nước, ứng dụng khoa học đối với các lĩnh vực trên địa bàn",
        _M12,
    ),
    _with(
        "KCN-2.10.04",
        "Tham mưu xây dựng Kế hoạch hợp tác với các Tập đoàn dữ liệu, các Trung tâm dữ liệu lớn, tổ chức "
        "quốc tế, Hiệp hội có liên quan tới dữ liệu để tham khảo kinh nghiệm, hợp tác triển khai các mô "
        "hình, chuyển giao công nghệ cốt lõi, đào tạo nguồn nhân lực",
        _M3,
    ),
)
