(function () {
    "use strict";
    // With no palette stored, Material's script takes the one that matches the system's.
    if (!__md_get("__palette")) {
      var inputs = document.querySelectorAll("[data-md-color-media]");
      for (var i = 0; i < inputs.length; i++) {
        if (matchMedia(inputs[i].getAttribute("data-md-color-media")).matches) {
          ["scheme", "primary", "accent"].forEach(function (key) {
            document.body.setAttribute("data-md-color-" + key, inputs[i].getAttribute("data-md-color-" + key));
          });
          break;
        }
      }
    }
    // Material's script turns the search's share link (javascript:void(0)) into a link to the search; until then, to this page.
    var share = document.querySelector("[data-md-component=search-share]");
    if (share) share.setAttribute("href", location.pathname);
    var waiting = document.querySelector("script[data-rs-later]");
    var events = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll", "focusin"];
    function load() {
      events.forEach(function (type) { removeEventListener(type, load, true); });
      var script = document.createElement("script");
      script.src = waiting.getAttribute("data-src");
      // Material starts on DOMContentLoaded, which has passed: announce it again for the late script.
      script.onload = function () { document.dispatchEvent(new Event("DOMContentLoaded")); };
      document.body.appendChild(script);
    }
    events.forEach(function (type) { addEventListener(type, load, { capture: true, passive: true }); });
  })();
