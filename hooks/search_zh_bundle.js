/* Search index on demand: see hooks/search_zh.py (patch_bundle).
 *
 * hooks/search_zh.py prepends this file to a copy of Material's main bundle and
 * changes the one place where the bundle fetches search/search_index.json: it
 * fetches through cnigSearchIndex instead. Material would fetch the index (the
 * heaviest file of the site) on every page load; this waits until the reader
 * shows an interest in search:
 * - focus enters the search form (a click or tap in the box, or Material's
 *   keyboard shortcuts, which focus it),
 * - the search overlay's toggle is switched on (the search button on a phone),
 * - the pointer rests on the search box or button (a head start of a few
 *   hundred milliseconds before the click),
 * - or the page was opened from a search result (?h=…, which Material's
 *   highlighting needs the index for).
 * The promise is made once per page, so the index is fetched at most once.
 * An index that cannot be fetched or read leaves search saying so (and why)
 * where Material says "正在初始化搜索引擎", instead of waiting forever; the rest
 * of the page is not affected.
 */
var cnigSearchIndex = (function () {
  "use strict"

  var wanted = null

  function whenWanted() {
    return new Promise(function (resolve) {
      if (new URL(location.href).searchParams.has("h")) return resolve()
      var toggle = document.getElementById("__search")
      if (toggle && toggle.checked) return resolve()
      var events = [
        [toggle, "change"],
        [document.querySelector(".md-search"), "focusin"],
        [document.querySelector(".md-search"), "pointerover"],
        [document.querySelector('label[for="__search"]'), "pointerover"],
      ]
      function go() {
        events.forEach(function (e) { if (e[0]) e[0].removeEventListener(e[1], go) })
        resolve()
      }
      events.forEach(function (e) { if (e[0]) e[0].addEventListener(e[1], go) })
    })
  }

  return function (url) {
    if (!wanted) {
      wanted = whenWanted().then(function () {
        return fetch(url, { credentials: "same-origin" })
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status + " " + response.statusText)
        return response.json()
      }).catch(function (error) {
        console.error("search index " + url + ": " + error)
        broken(error)
        return new Promise(function () {})
      })
    }
    return wanted
  }

  function broken(error) {
    var meta = document.querySelector(".md-search-result__meta")
    if (meta) meta.textContent = "搜索暂不可用：索引加载失败（" + (error && error.message || error) + "），请刷新页面重试。"
  }
})();
