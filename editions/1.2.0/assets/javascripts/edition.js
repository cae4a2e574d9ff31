// The notice of a frozen edition (editions/X/ below the site's root): when the site's versions.json names a
// later edition as the latest, say so on top of the page and link the same page at its latest address.
// The edition's own bytes never change: the notice comes from the latest versions.json, fetched from the
// site's own host (connect-src 'self'). Written into every page of an edition by generator/hosting/freeze.py.
(function () {
  "use strict";
  var script = document.currentScript;
  var found = script && /^(.*\/)editions\/([^/]+)\/assets\/javascripts\/edition\.js(?:[?#].*)?$/.exec(script.src);
  if (!found || !window.fetch) return;
  var root = found[1];
  var version = found[2];
  var editionRoot = new URL("editions/" + version + "/", root);

  function latestOf(versions) {
    for (var i = 0; i < versions.length; i++) {
      if ((versions[i].aliases || []).indexOf("latest") >= 0) return versions[i];
    }
    return versions[0];
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function show(latest) {
    var here = location.pathname.indexOf(editionRoot.pathname) === 0 ? location.pathname.slice(editionRoot.pathname.length) : "";
    var notice = document.createElement("aside");
    notice.className = "md-banner md-banner--warning rs-outdated";
    notice.setAttribute("role", "note");
    notice.setAttribute("data-latest", latest.version);
    var inner = document.createElement("div");
    inner.className = "md-banner__inner md-grid md-typeset";
    inner.appendChild(document.createTextNode("You are reading edition " + version + ", kept as it was published. The latest edition is " + latest.version + ": "));
    inner.appendChild(link(new URL(here, root).href + location.hash, "read this page in the latest edition"));
    inner.appendChild(document.createTextNode(" · "));
    inner.appendChild(link(new URL("changes/", root).href, "what changed"));
    inner.appendChild(document.createTextNode("."));
    notice.appendChild(inner);
    var header = document.querySelector(".md-header");
    if (header && header.parentNode) header.parentNode.insertBefore(notice, header);
    else document.body.insertBefore(notice, document.body.firstChild);
  }

  fetch(new URL("versions.json", root).href, { cache: "no-cache" })
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (versions) {
      var latest = latestOf(versions || []);
      if (latest && latest.version !== version) show(latest);
    })
    .catch(function () { /* offline, or no versions.json: the edition reads as it is */ });
})();
