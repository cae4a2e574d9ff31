// Formats CSL-JSON items with citeproc-js (npm `citeproc`, the engine inside Zotero and Mendeley), for
// tests/cite/test_citeproc_js.py to compare with what the site formats with citeproc-py.
//
//   node tests/cite/citeproc_js.mjs LOCALE.xml NAME=STYLE.csl ... < items.json
//   node tests/cite/citeproc_js.mjs --skip-words      (the minor words its title case leaves lowercase)
//
// Reads a JSON list of CSL-JSON items on stdin; writes a JSON list, in the same order, of
// {NAME: the item's bibliography entry as HTML}. Each item is formatted alone, as the site does
// (a bibliography of one entry: no disambiguation or author substitution between items).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const CSL = createRequire(import.meta.url)("citeproc");

const [localeFile, ...styleArgs] = process.argv.slice(2);
if (localeFile === "--skip-words") {
  process.stdout.write(JSON.stringify(CSL.SKIP_WORDS));
  process.exit(0);
}
if (!localeFile || styleArgs.length === 0) {
  process.stderr.write("usage: node citeproc_js.mjs LOCALE.xml NAME=STYLE.csl ... < items.json\n");
  process.exit(2);
}
const locale = readFileSync(localeFile, "utf8");
const styles = styleArgs.map((arg) => {
  const at = arg.indexOf("=");
  return [arg.slice(0, at), readFileSync(arg.slice(at + 1), "utf8")];
});
const items = JSON.parse(readFileSync(0, "utf8"));
const byId = new Map(items.map((item) => [item.id, item]));

const sys = {
  retrieveLocale: () => locale, // en-US only, the one locale citeproc-py formats with here
  retrieveItem: (id) => byId.get(id),
};
const engines = styles.map(([name, xml]) => {
  const engine = new CSL.Engine(sys, xml, "en-US", true);
  engine.setOutputFormat("html");
  return [name, engine];
});

const out = items.map((item) => {
  const entries = {};
  for (const [name, engine] of engines) {
    engine.updateItems([item.id]);
    const [, [entry]] = engine.makeBibliography();
    entries[name] = entry;
  }
  return entries;
});
process.stdout.write(JSON.stringify(out));
