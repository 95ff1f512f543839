/* TerriDiag web map: draws the data that webmap.py embeds as JSON.
   Every text from the data goes into the page with textContent, never innerHTML. */
function terridiagMap(map, data, groups) {
  "use strict";
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function popupTable(title, subtitle, rows) {
    var box = el("div", "td-popup");
    box.appendChild(el("div", "td-popup-title", title));
    if (subtitle) { box.appendChild(el("div", "td-popup-sub", subtitle)); }
    var table = el("table");
    rows.forEach(function (row) {
      if (row[1] === null || row[1] === undefined || row[1] === "") { return; }
      var tr = el("tr");
      tr.appendChild(el("th", null, row[0]));
      var td = el("td");
      if (Array.isArray(row[1])) {
        var ul = el("ul");
        row[1].forEach(function (item) { ul.appendChild(el("li", null, item)); });
        td.appendChild(ul);
      } else {
        td.textContent = String(row[1]);
      }
      tr.appendChild(td);
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  var byCode = {};
  var communes = L.geoJSON(data.communes, {
    style: function (f) {
      return {color: "#4d4d4d", weight: 0.8, fillColor: f.properties.c, fillOpacity: 0.8,
              className: f.properties.m ? "td-commune td-masked" : "td-commune"};
    },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      layer.bindPopup(popupTable(p.nom, p.code, p.rows), {maxWidth: 340});
      layer.bindTooltip(el("span", null, p.nom + " — " + p.v), {sticky: true});
      byCode[p.code] = layer;
      var label = L.tooltip({permanent: true, direction: "center", className: "td-label", interactive: false})
        .setLatLng(p.lab).setContent(el("span", null, p.nom));
      groups.labels.addLayer(label);
    }
  });
  groups.communes.addLayer(communes);

  if (data.areas && groups.areas) {
    groups.areas.addLayer(L.geoJSON(data.areas, {
      style: {color: "#2171b5", weight: 1, dashArray: "4 3", fillColor: "#6baed6", fillOpacity: 0.12},
      interactive: false
    }));
  }

  var places = {};
  var txt = data.text;
  Object.keys(data.services).forEach(function (cat) {
    var s = data.services[cat];
    var group = groups.services[cat];
    for (var i = 0; i < s.lat.length; i++) {
      var marker = L.circleMarker([s.lat[i], s.lon[i]], {
        radius: 6, color: "#ffffff", weight: 1.5, fillColor: s.colour, fillOpacity: 1,
        className: "td-place td-cat-" + cat.replace(/[^a-z0-9_]/gi, "_")
      });
      var services = s.services[i] ? s.services[i].split("|").filter(function (x) { return x.trim(); }) : [];
      marker.bindPopup(popupTable(s.name[i], null, [
        [txt.category, s.label], [txt.address, s.address[i]],
        [txt.opening_hours, s.opening_hours[i]], [txt.services_offered, services.length ? services : ""]
      ]), {maxWidth: 320});
      marker.bindTooltip(el("span", null, s.name[i]));
      group.addLayer(marker);
      places[s.row[i]] = {marker: marker, group: group};
    }
  });

  if (data.attribution && map.attributionControl) {
    map.attributionControl.addAttribution(data.attribution);  /* escaped by webmap.py */
  }
  var b = communes.getBounds();
  /* keep the territory clear of the title (top) and, on wide screens, of the legend (right) */
  var wide = map.getSize().x > 900;
  map.fitBounds(b.isValid() ? b : data.bounds, {paddingTopLeft: [16, 70],
    paddingBottomRight: [wide ? 320 : 16, 16], animate: false});

  /* Links to a place or a commune: page.html#place=12, page.html#commune=01001 */
  function openFromHash() {
    var m = /^#(place|commune)=(.+)$/.exec(decodeURIComponent(window.location.hash || ""));
    if (!m) { return; }
    if (m[1] === "place") {
      var p = places[parseInt(m[2], 10)];
      if (p) {
        if (!map.hasLayer(p.group)) { map.addLayer(p.group); }
        p.marker.openPopup();
      }
    } else if (byCode[m[2]]) {
      byCode[m[2]].openPopup();
    }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
}
