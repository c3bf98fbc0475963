/**
 * A goal written as markdown — an issue pasted whole, a PRD — as sections the planner can read.
 * Headings are context, never tasks: the first one (or a `# Title`) is the goal's title, the
 * others name their section. A section is work, background or non-goals by its heading:
 * "Non-goals", "Out of scope", "Won't do" … are left out of the steps (and listed by
 * `plan --explain`); "Background", "Context", "Problem", "Motivation", "Steps to reproduce" …
 * are context for the tasks; every other section (Requirements, Tasks, Summary, untitled
 * text) is read for work, sentence by sentence, as a plain goal is.
 *
 * Markup that is not words is taken out before routing: HTML comments (issue templates are full
 * of them), fenced code, images, link targets, emphasis markers, checkboxes, table rules. A goal
 * with no heading, fence or comment is not markdown and is read as it is.
 */

import { type GoalPart, normalizeGoal, type PartKind, splitGoal } from './clauses.js';

export type SectionKind = 'work' | 'background' | 'non-goal';

export interface GoalSection {
  /** The heading as written, without `#`s; undefined for text before the first heading. */
  heading: string | undefined;
  /** The goal's title (its first heading, when nothing but blank lines comes before it). */
  title: boolean;
  kind: SectionKind;
  /** The section's text with the markup taken out, line breaks kept (bullets still read as bullets). */
  body: string;
}

const NON_GOAL_HEADING = new RegExp(
  String.raw`^(?:non-?goals?|out[\s-]+of[\s-]+scope|not\s+in\s+scope|not\s+included|excluded|exclusions|` +
    String.raw`won'?t\s+do|will\s+not\s+do|not\s+planned|not\s+doing|future\s+work|later|anti-?goals?)\b`,
  'i',
);

const BACKGROUND_HEADING = new RegExp(
  String.raw`^(?:background|context|problem(?:\s+statement)?|the\s+problem|motivation|why\b|rationale|current\s+` +
    String.raw`(?:behaviou?r|state|situation)|actual\s+behaviou?r|steps\s+to\s+reproduce|reproduction|environment|` +
    String.raw`screenshots?|logs?|references?|links|related|prior\s+art|alternatives(?:\s+considered)?|` +
    String.raw`additional\s+(?:context|information|notes)|notes?|faq|open\s+questions|questions|risks?)\b`,
  'i',
);

/** Headings that say "the work is here": with one of them, the text under the title is background. */
const WORK_HEADING = new RegExp(
  String.raw`^(?:requirements?|tasks?|to-?do|acceptance\s+criteria|definition\s+of\s+done|deliverables?|scope|` +
    String.raw`in\s+scope|goals?|what\s+to\s+(?:build|do)|proposal|proposed\s+(?:solution|change|changes)|` +
    String.raw`solution|implementation(?:\s+plan)?|changes|plan|work|user\s+stories|features?)\b`,
  'i',
);

/** True when the goal uses markdown structure: a heading, a fence or an HTML comment. */
export function isMarkdownGoal(goal: string): boolean {
  return /^ {0,3}#{1,6}[ \t]+\S/m.test(goal) || /^ {0,3}(?:```|~~~)/m.test(goal) || /<!--/.test(goal);
}

/** The goal's sections; a goal that is not markdown is one untitled work section, unchanged. */
export function goalSections(goal: string): GoalSection[] {
  const text = goal.replace(/\r\n?/g, '\n');
  if (!isMarkdownGoal(text)) return [{ heading: undefined, title: false, kind: 'work', body: text }];
  const sections: GoalSection[] = [];
  let current: GoalSection = { heading: undefined, title: false, kind: 'work', body: '' };
  const lines = withoutBlocks(text).split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const next = lines[index + 1];
    const atx = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    // "Title" over "=====" (or "-----" under text) is a heading too.
    const setext = !atx && line.trim() !== '' && next !== undefined && /^ {0,3}(?:=+|-{2,})[ \t]*$/.test(next);
    if (atx || setext) {
      sections.push(current);
      const heading = inline(atx ? atx[1]! : line.trim()).replace(/[:.]\s*$/, '');
      const first = sections.every((section) => section.body.trim() === '' && section.heading === undefined);
      current = { heading, title: first, kind: kindOf(heading), body: '' };
      if (setext) index++;
      continue;
    }
    if (/^ {0,3}(?:[-*_][ \t]*){3,}$/.test(line)) continue; // a rule
    current.body += `${inline(lineMarkup(line))}\n`;
  }
  sections.push(current);
  const kept = sections.filter((section) => section.heading !== undefined || section.body.trim() !== '');
  // "# Title, a paragraph, ## Requirements": the paragraph says why; the work is listed below.
  const workListed = kept.some((section) => section.heading !== undefined && WORK_HEADING.test(section.heading));
  if (workListed)
    for (const section of kept)
      if (section.kind === 'work' && (section.heading === undefined || section.title)) section.kind = 'background';
  return kept;
}

