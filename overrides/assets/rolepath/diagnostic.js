/*
 * diagnostic.js: the five-foundations diagnostic, on the page whose front matter says
 * "tool: diagnostic" (overrides/main.html loads this file there and nowhere else).
 *
 * The authored page is the contract in docs/dom-contract.md: every "## Foundation" with
 * its "### Questions" list and "### First fixes". This adds a 1-5 rating to each question
 * and ranks the foundations, weakest first; ratings stay in the browser (rolepath.js's
 * storage, under "diagnostic"). rolepath.js runs the tool and hands it its helpers: on a
 * full page load this file runs first and only registers; on arrival by instant navigation
 * it may run after rolepath.js has set the page up, and asks it to start the page's tools.
 */
(function () {
  "use strict";

  var tools = window.rolepathTools = window.rolepathTools || {};
  // Instant navigation runs this file again on every visit: the tool is made once.
  if (!tools.diagnostic) tools.diagnostic = (function () {
    var el, all, cleanText, nextId, load, update, download, t, tn;

    // Short, stable key for a question's text (FNV-1a): ratings survive reordering.
    function hash8(text) {
      var h = 0x811c9dc5;
      for (var i = 0; i < text.length; i += 1) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      return ("0000000" + h.toString(16)).slice(-8);
    }

    function sectionAfter(heading, stopTags) {
      var out = [];
      for (var n = heading.nextElementSibling; n && stopTags.indexOf(n.tagName) < 0; n = n.nextElementSibling) out.push(n);
      return out;
    }

    function subsection(nodes, title) {
      for (var i = 0; i < nodes.length; i += 1) {
        if (nodes[i].tagName === "H3" && cleanText(nodes[i]).toLowerCase() === title) {
          return sectionAfter(nodes[i], ["H2", "H3"]);
        }
      }
      return [];
    }

    // Reads the authored page: every "## Foundation" with its "### Questions" list.
    function readFoundations(article) {
      return all("h2", article).map(function (h2, i) {
        var nodes = sectionAfter(h2, ["H2"]);
        var list = subsection(nodes, "questions").filter(function (n) { return n.tagName === "UL" || n.tagName === "OL"; })[0];
        var id = h2.id || "foundation-" + i;
        return {
          id: id,
          name: cleanText(h2),
          heading: h2,
          questions: list ? all(":scope > li", list).map(function (li) {
            return { li: li, text: li.textContent.replace(/\s+/g, " ").trim(), key: id.slice(0, 60) + ":" + hash8(li.textContent.trim()) };
          }) : [],
          fixes: subsection(nodes, "first fixes")
        };
      }).filter(function (f) { return f.questions.length; });
    }

    var diagnostic = null; // the current page's foundations, or null

    function enhanceDiagnostic() {
      var tool = document.querySelector(".rp-diagnostic-tool");
      var article = (tool && tool.closest("article")) || document.querySelector("article.md-content__inner") || document.querySelector("article");
      if (!article || article.hasAttribute("data-rp-ready")) return;
      article.setAttribute("data-rp-ready", "");
      var foundations = readFoundations(article);
      if (!foundations.length) return;
      if (!tool) {
        tool = el("div", { class: "rp-diagnostic-tool" });
        foundations[0].heading.parentNode.insertBefore(tool, foundations[0].heading);
      }
      foundations.forEach(function (f) {
        f.questions.forEach(function (q) {
          var name = nextId("q");
          var radios = [1, 2, 3, 4, 5].map(function (n) {
            var id = name + "-" + n;
            var input = el("input", {
              type: "radio", name: name, id: id, value: String(n),
              onchange: function () { update(function (s) { s.diagnostic[q.key] = n; }); }
            });
            return el("span", { class: "rp-rating__option" }, [input, el("label", { for: id, text: String(n) })]);
          });
          q.inputs = radios.map(function (r) { return r.querySelector("input"); });
          q.li.append(el("fieldset", { class: "rp-rating" },
            [el("legend", {}, [el("span", { class: "rp-sr", text: q.text + " " }), t("Your rating, 1 (low) to 5 (high):")])].concat(radios)));
        });
      });
      var status = el("p", { class: "rp-diagnostic-status", role: "status" });
      var ranking = el("ol", { class: "rp-diagnostic-ranking" });
      tool.append(
        el("p", { text: t("Rate each question below from 1 to 5. Your ratings stay in this browser; this summary ranks the foundations as you go, weakest first, with their first fixes.") }),
        status,
        el("div", { class: "rp-diagnostic-result", "aria-label": t("Your result") }, [el("h2", { class: "rp-diagnostic-heading", text: t("Your result, weakest foundation first") }), ranking]),
        el("p", { class: "rp-diagnostic-actions" }, [
          el("button", { type: "button", class: "md-button md-button--primary rp-diagnostic-print", text: t("Print result"), onclick: function () { window.print(); } }),
          " ",
          el("button", { type: "button", class: "md-button rp-diagnostic-export", text: t("Export result"), onclick: exportDiagnostic }),
          " ",
          el("button", {
            type: "button", class: "md-button rp-diagnostic-clear", text: t("Clear ratings"),
            onclick: function () {
              var keys = diagnosticKeys();
              update(function (s) { keys.forEach(function (k) { delete s.diagnostic[k]; }); });
            }
          })
        ])
      );
      diagnostic = { foundations: foundations, status: status, ranking: ranking };
    }

    function diagnosticKeys() {
      var keys = [];
      (diagnostic ? diagnostic.foundations : []).forEach(function (f) { f.questions.forEach(function (q) { keys.push(q.key); }); });
      return keys;
    }

    function scoreFoundations(state) {
      return diagnostic.foundations.map(function (f, order) {
        var ratings = f.questions.map(function (q) { return state.diagnostic[q.key]; }).filter(Boolean);
        var score = ratings.length ? ratings.reduce(function (a, b) { return a + b; }, 0) / ratings.length : null;
        return { f: f, order: order, rated: ratings.length, score: score };
      }).sort(function (a, b) {
        // Rated foundations first, lowest score first; ties and unrated keep page order.
        if ((a.score === null) !== (b.score === null)) return a.score === null ? 1 : -1;
        return (a.score || 0) - (b.score || 0) || a.order - b.order;
      });
    }

    // A score as the page's language writes it: "2.5", "2,5".
    function score(value) {
      return value.toLocaleString(document.documentElement.lang || undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    }

    function renderDiagnostic(state) {
      if (!diagnostic || !diagnostic.ranking.isConnected) return;
      var total = 0, rated = 0;
      diagnostic.foundations.forEach(function (f) {
        f.questions.forEach(function (q) {
          total += 1;
          var value = state.diagnostic[q.key];
          if (value) rated += 1;
          q.inputs.forEach(function (input) { input.checked = Number(input.value) === value; });
        });
      });
      var scores = scoreFoundations(state);
      var weakest = scores[0];
      var text = tn("You have rated %(rated)s of %(num)s question.", "You have rated %(rated)s of %(num)s questions.", total, { rated: rated }) +
        (weakest && weakest.score !== null ? " " + t("Weakest so far: %(foundation)s (%(score)s of 5).", { foundation: weakest.f.name, score: score(weakest.score) }) : "");
      if (diagnostic.status.textContent !== text) diagnostic.status.textContent = text;
      diagnostic.ranking.textContent = "";
      scores.forEach(function (s) {
        var item = el("li", { class: "rp-diagnostic-foundation" }, [
          el("strong", { text: s.f.name }), " ",
          el("span", { class: "rp-score", text: s.score === null ? t("not rated yet") : t("%(score)s of 5", { score: score(s.score) }) })
        ]);
        if (s.score !== null && s.f.fixes.length) {
          var fixes = el("div", { class: "rp-diagnostic-fixes" }, [el("p", { text: t("First fixes:") })]);
          s.f.fixes.forEach(function (node) {
            var copy = node.cloneNode(true);
            all("[id]", copy).concat([copy]).forEach(function (n) { n.removeAttribute("id"); });
            fixes.appendChild(copy);
          });
          item.appendChild(fixes);
        }
        diagnostic.ranking.appendChild(item);
      });
    }

    function exportDiagnostic() {
      var state = load();
      var data = {
        format: "rolepath-diagnostic",
        exported: new Date().toISOString(),
        foundations: scoreFoundations(state).map(function (s) {
          return {
            foundation: s.f.name,
            score: s.score === null ? null : Math.round(s.score * 100) / 100,
            questions: s.f.questions.map(function (q) { return { question: q.text, rating: state.diagnostic[q.key] || null }; }),
            first_fixes: s.f.fixes.map(function (n) { return n.textContent.replace(/\s+/g, " ").trim(); }).filter(Boolean)
          };
        })
      };
      download("rolepath-diagnostic.json", JSON.stringify(data, null, 2) + "\n");
    }

    return {
      enhance: function (shared) {
        el = shared.el; all = shared.all; cleanText = shared.cleanText; nextId = shared.nextId;
        load = shared.load; update = shared.update; download = shared.download; t = shared.t; tn = shared.tn;
        enhanceDiagnostic();
      },
      render: renderDiagnostic
    };
  })();

  // Arriving by instant navigation, this may run after rolepath.js has set the page up: start now.
  if (window.rolepath) window.rolepath.startPageTools();
})();
