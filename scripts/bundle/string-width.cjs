// Stand-in for `string-width` inside the CLI bundle (scripts/build.mjs aliases it here). yargs
// lays out its help text on every run, and string-width's Unicode segmentation of each cell is
// several milliseconds of start-up; loading it is ~9 ms more (an Intl.Segmenter and a
// \p{RGI_Emoji} regular expression made at its top level). Printable ASCII is measured by its
// length; anything else (wide characters, ANSI escapes) goes to the real string-width, which is
// required only then (the bundle wraps it to run on first use).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
let full;

module.exports = function stringWidth(text, options) {
  if (typeof text === 'string' && PRINTABLE_ASCII.test(text)) return text.length;
  full ??= require('../../node_modules/string-width/index.js').default;
  return full(text, options);
};
