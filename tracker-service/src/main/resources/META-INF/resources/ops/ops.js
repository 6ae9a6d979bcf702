// Riffle tracker ops dashboard: reads /v1/stats and draws SVG charts. No external code.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function clear(svg) { while (svg.firstChild) { svg.removeChild(svg.firstChild); } }
  function pct(x) { return (100 * x).toFixed(1) + " %"; }
  function bytes(n) {
    var u = ["B", "KB", "MB", "GB", "TB", "PB"], i = 0;
    while (n >= 1000 && i < u.length - 1) { n /= 1000; i++; }
    return n.toFixed(i === 0 ? 0 : 1) + " " + u[i];
  }

  function lineChart(svg, series) {
    clear(svg);
    var w = 1200, h = 260, pad = 40;
    [0, 0.25, 0.5, 0.75, 1].forEach(function (y) {
      var yy = h - pad - y * (h - 2 * pad);
      svg.appendChild(el("line", { "class": "axis", x1: pad, x2: w - 10, y1: yy, y2: yy }));
      svg.appendChild(el("text", { x: 2, y: yy + 4 }, (y * 100) + "%"));
    });
    if (series.length === 0) {
      svg.appendChild(el("text", { "class": "empty", x: w / 2 - 60, y: h / 2 }, "no reports yet"));
      return 0;
    }
    var n = series.length, pts = series.map(function (p, i) {
      var x = n === 1 ? w / 2 : pad + i * (w - pad - 10) / (n - 1);
      var y = h - pad - p.offloadRatio * (h - 2 * pad);
      return x.toFixed(1) + "," + y.toFixed(1);
    });
    svg.appendChild(el("polyline", { "class": "line", points: pts.join(" "), "data-points": n }));
    series.forEach(function (p, i) {
      var xy = pts[i].split(",");
      var c = el("circle", { cx: xy[0], cy: xy[1], r: 4, fill: "#38bdf8", "data-t": p.t });
      c.appendChild(el("title", {}, p.t + ": " + pct(p.offloadRatio)));
      svg.appendChild(c);
    });
    svg.appendChild(el("text", { x: pad, y: h - 8 }, series[0].t.substring(11, 16)));
    svg.appendChild(el("text", { x: w - 60, y: h - 8 }, series[n - 1].t.substring(11, 16)));
    return n;
  }

  function barChart(svg, rows, key) {
    clear(svg);
    if (rows.length === 0) {
      svg.appendChild(el("text", { "class": "empty", x: 200, y: 150 }, "no reports yet"));
      return 0;
    }
    var max = Math.max.apply(null, rows.map(function (r) { return r.bytesFromPeers + r.bytesFromCdn; })) || 1;
    var rowH = Math.min(28, 300 / rows.length), left = 140, width = 330;
    rows.forEach(function (r, i) {
      var y = i * rowH + 4, total = r.bytesFromPeers + r.bytesFromCdn;
      var wp = width * r.bytesFromPeers / max, wc = width * r.bytesFromCdn / max;
      var g = el("g", { "class": "bar", "data-key": r[key], "data-offload": r.offloadRatio.toFixed(4) });
      g.appendChild(el("text", { x: 0, y: y + rowH * 0.65 }, r[key]));
      g.appendChild(el("rect", { "class": "peer", x: left, y: y, width: wp.toFixed(1), height: rowH - 6 }));
      g.appendChild(el("rect", { "class": "cdn", x: (left + wp).toFixed(1), y: y, width: wc.toFixed(1), height: rowH - 6 }));
      g.appendChild(el("text", { x: left + width + 6, y: y + rowH * 0.65 }, pct(r.offloadRatio)));
      g.appendChild(el("title", {}, r[key] + ": " + bytes(total) + ", " + pct(r.offloadRatio) + " from peers"));
      svg.appendChild(g);
    });
    return rows.length;
  }

  function seconds(ms) { return ms === null || ms === undefined ? "–" : (ms / 1000).toFixed(1) + " s"; }

  // One row per title someone watches now: viewers, offload, stalls, and for a live title how far behind the encoder.
  function audienceTable(tbody, titles) {
    while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
    var watched = titles.filter(function (r) { return r.viewers > 0; });
    if (watched.length === 0) {
      var empty = document.createElement("tr"), td = document.createElement("td");
      td.colSpan = 6; td.textContent = "nobody is watching"; empty.appendChild(td); tbody.appendChild(empty);
      return 0;
    }
    watched.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-title", r.title);
      [r.title, r.viewers, pct(r.offloadRatio), r.stalls, seconds(r.latencyMsP50), seconds(r.latencyMsP95)]
        .forEach(function (v) { var td = document.createElement("td"); td.textContent = v; tr.appendChild(td); });
      tbody.appendChild(tr);
    });
    return watched.length;
  }

  function render(s) {
    document.getElementById("kpi-offload").textContent = pct(s.totals.offloadRatio);
    document.getElementById("kpi-peers").textContent = bytes(s.totals.bytesFromPeers);
    document.getElementById("kpi-cdn").textContent = bytes(s.totals.bytesFromCdn);
    document.getElementById("kpi-stalls").textContent = s.totals.stalls;
    document.getElementById("kpi-startup").textContent =
      s.totals.startupMsAvg === null ? "–" : (s.totals.startupMsAvg / 1000).toFixed(2) + " s";
    var watched = audienceTable(document.querySelector("#audience tbody"), s.titles);
    var points = lineChart(document.getElementById("chart-offload"), s.series);
    var t = barChart(document.getElementById("chart-titles"), s.titles, "title");
    var i = barChart(document.getElementById("chart-isps"), s.isps, "isp");
    var r = barChart(document.getElementById("chart-regions"), s.regions, "region");
    document.getElementById("updated").textContent = "updated " + s.generatedAt;
    document.body.setAttribute("data-points", points);
    document.body.setAttribute("data-watched", watched);
    document.body.setAttribute("data-bars", t + "/" + i + "/" + r);
    document.body.setAttribute("data-rendered", "true");
  }

  function load() {
    fetch("../v1/stats?top=10", { headers: { Accept: "application/json" } })
      .then(function (res) { if (!res.ok) { throw new Error("HTTP " + res.status); } return res.json(); })
      .then(render)
      .catch(function (e) {
        document.getElementById("updated").textContent = "stats unavailable: " + e.message;
        document.body.setAttribute("data-rendered", "error");
      });
  }
  load();
  setInterval(load, 10000);
})();
