/*
 * rolepath.js: the portal's browser behaviours (remembered role, progress ticks,
 * where to start and what comes next, the role filter, export/import). A page's own tool (diagnostic.js, on the
 * five-foundations diagnostic) registers in window.rolepathTools and is run by
 * this file's wiring, with the helpers it shares (see `shared` below).
 *
 * The DOM it works on is the contract in plan/DOM.md: pages are complete and
 * readable without this file; it only adds controls. Plain ES2017, no
 * dependencies, no network: everything lives in localStorage under one key
 * on the reader's own device.
 */
(function () {
  "use strict";

  var STORE_KEY = "rolepath:v1";
  var QUESTION_KEY_RE = /^[A-Za-z0-9_-]{1,80}:[0-9a-f]{8}$/;

  // The engine's formats, from this script's data attributes (rolepath.output.browser):
  // the levels, what an id and a progress key look like, and a role page's URL. Without
  // them nothing from storage or an import is accepted.
  var SCRIPT = document.currentScript || document.querySelector("script[data-rp-role-url]");
  var GIVEN = (SCRIPT && SCRIPT.dataset) || {};
  var LEVELS = (GIVEN.rpLevels || "").split(" ").filter(Boolean);
  var ID_RE = new RegExp(GIVEN.rpIdPattern || "^(?!)");
  var ITEM_KEY_RE = new RegExp(GIVEN.rpProgressKey || "^(?!)");
  var ROLE_URL = GIVEN.rpRoleUrl || "";

  // The site root, from this script's own URL (<root>assets/rolepath/rolepath.js).
  // Unlike #__config's relative "base", it stays right after Material's instant
  // navigation has swapped the page without reloading the script.
  var ROOT = (function () {
    if (SCRIPT && SCRIPT.src) {
      return new URL("../../", SCRIPT.src);
    }
    try {
      var config = JSON.parse(document.getElementById("__config").textContent);
      return new URL(config.base + "/", location);
    } catch (e) {
      return new URL("/", location);
    }
  })();

  // The interface in the page's language: the build embeds this edition's translations of the
  // strings below (rolepath.output.browser.strings), keyed by their English text, which is what
  // a string without a translation shows.
  var STRINGS = (function () {
    try { return JSON.parse(document.getElementById("rp-strings").textContent) || {}; } catch (e) { return {}; }
  })();
  var PLURALS = (function () {
    try { return new Intl.PluralRules(document.documentElement.lang || "en"); } catch (e) { return null; }
  })();
  function fill(text, values) {
    return values ? text.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    }) : text;
  }
  function t(message, values) {
    var found = STRINGS[message];
    return fill(typeof found === "string" ? found : message, values);
  }
  // Plural forms: singular first, the general plural last (the catalogs' extra forms are for millions).
  function tn(singular, plural, count, values) {
    var forms = STRINGS[singular];
    var one = PLURALS ? PLURALS.select(count) === "one" : count === 1;
    var text = Array.isArray(forms) ? forms[one ? 0 : forms.length - 1] : (one ? singular : plural);
    return fill(text, Object.assign({ num: count.toLocaleString(document.documentElement.lang || undefined) }, values));
  }
  // The levels' names as this edition writes them, in running text and as titles, in LEVELS' order.
  var LEVEL_NAMES = (GIVEN.rpLevelNames || "").split("|");
  var LEVEL_TITLES = (GIVEN.rpLevelTitles || "").split("|");
  function levelName(level) { return LEVEL_NAMES[LEVELS.indexOf(level)] || level; }
  function levelTitle(level) { return LEVEL_TITLES[LEVELS.indexOf(level)] || level; }

  var uid = 0;
  function nextId(prefix) { uid += 1; return "rp-" + prefix + "-" + uid; }

  // ---- storage --------------------------------------------------------------

  function emptyState() { return { myRole: null, done: {}, diagnostic: {}, checks: {} }; }

  function isObject(x) { return x !== null && typeof x === "object" && !Array.isArray(x); }

  // Keeps only well-formed entries, so a hand-edited or imported file can
  // never put the pages into a state they cannot render.
  function normalise(raw) {
    var s = emptyState();
    if (!isObject(raw)) return s;
    if (typeof raw.myRole === "string" && ID_RE.test(raw.myRole)) s.myRole = raw.myRole;
    if (isObject(raw.done)) {
      Object.keys(raw.done).forEach(function (k) {
        if (ITEM_KEY_RE.test(k) && typeof raw.done[k] === "string") s.done[k] = raw.done[k].slice(0, 10);
      });
    }
    // Before "I already do this" and a level's tick were one, the self-assessment kept its
    // answers apart, by role: an answer is a behaviour done (stored and imported states alike).
    if (isObject(raw.assessment)) {
      Object.keys(raw.assessment).forEach(function (role) {
        var answers = raw.assessment[role];
        if (!ID_RE.test(role) || !isObject(answers)) return;
        Object.keys(answers).forEach(function (k) {
          if (ITEM_KEY_RE.test(k) && answers[k] === true && !s.done[k]) s.done[k] = today();
        });
      });
    }
    if (isObject(raw.diagnostic)) {
      Object.keys(raw.diagnostic).forEach(function (k) {
        var v = raw.diagnostic[k];
        if (QUESTION_KEY_RE.test(k) && Number.isInteger(v) && v >= 1 && v <= 5) s.diagnostic[k] = v;
      });
    }
    if (isObject(raw.checks)) {
      Object.keys(raw.checks).forEach(function (module) {
        var answers = raw.checks[module];
        if (!ID_RE.test(module) || !isObject(answers)) return;
        var kept = {};
        Object.keys(answers).forEach(function (n) {
          var a = answers[n];
          if (!/^[1-9][0-9]?$/.test(n) || !isObject(a) || typeof a.correct !== "boolean" || !Array.isArray(a.picked)) return;
          var picked = a.picked.filter(function (i) { return Number.isInteger(i) && i >= 1 && i <= 8; });
          if (picked.length) kept[n] = { picked: picked, correct: a.correct };
        });
        if (Object.keys(kept).length) s.checks[module] = kept;
      });
    }
    return s;
  }

  function load() {
    try { return normalise(JSON.parse(localStorage.getItem(STORE_KEY) || "{}")); } catch (e) { return emptyState(); }
  }

  function save(state) {
    // Storage may be full or disabled (private mode): the controls still work for this visit.
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* ignore */ }
  }

  // Every change re-reads storage first so two open tabs never overwrite each other's ticks.
  function update(change) {
    var state = load();
    change(state);
    save(state);
    render(state);
  }

  function today() { return new Date().toISOString().slice(0, 10); }

  // ---- small DOM helpers ------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) return;
      if (name === "text") node.textContent = value;
      else if (name.slice(0, 2) === "on") node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function all(selector, scope) { return Array.prototype.slice.call((scope || document).querySelectorAll(selector)); }

  function cleanText(node) {
    // Heading text without Material's permalink anchor ("¶").
    var copy = node.cloneNode(true);
    all(".headerlink", copy).forEach(function (a) { a.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function roleUrl(id) { return new URL(ROLE_URL.replace("{id}", id), ROOT).href; }

  function download(filename, text, type) {
    // A blob: URL stays in the browser; nothing is uploaded.
    var url = URL.createObjectURL(new Blob([text], { type: type || "application/json" }));
    var a = el("a", { href: url, download: filename, hidden: true });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  // Enhance each element once, even though init() runs on every page swap.
  function fresh(selector) {
    return all(selector).filter(function (node) {
      if (node.hasAttribute("data-rp-ready")) return false;
      node.setAttribute("data-rp-ready", "");
      return true;
    });
  }

  // ---- remembered role -------------------------------------------------------

  function setMyRole(id) { update(function (s) { s.myRole = id; }); }

  function enhanceRolePickers() {
    fresh(".rp-role-picker").forEach(function (box) {
      var id = box.getAttribute("data-rp-role");
      var status = el("p", { class: "rp-role-status", role: "status" });
      var make = el("button", {
        type: "button", class: "md-button md-button--primary rp-make-role", text: t("Make this my role"),
        onclick: function () { setMyRole(id); forget.focus(); }
      });
      var forget = el("button", {
        type: "button", class: "md-button rp-forget-role", text: t("Forget my role"),
        onclick: function () { setMyRole(null); make.focus(); }
      });
      box.append(status, make, forget);
    });
  }

  function renderRolePickers(state) {
    all(".rp-role-picker[data-rp-ready]").forEach(function (box) {
      var mine = state.myRole === box.getAttribute("data-rp-role");
      box.classList.toggle("rp-role-picker--mine", mine);
      box.querySelector(".rp-role-status").textContent = mine
        ? t("This is your role. The “My path” link in the header brings you back here.")
        : "";
      box.querySelector(".rp-make-role").hidden = mine;
      box.querySelector(".rp-forget-role").hidden = !mine;
    });
  }

  function roleTitle(id) {
    var card = document.querySelector('.rp-role-card[data-rp-role="' + id + '"] a');
    return card ? card.textContent.trim() : id;
  }

  function renderMyRoleBox(state) {
    all(".rp-my-role").forEach(function (box) {
      box.textContent = "";
      if (!state.myRole) { box.hidden = true; return; }
      var go = el("a", { class: "md-button md-button--primary", href: roleUrl(state.myRole), text: t("Go to my path") });
      var change = el("button", {
        type: "button", class: "md-button rp-change-role", text: t("Change role"),
        onclick: function () {
          setMyRole(null);
          // Put the reader straight into the list they need next.
          var first = document.querySelector(".rp-role-card a");
          if (first) first.focus();
        }
      });
      box.append(el("p", {}, [t("Your role:") + " ", el("strong", { text: roleTitle(state.myRole) })]), go, " ", change);
      box.hidden = false;
    });
    all(".rp-role-card").forEach(function (card) {
      var mine = card.getAttribute("data-rp-role") === state.myRole;
      card.classList.toggle("rp-role-card--mine", mine);
      var badge = card.querySelector(".rp-mine-badge");
      if (mine && !badge) card.append(el("span", { class: "rp-mine-badge", text: t("Your role") }));
      if (!mine && badge) badge.remove();
    });
  }

  // The header survives instant navigation, so this is updated, never duplicated.
  function renderHeaderLink(state) {
    var nav = document.querySelector(".md-header__inner");
    if (!nav) return;
    var link = nav.querySelector(".rp-header-mypath");
    if (!state.myRole) { if (link) link.remove(); return; }
    if (!link) {
      link = el("a", { class: "rp-header-mypath", text: t("My path") });
      var before = nav.querySelector(".md-header__option, label[for='__search'], .md-header__source");
      nav.insertBefore(link, before);
    }
    link.href = roleUrl(state.myRole);
    link.title = t("Your role:") + " " + state.myRole;
    if (new URL(link.href).pathname === location.pathname) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }

  // ---- progress ticks ----------------------------------------------------------

  function setDone(key, isDone) {
    update(function (s) {
      if (isDone) s.done[key] = s.done[key] || today();
      else delete s.done[key];
    });
  }

  function enhanceItems() {
    fresh(".rp-item.rp-behaviour[data-rp-key]").forEach(function (item) {
      var key = item.getAttribute("data-rp-key");
      var id = nextId("behaviour");
      var box = el("input", { type: "checkbox", id: id, class: "rp-tick", onchange: function () { setDone(key, box.checked); } });
      // The behaviour's own text is the label, so clicking it ticks the box.
      var label = el("label", { for: id }, [el("span", { class: "rp-sr", text: t("I already do this:") + " " })]);
      while (item.firstChild) label.appendChild(item.firstChild);
      item.append(box, label);
    });
    fresh(".rp-item[data-rp-key]").forEach(function (item) {
      var key = item.getAttribute("data-rp-key");
      // Items hold links, so the box is named rather than wrapped in a <label>.
      var link = item.querySelector("a");
      var name = (link || item).textContent.replace(/\s+/g, " ").trim();
      var box = el("input", {
        type: "checkbox", class: "rp-tick", "aria-label": t("Done: %(item)s", { item: name }),
        onchange: function () { setDone(key, box.checked); }
      });
      // The box sits in a padded <label>: a 44 px tap target without growing the row.
      item.insertBefore(el("label", { class: "rp-hit" }, [box]), item.firstChild);
    });
    fresh(".rp-module-done[data-rp-key]").forEach(function (holder) {
      var key = holder.getAttribute("data-rp-key");
      var id = nextId("done");
      var box = el("input", { type: "checkbox", id: id, class: "rp-tick", onchange: function () { setDone(key, box.checked); } });
      var label = holder.getAttribute("data-rp-label") || t("Mark as done"); // at the end of the page too
      holder.append(box, el("label", { for: id, text: label }), el("span", { class: "rp-done-date" }));
    });
  }


  function levelItemKeys(section, kind) {
    var keys = {};
    all(".rp-item" + (kind || "") + "[data-rp-key]", section).forEach(function (item) { keys[item.getAttribute("data-rp-key")] = true; });
    return Object.keys(keys);
  }

  function renderProgress(state) {
    // The same module can sit in several levels; one key ticks every copy.
    all("input.rp-tick").forEach(function (box) {
      var owner = box.closest("[data-rp-key]");
      box.checked = Boolean(owner && state.done[owner.getAttribute("data-rp-key")]);
      if (owner) owner.classList.toggle("rp-done", box.checked);
    });
    all(".rp-module-done[data-rp-ready]").forEach(function (holder) {
      var when = state.done[holder.getAttribute("data-rp-key")];
      holder.querySelector(".rp-done-date").textContent = when ? " " + t("Done on %(date)s.", { date: when }) : "";
    });
    all(".rp-progress[data-rp-progress]").forEach(function (line) {
      var section = line.closest(".rp-level");
      if (!section) return;
      var keys = levelItemKeys(section);
      var modules = levelItemKeys(section, ".rp-module-card");
      var behaviours = levelItemKeys(section, ".rp-behaviour");
      var doneModules = modules.filter(function (k) { return state.done[k]; }).length;
      var doneBehaviours = behaviours.filter(function (k) { return state.done[k]; }).length;
      var done = doneModules + doneBehaviours;
      // Each count on its own line: the catalog extractor does not look inside nested calls.
      var moduleCount = tn("%(done)s of %(num)s module", "%(done)s of %(num)s modules", modules.length, { done: doneModules });
      var behaviourCount = tn("%(done)s of %(num)s behaviour", "%(done)s of %(num)s behaviours", behaviours.length,
        { done: doneBehaviours });
      var text = t("Done: %(modules)s, %(behaviours)s.", { modules: moduleCount, behaviours: behaviourCount });
      if (!line.hasChildNodes()) {
        line.append(el("span", { class: "rp-progress-text" }),
          el("span", { class: "rp-bar", "aria-hidden": "true" }, [el("span", { class: "rp-bar-fill" })]));
      }
      var words = line.querySelector(".rp-progress-text");
      if (words.textContent !== text) words.textContent = text;
      line.querySelector(".rp-bar-fill").style.width = (keys.length ? Math.round(100 * done / keys.length) : 0) + "%";
      section.classList.toggle("rp-level--complete", keys.length > 0 && done === keys.length);
    });
  }

  // ---- knowledge checks ----------------------------------------------------
  // Picking an answer shows its feedback and keeps the result; answering every question of a
  // module right marks the module done (the reader can still untick it).

  function questionsPassed(state, module, count) {
    var answers = state.checks[module] || {};
    var right = Object.keys(answers).filter(function (n) { return answers[n].correct; }).length;
    return right >= count;
  }

  function answer(form, picked) {
    var section = form.closest(".rp-questions");
    var module = section.getAttribute("data-rp-questions");
    var key = section.getAttribute("data-rp-key");
    var count = all(".rp-question", section).length;
    var correct = all(".rp-choice", form).every(function (choice) {
      var chosen = picked.indexOf(Number(choice.getAttribute("data-rp-choice"))) !== -1;
      return chosen === (choice.getAttribute("data-rp-correct") === "true");
    });
    update(function (s) {
      s.checks[module] = s.checks[module] || {};
      s.checks[module][form.getAttribute("data-rp-question")] = { picked: picked, correct: correct };
      if (questionsPassed(s, module, count) && ITEM_KEY_RE.test(key)) s.done[key] = s.done[key] || today();
    });
  }

  function pickedIn(form) {
    return all("input:checked", form).map(function (box) { return Number(box.value); });
  }

  function enhanceQuestions() {
    fresh(".rp-questions[data-rp-questions] .rp-question").forEach(function (form) {
      var several = form.getAttribute("data-rp-several") === "true";
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (pickedIn(form).length) answer(form, pickedIn(form));
      });
      if (!several) {
        all("input[type=radio]", form).forEach(function (radio) {
          radio.addEventListener("change", function () { answer(form, pickedIn(form)); });
        });
      }
    });
  }

  function renderQuestions(state) {
    all(".rp-questions[data-rp-questions]").forEach(function (section) {
      var answers = state.checks[section.getAttribute("data-rp-questions")] || {};
      all(".rp-question", section).forEach(function (form) {
        var given = answers[form.getAttribute("data-rp-question")];
        all(".rp-choice", form).forEach(function (choice) {
          var chosen = Boolean(given) && given.picked.indexOf(Number(choice.getAttribute("data-rp-choice"))) !== -1;
          choice.classList.toggle("rp-picked", chosen);
          var input = choice.querySelector("input");
          if (input && document.activeElement !== input) input.checked = chosen;
        });
        form.classList.toggle("rp-question--right", Boolean(given && given.correct));
        var result = form.querySelector(".rp-question-result");
        var text = !given ? "" : given.correct ? t("Right. The feedback under your answer says why.")
          : t("Not yet: read the feedback under your answer, then try another.");
        if (result && result.textContent !== text) result.textContent = text;
      });
    });
    all(".rp-questions-progress[data-rp-question-modules]").forEach(function (line) {
      var modules = line.getAttribute("data-rp-question-modules").split(" ").filter(Boolean).map(function (pair) {
        var parts = pair.split(":");
        return { id: parts[0], count: Number(parts[1]) };
      });
      var passed = modules.filter(function (m) { return questionsPassed(state, m.id, m.count); }).length;
      var text = tn(
        "Knowledge checks passed at this level: %(passed)s of %(num)s module (every question answered right).",
        "Knowledge checks passed at this level: %(passed)s of %(num)s modules (every question answered right).",
        modules.length, { passed: passed });
      if (line.textContent !== text) line.textContent = text;
    });
  }

  // ---- where to start and what comes next ---------------------------------------
  // A role's plan (Renderer.role_plan) lists its paths' levels in order, each with the keys of
  // its behaviours and modules. The ticked behaviours suggest a starting level; the reader's
  // next module is the first not done from that level on.

  function plans() {
    var found = {};
    all(".rp-plans [data-rp-plan]").forEach(function (list) {
      found[list.getAttribute("data-rp-plan")] = all("li", list).map(function (item) {
        return {
          path: item.getAttribute("data-rp-plan-path"),
          level: item.getAttribute("data-rp-plan-level"),
          title: item.getAttribute("data-rp-path-title"),
          behaviours: item.getAttribute("data-rp-behaviours").split(" ").filter(Boolean),
          modules: all("[data-rp-module]", item).map(function (m) {
            return { key: m.getAttribute("data-rp-module"), title: m.getAttribute("data-rp-title"), url: m.getAttribute("data-rp-url") };
          })
        };
      });
    });
    return found;
  }

  // The first level where fewer than two thirds of its behaviours are already
  // done is where to start; someone who does two thirds of everything starts at advanced.
  function suggestLevel(counts) {
    for (var i = 0; i < LEVELS.length; i += 1) {
      var c = counts[LEVELS[i]];
      if (c && c.total && c.ticked * 3 < c.total * 2) return LEVELS[i];
    }
    return "advanced";
  }

  function behaviourCounts(state, plan) {
    var counts = {};
    plan.forEach(function (entry) {
      var c = counts[entry.level] || (counts[entry.level] = { ticked: 0, total: 0 });
      entry.behaviours.forEach(function (key) {
        c.total += 1;
        if (state.done[key]) c.ticked += 1;
      });
    });
    return counts;
  }

  // The suggested level, the plan level to work on and its next module (none when all are done).
  function nextStep(state, plan) {
    var level = suggestLevel(behaviourCounts(state, plan));
    var from = LEVELS.indexOf(level);
    var open = function (entry) { return entry.modules.filter(function (m) { return !state.done[m.key]; })[0]; };
    var entry = plan.filter(function (e) { return LEVELS.indexOf(e.level) >= from && open(e); })[0] ||
      plan.filter(open)[0] || null;
    return { level: level, entry: entry, next: entry ? open(entry) : null };
  }

  function anyDone(state, plan) {
    return plan.some(function (entry) {
      return entry.behaviours.concat(entry.modules.map(function (m) { return m.key; })).some(function (k) { return state.done[k]; });
    });
  }

  function renderContinue(state) {
    var known = plans();
    all(".rp-continue").forEach(function (box) {
      var role = box.getAttribute("data-rp-role") || state.myRole;
      var plan = role && known[role];
      box.textContent = "";
      if (!plan) { box.hidden = true; return; }
      var step = nextStep(state, plan);
      if (step.next) {
        var started = anyDone(state, plan);
        box.append(el("a", {
          class: "md-button md-button--primary rp-continue-link", href: step.next.url,
          text: started ? t("Continue: %(title)s", { title: step.next.title }) : t("Start: %(title)s", { title: step.next.title })
        }));
        // The role page marks the level itself; the home page says where the module is.
        if (!box.hasAttribute("data-rp-role")) {
          var where = t("%(level)s level of %(path)s, %(role)s", { level: levelTitle(step.entry.level), path: step.entry.title, role: roleTitle(role) });
          box.append(el("span", { class: "rp-continue-where", text: where }));
        }
      } else {
        box.append(el("p", { text: t("You have done every module of this role. Well done.") }));
      }
      box.hidden = false;
    });
  }

  // The level a reader is at: marked, and on a role page's first showing, open.
  function renderCurrentLevel(state, opening) {
    var known = plans();
    all(".rp-assessment-result[data-rp-role]").forEach(function (result) {
      var plan = known[result.getAttribute("data-rp-role")];
      if (!plan) return;
      var counts = behaviourCounts(state, plan);
      var step = nextStep(state, plan);
      var before = LEVELS.slice(0, LEVELS.indexOf(step.level)).filter(function (l) { return counts[l]; });
      var why = before.map(function (l) {
        return t("%(ticked)s of %(total)s %(level)s", { ticked: counts[l].ticked, total: counts[l].total, level: levelName(l) });
      });
      var joined = why.join(" " + t("and") + " ");
      var text = t("Suggested starting level: %(level)s.", { level: levelName(step.level) }) +
        (why.length ? " " + t("You already do %(counts)s behaviours.", { counts: joined }) : "");
      if (result.textContent !== text) result.textContent = text;
      all(".rp-level").forEach(function (section) {
        var current = Boolean(step.entry) && section.getAttribute("data-rp-path") === step.entry.path &&
          section.getAttribute("data-rp-level") === step.entry.level;
        section.classList.toggle("rp-level--suggested", current);
        var details = section.querySelector("details.rp-level-details");
        if (opening && details) details.open = current;
      });
    });
    openLinkedLevel();
  }

  // A link to a level (its heading's anchor on the role page) opens it.
  function openLinkedLevel() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var section = target && target.closest(".rp-level");
    var details = section && section.querySelector("details.rp-level-details");
    if (details) details.open = true;
  }

  // A module page shows the next step of the reader's own role, when it is one of the module's.
  function renderNextStep(state) {
    all(".rp-next").forEach(function (section) {
      var steps = all(".rp-next-step[data-rp-role]", section);
      var mine = steps.filter(function (s) { return s.getAttribute("data-rp-role") === state.myRole; })[0] || steps[0];
      if (!mine) return;
      steps.forEach(function (s) { s.hidden = s !== mine; });
      var parent = document.querySelector(".rp-breadcrumb .rp-breadcrumb-parent");
      if (parent && mine.hasAttribute("data-rp-path-url")) {
        parent.textContent = mine.getAttribute("data-rp-path-title");
        parent.setAttribute("href", mine.getAttribute("data-rp-path-url"));
      }
    });
  }

  // ---- role filter -----------------------------------------------------------

  function enhanceFilters() {
    fresh(".rp-role-filter[data-rp-filter]").forEach(function (holder) {
      var scope = document.querySelector(holder.getAttribute("data-rp-filter"));
      if (!scope) return;
      var id = nextId("filter");
      var input = el("input", { type: "search", id: id, class: "rp-filter-input", autocomplete: "off" });
      input.addEventListener("input", function () { filterRoles(scope, input.value); });
      holder.append(el("label", { for: id, text: t("Filter roles") }), input);
    });
  }

  function filterRoles(scope, query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    all(".rp-family", scope).forEach(function (family) {
      var heading = family.querySelector("h2, h3, h4");
      var familyText = heading ? cleanText(heading).toLowerCase() : "";
      var visible = 0;
      all(".rp-role-card", family).forEach(function (card) {
        var text = familyText + " " + card.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        card.hidden = !match;
        if (match) visible += 1;
      });
      family.hidden = visible === 0;
      shown += visible;
    });
    var empty = scope.querySelector(".rp-filter-empty");
    if (empty) empty.hidden = shown > 0;
  }

  // ---- export / import / reset ---------------------------------------------

  function mergeInto(state, incoming) {
    var added = 0;
    Object.keys(incoming.done).forEach(function (k) {
      if (!state.done[k]) { state.done[k] = incoming.done[k]; added += 1; }
    });
    Object.keys(incoming.diagnostic).forEach(function (k) {
      if (!state.diagnostic[k]) state.diagnostic[k] = incoming.diagnostic[k];
    });
    Object.keys(incoming.checks).forEach(function (module) {
      state.checks[module] = Object.assign({}, incoming.checks[module], state.checks[module] || {});
    });
    if (!state.myRole && incoming.myRole) state.myRole = incoming.myRole;
    return added;
  }

  function enhanceTools() {
    fresh(".rp-progress-tools").forEach(function (tools) {
      var panel = tools.closest(".rp-your-progress");
      if (panel) panel.hidden = false;
      var status = el("p", { class: "rp-tools-status", role: "status" });
      var fileId = nextId("import");
      var file = el("input", { type: "file", id: fileId, class: "rp-import-file", accept: "application/json,.json" });
      file.addEventListener("change", function () {
        var chosen = file.files && file.files[0];
        if (!chosen) return;
        chosen.text().then(function (text) {
          var raw = JSON.parse(text);
          if (!isObject(raw) || !isObject(raw.done)) throw new Error("not a rolepath progress file");
          var added = 0;
          update(function (s) { added = mergeInto(s, normalise(raw)); });
          status.textContent = tn("Imported: %(num)s new tick added to this device.", "Imported: %(num)s new ticks added to this device.", added);
        }).catch(function () {
          status.textContent = t("That file is not a rolepath progress export; nothing was changed.");
        }).then(function () { file.value = ""; });
      });
      tools.append(
        el("button", {
          type: "button", class: "md-button rp-export", text: t("Export progress"),
          onclick: function () {
            var data = Object.assign({ format: "rolepath-progress", exported: new Date().toISOString() }, load());
            download("rolepath-progress.json", JSON.stringify(data, null, 2) + "\n");
            status.textContent = t("Saved %(file)s to your downloads.", { file: "rolepath-progress.json" });
          }
        }),
        " ",
        // A real file input, kept focusable; its label is styled as the button.
        el("span", { class: "rp-import" }, [file, el("label", { for: fileId, class: "md-button", text: t("Import progress") })]),
        " ",
        el("button", {
          type: "button", class: "md-button rp-reset", text: t("Reset progress"),
          onclick: function () {
            if (!window.confirm(t("Clear every tick stored on this device? Your remembered role stays."))) return;
            update(function (s) { s.done = {}; });
            status.textContent = t("Progress cleared on this device.");
          }
        }),
        status
      );
    });
  }

  // ---- wiring ---------------------------------------------------------------

  // What a page's own tool may use: the storage and the DOM helpers above.
  var shared = {
    el: el, all: all, cleanText: cleanText, nextId: nextId, load: load, update: update, download: download, t: t, tn: tn,
  };
  var pageTools = []; // the tools of the current page

  // A tool runs on the page that loads its script (<script data-rp-tool="name">), and no other.
  function enhancePageTools() {
    var registered = window.rolepathTools || {};
    pageTools = Object.keys(registered).filter(function (name) {
      return document.querySelector('script[data-rp-tool="' + name + '"]');
    }).map(function (name) { return registered[name]; });
    pageTools.forEach(function (tool) { tool.enhance(shared); });
  }

  function render(state) {
    state = state || load();
    renderHeaderLink(state);
    renderMyRoleBox(state);
    renderRolePickers(state);
    renderProgress(state);
    renderCurrentLevel(state, false);
    renderContinue(state);
    renderNextStep(state);
    renderQuestions(state);
    pageTools.forEach(function (tool) { tool.render(state); });
  }

  // A behaviour that has been given an id is keyed by it; a reader's ticks stored under the
  // key its wording gave (before the id) move over, so adding ids loses no progress.
  function moveWordingKeys() {
    var moves = all("[data-rp-wording-key]").map(function (node) {
      return [node.getAttribute("data-rp-wording-key"), node.getAttribute("data-rp-key")];
    }).filter(function (pair) { return ITEM_KEY_RE.test(pair[0]) && ITEM_KEY_RE.test(pair[1]) && pair[0] !== pair[1]; });
    if (!moves.length) return;
    var state = load();
    var moved = false;
    moves.forEach(function (pair) {
      var from = pair[0], to = pair[1];
      if (state.done[from]) {
        if (!state.done[to]) state.done[to] = state.done[from];
        delete state.done[from];
        moved = true;
      }
    });
    if (moved) save(state);
  }

  // State stored before the self-assessment's answers became ticks is saved in today's form once.
  function saveMigrated() {
    var raw;
    try { raw = JSON.parse(localStorage.getItem(STORE_KEY) || "{}"); } catch (e) { return; }
    if (isObject(raw) && Object.prototype.hasOwnProperty.call(raw, "assessment")) save(load());
  }

  window.rolepath = { startPageTools: function () { enhancePageTools(); render(); } };

  // A table wider than the screen says so (CSS shows the hint and a shadow on [data-rp-scrolls]),
  // and says so again whenever the width changes.
  var scrollWatch = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { markScrolling(entry.target); });
  }) : null;
  function markScrolling(region) {
    region.toggleAttribute("data-rp-scrolls", region.scrollWidth > region.clientWidth + 1);
  }
  function watchScrollingTables() {
    fresh(".rp-table-scroll").forEach(function (region) {
      markScrolling(region);
      if (scrollWatch) scrollWatch.observe(region);
    });
  }

  function init() {
    document.documentElement.classList.add("rp-js");
    saveMigrated();
    moveWordingKeys();
    enhanceRolePickers();
    enhanceItems();
    enhanceFilters();
    enhanceQuestions();
    enhanceTools();
    enhancePageTools();
    watchScrollingTables();
    render();
    renderCurrentLevel(load(), true);
  }

  window.addEventListener("hashchange", openLinkedLevel);

  // Printing shows everything: open collapsed details, restore them afterwards.
  var closedForPrint = [];
  window.addEventListener("beforeprint", function () {
    closedForPrint = all("details:not([open])");
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closedForPrint.forEach(function (d) { d.open = false; });
    closedForPrint = [];
  });

  // Back/forward may restore a page from the browser cache, or restore its form
  // controls, as they were: re-read storage once that is done.
  window.addEventListener("pageshow", function () { render(); });

  // Another tab ticked something: show it here too.
  window.addEventListener("storage", function (event) { if (event.key === STORE_KEY || event.key === null) render(); });

  // Material's document$ emits on first load and after every instant-navigation swap.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { init(); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
