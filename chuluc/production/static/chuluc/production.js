// Charts of the production index page (Chart.js from the npm registry, served locally).
// Each canvas fills its box (layout.css bounds its height); the title and the table of
// figures are in the page around it.
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("production-chart-data");
    if (!node || typeof Chart === "undefined") return;
    var d = JSON.parse(node.textContent);
    var index = document.getElementById("chart-iip");
    if (index) {
      new Chart(index, {
        data: {
          labels: d.months,
          datasets: [
            { type: "line", label: d.labels.index, data: d.index, yAxisID: "y", spanGaps: false },
            { type: "bar", label: d.labels.yoy, data: d.yoy, yAxisID: "y1" }
          ]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { position: "left" }, y1: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false } } } }
      });
    }
    var contrib = document.getElementById("chart-contrib");
    if (contrib) {
      new Chart(contrib, {
        type: "bar",
        data: {
          labels: d.months,
          datasets: [
            { label: d.labels.key, data: d.key },
            { label: d.labels.rest, data: d.rest }
          ]
        },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true } } }
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
