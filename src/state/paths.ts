/**
 * Every path under the proof folder, made here and nowhere else:
 *
 *   <proof>/execution-<id>.json                                  the state
 *   <proof>/execution-<id>.json.lock                             its lock
 *   <proof>/execution-<id>.json.run.lock                         held while `run --headless` conducts it
 *   <proof>/execution-<id>/step-<n>-<agent>.prompt.md            a step's prompt
 *   <proof>/execution-<id>/step-<n>-<agent>.agent-prompt.md      its text alone, while `run` has an agent CLI on it
 *   <proof>/execution-<id>/step-<n>-<agent>.transcript.md        where its transcript belongs
 *   <proof>/execution-<id>/step-<n>-<agent>.transcript.jsonl     (or .txt, .log: a found session's own kind)
 *   <proof>/execution-<id>/step-<n>-<agent>.attempt-<k>.*         an earlier attempt's files (any transcript kind)
 *
 * Two forms of the proof folder: `proofDir`, absolute, as the config resolves it (for the disk),
 * and the *recorded* form, project-relative with forward slashes (`proof`), which the state and
 * the prompts hold so a project can be moved or committed.
 */
import path from 'node:path';
import { toProjectPath } from '../util/fs.js';
import { slugify } from '../util/text.js';

const PREFIX = 'execution-';
const SUFFIX = '.json';

/** `<proofDir>/execution-<id>.json` */
export function stateFile(proofDir: string, id: string): string {
  return path.join(proofDir, `${PREFIX}${id}${SUFFIX}`);
}

/** `<proofDir>/execution-<id>/`: the execution's prompts and transcripts. */
export function executionFolder(proofDir: string, id: string): string {
  return path.join(proofDir, `${PREFIX}${id}`);
}

/** The lock file that guards a file. */
export function lockFileOf(file: string): string {
  return `${file}.lock`;
}

/** The lock a `run --headless` holds for as long as it conducts an execution: one run at a time. */
export function runLockOf(stateFile: string): string {
  return `${stateFile}.run.lock`;
}

/** The execution id of a state file's name, or undefined for any other name. */
export function idOfStateFile(name: string): string | undefined {
  return name.startsWith(PREFIX) && name.endsWith(SUFFIX) ? name.slice(PREFIX.length, -SUFFIX.length) : undefined;
}

/** The proof folder as the state and prompts record it: project-relative, forward slashes. */
export function recordedProofFolder(root: string, proofDir: string): string {
  return toProjectPath(root, proofDir) || '.';
}

export interface StepPaths {
  /** Recorded form (project-relative, forward slashes). */
  promptPath: string;
  transcriptPath: string;
}

function stepBase(proofFolder: string, id: string, stepNumber: number, agentName: string): string {
  return `${proofFolder}/${PREFIX}${id}/step-${stepNumber}-${slugify(agentName)}`;
}

/** A step's prompt and transcript: `<proof>/execution-<id>/step-<n>-<agent-slug>.{prompt,transcript}.md`. */
export function stepPaths(proofFolder: string, id: string, stepNumber: number, agentName: string): StepPaths {
  const base = stepBase(proofFolder, id, stepNumber, agentName);
  return { promptPath: `${base}.prompt.md`, transcriptPath: `${base}.transcript.md` };
}

/**
 * `….agent-prompt.md` beside a step's `….prompt.md`: the prompt without the header for the person,
 * what `run --agent "… {promptFile}"` hands the agent CLI (src/conduct/processes.ts). Not `.agent.md`:
 * that is how Copilot names an agent profile.
 */
export function agentPromptPath(promptPath: string): string {
  return `${promptPath.replace(/\.prompt\.md$/, '')}.agent-prompt.md`;
}

/** The kinds of file a transcript at a step's own place may be, in the order they are looked for. */
export const TRANSCRIPT_EXTENSIONS = ['md', 'jsonl', 'txt', 'log'] as const;

/** A step's transcript place with another extension: `….transcript.jsonl` for a found session log. */
export function stepTranscriptPaths(proofFolder: string, id: string, stepNumber: number, agentName: string): string[] {
  const base = stepBase(proofFolder, id, stepNumber, agentName);
  return TRANSCRIPT_EXTENSIONS.map((extension) => `${base}.transcript.${extension}`);
}

/** Where an earlier attempt's files are kept: `….attempt-<k>.{prompt,transcript}.md`. */
export function attemptPaths(
  proofFolder: string,
  id: string,
  stepNumber: number,
  agentName: string,
  attempt: number,
): StepPaths {
  const base = `${stepBase(proofFolder, id, stepNumber, agentName)}.attempt-${attempt}`;
  return { promptPath: `${base}.prompt.md`, transcriptPath: `${base}.transcript.md` };
}
