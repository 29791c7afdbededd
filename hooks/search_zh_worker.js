/* Query side of the guide's search: see hooks/search_zh.py.
 *
 * hooks/search_zh.py prepends this file to Material's search worker and
 * replaces the one call where Material segments Chinese queries with
 * `self.searchZh.query(query, this.index)`. Everything else in the worker is
 * Material's own. SYNONYMS is filled in at build time from
 * hooks/search_synonyms.txt and the glossary.
 *
 * What it does to the query a reader types, before Material's own parsing:
 * - Chinese runs are split into the words the index holds (the index was
 *   segmented by jieba with the glossary terms), fewest words first, so a
 *   word at the end of the query stays whole (Material's splitter drops its
 *   last character: 原理 became 原).
 * - A lowercase identifier the index does not hold (crashloopbackoff) is split
 *   into the index's words (crash, loop, back, off), and all of them are
 *   required.
 * - A lowercase identifier the index holds whole (rolebinding) is also
 *   searched as its parts (role, binding) when the pages also write it in
 *   CamelCase (RoleBinding, indexed as role + binding): COMPOUNDS, filled in
 *   at build time. cancel is never written CanCel, so it stays one word.
 * - Readers' words are expanded with the guide's words (瘦身 → 精简 缩小), and
 *   when anything was expanded, the typed words weigh 3 times the added ones.
 * - Particles, question words (的, 和, 怎么, 什么) and lone letters or digits
 *   (-s, HTTP/2) are dropped, so they are neither searched nor highlighted.
 * Queries with Lunr syntax (+term, ^, ~, *, field:) are left to Material; a
 * leading - is read as a flag (--privileged), not as "must not contain".
 */
