/* Operations dashboard: the task charts (ECharts) and the map (Leaflet, no tile layer — only
   the province's own boundaries, so it works on an offline intranet). Data comes from the
   page's json_script block and from the map's JSON endpoint (CSP: scripts from 'self' only). */
(function () {
  "use strict";

  var TONES = {
    ok: "#1e7a3c", info: "#0b4f8a", warn: "#d08a00", bad: "#a4161a", muted: "#9aa4b1", none: "#dfe3e8",
    q0: "#deebf7", q1: "#9ecae1", q2: "#4292c6", q3: "#2171b5", q4: "#08306b",
    /* The map's reporting standings: one distinct colour each (Okabe–Ito hues, colour-blind safe). */
    "s-not_due": "#bcc3cc", "s-missing": "#a4161a", "s-draft": "#e69f00", "s-on_time": "#56b4e9",
    "s-late": "#cc79a7", "s-returned": "#f0e442", "s-accepted": "#009e73"
  };

  function stacked(holder, data) {
    if (!holder || !window.echarts || !data.labels.length) { return; }
    var big = document.body.classList.contains("wall");
    var chart = window.echarts.init(holder, null, { renderer: "svg" });
    function s(name, key, color) {
      return { name: name, type: "bar", stack: "all", data: data[key], itemStyle: { color: color },
        label: { show: big, formatter: function (p) { return p.value || ""; } } };
    }
    chart.setOption({
      animation: false,
      textStyle: { fontSize: big ? 18 : 12 },
      grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
      legend: { bottom: 0, textStyle: { fontSize: big ? 18 : 12 } },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.keys,
        axisLabel: { fontSize: big ? 18 : 12 } },
      series: [s("Đúng hạn", "on_time", TONES.ok), s("Chậm", "late", TONES.warn),
        s("Quá hạn", "overdue", TONES.bad), s("Khác", "other", TONES.muted)]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    holder.chart = chart;
  }

  /* Wall mode: nothing scrolls. A paged panel shows the rows that fit and turns its pages; when
     a panel has shown its last page, the next panel of its slot takes over. */
  var TURN_MS = 12000;

  function rows(panel) {
    var body = panel.querySelector("tbody, ul");
    return body ? Array.prototype.slice.call(body.children) : [];
  }

  function pages(panel) {
    var items = rows(panel);
    items.forEach(function (el) { el.classList.remove("paged-off"); });
    var body = panel.querySelector("tbody, ul");
    if (!body || !items.length) { return [items]; }
    var room = panel.getBoundingClientRect().bottom - 12;
    var out = [[]], top = items[0].getBoundingClientRect().top, first = top;
    items.forEach(function (el) {
      var box = el.getBoundingClientRect();
      if (box.bottom - (top - first) > room && out[out.length - 1].length) {
        out.push([]);
        top = box.top;
      }
      out[out.length - 1].push(el);
    });
    return out;
  }

  function showPage(panel, list, n) {
    rows(panel).forEach(function (el) { el.classList.add("paged-off"); });
    list[n].forEach(function (el) { el.classList.remove("paged-off"); });
    var mark = panel.querySelector(".wall-page");
    if (!mark) {
      mark = text("span", "", "wall-page");
      panel.querySelector("h2").appendChild(mark);
    }
    mark.textContent = list.length > 1 ? "Trang " + (n + 1) + "/" + list.length : "";
  }

  function rotate(slot) {
    var panels = Array.prototype.slice.call(document.querySelectorAll('[data-wall-slot="' + slot + '"]'));
    if (!panels.length) { return; }
    var at = 0, page = 0, list = [];
    function show() {
      panels.forEach(function (p, i) { p.classList.toggle("wall-off", i !== at); });
      var panel = panels[at];
      var chart = panel.querySelector(".dash-chart");
      if (chart && chart.chart) { chart.chart.resize(); }
      if (page === 0) { list = panel.hasAttribute("data-wall-paged") ? pages(panel) : [[]]; }
      if (panel.hasAttribute("data-wall-paged")) { showPage(panel, list, page); }
      panel.dataset.page = String(page + 1);
      panel.dataset.pages = String(list.length);
    }
    show();
    window.setInterval(function () {
      page += 1;
      if (page >= list.length) { page = 0; at = (at + 1) % panels.length; }
      show();
    }, TURN_MS);
  }

  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) { el.className = cls; }
    return el;
  }

  function popup(props) {
    var box = document.createElement("div");
    box.appendChild(text("strong", props.name));
    box.appendChild(text("div", props.label));
    if (props.url) {
      var a = text("a", "Xem đơn vị");
      a.href = props.url;
      box.appendChild(a);
    }
    if (props.sources_url) {
      var src = text("a", "Nguồn số liệu");
      src.href = props.sources_url;
      src.setAttribute("data-sources", "");
      box.appendChild(document.createTextNode(" · "));
      box.appendChild(src);
    }
    return box;
  }

  function legend(data) {
    var list = document.getElementById("map-legend");
    var title = document.getElementById("map-title");
    var attribution = document.getElementById("map-attribution");
    if (title) { title.textContent = data.title ? "· " + data.title : ""; }
    if (attribution) { attribution.textContent = data.attribution || ""; }
    if (!list) { return; }
    list.textContent = "";
    data.legend.forEach(function (item) {
      var li = text("li", item.label);
      li.prepend(text("span", "", "swatch swatch-" + item.tone));
      list.appendChild(li);
    });
  }

  function drawMap(holder) {
    if (!holder || !window.L) { return; }
    var map = window.L.map(holder, { attributionControl: false, zoomSnap: 0.25, preferCanvas: false });
    fetch(holder.dataset.url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = window.L.geoJSON(data.polygons, {
          style: function (f) {
            return { color: "#ffffff", weight: 1, fillColor: TONES[f.properties.tone] || TONES.none, fillOpacity: 0.85 };
          },
          onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }
        }).addTo(map);
        // Fit to the mainland: Bạch Long Vĩ lies 110 km offshore and would shrink the rest.
        var bounds = window.L.latLngBounds([]);
        layer.eachLayer(function (l) {
          if (l.feature.properties.name.indexOf("Bạch Long Vĩ") < 0) { bounds.extend(l.getBounds()); }
        });
        // The map needs a view before anything is projected onto it, points included.
        map.fitBounds(bounds.isValid() ? bounds : [[20.5, 106], [21.2, 107]], { padding: [8, 8] });
        data.points.forEach(function (p) {
          window.L.circleMarker([p.lat, p.lon], {
            radius: 5, color: "#1d2733", weight: 1, fillColor: TONES[p.tone] || TONES.none, fillOpacity: 0.95
          }).bindPopup(popup(p)).addTo(map);
        });
        holder.dataset.features = String(data.polygons.features.length);
        holder.dataset.points = String(data.points.length);
        legend(data);
      });
  }

  function start() {
    var source = document.getElementById("dash-chart-data");
    if (source) {
      var charts = JSON.parse(source.textContent);
      stacked(document.getElementById("chart-groups"), charts.groups);
    }
    drawMap(document.getElementById("dash-map"));
    if (document.body.classList.contains("wall")) { rotate("left"); rotate("right"); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
