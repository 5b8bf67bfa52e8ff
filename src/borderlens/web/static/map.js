// The route map of a case (Leaflet, no tile layer): world-atlas countries as the base layer,
// origin and departure highlighted, the border post as a circle, the route as lines.
(function () {
  const box = document.getElementById("route-map");
  const route = window.borderlensCase && window.borderlensCase.data("route-data");
  if (!box || !route || typeof L === "undefined" || typeof topojson === "undefined") return;

  const COLOURS = { origin: "#f2a65a", departure: "#5b9bd5", both: "#9b7fd1" };
  const map = L.map(box, { zoomSnap: 0.25, worldCopyJump: false, attributionControl: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Borders: Natural Earth (world-atlas)");
  map.setView([30, 30], 2);

  const roles = {};
  if (route.origin && route.origin.numeric) roles[route.origin.numeric] = "origin";
  if (route.departure && route.departure.numeric) {
    const same = roles[route.departure.numeric] === "origin";
    roles[route.departure.numeric] = same ? "both" : "departure";
  }

  // The centre of a country's largest polygon: where its route line starts.
  function anchor(feature) {
    const geometry = feature.geometry;
    const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    let best = null;
    for (const polygon of polygons) {
      const ring = polygon[0];
      let area = 0, x = 0, y = 0;
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
        area += cross;
        x += (ring[j][0] + ring[i][0]) * cross;
        y += (ring[j][1] + ring[i][1]) * cross;
      }
      if (area !== 0 && (!best || Math.abs(area) > best.area)) best = { area: Math.abs(area), lat: y / (3 * area), lng: x / (3 * area) };
    }
    return best ? L.latLng(best.lat, best.lng) : null;
  }

  function label(point, text, colour) {
    L.circleMarker(point, { radius: 5, color: "#1d2733", weight: 1, fillColor: colour, fillOpacity: 1 })
      .bindTooltip(text, { permanent: true, direction: "right", className: "route-label" }).addTo(map);
  }

  fetch(box.dataset.countries, { credentials: "same-origin" })
    .then((response) => response.json())
    .then((world) => {
      const anchors = {};
      const countries = L.geoJSON(topojson.feature(world, world.objects.countries), {
        style: (feature) => {
          const role = roles[feature.id];
          return role
            ? { color: "#39434d", weight: 1, fillColor: COLOURS[role], fillOpacity: 0.85 }
            : { color: "#a9b4bf", weight: 0.6, fillColor: "#f6f4ef", fillOpacity: 1 };
        },
        onEachFeature: (feature, layer) => {
          if (roles[feature.id]) anchors[feature.id] = anchor(feature);
          layer.bindTooltip(feature.properties.name, { sticky: true });
        },
      }).addTo(map);
      const points = [];
      const origin = route.origin && anchors[route.origin.numeric];
      const departure = route.departure && anchors[route.departure.numeric];
      const post = route.post ? L.latLng(route.post.latitude, route.post.longitude) : null;
      const start = departure || origin;
      if (origin && departure && route.origin.code !== route.departure.code) {
        L.polyline([origin, departure], { color: "#8a5a00", weight: 2.5, dashArray: "6 6" }).addTo(map);
      }
      if (start && post) L.polyline([start, post], { color: "#1d2733", weight: 3 }).addTo(map);
      const same = route.origin && route.departure && route.origin.code === route.departure.code;
      if (origin) {
        const text = (same ? "Origin and departure: " : "Origin: ") + route.origin.name;
        label(origin, text, same ? COLOURS.both : COLOURS.origin);
        points.push(origin);
      }
      if (departure && !same) {
        label(departure, "Departure: " + route.departure.name, COLOURS.departure); points.push(departure);
      }
      if (post) {
        L.circleMarker(post, { radius: 8, color: "#ffffff", weight: 2, fillColor: "#c62828", fillOpacity: 1 })
          .bindTooltip(route.post.name + " (" + route.post.post_id + ")", { permanent: true, direction: "top", offset: [0, -8], className: "route-label" })
          .addTo(map);
        points.push(post);
      }
      if (points.length > 1) map.fitBounds(L.latLngBounds(points), { padding: [150, 60], maxZoom: 6 });
      else if (points.length === 1) map.setView(points[0], 5);
      box.dataset.countryCount = String(countries.getLayers().length);
      box.dataset.ready = "true";
    })
    .catch((error) => {
      box.dataset.ready = "failed";
      console.error("the country layer did not load", error);
    });
})();
