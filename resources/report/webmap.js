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
  var labels = [];
  var openCommune, nCommunes, b;
  if (data.communes.xy !== undefined) {
    var national = nationalCommunes(data.communes);
    openCommune = national.open;
    nCommunes = national.count;
    b = L.latLngBounds(data.communes.bounds);
  } else {
    var byCode = {};
    var communes = L.geoJSON(data.communes, {
      style: function (f) {
        return {color: "#4d4d4d", weight: 0.8, fillColor: f.properties.c, fillOpacity: 0.8,
                className: f.properties.m ? "td-commune td-masked" : "td-commune"};
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        bindSheet(layer, data.communes, p);
        byCode[p.code] = layer;
        var label = L.tooltip({permanent: true, direction: "center", className: "td-label", interactive: false})
          .setLatLng(p.lab).setContent(el("span", null, p.nom));
        groups.labels.addLayer(label);
        labels.push({tip: label, pr: p.pr || 0});
      }
    });
    openCommune = function (code) { if (byCode[code]) { byCode[code].openPopup(); } };
    nCommunes = communes.getLayers().length;
    b = communes.getBounds();
  }
  /* frame the territory before the communes go on the map: each polygon is then projected once,
     at the zoom it is seen at */
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
  groups.communes.addLayer(national ? national.layer : communes);

  /* A national map (35,000 communes; webmap.py's _national_payload): no Leaflet layer per commune.
     The vertices are decoded in one loop into one Path2D per commune, made once and drawn on a canvas
     of its own at every view, those in view only, class after class (Leaflet's canvas renderer moves
     and scales it while zooming; one Path2D for all the communes of a class is much slower to make);
     the commune under the pointer is found from a grid of the communes' boxes (made at the first
     hover or click) and a point-in-polygon test, and its sheet made then. */
  function nationalCommunes(c) {
    var n = c.rings.length, xy = c.xy, pos = 0;
    var nRings = c.pts.length, nPts = 0, i, j, q;
    for (i = 0; i < nRings; i++) { nPts += c.pts[i]; }
    var coords = new Int32Array(2 * nPts), ringStart = new Int32Array(nRings + 1),
        firstRing = new Int32Array(n + 1), box = new Int32Array(4 * n);
    var paths = new Array(n);
    var x = 0, y = 0, r = 0, k = 0, size = 0;
    function next() {           /* one integer of the encoded polyline (zigzag, 5 bits a character) */
      var result = 0, shift = 0, ch;
      do {
        ch = xy.charCodeAt(pos++) - 63;
        result |= (ch & 31) << shift;
        shift += 5;
      } while (ch >= 32);
      return (result & 1) ? ~(result >> 1) : (result >> 1);
    }
    for (i = 0; i < n; i++) {
      var path = paths[i] = new Path2D(), x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
      firstRing[i] = r;
      for (j = 0; j < c.rings[i]; j++, r++) {
        ringStart[r] = k;
        for (q = 0; q < c.pts[r]; q++, k++) {
          x += next();
          y += next();
          coords[2 * k] = x;
          coords[2 * k + 1] = y;
          if (q === 0) { path.moveTo(x, y); } else { path.lineTo(x, y); }
          if (x < x0) { x0 = x; }
          if (x > x1) { x1 = x; }
          if (y < y0) { y0 = y; }
          if (y > y1) { y1 = y; }
        }
        path.closePath();
      }
      box[4 * i] = x0; box[4 * i + 1] = y0; box[4 * i + 2] = x1; box[4 * i + 3] = y1;
      size += (x1 - x0) + (y1 - y0);
    }
    firstRing[n] = r;
    ringStart[nRings] = k;
    size = n ? size / (2 * n) : 0;          /* a commune's usual width, in units */
    var order = new Int32Array(n);          /* the communes by colour class: one fillStyle per class */
    for (i = 0; i < n; i++) { order[i] = i; }
    order.sort(function (a, b2) { return c.cls[a] - c.cls[b2]; });

    var unit = c.unit, R = L.Projection.SphericalMercator.R;
    var originLL = L.Projection.SphericalMercator.unproject(L.point(c.origin[0], c.origin[1]));
    function toUnits(latlng) {
      var m = L.Projection.SphericalMercator.project(latlng);
      return [(m.x - c.origin[0]) / unit, (c.origin[1] - m.y) / unit];
    }
    function toLatLng(u, w) {
      return L.Projection.SphericalMercator.unproject(L.point(c.origin[0] + u * unit, c.origin[1] - w * unit));
    }
    var hatch = document.createElement("canvas");      /* the masked communes' hatching */
    hatch.width = hatch.height = 8;
    var hctx = hatch.getContext("2d");
    hctx.fillStyle = c.colours[c.masked_cls];
    hctx.fillRect(0, 0, 8, 8);
    hctx.strokeStyle = "#6e6e6e";
    hctx.lineWidth = 2.5;
    hctx.beginPath();
    hctx.moveTo(-2, 2); hctx.lineTo(2, -2); hctx.moveTo(-2, 10); hctx.lineTo(10, -2); hctx.moveTo(6, 10); hctx.lineTo(10, 6);
    hctx.stroke();

    var Layer = L.Canvas.extend({
      _updatePaths: function () { this._draw(); },
      _redraw: function () { this._draw(); },
      _draw: function () {
        if (!this._map || !this._ctx) { return; }
        var ctx = this._ctx, zoom = this._map.getZoom();
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, this._container.width, this._container.height);
        ctx.restore();
        /* layer pixels of the origin, and pixels per unit at this zoom (Leaflet's EPSG:3857) */
        var p0 = this._map.project(originLL, zoom).subtract(this._map.getPixelOrigin());
        var s = this._map.options.crs.scale(zoom) * unit / (2 * Math.PI * R);
        ctx.save();
        ctx.transform(s, 0, 0, s, p0.x, p0.y);
        ctx.globalAlpha = 0.8;
        var pattern = ctx.createPattern(hatch, "repeat");
        if (pattern.setTransform && window.DOMMatrix) { pattern.setTransform(new DOMMatrix().scale(1 / s)); }
        /* the communes in view (in units), and those of them drawn, class after class */
        var bb = this._bounds, u0 = (bb.min.x - p0.x) / s, w0 = (bb.min.y - p0.y) / s,
            u1 = (bb.max.x - p0.x) / s, w1 = (bb.max.y - p0.y) / s, shown = [], o, a, ci = -1;
        for (o = 0; o < n; o++) {
          a = order[o];
          if (box[4 * a] > u1 || box[4 * a + 2] < u0 || box[4 * a + 1] > w1 || box[4 * a + 3] < w0) { continue; }
          shown.push(a);
          if (c.cls[a] !== ci) {
            ci = c.cls[a];
            ctx.fillStyle = ci === c.masked_cls ? pattern : c.colours[ci];
          }
          ctx.fill(paths[a]);
        }
        /* outlines once the communes are big enough on screen to be told apart (none at national zoom) */
        var px = size * s;
        if (px >= 8) {
          ctx.globalAlpha = 1;
          ctx.strokeStyle = "#4d4d4d";
          ctx.lineWidth = (px >= 30 ? 0.8 : 0.4) / s;
          ctx.lineJoin = "round";
          for (o = 0; o < shown.length; o++) { ctx.stroke(paths[shown[o]]); }
        }
        ctx.restore();
      }
    });
    if (!map.getPane("tdCommunes")) {
      map.createPane("tdCommunes").style.zIndex = 350;     /* under the other layers (overlay pane: 400) */
    }
    var layer = new Layer({pane: "tdCommunes"});

    var grid = null, G = 128, gx = 1, gy = 1;
    function buildGrid() {
      var maxX = 1, maxY = 1, a, g, u, w;
      for (a = 0; a < n; a++) { maxX = Math.max(maxX, box[4 * a + 2]); maxY = Math.max(maxY, box[4 * a + 3]); }
      gx = (maxX + 1) / G; gy = (maxY + 1) / G;
      grid = [];
      for (g = 0; g < G * G; g++) { grid.push([]); }
      for (a = 0; a < n; a++) {
        var u0 = Math.max(0, Math.floor(box[4 * a] / gx)), u1 = Math.min(G - 1, Math.floor(box[4 * a + 2] / gx));
        var w0 = Math.max(0, Math.floor(box[4 * a + 1] / gy)), w1 = Math.min(G - 1, Math.floor(box[4 * a + 3] / gy));
        for (w = w0; w <= w1; w++) { for (u = u0; u <= u1; u++) { grid[w * G + u].push(a); } }
      }
    }
    function inside(a, u, w) {
      var ins = false;
      for (var rr = firstRing[a]; rr < firstRing[a + 1]; rr++) {
        var s0 = ringStart[rr], e0 = ringStart[rr + 1];
        for (var m = s0, l = e0 - 1; m < e0; l = m++) {
          var xi = coords[2 * m], yi = coords[2 * m + 1], xj = coords[2 * l], yj = coords[2 * l + 1];
          if ((yi > w) !== (yj > w) && u < (xj - xi) * (w - yi) / (yj - yi) + xi) { ins = !ins; }
        }
      }
      return ins;
    }
    function at(latlng) {       /* the commune under latlng, -1 if none */
      if (!grid) { buildGrid(); }
      var p = toUnits(latlng), gu = Math.floor(p[0] / gx), gw = Math.floor(p[1] / gy);
      if (gu < 0 || gw < 0 || gu >= G || gw >= G) { return -1; }
      var cell = grid[gw * G + gu];
      for (var a = 0; a < cell.length; a++) {
        var o = cell[a];
        if (p[0] >= box[4 * o] && p[0] <= box[4 * o + 2] && p[1] >= box[4 * o + 1] && p[1] <= box[4 * o + 3] &&
            inside(o, p[0], p[1])) { return o; }
      }
      return -1;
    }
    function text(column, a) { return column.u[column.i[a]]; }
    function sheet(a, latlng) {
      L.popup({maxWidth: 340}).setLatLng(latlng).setContent(popupTable(c.nom[a], c.code[a],
        c.fields.map(function (label, f) { return [label, text(c.vals[f], a)]; }))).openOn(map);
    }
    var labPts = null;
    function labelPoint(a) {          /* a point inside commune a (decoded at the first need) */
      if (!labPts) {
        labPts = new Float64Array(2 * n);
        var save = pos, u = 0, w = 0;
        xy = c.lab; pos = 0;
        for (var e = 0; e < n; e++) { u += next(); w += next(); labPts[2 * e] = u; labPts[2 * e + 1] = w; }
        xy = c.xy; pos = save;
      }
      return toLatLng(labPts[2 * a], labPts[2 * a + 1]);
    }
    var tip = L.tooltip({direction: "top", offset: [0, -6]}), hovered = -1;
    function unhover() {
      if (hovered >= 0) { map.closeTooltip(tip); hovered = -1; }
    }
    map.on("mousemove", function (e) {
      if (!map.hasLayer(layer) || map.dragging && map.dragging.moving && map.dragging.moving()) { unhover(); return; }
      var a = at(e.latlng);
      if (a < 0) { unhover(); return; }
      if (a !== hovered) {
        tip.setContent(el("span", null, c.nom[a] + " — " + text(c.v, a)));
        hovered = a;
      }
      tip.setLatLng(e.latlng);
      if (!map.hasLayer(tip)) { map.openTooltip(tip); }
    });
    map.on("mouseout", unhover);
    map.on("click", function (e) {
      if (!map.hasLayer(layer)) { return; }
      var a = at(e.latlng);
      if (a >= 0) { sheet(a, e.latlng); }
    });
    /* the names of the most populated communes, made when the names layer is first shown */
    groups.labels.once("add", function () {
      c.labels.forEach(function (a, rank) {
        var label = L.tooltip({permanent: true, direction: "center", className: "td-label", interactive: false})
          .setLatLng(labelPoint(a)).setContent(el("span", null, c.nom[a]));
        groups.labels.addLayer(label);
        labels.push({tip: label, pr: rank});
      });
    });
    var index = null;
    return {
      layer: layer, count: n,
      open: function (code) {
        if (!index) { index = {}; c.code.forEach(function (cd, a) { index[cd] = a; }); }
        if (index[code] !== undefined) { sheet(index[code], labelPoint(index[code])); }
      }
    };
  }

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
    } else {
      openCommune(m[2]);
    }
  }
  window.addEventListener("hashchange", openFromHash);
  /* after the page's other scripts: the layer switcher (built after this function) takes the
     hidden categories off the map, and must not take off the one a link has just opened */
  window.setTimeout(openFromHash, 0);

  /* For tests and benchmarks: the number of communes on the map, then, once a frame with them
     has been painted, the time since navigation started (performance.now()). */
  var root = document.documentElement;
  root.setAttribute("data-td-communes", String(nCommunes));
  root.setAttribute("data-td-renderer", national || map.options.preferCanvas ? "canvas" : "svg");
  window.requestAnimationFrame(function () {
    window.requestAnimationFrame(function () {
      root.setAttribute("data-td-drawn", String(Math.round(performance.now())));
    });
  });
}
