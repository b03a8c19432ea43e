/*
 * practice-calendar.js: the role page's practice calendar, made for the reader's own start.
 *
 * The reader picks the day they start and their practice weekday; this writes the role's
 * calendar (RFC 5545) from the plan the build wrote into .rp-calendar-maker's data attributes
 * (rolepath.output.ical's practice_plan: the weekly block, the practice period in weeks, the
 * reminders by day) and offers it as a download. It is the same calendar the build writes to practice.ics for readers without
 * JavaScript, only anchored on the reader's date instead of the build's.
 */
(function () {
  "use strict";

  var tools = window.rolepathTools = window.rolepathTools || {};
  // Instant navigation runs this file again on every visit to a role page: the tool is made once.
  if (!tools.practiceCalendar) tools.practiceCalendar = (function () {
    var el, all, nextId, download, t, tn; // rolepath.js's helpers, handed over in enhance()
    var WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

    // ---- dates: calendar days in UTC, so no time zone or daylight saving shifts a day -------

    function parseDate(text) {
      var m = DATE_RE.exec(text || "");
      if (!m) return null;
      var day = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
      return day.getUTCMonth() === +m[2] - 1 ? day : null;
    }
    function addDays(day, n) { var d = new Date(day.getTime()); d.setUTCDate(d.getUTCDate() + n); return d; }
    function weekdayIndex(day) { return (day.getUTCDay() + 6) % 7; } // Monday is 0
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    function isoDate(day) { return day.getUTCFullYear() + "-" + pad(day.getUTCMonth() + 1) + "-" + pad(day.getUTCDate()); }
    function icalDate(day) { return isoDate(day).replace(/-/g, ""); }
    // A day as the page's language writes it in a sentence ("2. März 2027"); the ISO date without Intl.
    function longDate(day) {
      try {
        return day.toLocaleDateString(document.documentElement.lang || undefined, { dateStyle: "long", timeZone: "UTC" });
      } catch (e) { return isoDate(day); }
    }
    function nextMonday() {
      var now = new Date();
      var today = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
      return addDays(today, 7 - weekdayIndex(today));
    }

    // ---- RFC 5545 text: escaping (3.3.11) and folding at 75 octets (3.1) ----------------------

    function escapeText(text) {
      return String(text).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
    }
    function octets(ch) {
      var code = ch.codePointAt(0);
      return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    }
    function fold(line) {
      var out = [], current = "", size = 0, limit = 75;
      Array.from(line).forEach(function (ch) { // by code point: a character is never split
        var n = octets(ch);
        if (size + n > limit) { out.push(current); current = " "; size = 1; limit = 75; }
        current += ch; size += n;
      });
      out.push(current);
      return out.join("\r\n");
    }

    // ---- the calendar -----------------------------------------------------------------

    function sessionDays(plan, firstDay) {
      var working = plan.working_days;
      var chosen = plan.block.offsets.map(function (offset) { return working[(firstDay + offset) % working.length]; });
      return working.filter(function (day) { return chosen.indexOf(day) >= 0; });
    }

    function calendar(plan, roleUrl, start, firstDay) {
      var block = plan.block;
      var stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
      var time = plan.start_time.replace(":", "") + "00";
      var days = sessionDays(plan, firstDay);
      var first = start;
      while (days.indexOf(WEEKDAYS[weekdayIndex(first)]) < 0) first = addDays(first, 1);
      var lastDay = addDays(start, plan.weeks * 7 - 1);
      var absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(roleUrl);
      var lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + escapeText(plan.prodid), "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escapeText(plan.calname), "X-WR-CALDESC:" + escapeText(plan.caldesc + " " + roleUrl),
        "BEGIN:VEVENT",
        "UID:" + escapeText(block.uid),
        "DTSTAMP:" + stamp,
        // Floating times (no zone): 10:00 wherever the reader is, until the end of the period.
        "DTSTART:" + icalDate(first) + "T" + time,
        "DURATION:PT" + block.minutes + "M",
        "RRULE:FREQ=WEEKLY;UNTIL=" + icalDate(lastDay) + "T235959;BYDAY=" + days.join(","),
        "SUMMARY:" + escapeText(block.summary),
        "DESCRIPTION:" + escapeText(block.description + "\n" + roleUrl)
      ];
      if (absolute) lines.push("URL:" + roleUrl);
      lines.push("TRANSP:OPAQUE", "END:VEVENT");
      plan.reminders.forEach(function (reminder) {
        var day = addDays(start, reminder.day);
        lines.push(
          "BEGIN:VEVENT",
          "UID:" + escapeText(reminder.uid),
          "DTSTAMP:" + stamp,
          "DTSTART;VALUE=DATE:" + icalDate(day),
          "DTEND;VALUE=DATE:" + icalDate(addDays(day, 1)),
          "SUMMARY:" + escapeText(reminder.summary),
          "DESCRIPTION:" + escapeText(reminder.description + "\n" + roleUrl)
        );
        if (absolute) lines.push("URL:" + roleUrl);
        lines.push(
          "TRANSP:TRANSPARENT",
          "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escapeText(reminder.summary),
          "TRIGGER:PT" + plan.reminder_hour + "H", "END:VALARM",
          "END:VEVENT"
        );
      });
      lines.push("END:VCALENDAR");
      return lines.map(fold).join("\r\n") + "\r\n";
    }

    // ---- the form ------------------------------------------------------------------------

    // The plan as ical.practice_plan returns it, read back from the attributes role.html writes.
    function readPlan(form) {
      var block = form.querySelector(".rp-calendar-block");
      var numbers = function (text) { return text.split(" ").filter(Boolean).map(Number); };
      var data = function (node, name) { return node.getAttribute("data-rp-" + name) || ""; };
      return {
        prodid: data(form, "prodid"), calname: data(form, "calname"), caldesc: data(form, "caldesc"),
        weeks: +data(form, "weeks"), start_time: data(form, "start-time"), reminder_hour: +data(form, "reminder-hour"),
        working_days: data(form, "working-days").split(" "), working_day_names: data(form, "working-day-names").split("|"),
        block: {
          uid: data(block, "uid"), summary: data(block, "summary"), description: data(block, "description"),
          minutes: +data(block, "minutes"), offsets: numbers(data(block, "offsets")), first_day: +data(block, "first-day")
        },
        reminders: all(".rp-calendar-reminders > li", form).map(function (li) {
          return { uid: data(li, "uid"), day: +data(li, "day"), summary: data(li, "summary"), description: data(li, "description") };
        })
      };
    }

    function enhance(form) {
      var plan = readPlan(form);
      if (!plan.block.uid || !plan.weeks) return;
      var role = form.getAttribute("data-rp-role");
      var dateId = nextId("cal-start"), dayId = nextId("cal-day");
      var start = el("input", { type: "date", id: dateId, name: "start", required: true, value: isoDate(nextMonday()) });
      var weekday = el("select", { id: dayId, name: "weekday" }, plan.working_day_names.map(function (name, index) {
        return el("option", { value: String(index), text: name, selected: index === plan.block.first_day });
      }));
      var status = el("p", { "class": "rp-calendar-status", role: "status" });
      start.addEventListener("change", function () {
        var day = parseDate(start.value);
        if (day && weekdayIndex(day) < plan.working_days.length) weekday.value = String(weekdayIndex(day));
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var day = parseDate(start.value);
        if (!day) { status.textContent = t("Choose the day you start."); start.focus(); return; }
        var roleUrl = location.origin + location.pathname;
        download(role + "-practice.ics", calendar(plan, roleUrl, day, +weekday.value), "text/calendar");
        // Apart, not nested in t()'s arguments: Babel's extractor does not look inside a call's arguments.
        var weeks = tn("%(num)s week", "%(num)s weeks", plan.weeks);
        var days = tn("%(num)s day a week", "%(num)s days a week", sessionDays(plan, +weekday.value).length);
        status.textContent = t("Your calendar runs from %(date)s for %(weeks)s, on %(days)s.", {
          date: longDate(day), weeks: weeks, days: days
        });
      });
      // Collapsed: the role page stays short, and the static link above serves most readers.
      form.appendChild(el("details", {}, [
        el("summary", { text: t("Make your own practice calendar: choose the day you start") }),
        el("p", { "class": "rp-calendar-fields" }, [
          el("label", { "for": dateId, text: t("I start on") }), " ", start, " ",
          el("label", { "for": dayId, text: t("Practice day") }), " ", weekday
        ]),
        el("p", {}, [el("button", { type: "submit", "class": "md-button", text: t("Download my practice calendar") })]),
        status
      ]));
      form.hidden = false;
    }

    return {
      enhance: function (shared) {
        el = shared.el; all = shared.all; nextId = shared.nextId; download = shared.download; t = shared.t; tn = shared.tn;
        all(".rp-calendar-maker").forEach(function (form) {
          if (form.hasAttribute("data-rp-ready")) return;
          form.setAttribute("data-rp-ready", "");
          enhance(form);
        });
      },
      render: function () {},
      plan: readPlan
    };
  })();

  // Arriving by instant navigation, this may run after rolepath.js has set the page up: start now.
  if (window.rolepath) window.rolepath.startPageTools();
})();
