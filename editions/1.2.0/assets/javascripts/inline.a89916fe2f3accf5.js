// Upgrades the static chart images of this page to interactive Vega views
// (tooltips), but only when a reader reaches for a chart: on first hover,
// focus or touch. Until then the page loads no chart JavaScript at all.
(function () {
  "use strict";
  var bundle = null;

  // The static image matching the palette and width: its spec is the one to draw.
  function currentImage(figure) {
    var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
    var narrow = window.matchMedia("(max-width: 720px)").matches;
    var selector = "img" + (dark ? ".rs-only-dark" : ".rs-only-light") + (narrow ? ".rs-narrow" : ".rs-wide");
    return figure.querySelector(selector) || figure.querySelector("img");
  }

  function loadBundle(url) {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  function render(figure) {
    var img = currentImage(figure);
    var specUrl = img.src.replace(/\.svg$/, ".vl.json");
    return fetch(specUrl)
      .then(function (response) { return response.json(); })
      .then(function (spec) {
        var view = figure.querySelector(".rs-chart__view");
        if (!view) {
          view = document.createElement("div");
          view.className = "rs-chart__view";
          view.setAttribute("aria-hidden", "true"); // the image's alt text stays the accessible description
          figure.insertBefore(view, figure.firstChild);
        }
        var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
        // ast + expr: Vega's expression interpreter instead of its eval-based compiler, so the
        // charts run under the site's Content-Security-Policy (no 'unsafe-eval').
        return window.vegaEmbed(view, spec, {
          actions: false, renderer: "svg", tooltip: { theme: dark ? "dark" : "light" },
          ast: true, expr: window.vegaExpressionInterpreter
        });
      })
      .then(function () { figure.classList.add("rs-chart--live"); });
  }

  function upgrade(event) {
    var figure = event.currentTarget;
    if (figure.dataset.state) return;
    figure.dataset.state = "loading";
    var img = figure.querySelector("img");
    loadBundle(new URL("vega.js", img.src).href)
      .then(function () { return render(figure); })
      .then(function () { figure.dataset.state = "live"; })
      .catch(function () { figure.dataset.state = "static"; }); // the static image stays: nothing is lost
  }

  document.querySelectorAll(".rs-chart").forEach(function (figure) {
    ["pointerenter", "focusin", "touchstart"].forEach(function (type) {
      figure.addEventListener(type, upgrade, { passive: true });
    });
  });

  // The palette toggle swaps the static images by CSS; live views are redrawn from the other spec.
  new MutationObserver(function () {
    document.querySelectorAll(".rs-chart--live").forEach(render);
  }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
})();
