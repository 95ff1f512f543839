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

  /* A popup's table and a tooltip's text are made when first opened, not for every polygon up
     front (a national map has 35,000 communes): the field labels come once per layer ("fields"),
     each feature carries its values ("vals") in the same order. */
  function bindSheet(layer, collection, p) {
    layer.bindPopup(function () {
      return popupTable(p.nom, p.code, collection.fields.map(function (label, i) { return [label, p.vals[i]]; }));
    }, {maxWidth: 340});
    layer.bindTooltip(function () { return el("span", null, p.nom + " — " + p.v); }, {sticky: true});
  }
  var byCode = {};
  var labels = [];
  /* a large run: only the names of the most populated communes become labels ("labelMax") */
  var labelMax = (data.labelMax === null || data.labelMax === undefined) ? Infinity : data.labelMax;
  var communes = L.geoJSON(data.communes, {
    style: function (f) {
      return {color: "#4d4d4d", weight: 0.8, fillColor: f.properties.c, fillOpacity: 0.8,
              className: f.properties.m ? "td-commune td-masked" : "td-commune"};
    },
    onEachFeature: function (f, layer) {
      var p = f.properties;
      bindSheet(layer, data.communes, p);
      byCode[p.code] = layer;
      if ((p.pr || 0) >= labelMax) { return; }
      var label = L.tooltip({permanent: true, direction: "center", className: "td-label", interactive: false})
        .setLatLng(p.lab).setContent(el("span", null, p.nom));
      groups.labels.addLayer(label);
      labels.push({tip: label, pr: p.pr || 0});
    }
  });
  /* frame the territory before the communes go on the map: each polygon is then projected once,
     at the zoom it is seen at (35,000 of them take a second to project) */
  var b = communes.getBounds();
  var touched = false, fitting = false;
  function fit() {
    /* keep the territory clear of the title (top) and, on wide screens, of the legend (right) */
    var wide = map.getSize().x > 900;
    fitting = true;
    map.fitBounds(b.isValid() ? b : data.bounds, {paddingTopLeft: [16, 70],
      paddingBottomRight: [wide ? 320 : 16, 16], animate: false});
    fitting = false;
  }
  fit();
  groups.communes.addLayer(communes);

  /* the IRIS of the communes split into IRIS: their own colours, a sheet per IRIS in the popup */
  if (data.iris && groups.iris) {
    groups.iris.addLayer(L.geoJSON(data.iris, {
      style: function (f) {
        return {color: "#4d4d4d", weight: 0.6, fillColor: f.properties.c, fillOpacity: 0.85,
                className: f.properties.m ? "td-iris td-masked" : "td-iris"};
      },
      onEachFeature: function (f, layer) { bindSheet(layer, data.iris, f.properties); }
    }));
  }
  /* the IRIS in a priority neighbourhood: a purple outline over the map, not clickable */
  if (data.qpv && groups.qpv) {
    groups.qpv.addLayer(L.geoJSON(data.qpv, {
      style: {color: "#6a3d9a", weight: 2, dashArray: "5 3", fill: false, className: "td-qpv"},
      interactive: false
    }));
  }

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
  /* until someone moves the map, a new window size frames the territory again */
  map.on("dragstart", function () { touched = true; });
  map.on("zoomstart", function () { if (!fitting) { touched = true; } });

  /* Commune names never overlap: bigger communes first (rank "pr" from webmap.py); a name that
     would touch one already placed is tried on two lines, then hidden at this zoom (zooming in
     shows it; hovering the commune always gives its name). */
  labels.sort(function (a, b) { return a.pr - b.pr; });
  function overlaps(r, s) {
    return r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom;
  }
  function box(node) {
    var b = node.getBoundingClientRect();
    return {left: b.left - 3, right: b.right + 3, top: b.top - 1, bottom: b.bottom + 1};
  }
  function declutter() {
    if (!map.hasLayer(groups.labels)) { return; }
    var placed = [];
    function free(r) { return !placed.some(function (s) { return overlaps(r, s); }); }
    labels.forEach(function (l) {
      var node = l.tip.getElement();
      if (!node) { return; }
      node.classList.remove("td-label-hidden");
      if (node.classList.contains("td-label-wrap")) { node.classList.remove("td-label-wrap"); l.tip.update(); }
      var r = box(node);
      if (!free(r) && /[\s-]/.test(node.textContent)) {
        node.classList.add("td-label-wrap");
        l.tip.update();              /* Leaflet centres the narrower, taller label again */
        r = box(node);
      }
      if (free(r)) {
        placed.push(r);
      } else {
        node.classList.remove("td-label-wrap");
        l.tip.update();
        node.classList.add("td-label-hidden");
      }
    });
  }
  map.on("zoomend", declutter);
  map.on("resize", function () { if (!touched) { fit(); } declutter(); });
  map.on("layeradd", function (e) { if (e.layer === groups.labels) { declutter(); } });
  declutter();

  /* The legend greys out the place categories whose layer is off (the switcher turns them on). */
  var legendRows = {};
  Array.prototype.forEach.call(document.querySelectorAll("#td-legend .td-cat"), function (row) {
    legendRows[row.getAttribute("data-cat")] = row;
  });
  Object.keys(groups.services).forEach(function (cat) {
    var group = groups.services[cat];
    function sync() {
      if (legendRows[cat]) { legendRows[cat].classList.toggle("td-off", !map.hasLayer(group)); }
    }
    group.on("add remove", sync);
  });

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
  /* after the page's other scripts: the layer switcher (built after this function) takes the
     hidden categories off the map, and must not take off the one a link has just opened */
  window.setTimeout(openFromHash, 0);

  /* For tests and benchmarks: the number of communes on the map, then, once a frame with them
     has been painted, the time since navigation started (performance.now()). */
  var root = document.documentElement;
  root.setAttribute("data-td-communes", String(communes.getLayers().length));
  root.setAttribute("data-td-renderer", map.options.preferCanvas ? "canvas" : "svg");
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () {
      root.setAttribute("data-td-drawn", String(Math.round(performance.now())));
    });
  });
}
