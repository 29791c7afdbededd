/* Practice mode core: progress in localStorage, the review schedule,
   self-test on question pages, chapter progress in the navigation, and the
   home page's "继续复习" and "上次看到". Data comes from assets/questions.js
   (a script, not fetch(), so it also works from file://). Exposes window.CNIG
   for index.js and mock.js.

   Review schedule: a question marked 需复习 is due 1 day later. Pressing
   需复习 again on a due question counts as one review and moves it to the next
   interval: 1, 3, 7, then every 14 days. 已掌握 takes it out of the queue. */
(function () {
  "use strict";
  var KEY = "cnig.progress.v1", SETTINGS = "cnig.settings.v1", LAST = "cnig.last.v1";
  var VERSION = 1, FORMAT = "cnig-progress", CODE_PREFIX = "CNIG1.";
  var INTERVALS = [1, 3, 7, 14];
  var MARKS = { known: "已掌握", review: "需复习" };
  var data = window.__CNIG_QUESTIONS__ || { questions: [], pages: {}, settings: {} };
  var byId = {};
  (data.questions || []).forEach(function (q) { byId[q.id] = q; });
  var script = document.querySelector('script[src$="assets/questions.js"]');
  var base = script ? script.src.replace(/assets\/questions\.js$/, "") : location.href;
  var listeners = [];
  var revealed = {};

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function write(key, value) {
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: marks last for this page only */ }
  }
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  // Local calendar day as YYYY-MM-DD, `days` from today.
  function day(days) {
    var d = new Date();
    d.setHours(12, 0, 0, 0);
    d.setDate(d.getDate() + (days || 0));
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  // Why the marks object is unusable, or "" when every value is a known mark.
  function badMarks(marks) {
    if (!isObject(marks)) return "marks 必须是一个对象";
    for (var id in marks) {
      if (!MARKS.hasOwnProperty(marks[id])) return "题目 " + id + " 的标记 " + JSON.stringify(marks[id]) + " 无法识别";
    }
    return "";
  }
  // Why the schedule is unusable, or "" (a missing schedule is fine).
  function badSchedule(review) {
    if (review === undefined) return "";
    if (!isObject(review)) return "review 必须是一个对象";
    for (var id in review) {
      var r = review[id];
      if (!isObject(r) || typeof r.step !== "number" || typeof r.due !== "string" || !/^\d{4}-\d\d-\d\d$/.test(r.due)) {
        return "题目 " + id + " 的复习计划无法识别";
      }
    }
    return "";
  }
  function state() {
    var saved = read(KEY);
    if (!isObject(saved) || saved.version !== VERSION || badMarks(saved.marks)) return { marks: {}, review: {} };
    return { marks: saved.marks, review: badSchedule(saved.review) ? {} : saved.review || {} };
  }
  function load() { return state().marks; }
  function save(s) { write(KEY, { version: VERSION, marks: s.marks, review: s.review }); emit(); }

  function setMark(id, mark) {
    var s = state();
    if (mark && MARKS[mark]) s.marks[id] = mark; else delete s.marks[id];
    if (mark === "review") s.review[id] = { step: 0, due: day(INTERVALS[0]) };
    else delete s.review[id];
    save(s);
  }
  // A question is due when it is marked 需复习 and its day has come (or it has no schedule).
  function isDue(id, s) {
    s = s || state();
    if (s.marks[id] !== "review") return false;
    var r = s.review[id];
    return !r || r.due <= day(0);
  }
  // What a press on 已掌握/需复习 does: on a due question 需复习 is one review
  // (next interval); otherwise pressing the current mark clears it.
  function press(id, mark) {
    var s = state();
    if (mark === "review" && isDue(id, s)) {
      var step = Math.min(((s.review[id] || {}).step || 0) + 1, INTERVALS.length - 1);
      if (!s.review[id]) step = 0;
      s.review[id] = { step: step, due: day(INTERVALS[step]) };
      save(s);
      return;
    }
    setMark(id, s.marks[id] === mark ? "" : mark);
  }
  // Every 需复习 question, earliest due first: [{id, due, step, isDue}].
  function queue() {
    var s = state(), today = day(0);
    return Object.keys(s.marks).filter(function (id) { return s.marks[id] === "review" && byId[id]; }).map(function (id) {
      var r = s.review[id] || { step: 0, due: "" };
      return { id: id, due: r.due, step: r.step, isDue: r.due <= today };
    }).sort(function (a, b) { return a.due < b.due ? -1 : a.due > b.due ? 1 : (a.id < b.id ? -1 : 1); });
  }
  function due() { return queue().filter(function (x) { return x.isDue; }); }

  function reset() {
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    emit();
  }
  function on(fn) { listeners.push(fn); }
  function emit() { listeners.forEach(function (fn) { fn(); }); }

  function seen(id) { if (byId[id]) write(LAST, { id: id, at: new Date().toISOString() }); }
  function lastSeen() { var l = read(LAST); return isObject(l) && byId[l.id] ? byId[l.id] : null; }

  function exportText() {
    var s = state();
    return JSON.stringify({ format: FORMAT, version: VERSION, exported: new Date().toISOString(), marks: s.marks, review: s.review }, null, 2);
  }
  // The same progress as one line of text to copy and paste (no file needed).
  function exportCode() {
    var s = state(), json = JSON.stringify({ format: FORMAT, version: VERSION, marks: s.marks, review: s.review });
    var bytes = new TextEncoder().encode(json), bin = "";
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return CODE_PREFIX + btoa(bin);
  }
  function decodeCode(text) {
    try {
      var bin = atob(text.slice(CODE_PREFIX.length).replace(/\s+/g, "")), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (e) {
      throw new Error("导入失败：进度码不完整或已损坏，请重新复制。当前进度未改变。");
    }
  }
  // Replace the progress with an exported file or code; throws with a message
  // for the reader and leaves the stored progress alone when the input is bad.
  function importText(text) {
    var parsed;
    text = String(text || "").trim();
    if (text.indexOf(CODE_PREFIX) === 0) text = decodeCode(text);
    try { parsed = JSON.parse(text); } catch (e) { throw new Error("导入失败：文件不是有效的 JSON。当前进度未改变。"); }
    if (!isObject(parsed) || parsed.format !== FORMAT) throw new Error("导入失败：这不是本书导出的进度文件。当前进度未改变。");
    if (parsed.version !== VERSION) throw new Error("导入失败：不支持的进度文件版本 " + JSON.stringify(parsed.version) + "（需要 " + VERSION + "）。当前进度未改变。");
    var why = badMarks(parsed.marks) || badSchedule(parsed.review);
    if (why) throw new Error("导入失败：" + why + "。当前进度未改变。");
    save({ marks: parsed.marks, review: parsed.review || {} });
    return Object.keys(parsed.marks).length;
  }

  function abs(url) { return new URL(url, base).href; }
  function known(ids, marks) { return ids.filter(function (id) { return marks[id] === "known"; }).length; }

  function hideMode() {
    var s = read(SETTINGS);
    return isObject(s) && typeof s.hide === "boolean" ? s.hide : !!(data.settings || {}).hide_answers_by_default;
  }

  function button(text, attrs) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "cnig-btn";
    b.textContent = text;
    for (var k in attrs) b.setAttribute(k, attrs[k]);
    return b;
  }

  // A question's title as the reader sees it (no permalink sign).
  function titleOf(h) {
    if (byId[h.id]) return byId[h.id].title;
    var c = h.cloneNode(true);
    [].forEach.call(c.querySelectorAll(".headerlink"), function (a) { a.remove(); });
    return c.textContent.trim();
  }

  // Self-test switch and a reveal/mark bar under every question heading.
  function initPage() {
    var heads = [].slice.call(document.querySelectorAll(".md-content h2[data-level][id]"));
    if (!heads.length || document.querySelector(".cnig-switch")) return;
    var bar = document.createElement("div");
    bar.className = "cnig-switch";
    var toggle = button("自测模式", { "aria-pressed": String(hideMode()), "data-cnig-selftest": "" });
    toggle.title = "隐藏每道题下的全部内容，先自己作答";
    var status = document.createElement("span");
    status.className = "cnig-page-progress";
    bar.appendChild(toggle);
    bar.appendChild(status);
    var h1 = document.querySelector(".md-content h1");
    if (h1) h1.parentNode.insertBefore(bar, h1.nextSibling); else heads[0].parentNode.insertBefore(bar, heads[0]);
    toggle.addEventListener("click", function () {
      write(SETTINGS, { hide: !hideMode() });
      revealed = {};
      update();
    });
    heads.forEach(function (h) {
      var title = titleOf(h), body = document.getElementById(h.id + "--body");
      var tools = document.createElement("div");
      tools.className = "cnig-bar";
      tools.setAttribute("data-for", h.id);
      var reveal = button("显示答案", { "data-cnig-reveal": "", "aria-expanded": "false", "aria-label": "显示答案：" + title });
      if (body) reveal.setAttribute("aria-controls", body.id);
      reveal.addEventListener("click", function () {
        revealed[h.id] = !revealed[h.id];
        if (revealed[h.id] && body) [].forEach.call(body.querySelectorAll("details.answer"), function (d) { d.open = true; });
        seen(h.id);
        update();
      });
      tools.appendChild(reveal);
      Object.keys(MARKS).forEach(function (mark) {
        var b = button(MARKS[mark], { "data-mark": mark, "aria-pressed": "false", "aria-label": MARKS[mark] + "：" + title });
        b.addEventListener("click", function () { press(h.id, mark); seen(h.id); });
        tools.appendChild(b);
      });
      h.parentNode.insertBefore(tools, h.nextSibling);
    });
    // The question the reader last scrolled to, for the home page's "上次看到".
    if ("IntersectionObserver" in window) {
      var watch = new IntersectionObserver(function (entries) {
        entries.forEach(function (e) { if (e.isIntersecting) seen(e.target.id); });
      }, { rootMargin: "0px 0px -60% 0px" });
      heads.forEach(function (h) { watch.observe(h); });
    }

    function update() {
      var hide = hideMode(), s = state(), marks = s.marks, ids = heads.map(function (h) { return h.id; });
      document.documentElement.classList.toggle("cnig-selftest", hide);
      toggle.setAttribute("aria-pressed", String(hide));
      toggle.textContent = hide ? "自测模式：开" : "自测模式：关";
      heads.forEach(function (h) {
        var tools = h.nextElementSibling, shown = !hide || !!revealed[h.id];
        var body = document.getElementById(h.id + "--body");
        if (body) body.classList.toggle("cnig-shown", shown);
        var reveal = tools.querySelector("[data-cnig-reveal]");
        reveal.hidden = !hide;
        reveal.textContent = shown ? "隐藏答案" : "显示答案";
        reveal.setAttribute("aria-label", reveal.textContent + "：" + titleOf(h));
        reveal.setAttribute("aria-expanded", String(shown));
        [].forEach.call(tools.querySelectorAll("[data-mark]"), function (b) {
          b.setAttribute("aria-pressed", String(marks[h.id] === b.getAttribute("data-mark")));
        });
      });
      focusableScrollers();
      var review = ids.filter(function (id) { return marks[id] === "review"; }).length;
      status.textContent = "本页 " + known(ids, marks) + "/" + ids.length + " 已掌握" + (review ? " · " + review + " 需复习" : "");
    }
    on(update);
    update();
    window.addEventListener("resize", focusableScrollers);
  }

  // Code blocks and tables that scroll sideways can be reached with the
  // keyboard. Material does this only where the pointer hovers; a phone with
  // a keyboard (or a screen reader) needs it too.
  function focusableScrollers() {
    [].forEach.call(document.querySelectorAll(".md-content .md-code__content, .md-content pre > code, .md-content .md-typeset__scrollwrap"), function (el) {
      if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
    });
  }

  // The home page: how many questions are due, and the question last seen.
  function initHome() {
    var box = document.querySelector("[data-cnig-continue]");
    if (!box) return;
    function update() {
      var n = due().length, all = queue().length, last = lastSeen();
      box.querySelector("[data-cnig-due]").textContent = String(n);
      var link = box.querySelector("[data-cnig-review-link]");
      link.hidden = !all;
      var lastBox = box.querySelector("[data-cnig-last]");
      if (last) {
        var a = lastBox.querySelector("a");
        a.textContent = last.title;
        a.href = abs(last.url);
        lastBox.hidden = false;
      }
      box.hidden = !all && !last;
    }
    on(update);
    update();
  }

  function badge(link, ids, marks) {
    var span = link.querySelector(".cnig-nav-progress");
    if (!span) {
      span = document.createElement("span");
      span.className = "cnig-nav-progress";
      link.appendChild(span);
    }
    span.textContent = known(ids, marks) + "/" + ids.length + " 已掌握";
  }

  // "k/n 已掌握" after every page with questions in the navigation, and the sum on its section.
  function updateNav() {
    var pages = {}, marks = load();
    Object.keys(data.pages || {}).forEach(function (url) { pages[abs(url)] = data.pages[url].ids; });
    var links = document.querySelectorAll(".md-nav--primary a.md-nav__link[href]");
    [].forEach.call(links, function (a) {
      // Table-of-contents entries of the current page are no chapters, and a
      // pruned chapter's link (navigation.prune) names the chapter, not its first page.
      var ids = !a.closest(".md-nav--secondary, .md-nav__item--pruned") && pages[a.href.split("#")[0]];
      if (ids) badge(a, ids, marks);
    });
    [].forEach.call(document.querySelectorAll(".md-nav--primary .md-nav__item--nested"), function (li) {
      var ids = [], seenIds = {};
      [].forEach.call(li.querySelectorAll("a.md-nav__link[href]:not(.md-nav--secondary a)"), function (a) {
        (pages[a.href.split("#")[0]] || []).forEach(function (id) { if (!seenIds[id]) { seenIds[id] = 1; ids.push(id); } });
      });
      var head = li.querySelector(":scope > .md-nav__container > a.md-nav__link, :scope > label.md-nav__link");
      if (ids.length && head) badge(head, ids, marks);
    });
  }

  // Run fn for the current page, and again after each instant navigation if
  // Material's document$ exists (instant navigation is off in this site).
  function onReady(fn) {
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(function () { fn(); });
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  // Printing shows every answer expanded.
  window.addEventListener("beforeprint", function () {
    [].forEach.call(document.querySelectorAll("details.answer"), function (d) { d.open = true; });
  });
  window.addEventListener("storage", function (e) { if (e.key === KEY) emit(); });

  window.CNIG = {
    data: data, byId: byId, marks: MARKS, intervals: INTERVALS, load: load, state: state, setMark: setMark,
    press: press, isDue: isDue, queue: queue, due: due, seen: seen, lastSeen: lastSeen, day: day, reset: reset,
    on: on, exportText: exportText, exportCode: exportCode, importText: importText, url: abs, onReady: onReady
  };
  // After an instant navigation the index or mock page may lack its script: load it.
  function need(selector, file) {
    var src = base + "assets/javascripts/practice/" + file;
    var loaded = [].some.call(document.scripts, function (x) { return x.src === src; });
    if (loaded || !document.querySelector(selector)) return;
    var s = document.createElement("script");
    s.src = src;
    document.body.appendChild(s);
  }
  on(updateNav);
  onReady(function () {
    initPage();
    initHome();
    updateNav();
    need("[data-cnig-filters]", "index.js");
    need("[data-cnig-mock-setup]", "mock.js");
  });
})();
