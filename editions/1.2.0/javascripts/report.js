// Copy buttons for citations and permanent links. Hand-written, not generated.
// Without JavaScript the buttons stay hidden and the text remains selectable.
(function () {
  "use strict";

  function copy(text, button) {
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
      done();
    }
  }

  document.querySelectorAll(".rs-copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.previousElementSibling.innerText.trim(), button);
    });
  });

  document.querySelectorAll(".rs-copy-link").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var link = new URL(button.getAttribute("data-anchor"), document.querySelector("link[rel=canonical]") ? document.querySelector("link[rel=canonical]").href : location.href);
      copy(link.href, button);
    });
  });
})();
