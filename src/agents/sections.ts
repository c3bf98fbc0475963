/**
 * The heading structure of a profile body: which lines are headings (never inside a fenced code
 * block) and where each heading's section ends — at the next heading of the same or a higher
 * level. `agents validate` names sections by it; session prompts drop sections by it.
 */

export interface BodySection {
  /** The heading's text, without the `#` marks. */
  heading: string;
  level: number;
  /** 0-based index of the heading line. */
  start: number;
  /** 0-based index of the first line after the section (its subsections included). */
  end: number;
}

const HEADING = /^(#{1,6})[ \t]+(.+?)[ \t#]*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** Every section of the body, in order, nested ones included. */
export function bodySections(lines: readonly string[]): BodySection[] {
  const sections: BodySection[] = [];
  let fence: string | undefined;
  lines.forEach((line, index) => {
    const mark = FENCE.exec(line)?.[1];
    if (mark && (!fence || mark.startsWith(fence))) {
      fence = fence ? undefined : mark.slice(0, 3);
      return;
    }
    const heading = fence ? undefined : HEADING.exec(line);
    if (!heading) return;
    const level = heading[1]!.length;
    for (const open of sections) if (open.end === lines.length && open.level >= level) open.end = index;
    sections.push({ heading: heading[2]!.trim(), level, start: index, end: lines.length });
  });
  return sections;
}

/**
 * The body's title: a first heading with nothing above it but blank lines and HTML comments,
 * and no later heading of its level or above. Its section is the whole body, so it is not one
 * to drop.
 */
export function titleOf(lines: readonly string[], sections: readonly BodySection[]): BodySection | undefined {
  const first = sections[0];
  if (!first) return undefined;
  const above = lines
    .slice(0, first.start)
    .join('\n')
    .replace(/<!--[\s\S]*?-->/g, '');
  if (above.trim() !== '' || first.end !== lines.length) return undefined;
  return first;
}

/** The sections a line is in, outermost first. */
export function sectionsAround(sections: readonly BodySection[], index: number): BodySection[] {
  return sections.filter((section) => section.start <= index && index < section.end);
}
