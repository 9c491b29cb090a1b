/* Indicator chart: the series, the target line and the projection band.
   Data comes from the page's <script type="application/json" id="indicator-chart-data"> block
   (no inline script: the CSP allows scripts from 'self' only). */
(function () {
  "use strict";

  function fmt(decimals) {
    var nf = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
    return function (v) { return v === null || v === undefined ? "—" : nf.format(v); };
  }

  function dateLabel(iso) {
    var d = new Date(iso);
    return ("0" + (d.getMonth() + 1)).slice(-2) + "/" + d.getFullYear();
  }

  function options(data, narrow) {
    var f = fmt(data.decimals);
    var series = [{
      name: data.name, type: "line", data: data.series, showSymbol: data.series.length < 30,
      connectNulls: false, lineStyle: { width: 2, color: "#0b4f8a" }, itemStyle: { color: "#0b4f8a" }
    }];
    if (data.band && data.band.length) {
      // The band is drawn as a transparent lower edge plus a stacked, shaded width.
      series.push({ name: "Cận dưới", type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 },
        data: data.band.map(function (b) { return [b[0], b[2]]; }), tooltip: { show: false } });
      series.push({ name: "Khoảng dự báo 80 %", type: "line", stack: "band", symbol: "none", lineStyle: { opacity: 0 },
        areaStyle: { color: "rgba(13,110,253,0.18)" }, itemStyle: { color: "rgba(13,110,253,0.35)" },
        data: data.band.map(function (b) { return [b[0], b[3] - b[2]]; }) });
      series.push({ name: "Xu thế dự báo", type: "line", symbol: "none",
        lineStyle: { type: "dashed", color: "#0d6efd" }, itemStyle: { color: "#0d6efd" },
        data: data.band.map(function (b) { return [b[0], b[1]]; }) });
    }
    if (data.target) {
      series[0].markLine = { symbol: "none", silent: true, lineStyle: { color: "#a4161a", type: "solid" },
        label: { formatter: ("Chỉ tiêu " + data.target.label + ": " + f(data.target.value) + " " + (data.unit || "")).trim(), position: "insideEndTop" },
        data: [{ yAxis: data.target.value }] };
    }
    return {
      animation: false,
      // Room under the axis for its labels and the legend, which wraps on a phone.
      grid: { left: 70, right: 24, top: 36, bottom: narrow ? 72 : 48 },
      legend: { bottom: 0, data: [data.name].concat(data.band && data.band.length ? ["Xu thế dự báo", "Khoảng dự báo 80 %"] : []) },
      tooltip: { trigger: "axis", valueFormatter: f,
        axisPointer: { label: { formatter: function (p) { return p.axisDimension === "x" ? dateLabel(p.value) : f(p.value); } } } },
      // On a phone, years only and never two labels on top of each other.
      xAxis: { type: "time", splitNumber: narrow ? 4 : 10,
        axisLabel: { hideOverlap: true, formatter: function (v) { return narrow ? String(new Date(v).getFullYear()) : dateLabel(v); } } },
      // The server sets the range so the target line is always inside it (charts.value_axis).
      yAxis: { type: "value", name: data.unit, scale: true, axisLabel: { formatter: f },
        min: data.axis ? data.axis.min : null, max: data.axis ? data.axis.max : null,
        interval: data.axis && data.axis.interval ? data.axis.interval : null },
      series: series
    };
  }

  function draw() {
    var holder = document.getElementById("indicator-chart");
    var source = document.getElementById("indicator-chart-data");
    if (!holder || !source || !window.echarts) { return; }
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    chart.setOption(options(JSON.parse(source.textContent), holder.clientWidth < 560));
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
