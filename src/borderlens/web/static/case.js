// The case page: data the server embeds as JSON blocks (the CSP runs no inline script), read
// once by the diagram and the map.
window.borderlensCase = {
  data(id) {
    const block = document.getElementById(id);
    if (!block) return null;
    try {
      return JSON.parse(block.textContent);
    } catch (error) {
      console.error(`case data #${id} is not JSON`, error);
      return null;
    }
  },
};
