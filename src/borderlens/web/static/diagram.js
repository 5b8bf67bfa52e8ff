// The ownership diagram of a case (cytoscape.js): owners above, importer and seller below,
// related-party evidence in orange. Click an entity to open its page.
(function () {
  const box = document.getElementById("ownership-diagram");
  const data = window.borderlensCase && window.borderlensCase.data("diagram-data");
  if (!box || !data || typeof cytoscape === "undefined" || !data.nodes.length) return;

  const EVIDENCE = "#e65100";
  const parties = new Set([data.importer, data.seller].filter(Boolean));

  function caption(node) {
    const lines = [node.label];
    if (node.id === data.importer && node.id === data.seller) lines.unshift("IMPORTER & SELLER");
    else if (node.id === data.importer) lines.unshift("IMPORTER");
    else if (node.id === data.seller) lines.unshift("SELLER");
    const ultimate = node.roles.filter((role) => role.startsWith("ultimate owner"));
    if (ultimate.length) lines.push("UBO " + ultimate.map((role) => (role.match(/\(([^)]+)\)/) || ["", ""])[1]).filter(Boolean).join(" / "));
    if (node.country) lines.push(node.country);
    return lines.join("\n");
  }

  const elements = [];
  for (const node of data.nodes) {
    const classes = [node.kind === "person" ? "person" : "company"];
    if (parties.has(node.id)) classes.push("party");
    if (node.highlighted) classes.push("evidence");
    elements.push({ group: "nodes", data: { id: node.id, caption: caption(node), url: node.url }, classes: classes.join(" ") });
  }
  for (const edge of data.edges) {
    const classes = [edge.kind];
    if (edge.highlighted) classes.push("evidence");
    elements.push({ group: "edges", data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label }, classes: classes.join(" ") });
  }

  // a larger structure gets a taller canvas so that its names stay readable
  box.style.height = Math.min(760, 420 + 14 * Math.max(0, data.nodes.length - 8)) + "px";
  const cy = cytoscape({
    container: box,
    elements,
    minZoom: 0.3,
    maxZoom: 2.5,
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
        label: "data(caption)", "text-wrap": "wrap", "text-max-width": "128px", "font-size": 12,
        "text-valign": "center", "text-halign": "center", color: "#1d2733", "min-zoomed-font-size": 5,
        width: 140, height: 56, "border-width": 1.5, "background-color": "#e6eef7", "border-color": "#6b8bb0" } },
      { selector: "node.company", style: { shape: "round-rectangle" } },
      { selector: "node.person", style: { shape: "ellipse", "background-color": "#f3ecf8", "border-color": "#8d72a8", width: 132 } },
      { selector: "node.party", style: { height: 66, "border-width": 3, "border-color": "#1d2733", "font-weight": "bold", "background-color": "#ffffff" } },
      { selector: "node.evidence", style: { "border-color": EVIDENCE, "border-width": 3, "background-color": "#fff1e6" } },
      { selector: "node.party.evidence", style: { "border-width": 4 } },
      { selector: "edge", style: {
        width: 1.5, "line-color": "#9aa9b8", "target-arrow-color": "#9aa9b8", "target-arrow-shape": "triangle",
        "curve-style": "bezier", label: "data(label)", "font-size": 10, color: "#3d4b5a",
        "text-background-color": "#ffffff", "text-background-opacity": 0.9, "text-background-padding": 2,
        "text-rotation": "autorotate" } },
      { selector: "edge.control", style: { "line-style": "dashed" } },
      { selector: "edge.family", style: { "line-style": "dashed", "target-arrow-shape": "none" } },
      { selector: "edge.tie, edge.officer", style: { "line-style": "dotted" } },
      { selector: "edge.evidence", style: { width: 3.5, "line-color": EVIDENCE, "target-arrow-color": EVIDENCE, color: "#8a3000" } },
    ],
    layout: {
      name: "breadthfirst",
      directed: false,
      roots: Array.from(parties).map((id) => "#" + CSS.escape(id)).join(", "),
      spacingFactor: 1,
      avoidOverlapPadding: 14,
      padding: 24,
      avoidOverlap: true,
      // breadthfirst puts its roots at the top: turn it over so owners stand above what they own
      transform: (node, position) => ({ x: position.x, y: -position.y }),
    },
  });
  cy.on("tap", "node", (event) => {
    const url = event.target.data("url");
    if (url) window.location.assign(url);
  });
  cy.on("mouseover", "node", () => { box.style.cursor = "pointer"; });
  cy.on("mouseout", "node", () => { box.style.cursor = ""; });
  box.dataset.nodeCount = String(cy.nodes().length);
  box.dataset.edgeCount = String(cy.edges().length);
})();
