/* Dashboard charts (issue 16 item 4): draws each canvas[data-chart] from the JSON in its
   data-spec attribute (no inline script: CSP) with the vendored Chart.js; the numbers are also
   in the table under each chart. The statistics page uses the print button only. */
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#ffc107", "#6c757d", "#0dcaf0"];
  var numberFormat = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

  function colours(n, alpha) {
    var out = [];
    for (var i = 0; i < n; i++) {
      out.push(PALETTE[i % PALETTE.length] + (alpha || ""));
    }
    return out;
  }

  function draw(canvas) {
    if (!window.Chart) {
      return;
    }
    var spec = JSON.parse(canvas.getAttribute("data-spec"));
    var doughnut = spec.kind === "doughnut";
    var datasets = spec.datasets.map(function (ds, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: ds.label,
        data: ds.data,
        backgroundColor: doughnut ? colours(ds.data.length) : colour,
        borderColor: doughnut ? "#fff" : colour,
        borderWidth: 1
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { display: doughnut || datasets.length > 1, position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var value = ctx.parsed && typeof ctx.parsed === "object" ? (spec.horizontal ? ctx.parsed.x : ctx.parsed.y) : ctx.parsed;
              return (ctx.dataset.label ? ctx.dataset.label + ": " : "") + numberFormat.format(value);
            }
          }
        }
      }
    };
    if (!doughnut) {
      var valueAxis = { beginAtZero: true, stacked: spec.stacked, ticks: { callback: function (v) { return numberFormat.format(v); } } };
      var labelAxis = { stacked: spec.stacked, ticks: { autoSkip: false } };
      if (spec.percent) {
        valueAxis.max = 100;
      }
      options.indexAxis = spec.horizontal ? "y" : "x";
      options.scales = spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis };
    }
    new window.Chart(canvas, { type: spec.kind, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function init() {
    document.querySelectorAll("canvas[data-chart][data-spec]").forEach(draw);
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
