// The UI strings for the script, in the page's language: the server puts them in the page
// (<script type="application/json" id="torg-strings">) from the same translation files.

let strings = null;

/** The string for key, with {0}, {1}… replaced by the arguments. */
export function s(key, ...args) {
  if (strings === null) {
    const element = document.getElementById('torg-strings');
    strings = element ? JSON.parse(element.textContent) : {};
  }
  const pattern = strings[key] ?? key;
  return pattern.replace(/\{(\d+)\}/g, (whole, i) => (args[i] !== undefined ? String(args[i]) : whole));
}
