/**
 * `plan import`: takes the JSON plan out of an agent's answer or a whole session transcript.
 * A fenced ```json block is preferred, then a bare JSON object; of several, the last one with
 * "steps" wins (an answer comes after the prompt that asked for it). When the text holds our
 * planning prompt, only what follows the prompt is searched, so its example is never taken.
 * Models write JSON with comments and trailing commas; those are read too (jsonc-parser, the
 * parser VS Code uses for its own settings files, loaded only by this command).
 */
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConductorError } from '../errors.js';
import { jsonErrorLine, jsonReason } from '../util/json.js';
import { placeOf } from '../util/text.js';

const PLANNING_PROMPT_END = '<!-- end of swarm-conductor planning prompt -->';

export interface ExtractedPlan {
  raw: unknown;
  /** 1-based line in the file where the JSON starts. */
  line: number;
  how: 'fenced block' | 'bare JSON';
}

interface Candidate {
  text: string;
  offset: number;
}

const FENCE = /^(`{3,}|~{3,})[ \t]*([\w+-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;

export function extractPlanJson(text: string, file: string): ExtractedPlan {
  const cut = text.lastIndexOf(PLANNING_PROMPT_END);
  const from = cut === -1 ? 0 : cut + PLANNING_PROMPT_END.length;
  const body = text.slice(from);
  const lineAt = (offset: number) => text.slice(0, from + offset).split('\n').length;

  const fenced: Candidate[] = [];
  for (const match of body.matchAll(FENCE)) {
    const language = match[2]!.toLowerCase();
    const content = match[3]!;
    if (['json', 'jsonc', 'json5', ''].includes(language) && content.trim().startsWith('{')) {
      fenced.push({ text: content, offset: match.index! + match[0].indexOf(content) });
    }
  }
  const fromFences = pick(fenced);
  if (fromFences.found)
    return { raw: fromFences.found.value, line: lineAt(fromFences.found.offset), how: 'fenced block' };

  const bare = pick(bareObjects(body));
  if (bare.found) return { raw: bare.found.value, line: lineAt(bare.found.offset), how: 'bare JSON' };

  const broken = fromFences.broken ?? bare.broken;
  if (broken) {
    const inText =
      broken.errorOffset === undefined
        ? jsonErrorLine(broken.text)
        : broken.text.slice(0, broken.errorOffset).split('\n').length;
    const where = lineAt(broken.offset) + inText - 1;
    throw new ConductorError('INVALID_FILE', `the JSON plan is not valid JSON: ${broken.reason}`, {
      where: placeOf(file, where),
      hint: 'fix the JSON in the answer (or ask the agent again), then run plan import again',
    });
  }
  throw new ConductorError(
    'INVALID_FILE',
    'no JSON plan found (expected a ```json block or a JSON object with "goal" and "steps")',
    {
      where: file,
      hint: "save the agent's whole answer to the file",
      remedies: [{ run: 'plan --prompt "<goal>"', why: 'asks for the right format' }],
    },
  );
}

interface Picked {
  found?: { value: unknown; offset: number };
  broken?: { text: string; offset: number; reason: string; errorOffset: number | undefined };
}

/** JSON, or JSON with comments and trailing commas; a syntax problem with its offset otherwise. */
function parseLenient(text: string): { value: unknown } | { reason: string; offset: number | undefined } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length === 0) return { value };
    return { reason: `${jsonReason(error)} (${printParseErrorCode(errors[0]!.error)})`, offset: errors[0]!.offset };
  }
}

/** The last candidate that parses to an object with a "steps" list; else the last one that did not parse. */
function pick(candidates: Candidate[]): Picked {
  let broken: Picked['broken'];
  for (const candidate of [...candidates].reverse()) {
    const parsed = parseLenient(candidate.text);
    if ('value' in parsed) {
      const { value } = parsed;
      if (typeof value === 'object' && value !== null && Array.isArray((value as { steps?: unknown }).steps)) {
        return { found: { value, offset: candidate.offset } };
      }
    } else
      broken ??= { text: candidate.text, offset: candidate.offset, reason: parsed.reason, errorOffset: parsed.offset };
  }
  return broken ? { broken } : {};
}

/** Top-level `{…}` spans of the text that mention "steps", found by matching braces outside strings. */
function bareObjects(text: string): Candidate[] {
  const found: Candidate[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const candidate = text.slice(start, i + 1);
        if (candidate.includes('"steps"')) found.push({ text: candidate, offset: start });
      }
    }
  }
  return found;
}
