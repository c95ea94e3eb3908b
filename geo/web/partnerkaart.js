/* Partnerkaart: polygons arrive as whole-number steps on a grid (geo/maps/compact_geometry.py);
   they are turned back into GeoJSON coordinates before Leaflet reads a layer. */
(function () {
  "use strict";
  function ring(steps, scale) {
    var points = [], x = 0, y = 0;
    for (var i = 0; i + 1 < steps.length; i += 2) {
      x += steps[i];
      y += steps[i + 1];
      points.push([x / scale, y / scale]);
    }
    return points;
  }
  function rings(list, scale) {
    return list.map(function (steps) { return ring(steps, scale); });
  }
  function geometry(shape, scale) {
    if (!shape || !shape.stappen) return shape;
    return {type: shape.type, coordinates: shape.type === "Polygon" ? rings(shape.stappen, scale)
      : shape.stappen.map(function (polygon) { return rings(polygon, scale); })};
  }
  function decode(data) {
    if (!data || data.type !== "FeatureCollection" || !data.schaal) return data;
    return {type: "FeatureCollection", features: data.features.map(function (feature) {
      var plain = {type: "Feature", properties: feature.properties, geometry: geometry(feature.geometry, data.schaal)};
      if (feature.id !== undefined) plain.id = feature.id;
      return plain;
    })};
  }
  var addData = L.GeoJSON.prototype.addData;
  L.GeoJSON.prototype.addData = function (data) { return addData.call(this, decode(data)); };
})();
