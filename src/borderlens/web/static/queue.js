// The review queue: a click anywhere on a row opens its case (the row's link works without JS).
document.addEventListener("click", (event) => {
  const row = event.target.closest("#queue-table tbody tr[data-href]");
  if (!row || event.target.closest("a, button, input, select, label")) return;
  if (window.getSelection && String(window.getSelection()).length > 0) return;
  if (event.ctrlKey || event.metaKey) {
    window.open(row.dataset.href, "_blank", "noopener");
  } else {
    window.location.assign(row.dataset.href);
  }
});
