/* Zone overview charts: occupancy, workers, capital (USD and VND), DX levels.
   Data comes from <script type="application/json" id="zones-chart-data"> (CSP: scripts from 'self' only). */
(function () {
  "use strict";

  var nf = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  function f(v) { return v === null || v === undefined ? "—" : nf.format(v); }

  function bars(zones, series, unit, horizontal) {
    var category = { type: "category", data: zones, axisLabel: { interval: 0, rotate: horizontal ? 0 : 35, fontSize: 11 } };
    var value = { type: "value", name: unit, axisLabel: { formatter: f } };
    return {
      animation: false,
      grid: { left: horizontal ? 150 : 60, right: 20, top: 36, bottom: horizontal ? 30 : 90 },
      legend: { top: 0, show: series.length > 1 },
      tooltip: { trigger: "axis", valueFormatter: f },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? category : value,
      series: series
    };
  }

  function draw(id, option) {
    var holder = document.getElementById(id);
    if (!holder) { return; }
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function run() {
    var source = document.getElementById("zones-chart-data");
    if (!source || !window.echarts) { return; }
    var d = JSON.parse(source.textContent);
    draw("chart-occupancy", bars(d.zones, [{ name: "Lấp đầy", type: "bar", data: d.occupancy, itemStyle: { color: "#0b4f8a" } }], "%", true));
    draw("chart-workers", bars(d.zones, [
      { name: "Lao động Việt Nam", type: "bar", stack: "w", data: d.workers_vn, itemStyle: { color: "#2a9d8f" } },
      { name: "Lao động nước ngoài", type: "bar", stack: "w", data: d.workers_foreign, itemStyle: { color: "#e9c46a" } }
    ], "người", false));
    draw("chart-capital-usd", bars(d.zones, [
      { name: "Đăng ký", type: "bar", data: d.registered_usd, itemStyle: { color: "#0b4f8a" } },
      { name: "Đã giải ngân", type: "bar", data: d.disbursed_usd, itemStyle: { color: "#7fb3e0" } }
    ], "triệu USD", false));
    draw("chart-capital-vnd", bars(d.zones, [
      { name: "Đăng ký", type: "bar", data: d.registered_vnd, itemStyle: { color: "#a4161a" } },
      { name: "Đã giải ngân", type: "bar", data: d.disbursed_vnd, itemStyle: { color: "#e5989b" } }
    ], "tỷ đồng", false));
    draw("chart-dx", bars(d.levels, [{ name: "Số doanh nghiệp", type: "bar", data: d.level_counts, itemStyle: { color: "#2a9d8f" } }], "doanh nghiệp", false));
    document.body.setAttribute("data-charts-ready", "1");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
}());
