/**
 * A profile as a prompt shows it. Public agent files are written for the agent CLIs, not for
 * us: a Claude Code `description` is routing text ("Use this agent when …  Examples: <example>…")
 * and bodies run to twelve thousand characters. So the prompt gets a short role line derived
 * from the description, and a body shortened to a budget by whole sections, with a record of
 * what was left out.
 */

/** A description longer than this is cut (at a word) for the role line. */
const ROLE_MAX = 280;

const ABBREVIATIONS = /(?:^|\s)(?:e\.g|i\.e|etc|vs|cf|incl|approx|esp|resp|Dr|Mr|Ms|Mrs|St|No|Fig)$/i;

/** "Use this agent when …", "PROACTIVELY use this agent when …", "Use PROACTIVELY to …", "MUST BE USED when …" */
const ROUTING_PREAMBLE = new RegExp(
  String.raw`^(?:proactively\s+|always\s+)?(?:use|invoke|call|trigger|run|must\s+be\s+used|` +
    String.raw`should\s+be\s+(?:used|invoked|triggered))\s+(?:this\s+(?:sub-?)?agent\s+|me\s+|` +
    String.raw`it\s+)?(?:proactively\s+|automatically\s+)?(when|whenever|to|for|if|after|before|during|on)\b\s*`,
  'i',
);

/** The first sentence of a description, without the CLI's routing text, as a short role line. */
export function roleLine(description: string): string {
  let text = description.replace(/\\n|\\r/g, '\n').replace(/\\t/g, ' ');
  // Examples and trigger lists tell the CLI when to pick the agent; they are not its role.
  const cut = text.search(/<example>|\bExamples?\s*:|\bTriggers?\s+(?:on|when)\s*:|\bFor example\s*:/i);
  if (cut !== -1) text = text.slice(0, cut);
  text = text
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  text = firstSentence(text);
  text = text
    .replace(ROUTING_PREAMBLE, (_match, word: string) => `Called in ${word.toLowerCase()} `)
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length > ROLE_MAX) text = `${text.slice(0, text.lastIndexOf(' ', ROLE_MAX - 1)).replace(/[,;:\s]+$/, '')}…`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function firstSentence(text: string): string {
  const end = /[.!?](?=\s+["'([]?[A-Z0-9])/g;
  for (let match = end.exec(text); match; match = end.exec(text)) {
    if (!ABBREVIATIONS.test(text.slice(0, match.index))) return text.slice(0, match.index + 1);
  }
  return text;
}

export interface OmittedPart {
  /** The heading of a section left out (`Parent > Child` for a nested one), or a description of what went. */
  heading: string;
  characters: number;
}

export interface FittedBody {
  text: string;
  omitted: OmittedPart[];
  /** The body's length before it was shortened. */
  characters: number;
}

interface Section {
  heading: string | undefined;
  level: number;
  lines: string[];
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** Splits markdown lines at headings of `level` or above (never inside a fenced code block). */
function splitAt(lines: readonly string[], level: number): Section[] {
  const sections: Section[] = [{ heading: undefined, level: 0, lines: [] }];
  let fence: string | undefined;
  for (const line of lines) {
    const fenceMark = FENCE.exec(line)?.[1];
    if (fenceMark && (!fence || fenceMark.startsWith(fence))) fence = fence ? undefined : fenceMark.slice(0, 3);
    const heading = fence ? undefined : HEADING.exec(line);
    if (heading && heading[1]!.length <= level)
      sections.push({ heading: heading[2]!.trim(), level: heading[1]!.length, lines: [line] });
    else sections[sections.length - 1]!.lines.push(line);
  }
  return sections;
}

/** Heading levels used outside code blocks, in the order of the body. */
function headingLevels(lines: readonly string[]): number[] {
  return splitAt(lines, 6)
    .slice(1)
    .map((section) => section.level);
}

/**
 * The level to split a body at: the shallowest one used more than once (a lone title above sections does not count).
 */
function splitLevel(lines: readonly string[]): number | undefined {
  const levels = headingLevels(lines);
  for (let level = 1; level <= 6; level++) if (levels.filter((entry) => entry === level).length > 1) return level;
  return levels.length > 0 ? Math.min(...levels) : undefined;
}

const size = (lines: readonly string[]) => lines.join('\n').length + 1;

/**
 * The body within `budget` characters, shortened by whole sections: the text before the first
 * section is kept, then each section in order while it fits; a section that does not fit is
 * tried by its own subsections. A body without headings is shortened by whole paragraphs from
 * the end. What is left out is listed in `omitted`.
 */
export function fitBody(body: string, budget: number): FittedBody {
  const characters = body.length;
  if (characters <= budget) return { text: body, omitted: [], characters };
  const omitted: OmittedPart[] = [];
  const kept = fitLines(body.split('\n'), budget, omitted, '');
  return {
    text: kept
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    omitted,
    characters,
  };
}

function fitLines(lines: string[], budget: number, omitted: OmittedPart[], parent: string): string[] {
  const level = splitLevel(lines);
  if (level === undefined) return fitParagraphs(lines, budget, omitted, parent);
  const [preamble, ...sections] = splitAt(lines, level);
  const kept: string[] = [];
  let used = 0;
  const head = preamble!.lines;
  if (size(head) <= budget) {
    kept.push(...head);
    used += size(head);
  } else {
    const part = fitParagraphs(head, budget, omitted, parent);
    kept.push(...part);
    used += size(part);
  }
  for (const section of sections) {
    const name = parent ? `${parent} > ${section.heading}` : section.heading!;
    const length = size(section.lines);
    if (used + length <= budget) {
      kept.push(...section.lines);
      used += length;
      continue;
    }
    const rest = section.lines.slice(1);
    const room = budget - used - size([section.lines[0]!]);
    if (room > 0 && splitLevel(rest) !== undefined) {
      const before = omitted.length;
      const inner = fitLines(rest, room, omitted, name);
      if (inner.some((line) => line.trim())) {
        kept.push(section.lines[0]!, ...inner);
        used += size([section.lines[0]!, ...inner]);
        continue;
      }
      omitted.splice(before);
    }
    omitted.push({ heading: name, characters: length });
  }
  return kept;
}

/** Whole paragraphs from the start while they fit; the rest is one omitted part. */
function fitParagraphs(lines: string[], budget: number, omitted: OmittedPart[], parent: string): string[] {
  const kept: string[] = [];
  let used = 0;
  let paragraph: string[] = [];
  let dropped = 0;
  let droppedCharacters = 0;
  const flush = () => {
    if (paragraph.length === 0) return;
    const length = size(paragraph) + 1;
    if (dropped === 0 && used + length <= budget) {
      kept.push(...paragraph, '');
      used += length;
    } else {
      dropped++;
      droppedCharacters += length;
    }
    paragraph = [];
  };
  let fence = false;
  for (const line of lines) {
    if (FENCE.test(line)) fence = !fence;
    if (!fence && line.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  if (dropped > 0)
    omitted.push({
      heading: `${parent ? `${parent}: ` : ''}the last ${dropped} paragraph${dropped === 1 ? '' : 's'}`,
      characters: droppedCharacters,
    });
  return kept;
}
