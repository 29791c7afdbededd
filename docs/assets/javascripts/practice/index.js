/* Question index: filter by topic, difficulty and mark; export, import and
   reset progress. The list itself is rendered at build time by the hook. */
(function () {
  "use strict";
  var C = window.CNIG;
  if (!C) return;

  function message(box, text, isError) {
    box.textContent = text;
    box.classList.toggle("cnig-error", !!isError);
  }

  function init() {
    var form = document.querySelector("[data-cnig-filters]"), tools = document.querySelector("[data-cnig-tools]");
    if (!form || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "1");
    form.hidden = tools.hidden = false;
    var count = form.querySelector("[data-cnig-count]"), box = tools.querySelector("[data-cnig-message]");
    var file = tools.querySelector("[data-cnig-file]");

    function apply() {
      var topic = form.topic.value, level = form.level.value, mark = form.mark.value, marks = C.load(), shown = {};
      [].forEach.call(document.querySelectorAll(".cnig-group"), function (group) {
        var anyInGroup = false, topicOk = !topic || group.getAttribute("data-topic") === topic;
        [].forEach.call(group.querySelectorAll(".cnig-level"), function (lv) {
          var any = false;
          [].forEach.call(lv.querySelectorAll("li[data-id]"), function (li) {
            var id = li.getAttribute("data-id"), m = marks[id] || "none";
            var ok = topicOk && (!level || li.getAttribute("data-level") === level) && (!mark || m === mark);
            li.hidden = !ok;
            if (ok) { any = true; shown[id] = 1; }
            var b = li.querySelector("[data-cnig-badge]");
            b.textContent = C.marks[m] || "";
            b.setAttribute("data-mark", m);
          });
          lv.hidden = !any;
          anyInGroup = anyInGroup || any;
        });
        group.hidden = !anyInGroup;
      });
      var n = Object.keys(shown).length;
      count.textContent = n ? "显示 " + n + " / " + C.data.questions.length + " 题" : "没有符合条件的题目";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    C.on(apply);
    apply();

    tools.querySelector("[data-cnig-export]").addEventListener("click", function () {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([C.exportText()], { type: "application/json" }));
      a.download = "cnig-progress-" + new Date().toISOString().slice(0, 10) + ".json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      message(box, "已导出进度文件 " + a.download + "。");
    });
    tools.querySelector("[data-cnig-import]").addEventListener("click", function () { file.click(); });
    file.addEventListener("change", function () {
      var f = file.files[0];
      if (!f) return;
      f.text().then(function (text) {
        try {
          message(box, "已导入 " + C.importText(text) + " 个标记。");
        } catch (e) {
          message(box, e.message, true);
        }
        file.value = "";
      });
    });
    // The progress as a text code: copy it here, paste it on another device.
    var codeBox = tools.querySelector("[data-cnig-code]"), codeText = tools.querySelector("[data-cnig-code-text]");
    var apply = tools.querySelector("[data-cnig-code-apply]");
    tools.querySelector("[data-cnig-code-export]").addEventListener("click", function () {
      codeText.value = C.exportCode();
      codeText.readOnly = true;
      apply.hidden = true;
      codeBox.hidden = false;
      codeText.focus();
      codeText.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      message(box, copied ? "进度码已复制，可粘贴到另一台设备的本页。" : "进度码已选中，请长按或按 Ctrl+C 复制。");
    });
    tools.querySelector("[data-cnig-code-import]").addEventListener("click", function () {
      codeText.value = "";
      codeText.readOnly = false;
      apply.hidden = false;
      codeBox.hidden = false;
      codeText.focus();
      message(box, "把进度码粘贴到文本框里，再点“导入进度码”。");
    });
    apply.addEventListener("click", function () {
      try {
        message(box, "已导入 " + C.importText(codeText.value) + " 个标记。");
        codeBox.hidden = true;
      } catch (e) {
        message(box, e.message, true);
      }
    });

    tools.querySelector("[data-cnig-reset]").addEventListener("click", function () {
      if (!window.confirm("清除本机保存的全部“已掌握/需复习”标记？此操作无法撤销，可先导出备份。")) return;
      C.reset();
      message(box, "进度已重置。");
    });
  }

  C.onReady(init);
})();
