// Live pages: an open page learns of new stories from the server's event stream and offers
// them ("2 new stories"); one click shows them. Without JavaScript the page works as it is.
(function () {
  "use strict";
  var box = document.querySelector("[data-live-events]");
  if (!box || !window.EventSource) return;

  var labels = JSON.parse(box.dataset.liveLabels);
  // The server gives the label for sample counts (data-live-labels), one per plural form of
  // the page's language; the browser picks the form of a count and groups its digits.
  var plural = new Intl.PluralRules(document.documentElement.lang || "en");
  var digits = new Intl.NumberFormat(document.documentElement.lang || "en");
  var banner = box.querySelector(".live-banner");
  var button = banner.querySelector("button");
  var pending = [];

  function label(count) {
    var category = plural.select(count);
    for (var sample in labels) {
      if (plural.select(Number(sample)) === category) {
        return labels[sample].replace(String(sample), digits.format(count));
      }
    }
    return digits.format(count);
  }

  function shown(id) {
    return box.querySelector('[data-story="' + id + '"]');
  }

  function item(story) {
    var li = document.createElement("li");
    li.className = "story-item story-new";
    li.dataset.story = story.id;
    var time = document.createElement("time");
    time.dateTime = story.published_at;
    time.textContent = box.querySelector(".feed-day") ? story.time : story.dateline;
    var link = document.createElement("a");
    link.href = story.url;
    link.textContent = story.headline;
    li.append(time, " ", link);
    if (story.lead) {
      var lead = document.createElement("p");
      lead.className = "lead";
      lead.textContent = story.lead;
      li.append(lead);
    }
    return li;
  }

  function listFor(story) {
    var firstDay = box.querySelector(".feed-day");
    if (!firstDay) return box.querySelector(".story-list");
    if (firstDay.dataset.day === story.day) return firstDay.querySelector(".story-list");
    var day = document.createElement("section");
    day.className = "feed-day";
    day.dataset.day = story.day;
    var heading = document.createElement("h2");
    heading.textContent = story.day_label;
    var list = document.createElement("ul");
    list.className = "story-list";
    day.append(heading, list);
    firstDay.before(day);
    return list;
  }

  function refreshBanner() {
    banner.hidden = pending.length === 0;
    button.textContent = label(pending.length);
  }

  button.addEventListener("click", function () {
    pending.sort(function (a, b) { return a.published_at < b.published_at ? -1 : 1; });
    pending.forEach(function (story) {
      if (!shown(story.id)) listFor(story).prepend(item(story));
    });
    pending = [];
    refreshBanner();
  });

  var source = new EventSource(box.dataset.liveEvents);
  source.addEventListener("published", function (event) {
    var story = JSON.parse(event.data);
    if (shown(story.id) || pending.some(function (p) { return p.id === story.id; })) return;
    pending.push(story);
    refreshBanner();
  });
  source.addEventListener("updated", function (event) {
    var story = JSON.parse(event.data);
    var existing = shown(story.id);
    if (existing) existing.replaceWith(item(story));
    pending = pending.map(function (p) { return p.id === story.id ? story : p; });
  });
  source.addEventListener("removed", function (event) {
    var story = JSON.parse(event.data);
    var existing = shown(story.story_id);
    if (existing) existing.remove();
    pending = pending.filter(function (p) { return p.id !== story.story_id; });
    refreshBanner();
  });
})();