self.searchZh = (function () {
  "use strict"

  var SYNONYMS = {} /* @SYNONYMS@ */
  var COMPOUNDS = {} /* @COMPOUNDS@ */

  /* Words that carry no meaning in a query: Lunr's Chinese stop words
   * (single characters, never indexed) and the question words every heading
   * has. */
  var STOP = new Set((
    "的 一 不 在 人 有 是 为 為 以 于 於 上 他 而 后 後 之 来 來 及 了 因 下 可 到 由 这 " +
    "這 与 與 也 此 但 并 並 个 個 其 已 无 無 小 我 们 們 起 最 再 今 去 好 只 又 或 很 " +
    "亦 某 把 那 你 乃 它 吧 被 比 别 趁 当 當 从 從 得 打 凡 儿 兒 尔 爾 该 該 各 给 給 " +
    "跟 和 何 还 還 即 几 幾 既 看 据 據 距 靠 啦 另 么 麽 每 嘛 拿 哪 您 凭 憑 且 却 卻 " +
    "让 讓 仍 啥 如 若 使 谁 誰 虽 雖 随 隨 同 所 她 哇 嗡 往 些 向 沿 哟 喲 用 咱 则 則 " +
    "怎 曾 至 致 着 著 诸 諸 自 吗 呢 啊 什么 怎么 怎样 怎么样 如何 为什么 哪些 哪个 " +
    "是否 能否 一个 这个 那个 还是 以及 或者 之间 时候 什么样"
  ).split(" "))

  /* How much more a typed word weighs than a synonym added for it */
  var TYPED_BOOST = 3

  /* Longest word the segmenter tries, in characters */
  var MAX_WORD = 16

  var HAN = /\p{sc=Han}+/u
  /* Lunr's query syntax: +required, boost^2, fuzzy~1, wild*card, field:
   * (a leading - is not: readers type flags such as --privileged) */
  var SYNTAX = /(^|\s)\+|[\^~*]|(^|\s)(title|text|tags):/

  var has = Object.prototype.hasOwnProperty
  var cache = new WeakMap()

  /* The index's words, sorted, for prefix look-ups without Lunr's token
   * trie; built once per index */
  function vocabulary(index) {
    var words = cache.get(index)
    if (!words) {
      words = Object.keys(index.invertedIndex).sort()
      cache.set(index, words)
    }
    return words
  }

  function isWord(word, index) {
    return has.call(index.invertedIndex, word) || has.call(SYNONYMS, word) || STOP.has(word)
  }

  /* Whether some word of the index starts with `prefix`: a walk down Lunr's
   * token trie, or a binary search when there is none */
  function isPrefix(prefix, index) {
    var node = index.tokenSet
    if (node && node.edges) {
      for (var i = 0; i < prefix.length && node; i++) node = node.edges[prefix[i]]
      return !!node
    }
    var words = vocabulary(index)
    var lo = 0, hi = words.length
    while (lo < hi) {
      var mid = (lo + hi) >> 1
      if (words[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    return lo < words.length && words[lo].lastIndexOf(prefix, 0) === 0
  }

  /* Split `text` into words of the index with as few pieces as possible.
   * With `strict`, every piece must be a word of at least two characters
   * (the last may be the start of one) or null is returned; otherwise
   * unknown characters become pieces of their own. */
  function segment(text, index, strict) {
    var n = text.length
    var cost = new Array(n + 1).fill(Infinity)
    var from = new Array(n + 1).fill(-1)
    cost[0] = 0
    for (var i = 0; i < n; i++) {
      if (cost[i] === Infinity) continue
      for (var j = Math.min(n, i + MAX_WORD); j > i; j--) {
        var piece = text.slice(i, j)
        var known = isWord(piece, index) ||
          (j === n && strict && isPrefix(piece, index))
        var ok = strict ? known && j - i > 1 : known || j === i + 1
        /* an unknown single character costs more than any word */
        var c = cost[i] + (known ? 1 : 2)
        if (ok && c < cost[j]) {
          cost[j] = c
          from[j] = i
        }
      }
    }
    if (cost[n] === Infinity) return null
    var pieces = []
    for (var k = n; k > 0; k = from[k]) pieces.unshift(text.slice(from[k], k))
    return pieces
  }

  /* The words of one query term (already split at Material's separator) */
  function words(term, index) {
    var out = []
    var parts = term.toLowerCase().split(/(\p{sc=Han}+)/u)
    for (var p = 0; p < parts.length; p++) {
      var part = parts[p]
      if (!part) continue
      if (HAN.test(part)) {
        /* characters the index does not know as words stay together: a
         * typed word never turns into single-character searches */
        var pieces = segment(part, index, false)
        for (var s = 0; s < pieces.length; s++) {
          var last = out[out.length - 1]
          if (!isWord(pieces[s], index) && last && last.unknown)
            last.word += pieces[s]
          else
            out.push({ word: pieces[s], unknown: !isWord(pieces[s], index) })
        }
      } else if (isWord(part, index) || isPrefix(part, index)) {
        out.push({ word: part })
        /* rolebinding is a word of the index (a command), but the pages
         * mostly write RoleBinding, indexed as role + binding: search both */
        var camel = has.call(COMPOUNDS, part) ? COMPOUNDS[part] : []
        if (camel.every(function (c) { return isWord(c, index) }))
          for (var c = 0; c < camel.length; c++) out.push({ word: camel[c], alternative: true })
      } else {
        /* crashloopbackoff → +crash* +loop* +back* +off* */
        var split = part.length > 3 && segment(part, index, true)
        if (split && split.length > 1)
          for (var q = 0; q < split.length; q++)
            out.push({ word: split[q], required: true })
        else
          out.push({ word: part })
      }
    }
    return out
  }

  /* Rewrite a query for Material: whole words, separated by spaces. The
   * words typed weigh more than the synonyms added for them. */
  function query(value, index) {
    groups = []
    if (SYNTAX.test(value))
      return value
    var terms = value.trim().split(lunr.tokenizer.separator).filter(Boolean)
    var list = []
    for (var t = 0; t < terms.length; t++)
      list.push.apply(list, words(terms[t], index))
    /* drop particles and lone letters or digits (-s, HTTP/2), unless
     * nothing else is left */
    var kept = list.filter(function (w) {
      return !STOP.has(w.word) && !/^[a-z0-9]$/.test(w.word)
    })
    if (!kept.length) kept = list
    var seen = new Set()
    var out = []
    function add(text, key) {
      if (!seen.has(key)) {
        seen.add(key)
        out.push(text)
      }
    }
    var hasAlternatives = kept.some(function (w) {
      return w.alternative || has.call(SYNONYMS, w.word)
    })
    var typed = hasAlternatives ? "*^" + TYPED_BOOST : ""
    for (var k = 0; k < kept.length; k++) {
      var w = kept[k]
      if (w.required) {
        /* with a wildcard: Lunr would run an exact term through its
         * English stemmer (policy → polici), which the index never did */
        add("+" + w.word + "*", w.word)
        continue
      }
      if (w.alternative) {
        add(w.word, w.word)
        if (groups.length) groups[groups.length - 1].parts.push(w.word)
        continue
      }
      var group = { typed: w.word, parts: [], synonyms: [] }
      groups.push(group)
      if (has.call(index.invertedIndex, w.word) || !has.call(SYNONYMS, w.word) || isPrefix(w.word, index))
        add(w.word + typed, w.word)
      if (has.call(SYNONYMS, w.word))
        for (var a = 0; a < SYNONYMS[w.word].length; a++) {
          add(SYNONYMS[w.word][a], SYNONYMS[w.word][a])
          group.synonyms.push(SYNONYMS[w.word][a])
        }
    }
    return out.join(" ")
  }

  /* The words the last query added for each typed word: the parts of a
   * joined identifier, or its synonyms */
  var groups = []

  /* Material lists under each result the query's words it lacks ("缺少").
   * The reader typed rolebinding, not role and binding: a result holding
   * the word, all of its parts or one of its synonyms has the typed word,
   * and an added word it lacks is not listed. Added words it has stay: the
   * result's link highlights them (?h=). Only what is shown changes:
   * Material has already scored the results. */
  function present(result) {
    var typed = new Set(groups.map(function (g) { return g.typed }))
    var items = (result && result.items) || []
    for (var i = 0; i < items.length; i++)
      for (var j = 0; j < items[i].length; j++) {
        var terms = items[i][j].terms
        if (!terms) continue
        var was = Object.assign({}, terms)
        for (var g = 0; g < groups.length; g++) {
          var group = groups[g]
          var added = group.parts.concat(group.synonyms)
          if (!added.length) continue
          var listed = [group.typed].concat(added).some(function (w) { return has.call(was, w) })
          if (!listed) continue
          terms[group.typed] = was[group.typed] === true ||
            (group.parts.length > 0 && group.parts.every(function (w) { return was[w] === true })) ||
            group.synonyms.some(function (w) { return was[w] === true })
          for (var k = 0; k < added.length; k++)
            if (was[added[k]] === false && !typed.has(added[k])) delete terms[added[k]]
        }
      }
  }

  return { query: query, segment: segment, words: words, present: present }
})()

/* How long each query took in this worker, in milliseconds, sent along with
 * Material's result message as `took` (tests read it; Material ignores it);
 * and the words each result lacks, as the reader typed them (present). */
;(function () {
  var started = 0
  self.addEventListener("message", function () { started = performance.now() })
  var post = self.postMessage.bind(self)
  self.postMessage = function (message) {
    if (message && message.type === 3 && message.data) {
      self.searchZh.present(message.data)
      message.data.took = performance.now() - started
    }
    return post.apply(null, arguments)
  }
})()
