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

  return {fill: fill, el: el};
})();