function kindOf(heading: string): SectionKind {
  const words = heading.replace(/^[^a-z0-9]+/i, '');
  return NON_GOAL_HEADING.test(words) ? 'non-goal' : BACKGROUND_HEADING.test(words) ? 'background' : 'work';
}

/** HTML comments and fenced code taken out (their lines become blank, so paragraphs stay apart). */
function withoutBlocks(text: string): string {
  return text
    .replace(/<!--[\s\S]*?(?:-->|$)/g, (comment) => comment.replace(/[^\n]/g, ''))
    .replace(/^ {0,3}(```+|~~~+)[^\n]*\n[\s\S]*?(?:^ {0,3}\1[ \t]*$|(?![\s\S]))/gm, (block) =>
      block.replace(/[^\n]/g, ''),
    );
}

/** A line's block markup: quote marks, checkboxes, table pipes and rules. */
function lineMarkup(line: string): string {
  if (/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) return '';
  return line
    .replace(/^(\s*)(?:>\s?)+/, '$1')
    .replace(/^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]\]\s+/, '$1')
    .replace(/^\s*\|(.*)\|\s*$/, (_all, cells: string) =>
      cells
        .split('|')
        .map((cell) => cell.trim())
        .join(', '),
    );
}

/** Inline markup: images dropped, links as their text, emphasis and code marks taken off. */
function inline(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1');
}

/**
 * The goal as one line of text (what the plan records as its goal), its summary (the title, for
 * the closing step's task) and its parts, section by
 * section: headings are `title` / `heading` parts, a background section's parts are background,
 * a non-goal section's parts are `non-goal`. A title is work only when no section holds any (a bug
 * report whose title says what to fix).
 */
export function readGoal(
  goal: string,
  isVerb: (word: string) => boolean,
): { text: string; parts: GoalPart[]; summary: string } {
  const sections = goalSections(goal);
  if (sections.length === 1 && sections[0]!.heading === undefined) {
    const text = normalizeGoal(goal);
    return { text, parts: splitGoal(text, isVerb), summary: text };
  }
  const bodies = sections.map((section) => normalizeGoal(section.body));
  const hasWork = sections.some((section, index) => section.kind === 'work' && bodies[index] !== '');
  let text = '';
  let sentence = 0;
  const parts: GoalPart[] = [];
  sections.forEach((section, index) => {
    const body = bodies[index]!;
    const heading = section.heading ? normalizeGoal(section.heading) : '';
    if (!heading && !body) return;
    if (text) text += ' ';
    if (heading) {
      const kind: PartKind =
        section.kind === 'non-goal' ? 'non-goal' : section.title ? (hasWork ? 'title' : 'step') : 'heading';
      parts.push({
        text: heading,
        sentence: sentence++,
        start: text.length,
        end: text.length + heading.length,
        kind,
        routing: kind === 'step' ? heading : '',
        joiner: '',
      });
      text += body ? `${heading}: ` : `${heading}.`;
    }
    if (!body) return;
    const offset = text.length;
    const own = splitGoal(body, isVerb);
    for (const part of own) {
      const kind: PartKind =
        section.kind === 'non-goal' ? 'non-goal' : section.kind === 'background' ? 'background' : part.kind;
      parts.push({
        ...part,
        start: part.start + offset,
        end: part.end + offset,
        sentence: part.sentence + sentence,
        kind,
        routing: kind === part.kind ? part.routing : '',
      });
    }
    sentence += Math.max(0, ...own.map((part) => part.sentence)) + 1;
    text += /[.!?]$/.test(body) ? body : `${body}.`;
  });
  // What the closing step checks the work against: the title, when there is one.
  const title = sections.find((section) => section.title)?.heading;
  return { text, parts, summary: title ? normalizeGoal(title) : text };
}
