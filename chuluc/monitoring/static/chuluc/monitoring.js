// Charts of the monitoring dashboard (Chart.js from the npm registry, served locally).
// Each canvas fills its box (layout.css bounds its height), so no chart is drawn larger than
// the page; the title and the table of figures are in the page around it.
(function () {
  "use strict";
  var BOXED = { responsive: true, maintainAspectRatio: false };

  function merged(options) {
    var result = {};
    [BOXED, options || {}].forEach(function (source) {
      Object.keys(source).forEach(function (key) { result[key] = source[key]; });
    });
    return result;
  }

  function draw() {
    var node = document.getElementById("monitoring-chart-data");
    if (!node || typeof Chart === "undefined") return;
    var d = JSON.parse(node.textContent);
    var words = d.labels;
    function bar(id, labels, datasets, options) {
      var canvas = document.getElementById(id);
      if (canvas) new Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets }, options: merged(options) });
    }
    bar("chart-years", d.years, [
      { label: words.products, data: d.products },
      { label: words.enterprises, data: d.enterprises }
    ]);
    bar("chart-funnel", d.funnel_labels, [{ label: words.products, data: d.funnel }], { indexAxis: "y" });
    bar("chart-groups", d.groups, [{ label: words.products, data: d.group_products }]);
    bar("chart-money", d.money_years, [
      { label: words.revenue, data: d.revenue_bn, yAxisID: "y" },
      { label: words.export, data: d.export_musd, yAxisID: "y1" }
    ], { scales: { y: { position: "left" }, y1: { position: "right", grid: { drawOnChartArea: false } } } });
    var coverage = document.getElementById("chart-coverage");
    if (coverage && d.coverage) {
      new Chart(coverage, {
        type: "doughnut",
        data: { labels: [words.reached, words.not_reached], datasets: [{ data: d.coverage }] },
        options: merged()
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
