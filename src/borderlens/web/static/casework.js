// Casework forms answer a refused entry with 400 and the form showing why: let htmx swap it in
// (htmx leaves error responses out by default). The partial loads this file each time it is
// swapped in, so the listener is added once.
if (!window.borderlensCasework) {
  window.borderlensCasework = true;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.closest(".casework")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
}
