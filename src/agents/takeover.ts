/**
 * Instructions in a profile body that would take over a conductor session. Agent files written
 * for interactive use tell the agent what to do first — BMAD's activation steps ("On activation,
 * ONLY greet user, auto-run `*help`, and then HALT"), VoltAgent's "Query context manager" JSON
 * sent to an agent that is not there — and in a session whose task is already given, the agent
 * would greet, wait or ask a missing agent instead of working. `agents validate` warns about them.
 */
import { type BodySection, bodySections, sectionsAround, titleOf } from './sections.js';

export type TakeoverKind = 'activation' | 'wait-for-user' | 'agent-protocol';

export interface TakeoverFinding {
  /** 1-based line of the body. */
  line: number;
  kind: TakeoverKind;
  /** The line, trimmed. */
  text: string;
  /**
   * The section to leave out to be rid of it: the outermost heading around the line that is itself
   * such an instruction ("## Boot Sequence"), else the nearest heading. None for a line above every
   * section or directly under the body's title, nor for a JSON status block inside a section.
   */
  section?: string;
}

/** Each kind's phrasings, tried on every line (code blocks included: BMAD writes its steps as YAML). */
const PATTERNS: Record<TakeoverKind, RegExp[]> = {
  'wait-for-user': [
    /\bgreet (?:the )?user\b/i,
    /\bthen HALT\b/,
    /\bHALT to await\b/,
    new RegExp(
      String.raw`(?<!\bwithout )\ba?wait(?:ing)? (?:for )?(?:the )?user(?:'s)? ` +
        String.raw`(?:input|instructions?|commands?|requests?|requested|reply|response|confirmation|to)\b`,
      'i',
    ),
    /\b(?:do not|don't|never) (?:proceed|continue|start)\b[^.]*\buntil the user\b/i,
  ],
  activation: [
    /\bactivation[-_ ](?:notice|instructions)\b/i,
    /\b(?:on|upon|during|at) activation\b/i,
    /^[\s>*_-]*when (?:you are |first )?(?:activated|invoked for the first time)\b/i,
    /\bboot sequence\b/i,
    /\bat the (?:start|beginning) of (?:every|each) (?:session|conversation)\b/i,
    /\bstay in (?:this being|this persona|character)\b/i,
    /\buntil told to exit\b/i,
    /\b(?:auto-?run|immediately run) `?\*help\b/i,
  ],
  'agent-protocol': [
    /\bquery (?:the )?context[- ]manager\b/i,
    /^#{1,6}\s.*\b(?:communication|coordination|hand-?off) protocol\b/i,
    /^\s*"(?:requesting_agent|request_type)"\s*:/,
  ],
};

const FENCE = /^\s*(`{3,}|~{3,})/;

/** What in `body` would take over a session, line by line. */
export function findTakeovers(body: string): TakeoverFinding[] {
  const lines = body.split('\n');
  const sections = bodySections(lines);
  const title = titleOf(lines, sections);
  const hits: { index: number; kind: TakeoverKind; inSection: boolean }[] = [];
  lines.forEach((line, index) => {
    const kind = (Object.keys(PATTERNS) as TakeoverKind[]).find((name) =>
      PATTERNS[name].some((pattern) => pattern.test(line)),
    );
    if (kind) hits.push({ index, kind, inSection: true });
  });
  const reports = statusReports(lines).filter((report) => !hits.some((hit) => hit.index === report.index));
  hits.push(...reports.map((report) => ({ ...report, inSection: false })));
  hits.sort((a, b) => a.index - b.index);
  const flagged = new Set(hits.map((hit) => hit.index));
  return hits.map(({ index, kind, inSection }) => {
    const section = sectionToDrop(sectionsAround(sections, index), title, flagged, inSection);
    return { line: index + 1, kind, text: lines[index]!.trim(), ...(section ? { section: section.heading } : {}) };
  });
}

/**
 * A JSON block an agent is told to send about itself (`"agent": "backend-developer", "status": …`):
 * progress reports to an orchestrator the session does not have. Such a block sits inside a
 * section of real content, so only the block is to go, not that section.
 */
function statusReports(lines: readonly string[]): { index: number; kind: TakeoverKind }[] {
  const found: { index: number; kind: TakeoverKind }[] = [];
  let open: number | undefined;
  for (let index = 0; index < lines.length; index++) {
    if (!FENCE.test(lines[index]!)) continue;
    if (open === undefined) {
      open = index;
      continue;
    }
    const block = lines.slice(open + 1, index);
    const agent = block.findIndex((line) => /^\s{0,2}"agent"\s*:\s*"/.test(line));
    if (agent !== -1 && block.some((line) => /^\s{0,2}"status"\s*:/.test(line)))
      found.push({ index: open + 1 + agent, kind: 'agent-protocol' });
    open = undefined;
  }
  return found;
}

function sectionToDrop(
  around: readonly BodySection[],
  title: BodySection | undefined,
  flagged: ReadonlySet<number>,
  nearest: boolean,
): BodySection | undefined {
  const candidates = around.filter((section) => section !== title);
  return candidates.find((section) => flagged.has(section.start)) ?? (nearest ? candidates.at(-1) : undefined);
}

const KIND_LABEL: Record<TakeoverKind, string> = {
  activation: 'an activation ritual',
  'wait-for-user': 'greet and wait for the user',
  'agent-protocol': 'a protocol with other agents',
};

/** Why it matters, said once per warning. */
const WHY = 'a conductor session starts on its task, with no user to greet and no other agent to answer';

/** What a person is told about a finding: its kind and its text. */
export function describeTakeover(finding: TakeoverFinding): string {
  return `would take over the session (${KIND_LABEL[finding.kind]}): ${shown(finding.text)}`;
}

/** The line in quotes, or in backticks when it has quotes of its own (JSON), cut at 90 characters. */
function shown(text: string): string {
  const clipped = text.length > 90 ? `${text.slice(0, text.lastIndexOf(' ', 89))}…` : text;
  return clipped.includes('"') && !clipped.includes('`') ? `\`${clipped}\`` : `"${clipped}"`;
}

export interface TakeoverNote {
  /** The line of the first finding, as `lineOf` gave it. */
  line: number | undefined;
  message: string;
}

/**
 * The warnings a person reads: one per section to leave out (its other lines named), one per
 * line outside such a section. `lineOf` turns a finding's body line into the file's line;
 * `agent` is the profile's name, for the `agentBodyExclude` entry to write.
 */
export function takeoverNotes(
  findings: readonly TakeoverFinding[],
  agent: string,
  lineOf: (finding: TakeoverFinding) => number | undefined = (finding) => finding.line,
): TakeoverNote[] {
  const groups: TakeoverFinding[][] = [];
  for (const finding of findings) {
    const group = finding.section && groups.find((entry) => entry[0]!.section === finding.section);
    if (group) group.push(finding);
    else groups.push([finding]);
  }
  return groups.map(([first, ...rest]) => {
    const others = rest.map(lineOf).filter((line) => line !== undefined);
    const kinds = [...new Set([first!, ...rest].map((finding) => KIND_LABEL[finding.kind]))].join('; ');
    const more = others.length > 0 ? ` (also line${others.length === 1 ? '' : 's'} ${others.join(', ')})` : '';
    return {
      line: lineOf(first!),
      message:
        `would take over the session (${kinds}): ${shown(first!.text)}${more} — ${WHY}; ` + remedyFor(first!, agent),
    };
  });
}

function remedyFor(finding: TakeoverFinding, agent: string): string {
  if (finding.section) {
    const entry = `{ ${JSON.stringify(agent)}: [${JSON.stringify(finding.section)}] }`;
    return `leave the section out of prompts with agentBodyExclude: ${entry} in the config, or remove it from the file`;
  }
  if (/^\s*"/.test(finding.text)) return 'remove this JSON block from the file';
  return 'remove or reword this line in the file (it is not under a heading agentBodyExclude could drop)';
}
