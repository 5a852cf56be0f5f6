// Writes static/vendor/world-atlas/region-50m.geojson: the Natural Earth countries of the
// vendored world-atlas that reach into the wider region of the conflict, as GeoJSON, so the
// server can draw the map's outlines for readers without JavaScript.
// Run through `npm run vendor`.
"use strict";
const fs = require("fs");
const topojson = require("topojson-client");

const [WEST, SOUTH, EAST, NORTH] = [20, 20, 60, 50];
const world = JSON.parse(fs.readFileSync("node_modules/world-atlas/countries-50m.json", "utf8"));
const countries = topojson.feature(world, world.objects.countries);

function reachesRegion(geometry) {
  const stack = [geometry.coordinates];
  while (stack.length) {
    const item = stack.pop();
    if (typeof item[0] === "number") {
      if (item[0] >= WEST && item[0] <= EAST && item[1] >= SOUTH && item[1] <= NORTH) return true;
    } else {
      stack.push(...item);
    }
  }
  return false;
}

countries.features = countries.features.filter((f) => f.geometry && reachesRegion(f.geometry));
fs.writeFileSync("static/vendor/world-atlas/region-50m.geojson", JSON.stringify(countries));
console.log(`${countries.features.length} countries written`);
