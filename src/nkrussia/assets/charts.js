/* nkrussia: swap each figure's static drawing for the live chart once it scrolls into view.
   The chart library (vega-embed) is loaded only then, from the file next to the page, so the
   page paints without it; without JavaScript, or if the file is missing, the static drawing
   stays. */
(function () {
  "use strict";
  document.documentElement.classList.add("nk-scripted");
  var figures = Array.prototype.slice.call(document.querySelectorAll("figure.nk-figure"));
  var waiting = [], loading = false, failed = false;
  var src = document.documentElement.getAttribute("data-chart-library");

  function withLibrary(callback) {
    if (window.vegaEmbed) { callback(); return; }
    if (failed || !src) { return; }
    waiting.push(callback);
    if (loading) { return; }
    loading = true;
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () { waiting.splice(0).forEach(function (cb) { cb(); }); };
    s.onerror = function () { failed = true; };
    document.head.appendChild(s);
  }

  function formatted(name, value) {
    var n = Number(value);
    if (/pay/i.test(name)) { return "$" + n.toLocaleString("en-US"); }
    if (/share/i.test(name)) { return n.toLocaleString("en-US") + "%"; }
    return n.toLocaleString("en-US");
  }

  function draw(figure) {
    var specTag = figure.querySelector("script.nk-spec");
    var live = figure.querySelector(".nk-live");
    if (!specTag || !live) { return; }
    var specs = JSON.parse(specTag.textContent);
    var narrow = figure.clientWidth < 520;
    var spec = Object.assign({}, narrow ? specs.narrow : specs.wide, {datasets: specs.datasets});
    var controls = figure.querySelector(".nk-controls");
    var options = { renderer: "svg", actions: false };
    if (controls) { options.bind = controls; }
    window.vegaEmbed(live, spec, options).then(function (res) {
      figure.classList.add("nk-drawn");
      figure.setAttribute("data-drawn", "1");
      if (!controls) { return; }
      var text = figure.querySelector(".nk-live-text");
      var update = function () {
        controls.querySelectorAll(".vega-bind").forEach(function (bind) {
          var input = bind.querySelector("input");
          var out = bind.querySelector("input + span");
          var name = bind.querySelector(".vega-bind-name");
          if (input && out && name) { out.textContent = formatted(name.textContent, input.value); }
        });
        if (!text) { return; }
        var view = res.view;
        var troops = view.signal("troops"), pay = view.signal("pay");
        var share = view.signal("share_pct"), revenue = view.signal("revenue");
        text.textContent = "Your scenario: " + Math.round(troops).toLocaleString("en-US") +
          " soldiers at $" + Math.round(pay).toLocaleString("en-US") + " a month, " + share +
          "% kept by the state: $" + Math.round(revenue / 1e6).toLocaleString("en-US") +
          " million a year.";
      };
      ["troops", "pay", "share_pct", "revenue"].forEach(function (s) {
        try { res.view.addSignalListener(s, update); } catch (e) { /* not this chart */ }
      });
      update();
    }).catch(function (e) {
      figure.setAttribute("data-error", String(e));
      if (window.console) { console.error("chart " + figure.id + ": " + e); }
    });
  }

  function start(figure) { withLibrary(function () { draw(figure); }); }

  if (!("IntersectionObserver" in window)) { figures.forEach(start); return; }
  var seen = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { seen.unobserve(entry.target); start(entry.target); }
    });
  }, { rootMargin: "300px 0px" });
  figures.forEach(function (f) { if (f.querySelector("script.nk-spec")) { seen.observe(f); } });
})();
