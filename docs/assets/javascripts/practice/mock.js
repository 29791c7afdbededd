/* Mock interview: draw N random questions matching the filters, show one at a
   time, reveal the 30-second answer on demand, optional per-question timer.
   Keys: Space/A reveal, →/N next, ←/P previous, K 已掌握, R 需复习. */
(function () {
  "use strict";
  var C = window.CNIG;
  if (!C) return;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text) e.textContent = text;
    return e;
  }
  function btn(text, act, key) {
    var b = el("button", { type: "button", "class": "cnig-btn", "data-act": act }, text);
    if (key) b.appendChild(el("kbd", {}, key));
    return b;
  }
  function shuffle(list) {
    for (var i = list.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1)), t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    return list;
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
    var title = el("h2", { tabindex: "-1", "class": "cnig-mock-title" }), meta = el("p", { "class": "cnig-meta" });
    var answer = el("div", { "class": "cnig-mock-answer", id: "cnig-mock-answer" });
    var shortAnswer = el("div", { "class": "admonition tldr" });
    var link = el("a", {}, "查看完整题目、追问与参考答案");
    shortAnswer.appendChild(el("p", { "class": "admonition-title" }, "30 秒回答"));
    var answerText = shortAnswer.appendChild(el("p"));
    answer.appendChild(shortAnswer);
    answer.appendChild(el("p")).appendChild(link);
    var actions = el("div", { "class": "cnig-mock-actions" });
    var prev = btn("上一题", "prev", "←"), reveal = btn("显示答案", "reveal", "空格"), next = btn("下一题", "next", "→");
    var markKnown = btn("已掌握", "known", "K"), markReview = btn("需复习", "review", "R"), end = btn("结束", "end");
    reveal.setAttribute("aria-controls", answer.id);
    [prev, reveal, next, markKnown, markReview, end].forEach(function (b) { actions.appendChild(b); });
    var summary = el("div", { "class": "cnig-mock-summary", hidden: "" });
    [progress, title, meta, actions, answer, summary].forEach(function (n) { box.appendChild(n); });
    progress.appendChild(timer);
    var progressText = progress.insertBefore(document.createTextNode(""), timer);

    setup.addEventListener("submit", function (e) {
      e.preventDefault();
      var n = parseInt(setup.n.value, 10), topic = setup.topic.value, level = setup.level.value;
      if (!(n >= 1)) { note.textContent = "题数至少为 1。"; return; }
      var pool = C.data.questions.filter(function (q) {
        return (!topic || q.topics.indexOf(topic) >= 0) && (!level || q.level === level);
      });
      if (!pool.length) { note.textContent = "没有符合条件的题目，请放宽主题或难度。"; return; }
      note.textContent = pool.length < n ? "只有 " + pool.length + " 道题符合条件，本次全部抽取。" : "";
      run = { list: shuffle(pool).slice(0, n), i: 0, shown: false, seconds: parseInt(setup.timer.value, 10) || 0 };
      box.hidden = false;
      setup.hidden = true;
      show(0);
      title.focus();
    });

    function show(i) {
      run.i = i;
      run.shown = false;
      var q = run.list[i];
      progressText.nodeValue = "第 " + (i + 1) + " / " + run.list.length + " 题 ";
      title.textContent = q.title;
      meta.textContent = q.chapter + " · " + q.level + " · " + q.topics.join("、");
      answerText.textContent = q.answer;
      link.href = C.url(q.url);
      summary.hidden = true;
      actions.hidden = false;
      title.hidden = meta.hidden = false;
      prev.disabled = i === 0;
      next.firstChild.nodeValue = i === run.list.length - 1 ? "完成" : "下一题";
      update();
      startTimer();
    }

    function update() {
      var mark = C.load()[run.list[run.i].id];
      answer.hidden = !run.shown;
      reveal.firstChild.nodeValue = run.shown ? "隐藏答案" : "显示答案";
      reveal.setAttribute("aria-expanded", String(run.shown));
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
      else if (name === "known" || name === "review") { C.setMark(q.id, C.load()[q.id] === name ? "" : name); update(); }
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
  }

  C.onReady(init);
})();
