/* Client-side search of the site (briefs, actors, agenda items).
 *
 * The index (search/index.js) is written at build time; nothing leaves the
 * site. It is a script that sets window.policybriefSearch, loaded on first use
 * by a script element rather than fetched, so search works with the site
 * opened from disk (file://) as well as over HTTP. Every URL is relative to the
 * page, so the site works under any path prefix. Results are built with
 * textContent, never as HTML. Keyboard: type in the box, ArrowDown (or Tab)
 * moves into the results, ArrowUp/ArrowDown move between them, Escape returns
 * to the box, Enter follows a link.
 *
 * The query is folded with the table the index carries (index.fold), made by
 * the same Python rules that folded the index (policybrief/site/folding.py):
 * NFC, then each character mapped, dropped or made a space. So a word typed
 * exactly as written (Außenminister, Αθήνας) finds itself, whatever this
 * browser's own case rules are.
 */
(function () {
  "use strict";

  var form = document.getElementById("search");
  if (!form) { return; }
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var indexUrl = form.getAttribute("data-index");
  var GLOBAL = "policybriefSearch";
  var docs = null;
  var table = null;
  var pending = null;
  var LIMIT = 20;
  // Scripts written without spaces between words: a term matches anywhere in
  // a word, not only at its start.
  var UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

  function inRanges(ranges, code) {
    var low = 0;
    var high = ranges.length - 1;
    while (low <= high) {
      var mid = (low + high) >> 1;
      if (code < ranges[mid][0]) { high = mid - 1; }
      else if (code > ranges[mid][1]) { low = mid + 1; }
      else { return true; }
    }
    return false;
  }

  function fold(text) {
    var out = "";
    var chars = Array.from(text.normalize("NFC"));
    for (var i = 0; i < chars.length; i++) {
      var c = chars[i];
      var code = c.codePointAt(0);
      if (Object.prototype.hasOwnProperty.call(table.map, c)) { out += table.map[c]; }
      else if (inRanges(table.drop, code)) { continue; }
      else if (inRanges(table.space, code)) { out += " "; }
      else { out += c; }
    }
    return out;
  }

  function terms(query) {
    return fold(query).split(" ").filter(function (t) { return t.length > 0; });
  }

  function loaded() {
    var data = window[GLOBAL];
    if (!data || !data.docs || !data.fold) { throw new Error("no search index"); }
    table = data.fold;
    docs = data.docs.map(function (d) {
      d.titleIndex = " " + d.title_words;
      d.wordIndex = " " + d.words;
      return d;
    });
    return docs;
  }

  function load() {
    if (!pending) {
      pending = new Promise(function (resolve, reject) {
        if (window[GLOBAL]) { resolve(); return; }
        var script = document.createElement("script");
        script.src = indexUrl;
        script.onload = function () { resolve(); };
        script.onerror = function () { reject(new Error("cannot load " + indexUrl)); };
        document.head.appendChild(script);
      }).then(loaded);
    }
    return pending;
  }

  function score(doc, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var needle = UNSPACED.test(words[i]) ? words[i] : " " + words[i];
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
      // A query of only punctuation folds to no word: say so, or a screen
      // reader hears nothing.
      status.textContent = query.trim() ? "Type letters or digits to search." : "";
      return;
    }
    found.slice(0, LIMIT).forEach(function (hit) {
      var doc = hit.doc;
      var item = element("li", "result");
      var link = element("a", "result-link");
      link.href = doc.url;
      link.appendChild(element("span", "result-kind", doc.kind));
      link.appendChild(document.createTextNode(" "));
      // A hit's words read in their own language and direction: a brief's, else
      // the first strong letter's (an Arabic actor's name).
      var title = element("span", "result-title", doc.title);
      title.dir = doc.dir || "auto";
      if (doc.lang) { title.lang = doc.lang; }
      link.appendChild(title);
      item.appendChild(link);
      var about = [doc.date, doc.text].filter(Boolean).join(" — ");
      if (about) {
        var text = element("p", "result-text", about);
        text.dir = doc.dir || "auto";
        if (doc.lang) { text.lang = doc.lang; }
        item.appendChild(text);
      }
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
