// policybrief serve: reload this page when a build finishes. Added by the
// preview server only; never part of the published site.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="policybrief-build"]');
  var shown = meta ? meta.getAttribute("content") : null;
  var events = new EventSource("/__policybrief/events");
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      window.location.reload();
    }
  });
})();
