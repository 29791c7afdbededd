/* Mock interview: draw N random questions matching the filters (or the due
   review questions, earliest first), show one at a time, reveal the 30-second
   answer and the follow-up questions on demand, optional per-question timer.
   Keys (shown only where there is a keyboard): Space/A reveal, →/N next,
   ←/P previous, K 已掌握, R 需复习. practice.md#review starts a review run. */
(function () {
  "use strict";
  var C = window.CNIG;
  if (!C) return;
  // Answers by question id, from assets/answers.js (only this page loads it).
  var answers = window.__CNIG_ANSWERS__ || {};

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  function btn(text, act) {
    return el("button", { type: "button", "class": "cnig-btn", "data-act": act }, text);
  }
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
  }
  // Build-time HTML of the question's page; its relative links are made absolute.
  function fill(box, html, q) {
    box.innerHTML = html;
    var page = C.url(q.page);
    [].forEach.call(box.querySelectorAll("a[href]"), function (a) {
      var href = a.getAttribute("href");
      if (href.charAt(0) === "#") a.href = page + href; else if (!/^[a-z]+:/i.test(href)) a.href = new URL(href, page).href;
    });
    [].forEach.call(box.querySelectorAll("img[src]"), function (img) { img.src = new URL(img.getAttribute("src"), page).href; });
    [].forEach.call(box.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
  }

  function init() {
    var setup = document.querySelector("[data-cnig-mock-setup]"), box = document.querySelector("[data-cnig-mock]");
    if (!setup || setup.getAttribute("data-ready")) return;
    setup.setAttribute("data-ready", "1");
    setup.hidden = false;
    var note = setup.querySelector("[data-cnig-message]");
    var run = null, ticker = null;

    // The card is built once; navigation only changes its text, so a focused button keeps focus.
    var progress = el("p", { "class": "cnig-mock-progress" }), timer = el("span", { "class": "cnig-timer", role: "timer" });
    var title = el("h2", { tabindex: "-1", "class": "cnig-mock-title", id: "cnig-mock-title" }), meta = el("p", { "class": "cnig-meta" });
    var answer = el("div", { "class": "cnig-mock-answer", id: "cnig-mock-answer" });
    var shortAnswer = el("div", { "class": "cnig-mock-short" });
    var followups = el("section", { "class": "cnig-mock-followups", "aria-labelledby": "cnig-mock-followups-title" });
    followups.appendChild(el("h3", { id: "cnig-mock-followups-title" }, "面试官追问"));
    var followList = followups.appendChild(el("div"));
    var link = el("a", {}, "查看完整题目、深入解析与参考答案");
    answer.appendChild(shortAnswer);
    answer.appendChild(followups);
    answer.appendChild(el("p")).appendChild(link);
    var actions = el("div", { "class": "cnig-mock-actions", role: "group", "aria-label": "作答操作" });
    var prev = btn("上一题", "prev"), reveal = btn("显示答案", "reveal"), next = btn("下一题", "next");
    var markKnown = btn("已掌握", "known"), markReview = btn("需复习", "review"), end = btn("结束", "end");
    markKnown.setAttribute("data-mark", "known");
    markReview.setAttribute("data-mark", "review");
    reveal.setAttribute("aria-controls", answer.id);
    [prev, reveal, next, markKnown, markReview, end].forEach(function (b) { actions.appendChild(b); });
    var summary = el("div", { "class": "cnig-mock-summary", hidden: "" });
    [progress, title, meta, actions, answer, summary].forEach(function (n) { box.appendChild(n); });
    progress.appendChild(timer);
    var progressText = progress.insertBefore(document.createTextNode(""), timer);

    function sourceLabel() {
      var option = setup.source.querySelector('option[value="review"]');
      option.textContent = "到期的复习题（" + C.due().length + " 道，按到期日）";
    }
    C.on(sourceLabel);
    sourceLabel();

    function start() {
      var n = parseInt(setup.n.value, 10), topic = setup.topic.value, level = setup.level.value;
      var review = setup.source.value === "review";
      if (!(n >= 1)) { note.textContent = "题数至少为 1。"; return; }
      var candidates = review
        ? C.due().map(function (x) { return C.byId[x.id]; })
        : shuffle(C.data.questions.slice());
      var pool = candidates.filter(function (q) {
        return (!topic || q.topics.indexOf(topic) >= 0) && (!level || q.level === level);
      });
      if (!pool.length) {
        note.textContent = review ? "今天没有到期的复习题。" : "没有符合条件的题目，请放宽主题或难度。";
        return;
      }
      note.textContent = pool.length < n ? "只有 " + pool.length + " 道题符合条件，本次全部抽取。" : "";
      run = { list: pool.slice(0, n), i: 0, shown: false, seconds: parseInt(setup.timer.value, 10) || 0 };
      box.hidden = false;
      setup.hidden = true;
      show(0);
      // The card at the top of the screen, so the answer opens within sight on a phone.
      box.scrollIntoView({ block: "start" });
      title.focus({ preventScroll: true });
    }
    setup.addEventListener("submit", function (e) { e.preventDefault(); start(); });

    function show(i) {
      run.i = i;
      run.shown = false;
      var q = run.list[i];
      progressText.nodeValue = "第 " + (i + 1) + " / " + run.list.length + " 题 ";
      title.textContent = q.title;
      meta.textContent = q.chapter + " · " + q.level + " · " + q.topics.join("、");
      var a = answers[q.id] || {};
      if (a.answer_html) fill(shortAnswer, a.answer_html, q);
      else {
        shortAnswer.textContent = "";
        var adm = shortAnswer.appendChild(el("div", { "class": "admonition tldr" }));
        adm.appendChild(el("p", { "class": "admonition-title" }, "30 秒回答"));
        adm.appendChild(el("p", {}, a.answer || ""));
      }
      fill(followList, a.followups_html || "", q);
      followups.hidden = !a.followups_html;
      link.href = C.url(q.url);
      summary.hidden = true;
      actions.hidden = false;
      title.hidden = meta.hidden = false;
      prev.disabled = i === 0;
      next.textContent = i === run.list.length - 1 ? "完成" : "下一题";
      C.seen(q.id);
      update();
      startTimer();
    }

    function update() {
      var q = run.list[run.i], mark = C.load()[q.id];
      answer.hidden = !run.shown;
      reveal.textContent = run.shown ? "隐藏答案" : "显示答案";
      reveal.setAttribute("aria-expanded", String(run.shown));
      // Each control names the question it acts on.
      reveal.setAttribute("aria-label", reveal.textContent + "：" + q.title);
      markKnown.setAttribute("aria-label", "已掌握：" + q.title);
      markReview.setAttribute("aria-label", "需复习：" + q.title);
      markKnown.setAttribute("aria-pressed", String(mark === "known"));
      markReview.setAttribute("aria-pressed", String(mark === "review"));
    }

    function startTimer() {
      clearInterval(ticker);
      timer.textContent = "";
      timer.classList.remove("cnig-timeout");
      if (!run.seconds) return;
      var left = run.seconds;
      var tick = function () {
        timer.textContent = left > 0 ? "剩余 " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") : "时间到";
        timer.classList.toggle("cnig-timeout", left <= 0);
        if (left-- <= 0) clearInterval(ticker);
      };
      tick();
      ticker = setInterval(tick, 1000);
    }

    function finish() {
      clearInterval(ticker);
      var marks = C.load(), k = 0, r = 0;
      run.list.forEach(function (q) { if (marks[q.id] === "known") k++; if (marks[q.id] === "review") r++; });
      actions.hidden = answer.hidden = title.hidden = meta.hidden = true;
      timer.textContent = "";
      progressText.nodeValue = "本次共 " + run.list.length + " 题：已掌握 " + k + "，需复习 " + r + "。";
      summary.textContent = "";
      var again = summary.appendChild(btn("再来一次", "again"));
      summary.hidden = false;
      again.focus();
      run = null;
    }

    function act(name) {
      if (name === "again") { box.hidden = true; setup.hidden = false; setup.n.focus(); return; }
      if (!run) return;
      var q = run.list[run.i];
      if (name === "reveal") { run.shown = !run.shown; update(); }
      else if (name === "next") { if (run.i < run.list.length - 1) show(run.i + 1); else finish(); }
      else if (name === "prev") { if (run.i > 0) show(run.i - 1); }
      else if (name === "known" || name === "review") { C.press(q.id, name); update(); }
      else if (name === "end") finish();
    }

    box.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-act]");
      if (b) act(b.getAttribute("data-act"));
    });
    var KEYS = { " ": "reveal", a: "reveal", ArrowRight: "next", n: "next", ArrowLeft: "prev", p: "prev", k: "known", r: "review" };
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      if (!run || box.hidden || e.altKey || e.ctrlKey || e.metaKey) return;
      if (t.closest && t.closest("input, select, textarea, [contenteditable]")) return;
      // A focused button already answers Space and Enter itself.
      if (t.tagName === "BUTTON" && (e.key === " " || e.key === "Enter")) return;
      var name = KEYS[e.key.length === 1 ? e.key.toLowerCase() : e.key];
      if (!name) return;
      // Material binds N and P to the next/previous page on window; keep the keys here.
      e.preventDefault();
      e.stopPropagation();
      act(name);
    });
    setup.hidden = false;
    // 首页的“继续复习” (practice/#review): start with the due questions, all of them.
    function reviewFromHash() {
      if (location.hash !== "#review" || setup.hidden) return;
      setup.source.value = "review";
      var n = C.due().length;
      if (n) {
        setup.n.max = String(Math.max(n, parseInt(setup.n.max, 10) || 1));
        setup.n.value = String(n);
        start();
      } else {
        note.textContent = "今天没有到期的复习题。";
      }
    }
    window.addEventListener("hashchange", reviewFromHash);
    reviewFromHash();
  }

  C.onReady(init);
})();
