"""First version of the self-assessment: our own draft questions on the six pillars and the
six levels of QĐ 1970/QĐ-BTTTT (13/12/2021). To be replaced by the official question set;
the administrator edits it as data (Django admin), and a new version keeps old answers valid."""

from __future__ import annotations

BASIS = "Quyết định 1970/QĐ-BTTTT ngày 13/12/2021 của Bộ Thông tin và Truyền thông (6 trụ cột, 6 mức)"
TITLE = "Bộ câu hỏi tự đánh giá mức độ chuyển đổi số doanh nghiệp (dự thảo)"

# One scale for every draft question, each step a level 0–5; the admin may reword per question.
SCALE: tuple[str, ...] = (
    "Chưa thực hiện, chưa có kế hoạch",
    "Đã có ý định hoặc tìm hiểu, chưa triển khai",
    "Đã triển khai thử ở một vài bộ phận",
    "Đã triển khai ở phần lớn bộ phận, có người phụ trách",
    "Triển khai toàn doanh nghiệp, có đo lường hiệu quả và cải tiến",
    "Là điển hình, dẫn dắt đối tác và chuỗi cung ứng cùng chuyển đổi",
)

PILLARS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "KH",
        "Trải nghiệm khách hàng",
        (
            "Doanh nghiệp tiếp nhận đơn hàng, phản hồi của khách hàng qua kênh số (cổng thông tin, "
            "thư điện tử, nền tảng thương mại điện tử).",
            "Doanh nghiệp lưu trữ và khai thác thông tin khách hàng trên phần mềm quản lý quan hệ khách "
            "hàng (CRM).",
            "Khách hàng theo dõi được tình trạng đơn hàng, giao hàng, bảo hành trực tuyến.",
        ),
    ),
    (
        "CL",
        "Chiến lược",
        (
            "Doanh nghiệp có chiến lược hoặc kế hoạch chuyển đổi số được lãnh đạo phê duyệt.",
            "Doanh nghiệp bố trí ngân sách riêng cho chuyển đổi số hằng năm.",
            "Có lãnh đạo và đầu mối chịu trách nhiệm về chuyển đổi số.",
        ),
    ),
    (
        "HT",
        "Hạ tầng và công nghệ số",
        (
            "Doanh nghiệp sử dụng dịch vụ điện toán đám mây cho hệ thống nghiệp vụ.",
            "Thiết bị, dây chuyền sản xuất được kết nối, thu thập dữ liệu tự động (IoT).",
            "Doanh nghiệp có biện pháp bảo đảm an toàn thông tin, sao lưu dữ liệu định kỳ.",
        ),
    ),
    (
        "VH",
        "Vận hành",
        (
            "Kế toán, nhân sự, kho được quản lý trên phần mềm.",
            "Kế hoạch và tiến độ sản xuất được quản lý trên phần mềm (ERP, MES).",
            "Hồ sơ, văn bản được ký số và luân chuyển điện tử.",
        ),
    ),
    (
        "VHDN",
        "Chuyển đổi số văn hóa doanh nghiệp",
        (
            "Người lao động được đào tạo kỹ năng số hằng năm.",
            "Doanh nghiệp khuyến khích, khen thưởng sáng kiến ứng dụng công nghệ số.",
            "Các bộ phận phối hợp, trao đổi công việc trên nền tảng số.",
        ),
    ),
    (
        "DL",
        "Dữ liệu và tài sản thông tin",
        (
            "Dữ liệu sản xuất, kinh doanh được lưu tập trung, có danh mục và người quản lý.",
            "Doanh nghiệp dùng dữ liệu để ra quyết định (báo cáo quản trị, phân tích, dự báo).",
            "Doanh nghiệp có quy định bảo vệ dữ liệu cá nhân của người lao động và khách hàng.",
        ),
    ),
)
