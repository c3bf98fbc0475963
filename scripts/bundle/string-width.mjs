// Stand-in for `string-width` inside the CLI bundle (scripts/build.mjs aliases it here). yargs
// lays out its help text on every run, and string-width's Unicode segmentation of each cell is
// several milliseconds of start-up. Printable ASCII is measured by its length; anything else
// (wide characters, ANSI escapes) goes to the real string-width.
import stringWidthFull from '../../node_modules/string-width/index.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export default function stringWidth(text, options) {
  return typeof text === 'string' && PRINTABLE_ASCII.test(text) ? text.length : stringWidthFull(text, options);
}
