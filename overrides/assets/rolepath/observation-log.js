/*
 * observation-log.js: the manager guide's observation log (loaded on manager guides only).
 *
 * A manager notes, for one team and ISO week, each person they watched (a label they type)
 * and which behaviours they saw, plus the week's counts. Labels never leave this browser:
 * they live in localStorage, and "Export this week" writes one adoption record of counts
 * only (adoption/<team>/<YYYY>-W<ww>.yml, contract v2), as a download and, where the portal
 * has a GitHub repository, as a pre-filled "new file" page to propose it as a pull request.
 *
 * The page's data comes from data attributes on .rp-log; nothing here knows a URL scheme.
 */
(function () {
  "use strict";

  var tools = window.rolepathTools = window.rolepathTools || {};
  // Instant navigation runs this file again on every visit to a manager guide: the tool is made once.
  if (!tools.observationLog) tools.observationLog = (function () {
    var el, all, nextId, download, t, tn; // rolepath.js's helpers, handed over in enhance()
    function N_(message) { return message; } // marks a string for the catalog; t() translates it where shown

    var STORE_KEY = "rolepath:observations:v1";
    var WEEK_RE = /^\d{4}-W\d{2}$/;
    var COUNTS = [
      ["development_conversations", N_("Development conversations held"), "1"],
      ["barriers_removed", N_("Barriers removed"), "1"],
      ["practice_hours", N_("Practice hours (the whole team)"), "0.5"],
      ["experiments", N_("Experiments run"), "1"],
      ["process_changes", N_("Process changes shipped"), "1"],
      ["recognitions", N_("Recognitions that cited a new skill"), "1"]
    ];




    // ---- the week, as ISO 8601 counts it ---------------------------------------

    function isoWeek(date) {
      var day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
      var weekday = day.getUTCDay() || 7;
      day.setUTCDate(day.getUTCDate() + 4 - weekday); // the Thursday decides the year
      var yearStart = new Date(Date.UTC(day.getUTCFullYear(), 0, 1));
      var week = Math.ceil(((day - yearStart) / 86400000 + 1) / 7);
      return day.getUTCFullYear() + "-W" + (week < 10 ? "0" : "") + week;
    }

    // ---- storage ----------------------------------------------------------------

    function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

    function normalise(raw) {
      var log = { weeks: {} };
      if (!isObject(raw) || !isObject(raw.weeks)) return log;
      Object.keys(raw.weeks).forEach(function (key) {
        var parts = key.split("/");
        var entry = raw.weeks[key];
        if (parts.length !== 2 || !WEEK_RE.test(parts[1]) || !isObject(entry)) return;
        var people = Array.isArray(entry.people) ? entry.people.filter(function (p) {
          return isObject(p) && typeof p.label === "string" && Array.isArray(p.seen);
        }).map(function (p) {
          return { label: p.label.slice(0, 80), seen: p.seen.filter(function (r) { return typeof r === "string"; }) };
        }) : [];
        var counts = {};
        if (isObject(entry.counts)) {
          COUNTS.forEach(function (c) {
            var v = entry.counts[c[0]];
            if (typeof v === "number" && isFinite(v) && v >= 0) counts[c[0]] = v;
          });
        }
        log.weeks[key] = { people: people, counts: counts };
      });
      return log;
    }

    function load() {
      try { return normalise(JSON.parse(localStorage.getItem(STORE_KEY) || "{}")); } catch (e) { return { weeks: {} }; }
    }

    function save(log) {
      try { localStorage.setItem(STORE_KEY, JSON.stringify(log)); } catch (e) { /* private mode: this visit only */ }
    }

    // ---- the adoption record ----------------------------------------------------

    function record(entry, behaviours) {
      var lines = [];
      lines.push("people_observed: " + entry.people.length);
      if (entry.people.length) {
        lines.push("observed:");
        behaviours.forEach(function (b) {
          var seen = entry.people.filter(function (p) { return p.seen.indexOf(b.ref) !== -1; }).length;
          lines.push("  " + b.ref + ": " + seen);
        });
      }
      COUNTS.forEach(function (c) {
        if (Object.prototype.hasOwnProperty.call(entry.counts, c[0])) lines.push(c[0] + ": " + entry.counts[c[0]]);
      });
      return lines.join("\n") + "\n";
    }


    // ---- the log ------------------------------------------------------------------

    function enhance(section) {
      if (section.getAttribute("data-rp-enhanced")) return;
      section.setAttribute("data-rp-enhanced", "1");
      var teams, behaviours;
      try {
        teams = JSON.parse(section.getAttribute("data-rp-teams") || "[]");
        behaviours = JSON.parse(section.getAttribute("data-rp-behaviours") || "[]");
      } catch (e) { return; }
      var adoptionDir = section.getAttribute("data-rp-adoption-dir") || "adoption";
      var newFile = section.getAttribute("data-rp-new-file");
      var app = section.querySelector(".rp-log-app");
      if (!app) return;
      app.hidden = false;

      var teamId = nextId("team"), weekId = nextId("week"), personId = nextId("person");
      var teamSelect = el("select", { id: teamId, "class": "rp-log-team" },
        teams.map(function (team) { return el("option", { value: team.id, text: tn("%(team)s (%(num)s person)", "%(team)s (%(num)s people)", team.size, { team: team.title }) }); }));
      var weekInput = el("input", { id: weekId, "class": "rp-log-week", type: "week", value: isoWeek(new Date()), required: true });
      var personInput = el("input", { id: personId, "class": "rp-log-person", type: "text", maxlength: "80", autocomplete: "off" });
      var people = el("div", { "class": "rp-log-people" });
      var counts = el("fieldset", { "class": "rp-log-counts" }, [el("legend", { text: t("This week's counts (leave blank if not recorded)") })]);
      var inputs = {};
      COUNTS.forEach(function (c) {
        var id = nextId(c[0]);
        inputs[c[0]] = el("input", { id: id, type: "number", min: "0", step: c[2], inputmode: "decimal", "data-rp-count": c[0] });
        counts.appendChild(el("p", {}, [el("label", { "for": id, text: t(c[1]) }), " ", inputs[c[0]]]));
      });
      var status = el("p", { "class": "rp-log-status", role: "status" });
      var preview = el("pre", { "class": "rp-log-preview", "aria-label": t("The adoption record this week's log exports") });
      var proposal = el("a", { "class": "md-button rp-log-propose", hidden: true, rel: "noopener", text: t("Propose on GitHub") });

      function key() { return teamSelect.value + "/" + weekInput.value; }
      function team() { return teams.filter(function (t) { return t.id === teamSelect.value; })[0]; }
      function entry(log) { return log.weeks[key()] || { people: [], counts: {} }; }
      function change(edit) {
        var log = load();
        var current = entry(log);
        edit(current);
        log.weeks[key()] = current;
        save(log);
        draw();
      }

      function draw() {
        var log = load();
        var current = entry(log);
        people.textContent = "";
        current.people.forEach(function (person, index) {
          var boxes = behaviours.map(function (b) {
            var id = nextId("seen");
            return el("li", {}, [
              el("input", {
                type: "checkbox", id: id, checked: person.seen.indexOf(b.ref) !== -1, "data-rp-ref": b.ref,
                onchange: function (event) {
                  var ticked = event.target.checked;
                  change(function (e) {
                    var seen = e.people[index].seen.filter(function (r) { return r !== b.ref; });
                    if (ticked) seen.push(b.ref);
                    e.people[index].seen = seen;
                  });
                }
              }),
              " ",
              el("label", { "for": id, text: b.text })
            ]);
          });
          people.appendChild(el("fieldset", { "class": "rp-log-person-row" }, [
            el("legend", { text: person.label }),
            el("ul", { "class": "rp-log-seen" }, boxes),
            el("button", {
              type: "button", "class": "md-button rp-log-remove", text: t("Remove %(person)s", { person: person.label }),
              onclick: function () { change(function (e) { e.people.splice(index, 1); }); }
            })
          ]));
        });
        COUNTS.forEach(function (c) {
          var v = current.counts[c[0]];
          if (document.activeElement !== inputs[c[0]]) inputs[c[0]].value = v === undefined ? "" : String(v);
        });
        var size = team() ? team().size : 0;
        var yaml = record(current, behaviours);
        preview.textContent = yaml;
        var tooMany = current.people.length > size;
        status.textContent = tooMany
          ? t("You noted %(noted)s people, more than the team's %(size)s: remove the extra ones before you export.", { noted: current.people.length, size: size })
          : tn("%(noted)s of %(num)s person noted for %(week)s. Their names stay in this browser.", "%(noted)s of %(num)s people noted for %(week)s. Their names stay in this browser.", size, { noted: current.people.length, week: weekInput.value });
        exportButton.disabled = tooMany || !WEEK_RE.test(weekInput.value);
        var path = adoptionDir + "/" + teamSelect.value + "/" + weekInput.value + ".yml";
        if (newFile && !exportButton.disabled) {
          proposal.href = newFile + "?filename=" + encodeURIComponent(path) + "&value=" + encodeURIComponent(yaml);
          proposal.hidden = false;
        } else {
          proposal.hidden = true;
        }
      }

      var exportButton = el("button", {
        type: "button", "class": "md-button md-button--primary rp-log-export", text: t("Export this week"),
        onclick: function () { download(weekInput.value + ".yml", record(entry(load()), behaviours), "text/yaml"); }
      });

      var addForm = el("form", {
        "class": "rp-log-add",
        onsubmit: function (event) {
          event.preventDefault();
          var label = personInput.value.trim();
          if (!label) return;
          change(function (e) { e.people.push({ label: label.slice(0, 80), seen: [] }); });
          personInput.value = "";
          personInput.focus();
        }
      }, [
        el("label", { "for": personId, text: t("Someone you watched at work (a name or initials: it stays in this browser)") }),
        " ", personInput, " ",
        el("button", { type: "submit", "class": "md-button", text: t("Add person") })
      ]);

      Object.keys(inputs).forEach(function (name) {
        inputs[name].addEventListener("input", function () {
          var raw = inputs[name].value.trim();
          var value = raw === "" ? null : Number(raw);
          change(function (e) {
            if (value === null || !isFinite(value) || value < 0) delete e.counts[name];
            else e.counts[name] = name === "practice_hours" ? value : Math.round(value);
          });
        });
      });
      teamSelect.addEventListener("change", draw);
      weekInput.addEventListener("change", draw);

      var importId = nextId("import");
      var importInput = el("input", {
        id: importId, type: "file", accept: "application/json,.json", "class": "rp-log-import",
        onchange: function () {
          var file = importInput.files && importInput.files[0];
          if (!file) return;
          file.text().then(function (text) {
            var incoming;
            try { incoming = normalise(JSON.parse(text)); } catch (e) { status.textContent = t("That file is not an observation log."); return; }
            var log = load();
            Object.keys(incoming.weeks).forEach(function (k) { log.weeks[k] = incoming.weeks[k]; });
            save(log);
            draw();
            status.textContent = tn("Imported %(num)s week.", "Imported %(num)s weeks.", Object.keys(incoming.weeks).length);
          });
          importInput.value = "";
        }
      });

      app.appendChild(el("p", { "class": "rp-log-choose" }, [
        el("label", { "for": teamId, text: t("Team") }), " ", teamSelect, " ",
        el("label", { "for": weekId, text: t("Week") }), " ", weekInput
      ]));
      app.appendChild(addForm);
      app.appendChild(people);
      app.appendChild(counts);
      app.appendChild(status);
      app.appendChild(el("p", { "class": "rp-log-actions" }, [exportButton, " ", proposal]));
      app.appendChild(el("details", { "class": "rp-log-record" }, [el("summary", { text: t("The record this exports (counts only)") }), preview]));
      app.appendChild(el("p", { "class": "rp-log-move" }, [
        el("button", {
          type: "button", "class": "md-button rp-log-export-json", text: t("Save the log to a file"),
          onclick: function () { download("observation-log.json", JSON.stringify(load(), null, 2), "application/json"); }
        }),
        " ",
        el("label", { "for": importId, "class": "md-button", text: t("Load a saved log") }),
        importInput
      ]));
      draw();
    }

    return {
      enhance: function (shared) {
        el = shared.el; all = shared.all; nextId = shared.nextId; download = shared.download; t = shared.t; tn = shared.tn;
        all(".rp-log[data-rp-teams]").forEach(enhance);
      },
      render: function () {}
    };
  })();

  // Arriving by instant navigation, this may run after rolepath.js has set the page up: start now.
  if (window.rolepath) window.rolepath.startPageTools();
})();
