/* Client-side search of the site (briefs, actors, agenda items).
 *
 * The index (search/index.json) is written at build time; nothing leaves the
 * site. Every URL is relative to the page, so the site works under any path
 * prefix. Results are built with textContent, never as HTML. Keyboard: type in
 * the box, ArrowDown (or Tab) moves into the results, ArrowUp/ArrowDown move
 * between them, Escape returns to the box, Enter follows a link.
 */
(function () {
  "use strict";

  var form = document.getElementById("search");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var indexUrl = form.getAttribute("data-index");
  var docs = null;
  var pending = null;
  var LIMIT = 20;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function terms(query) {
    return fold(query).split(/[^\p{L}\p{N}\p{M}]+/u).filter(function (t) { return t.length > 0; });
  }

  function load() {
    if (!pending) {
      pending = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          docs = data.docs.map(function (d) {
            d.titleIndex = " " + d.title_words;
            d.wordIndex = " " + d.words;
            return d;
          });
          return docs;
        });
    }
    return pending;
  }

  function score(doc, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var needle = " " + words[i];
      if (doc.titleIndex.indexOf(needle) >= 0) {
        total += 3;
      } else if (doc.wordIndex.indexOf(needle) >= 0) {
        total += 1;
      } else {
        return 0;
      }
    }
    return total;
  }

  function search(query) {
    var words = terms(query);
    if (!words.length) { return null; }
    var found = [];
    docs.forEach(function (doc, position) {
      var s = score(doc, words);
      if (s > 0) { found.push({ doc: doc, score: s, position: position }); }
    });
    found.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return found;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function show(query) {
    var found = search(query);
    list.textContent = "";
    if (found === null) {
      status.textContent = "";
      return;
    }
    found.slice(0, LIMIT).forEach(function (hit) {
      var doc = hit.doc;
      var item = element("li", "result");
      var link = element("a", "result-link");
      link.href = doc.url;
      link.appendChild(element("span", "result-kind", doc.kind));
      link.appendChild(document.createTextNode(" "));
      link.appendChild(element("span", "result-title", doc.title));
      item.appendChild(link);
      var about = [doc.date, doc.text].filter(Boolean).join(" — ");
      if (about) { item.appendChild(element("p", "result-text", about)); }
      list.appendChild(item);
    });
    var n = found.length;
    var message = n === 0 ? "No results for “" + query.trim() + "”."
      : n === 1 ? "1 result."
      : n + " results" + (n > LIMIT ? ", showing the first " + LIMIT : "") + ".";
    status.textContent = message;
  }

  function run() {
    var query = input.value;
    return load().then(function () { show(query); }, function () {
      status.textContent = "Search is unavailable: the search index could not be loaded.";
    });
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", function () { load().catch(function () {}); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var first = links()[0];
      if (first) { event.preventDefault(); first.focus(); }
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (at < 0) { return; }
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (at > 0 ? all[at - 1] : input).focus();
    } else if (event.key === "Escape") {
      event.preventDefault();
      input.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run().then(function () {
      var first = links()[0];
      if (first) { first.focus(); }
    });
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
}());
