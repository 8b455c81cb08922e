// Charts of the monitoring dashboard (Chart.js from the npm registry, served locally).
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("monitoring-chart-data");
    if (!node || typeof Chart === "undefined") return;
    var d = JSON.parse(node.textContent);
    function bar(id, labels, datasets, options) {
      var canvas = document.getElementById(id);
      if (canvas) new Chart(canvas, { type: "bar", data: { labels: labels, datasets: datasets }, options: options || {} });
    }
    bar("chart-years", d.years, [
      { label: "Sản phẩm", data: d.products },
      { label: "Doanh nghiệp", data: d.enterprises }
    ]);
    bar("chart-funnel", d.funnel_labels, [{ label: "Sản phẩm", data: d.funnel }], { indexAxis: "y" });
    bar("chart-groups", d.groups, [{ label: "Sản phẩm", data: d.group_products }]);
    bar("chart-money", d.money_years, [
      { label: "Doanh thu (tỷ đồng)", data: d.revenue_bn, yAxisID: "y" },
      { label: "Xuất khẩu (triệu USD)", data: d.export_musd, yAxisID: "y1" }
    ], { scales: { y: { position: "left" }, y1: { position: "right", grid: { drawOnChartArea: false } } } });
    var coverage = document.getElementById("chart-coverage");
    if (coverage && d.coverage) {
      new Chart(coverage, {
        type: "doughnut",
        data: { labels: ["Đã được hỗ trợ", "Chưa được hỗ trợ"], datasets: [{ data: d.coverage }] }
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
