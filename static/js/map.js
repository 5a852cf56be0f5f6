/* Redraws the server-rendered map with country outlines (Natural Earth via world-atlas).
   Everything it needs is served locally; without JavaScript the server's SVG and tables stay. */
(function () {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";
  var dataNode = document.getElementById("map-data");
  var svg = document.getElementById("map-svg");
  if (!dataNode || !svg || !window.d3 || !window.topojson || !window.fetch) return;
  var data = JSON.parse(dataNode.textContent);
  var box = svg.viewBox.baseVal;
  var width = box.width, height = box.height;

  function el(name, attrs, parent) {
    var node = document.createElementNS(SVG_NS, name);
    Object.keys(attrs).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (parent) parent.appendChild(node);
    return node;
  }

  function titled(node, text) {
    el("title", {}, node).textContent = text;
    return node;
  }

  fetch(data.outlines)
    .then(function (response) {
      if (!response.ok) throw new Error("outlines " + response.status);
      return response.json();
    })
    .then(function (world) {
      var e = data.extent; // [west, south, east, north]
      var frame = {
        type: "Polygon",
        coordinates: [[[e[0], e[1]], [e[0], e[3]], [e[2], e[3]], [e[2], e[1]], [e[0], e[1]]]]
      };
      var projection = d3.geoMercator().fitExtent([[4, 4], [width - 4, height - 4]], frame);
      var path = d3.geoPath(projection);
      var countries = topojson.feature(world, world.objects.countries).features;
      var borders = topojson.mesh(world, world.objects.countries, function (a, b) { return a !== b; });

      while (svg.lastChild) svg.removeChild(svg.lastChild);
      titled(svg, "Observation posts and event locations");
      el("rect", { width: width, height: height, "class": "map-sea" }, svg);
      var land = el("g", { "aria-hidden": "true" }, svg);
      countries.forEach(function (feature) {
        var name = (feature.properties && feature.properties.name) || "";
        var cls = "map-land" + (name === "Syria" ? " map-land-syria" : "");
        titled(el("path", { d: path(feature) || "", "class": cls }, land), name);
      });
      el("path", { d: path(borders) || "", "class": "map-border" }, land);

      var biggest = data.places.reduce(function (m, p) { return Math.max(m, p.events); }, 1);
      data.places.forEach(function (place) {
        var xy = projection([place.lon, place.lat]);
        var link = el("a", { href: place.url }, svg);
        var r = 3 + 9 * Math.sqrt(place.events / biggest);
        titled(el("circle", { cx: xy[0], cy: xy[1], r: r.toFixed(1), "class": "map-place" }, link),
          place.name + ": " + place.events + (place.events === 1 ? " event" : " events"));
        if (place.label) {
          var text = el("text", { x: xy[0].toFixed(1), y: xy[1].toFixed(1), dx: r.toFixed(1),
            dy: (-r).toFixed(1), "class": "map-label map-label-place" }, link);
          text.textContent = place.name;
        }
      });
      data.posts.forEach(function (post) {
        var xy = projection([post.lon, post.lat]);
        var link = el("a", { href: post.url }, svg);
        var x = xy[0].toFixed(1), y = xy[1].toFixed(1);
        titled(el("path", { d: "M" + x + "," + y + " m0,-7 l6,11 h-12 z", "class": "map-post map-post-" + post.status_key }, link),
          post.name + " (" + post.status + ")");
        var label = el("text", { x: x, y: y, dx: 8, dy: 4, "class": "map-label" }, link);
        label.textContent = post.name;
      });
      svg.setAttribute("data-outlines", "drawn");
    })
    .catch(function () { /* keep the server-drawn map */ });
})();
