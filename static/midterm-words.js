// The mid-term report's live word count: the words typed in the section's text, counted as the server counts them
// (uprtrack/narratives.word_count: runs of non-space characters, each East Asian character a word, punctuation
// alone none), added to the words of the rest of the report, which the server counted.
(function () {
  "use strict";
  var out = document.getElementById("word-count");
  var area = document.querySelector("textarea[name=text]");
  if (!out || !area) { return; }
  var EA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af";
  var word = new RegExp("[" + EA + "]|[^\\s" + EA + "]+", "g");
  var punctuationOnly = /^[^\p{L}\p{N}_]+$/u;
  var others = parseInt(out.dataset.others, 10) || 0;
  var limit = parseInt(out.dataset.limit, 10) || 0;
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);
  function count(text) {
    var n = 0;
    (text.match(word) || []).forEach(function (w) { if (!punctuationOnly.test(w)) { n += 1; } });
    return n;
  }
  function update() {
    var total = others + count(area.value);
    out.textContent = out.dataset.words.replace("{words}", format.format(total))
      .replace("{limit}", format.format(limit)) +
      (total > limit ? " " + out.dataset.over.replace("{n}", format.format(total - limit)) : "");
    out.classList.toggle("over", total > limit);
  }
  area.addEventListener("input", update);
})();
