/* DOM helpers shared by every hall page (loaded by base.html): data always goes in as text. */
window.HallDom = (function () {
  "use strict";

  /** `text` with its {placeholders} filled from `values`. */
  function fill(text, values) {
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  /** An element whose text is set with textContent: catalog data never becomes markup. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** A server message in the page's language: the hall's refusals say "中文 / English"; the
   *  page keeps the half in its own language (a message of another shape stays whole). */
  const CJK = /[\u3400-\u9fff]/;
  function said(message) {
    const text = String(message || "");
    const halves = text.split(" / ");
    if (halves.length !== 2 || CJK.test(halves[0]) === CJK.test(halves[1])) return text;
    const english = (document.documentElement.lang || "").startsWith("en");
    return halves.find((half) => CJK.test(half) !== english);
  }

  return {fill: fill, el: el, said: said};
})();
