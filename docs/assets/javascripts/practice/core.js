/* Practice mode core: progress in localStorage, self-test on question pages,
   chapter progress in the navigation. Data comes from assets/questions.js
   (a script, not fetch(), so it also works from file://). Exposes window.CNIG
   for index.js and mock.js. */
(function () {
  "use strict";
  var KEY = "cnig.progress.v1", SETTINGS = "cnig.settings.v1", VERSION = 1, FORMAT = "cnig-progress";
  var MARKS = { known: "已掌握", review: "需复习" };
  var data = window.__CNIG_QUESTIONS__ || { questions: [], pages: {}, settings: {} };
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

  // Why the marks object is unusable, or "" when every value is a known mark.
  function badMarks(marks) {
    if (!isObject(marks)) return "marks 必须是一个对象";
    for (var id in marks) {
      if (!MARKS.hasOwnProperty(marks[id])) return "题目 " + id + " 的标记 " + JSON.stringify(marks[id]) + " 无法识别";
    }
    return "";
  }
  function load() {
    var saved = read(KEY);
    return isObject(saved) && saved.version === VERSION && !badMarks(saved.marks) ? saved.marks : {};
  }
  function save(marks) { write(KEY, { version: VERSION, marks: marks }); emit(); }
  function setMark(id, mark) {
    var marks = load();
    if (mark && MARKS[mark]) marks[id] = mark; else delete marks[id];
    save(marks);
  }
  function reset() {
    try { localStorage.removeItem(KEY); } catch (e) { /* nothing stored */ }
    emit();
  }
  function on(fn) { listeners.push(fn); }
  function emit() { listeners.forEach(function (fn) { fn(); }); }

  function exportText() {
    return JSON.stringify({ format: FORMAT, version: VERSION, exported: new Date().toISOString(), marks: load() }, null, 2);
  }
  // Replace the marks with those of an exported file; throws with a message
  // for the reader and leaves the stored progress alone when the file is bad.
  function importText(text) {
    var parsed;
    try { parsed = JSON.parse(text); } catch (e) { throw new Error("导入失败：文件不是有效的 JSON。当前进度未改变。"); }
    if (!isObject(parsed) || parsed.format !== FORMAT) throw new Error("导入失败：这不是本书导出的进度文件。当前进度未改变。");
    if (parsed.version !== VERSION) throw new Error("导入失败：不支持的进度文件版本 " + JSON.stringify(parsed.version) + "（需要 " + VERSION + "）。当前进度未改变。");
    var why = badMarks(parsed.marks);
    if (why) throw new Error("导入失败：" + why + "。当前进度未改变。");
    save(parsed.marks);
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

  // The 30-second answer and the model answer of the question under heading h.
  function answerParts(h) {
    var parts = [];
    for (var el = h.nextElementSibling; el && !/^H[12]$/.test(el.tagName); el = el.nextElementSibling) {
      if (el.matches(".admonition.tldr, details.answer, .admonition.answer")) parts.push(el);
    }
    return parts;
  }

  // Self-test switch and a reveal/mark bar under every question heading.
  function initPage() {
    var heads = [].slice.call(document.querySelectorAll(".md-content h2[data-level][id]"));
    if (!heads.length || document.querySelector(".cnig-switch")) return;
    var bar = document.createElement("div");
    bar.className = "cnig-switch";
    var toggle = button("自测模式", { "aria-pressed": String(hideMode()), "data-cnig-selftest": "" });
    toggle.title = "隐藏 30 秒回答和参考答案，先自己作答";
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
      var tools = document.createElement("div");
      tools.className = "cnig-bar";
      tools.setAttribute("data-for", h.id);
      var reveal = button("显示答案", { "data-cnig-reveal": "", "aria-expanded": "false" });
      reveal.addEventListener("click", function () {
        revealed[h.id] = !revealed[h.id];
        if (revealed[h.id]) answerParts(h).forEach(function (p) { if (p.tagName === "DETAILS") p.open = true; });
        update();
      });
      tools.appendChild(reveal);
      Object.keys(MARKS).forEach(function (mark) {
        var b = button(MARKS[mark], { "data-mark": mark, "aria-pressed": "false" });
        b.addEventListener("click", function () { setMark(h.id, load()[h.id] === mark ? "" : mark); });
        tools.appendChild(b);
      });
      h.parentNode.insertBefore(tools, h.nextSibling);
    });

    function update() {
      var hide = hideMode(), marks = load(), ids = heads.map(function (h) { return h.id; });
      toggle.setAttribute("aria-pressed", String(hide));
      toggle.textContent = hide ? "自测模式：开" : "自测模式：关";
      heads.forEach(function (h) {
        var tools = h.nextElementSibling, shown = !hide || !!revealed[h.id];
        answerParts(h).forEach(function (p) { p.classList.toggle("cnig-hidden", !shown); });
        var reveal = tools.querySelector("[data-cnig-reveal]");
        reveal.hidden = !hide;
        reveal.textContent = shown ? "隐藏答案" : "显示答案";
        reveal.setAttribute("aria-expanded", String(shown));
        [].forEach.call(tools.querySelectorAll("[data-mark]"), function (b) {
          b.setAttribute("aria-pressed", String(marks[h.id] === b.getAttribute("data-mark")));
        });
      });
      var review = ids.filter(function (id) { return marks[id] === "review"; }).length;
      status.textContent = "本页 " + known(ids, marks) + "/" + ids.length + " 已掌握" + (review ? " · " + review + " 需复习" : "");
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
      var ids = [], seen = {};
      [].forEach.call(li.querySelectorAll("a.md-nav__link[href]:not(.md-nav--secondary a)"), function (a) {
        (pages[a.href.split("#")[0]] || []).forEach(function (id) { if (!seen[id]) { seen[id] = 1; ids.push(id); } });
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
    data: data, marks: MARKS, load: load, setMark: setMark, reset: reset, on: on,
    exportText: exportText, importText: importText, url: abs, onReady: onReady
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
    updateNav();
    need("[data-cnig-filters]", "index.js");
    need("[data-cnig-mock-setup]", "mock.js");
  });
})();
