// A member's scoring page: changing a score of a submitted sheet takes the sheet back to
// draft, so the member confirms first. The sheet's state is read from #sheet-status when
// the cell is changed, not when the page was drawn: the answer to the first change swaps
// that element (draft), and later changes need no confirmation.
document.addEventListener("htmx:confirm", (event) => {
  const cell = event.target.closest ? event.target.closest("form.score-cell") : null;
  const status = document.getElementById("sheet-status");
  if (!cell || !status || status.dataset.submitted !== "true") {
    return;
  }
  event.preventDefault();
  if (window.confirm(status.dataset.confirm)) {
    event.detail.issueRequest(true);
    return;
  }
  // Not confirmed: the cell shows its saved value again.
  for (const input of cell.querySelectorAll("input[name=value], input[name=comment]")) {
    input.value = input.defaultValue;
  }
});
