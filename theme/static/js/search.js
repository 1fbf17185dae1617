// The search page: queries the static search index (Pagefind) in the browser.
// The index of each language comes in parts (years, or quarters and months of a
// large year, and the pages), listed in pagefind/<lang>.json, newest first: the
// newest part is loaded and the others are merged into it. Newest first, the
// first ten results mostly come from the newest part (or two or three, early in a
// year): they show before the other parts are merged, which on a phone's
// connection is most of the wait, and the count follows when every part is
// searched. Results show the title, the date as
// the portal prints it, the lead or an excerpt with the words found marked, and
// the category; newest first, or best match first. Filters (category, tag, year)
// are checkboxes.
// Every text comes from the page (data-text-* attributes, from the catalogs).
(function () {
  "use strict";
  var app = document.getElementById("search-app");
  if (!app || !("noModule" in HTMLScriptElement.prototype)) return;
  var form = document.querySelector(".search-form");
  var field = document.getElementById("search-q");
  var sortSelect = document.getElementById("search-sort");
  var filterBox = document.getElementById("search-filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var PAGE = 10;
  var first = null;
  var loading = null;
  var firstSearch = null;  // the page's first search, which the filters wait for
  var latest = 0;
  var chosen = {};

  document.querySelectorAll("[data-search-no-script]").forEach(function (note) {
    note.hidden = true;
  });
  app.hidden = false;

  function text(name, count) {
    return (app.dataset["text" + name] || "").replace("%(count)s", String(count));
  }

  function sitePath() {
    return new URL(app.dataset.site, window.location.href).pathname;
  }

  // The newest part, loaded once: {engine, rest: the other parts' names, newest
  // first, merges: the merges of the first of them, made one after the other}.
  function newest() {
    if (!first) first = loadNewest();
    return first;
  }

  // Every part, merged once, by whichever asks first (the filters or a search).
  // A search started after this asks Pagefind for every part (mergeIndex adds a
  // part to the engine's searches at once, before it is loaded).
  function load() {
    if (!loading) {
      loading = newest().then(function (loaded) {
        var others = loaded.rest.slice(loaded.merges.length).map(function (part) {
          return merge(loaded, part);
        });
        return Promise.all(loaded.merges.concat(others)).then(function () {
          return loaded.engine;
        });
      });
    }
    return loading;
  }

  function merge(loaded, part) {
    return loaded.engine.mergeIndex(app.dataset.parts + part + "/", { baseUrl: sitePath() });
  }

  // The newest ``count`` parts after the first, merged in order (each once).
  function mergedNewest(loaded, count) {
    while (loaded.merges.length < count) {
      var part = loaded.rest[loaded.merges.length];
      var before = loaded.merges[loaded.merges.length - 1] || Promise.resolve();
      loaded.merges.push(before.then(merge.bind(null, loaded, part)));
    }
    return count ? loaded.merges[count - 1] : Promise.resolve();
  }

  function loadNewest() {
    return fetch(app.dataset.index)
      .then(function (response) {
        if (!response.ok) throw new Error("no index");
        return response.json();
      })
      .then(function (manifest) {
        var parts = manifest.parts || [];
        if (!parts.length) throw new Error("empty index");
        return import(app.dataset.parts + parts[0] + "/pagefind.js").then(function (engine) {
          return engine.options({ baseUrl: sitePath(), excerptLength: 24 })
            .then(function () { return engine.init(); })
            .then(function () { return { engine: engine, rest: parts.slice(1), merges: [] }; });
        });
      });
  }

  // Newest first, the results of the newest parts alone (at most EARLY_PARTS, one more
  // at a time: early in a year its part is small), once they have enough for the
  // first page (their months are newer than any other part's); else null. All their
  // searches are made when this resolves (each month's, in order): the other parts
  // may then be merged, and their results are drawn without asking the engine again.
  var EARLY_PARTS = 3;

  function earlyResults(query, filters) {
    if (loading) return Promise.resolve(null);  // every part is in the engine already
    return newest().then(function (loaded) {
      // Never every part: that is the whole search.
      var extra = Math.min(EARLY_PARTS - 1, loaded.rest.length - 1);
      function search(merged) {
        return mergedNewest(loaded, merged).then(function () {
          return ordered(loaded.engine, query, filters, true);
        }).then(function (found) {
          if (found.count >= PAGE) {
            return found.take(0, found.count).then(function () { return found; });
          }
          return merged < extra && !loading ? search(merged + 1) : null;
        });
      }
      return loaded.rest.length ? search(0) : null;  // one part: the whole search is as quick
    });
  }

  // An excerpt is text with <mark> around the words found, < and > written as entities.
  function excerptNode(excerpt) {
    var paragraph = document.createElement("p");
    paragraph.className = "search-result-excerpt";
    excerpt.split(/(<mark>|<\/mark>)/).reduce(function (marked, piece) {
      if (piece === "<mark>") return true;
      if (piece === "</mark>") return false;
      var words = document.createTextNode(piece.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(words);
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(words);
      }
      return marked;
    }, false);
    return paragraph;
  }

  function resultNode(data) {
    var item = document.createElement("li");
    var card = document.createElement("article");
    card.className = "search-result";
    var heading = document.createElement("h2");
    heading.className = "search-result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.appendChild(link);
    card.appendChild(heading);
    if (data.meta.date) {
      var date = document.createElement("p");
      date.className = "dateline";
      date.textContent = data.meta.date;
      card.appendChild(date);
    }
    card.appendChild(excerptNode(data.excerpt || ""));
    if (data.meta.category) {
      var category = document.createElement("p");
      category.className = "search-result-category";
      category.textContent = data.meta.category;
      card.appendChild(category);
    }
    item.appendChild(card);
    return item;
  }

  // Results in the order asked for, fetched as the list needs them. Newest first:
  // the index comes in parts (years, or quarters and months of a large year), and
  // Pagefind sorts within one part only, so each month (newest first, from the
  // counts of the whole search; a part holds whole months) is searched on its own,
  // sorted by date; pages without a date come last. Pagefind counts the months only
  // once the parts' filters are loaded (engine.filters()): else no counts, no order.
  function ordered(engine, query, filters, byDate) {
    var ready = byDate ? engine.filters() : Promise.resolve();
    return ready.then(function () {
      return engine.search(query, { filters: filters });
    }).then(function (all) {
      if (!byDate) return spelledFirst(all.results, query);
      var counts = (all.filters && all.filters.month) || {};
      var months = Object.keys(counts).filter(function (month) { return counts[month] > 0; });
      months.sort().reverse();
      var buffer = [];
      var seen = {};
      function fill(wanted) {
        if (buffer.length >= wanted || !months) return Promise.resolve();
        var month = months.shift();
        var next;
        if (month === undefined) {
          months = null;  // the rest: pages, which have no date
          next = Promise.resolve(all.results);
        } else {
          var oneMonth = Object.assign({}, filters, { month: [month] });
          next = engine.search(query, { filters: oneMonth, sort: { date: "desc" } })
            .then(function (search) { return search.results; });
        }
        return next.then(function (results) {
          results.forEach(function (result) {
            if (!seen[result.id]) { seen[result.id] = true; buffer.push(result); }
          });
          return fill(wanted);
        });
      }
      return {
        count: all.results.length,
        take: function (from, size) {
          return fill(from + size).then(function () { return buffer.slice(from, from + size); });
        },
      };
    });
  }

  // Best match first, and among the best matches the stories that spell the words
  // as typed: "hòa giải" and "hoà giải" (two tone styles) find the same stories,
  // but a reader who typed one sees the stories written that way first.
  var EXACT_AMONG = 20;

  function spelledFirst(results, query) {
    var wanted = query.toLocaleLowerCase();
    var top = results.slice(0, EXACT_AMONG);
    var sorted = Promise.all(top.map(function (result) { return result.data(); }))
      .then(function (found) {
        var exact = [];
        var other = [];
        found.forEach(function (data, number) {
          var text = ((data.meta.title || "") + " " + (data.content || "")).toLocaleLowerCase();
          (text.normalize("NFC").indexOf(wanted) >= 0 ? exact : other).push(top[number]);
        });
        return exact.concat(other, results.slice(EXACT_AMONG));
      });
    return {
      count: results.length,
      take: function (from, size) {
        return sorted.then(function (list) { return list.slice(from, from + size); });
      },
    };
  }

  function announce(count) {
    status.textContent = count === 0 ? text("None") : count === 1 ? text("One") : text("Many", count);
  }

  // One search's list: the results it draws from (the newest part's, then the whole
  // search's, whose first results are the same: every other part is older), how many
  // are shown, its button for more, and its drawing, one batch after the other.
  function newListing(ticket) {
    return { ticket: ticket, found: null, whole: false, shown: 0, button: null,
      drawing: Promise.resolve() };
  }

  function drawMore(listing) {
    listing.drawing = listing.drawing.then(function () {
      var found = listing.found;
      var from = listing.shown;
      return found.take(from, PAGE)
        .then(function (batch) {
          return Promise.all(batch.map(function (result) { return result.data(); }));
        })
        .then(function (items) {
          if (listing.ticket !== latest) return;
          var cards = items.map(resultNode);
          if (from === 0) {
            // The first cards replace the old ones in the same step as the count is
            // announced, so no one sees or hears a count above an empty list.
            list.replaceChildren.apply(list, cards);
            if (listing.whole) announce(found.count);
            else status.textContent = text("SoFar", found.count);
          } else {
            cards.forEach(function (card) { list.appendChild(card); });
          }
          listing.shown = from + cards.length;
          offerMore(listing);
        });
    });
    return listing.drawing;
  }

  // The whole search, once the newest part's results are drawn: the count changes,
  // and the button for more now reaches every result.
  function showWhole(listing, found) {
    listing.drawing = listing.drawing.then(function () {
      if (listing.ticket !== latest) return;
      listing.found = found;
      listing.whole = true;
      announce(found.count);
      offerMore(listing);
    });
    return listing.drawing;
  }

  // The same button stays while there are more results, so that focus stays on it.
  function offerMore(listing) {
    var more = listing.button;
    if (listing.shown >= listing.found.count) {
      if (more) more.remove();
      listing.button = null;
      return;
    }
    if (more) return;
    more = document.createElement("button");
    more.type = "button";
    more.className = "button search-more";
    more.textContent = app.dataset.textMore || "…";
    more.addEventListener("click", function () { drawMore(listing); });
    listing.button = more;
    list.after(more);
  }

  function activeFilters() {
    var filters = {};
    Object.keys(chosen).forEach(function (kind) {
      var values = Object.keys(chosen[kind]).filter(function (value) { return chosen[kind][value]; });
      if (values.length) filters[kind] = { any: values };
    });
    return filters;
  }

  function run() {
    var query = field.value.normalize("NFC").trim();
    var ticket = ++latest;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    document.querySelectorAll(".search-more").forEach(function (button) { button.remove(); });
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = text("Searching");
    var filters = activeFilters();
    var byDate = sortSelect.value === "date";
    var early = byDate ? earlyResults(query, filters) : Promise.resolve(null);
    var listing = newListing(ticket);
    var searched = early
      .then(function (found) {
        if (found && ticket === latest) {
          listing.found = found;
          drawMore(listing);
        }
        // Merged only now: a search asks every part merged into the engine.
        return load()
          .then(function (engine) { return ordered(engine, query, filters, byDate); })
          .then(function (whole) {
            if (listing.found) return showWhole(listing, whole);
            listing.found = whole;
            listing.whole = true;
            return drawMore(listing);
          });
      })
      .catch(function () {
        if (ticket === latest) status.textContent = text("Failed");
      });
    if (!firstSearch) firstSearch = searched;
  }

  function sortedNames(kind, counts) {
    var names = Object.keys(counts);
    if (kind === "year") return names.sort().reverse();
    var lang = document.documentElement.lang || "vi";
    return names.sort(function (a, b) { return a.localeCompare(b, lang); });
  }

  function filterGroup(kind, counts) {
    var group = document.createElement("details");
    group.className = "search-filter";
    var summary = document.createElement("summary");
    summary.textContent = filterBox.dataset["label" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind;
    group.appendChild(summary);
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.className = "visually-hidden";
    legend.textContent = summary.textContent;
    fieldset.appendChild(legend);
    chosen[kind] = {};
    sortedNames(kind, counts).forEach(function (name, number) {
      var id = "filter-" + kind + "-" + number;
      var row = document.createElement("div");
      row.className = "search-filter-option";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.id = id;
      box.value = name;
      box.addEventListener("change", function () {
        chosen[kind][name] = box.checked;
        run();
      });
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = name + " (" + counts[name] + ")";
      row.appendChild(box);
      row.appendChild(label);
      fieldset.appendChild(row);
    });
    group.appendChild(fieldset);
    return group;
  }

  // After the page's first search, if it opened with one: the filters need every part
  // merged, and merging them first would make that search wait for every part.
  function showFilters() {
    return (firstSearch || Promise.resolve()).then(load).then(function (engine) {
      return engine.filters();
    }).then(function (filters) {
      // Documents (vnportal/render/documents.py) add type, issuer and status.
      ["category", "tag", "year", "type", "issuer", "status"].forEach(function (kind) {
        if (filters[kind] && Object.keys(filters[kind]).length) {
          filterBox.appendChild(filterGroup(kind, filters[kind]));
        }
      });
    });
  }

  var typing = null;
  field.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(run, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    run();
  });
  sortSelect.addEventListener("change", run);

  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) field.value = asked;
  if (field.value) run();
  showFilters().catch(function () { /* the status line says it when a search fails */ });
})();
