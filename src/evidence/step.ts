/**
 * Verifying a step of a stored execution: which transcript (named, found among the agent CLIs'
 * session logs, recorded on the step, or saved at the step's own place), its verdict, and the
 * short form the state keeps. StepRunner calls these under the execution's lock.
 */
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { SessionFolderSettings } from '../config/define.js';
import { ConductorError } from '../errors.js';
import { stepTranscriptPaths } from '../state/paths.js';
import { checkTranscriptFile, defaultTranscript } from '../state/transcript-file.js';
import { planStepOf, recordVerification, resultOf } from '../state/transitions.js';
import { findSession, sessionFolders } from '../transcripts/find.js';
import { readTranscript } from '../transcripts/read.js';
import type { Env, ExecutionContext, StepVerification } from '../types.js';
import { ensureRealFolder, projectFile } from '../util/fs.js';
import { latestTestRuns } from './facts.js';
import { type Verdict, verifyStep } from './verify.js';

export interface EvidenceContext {
  root: string;
  /** The proof folder as the state records it (project-relative). */
  proofFolder: string;
  sessionFolders: SessionFolderSettings;
  /** The done definition a step's agent works to (its profile's, or the config's default). */
  doneDefinitionOf(agentName: string): readonly string[];
  /** Whether `complete --verify` refuses a step whose done definition is unmet (config `unmetDoneDefinition`). */
  unmetDoneDefinition: 'warn' | 'refuse';
}

export interface TranscriptChoice {
  /** A path as the person typed it, or `auto` to find the session. */
  transcript?: string;
  /** Where a relative path starts (default: the project root). */
  cwd?: string;
  /** Look in the agent CLIs' session folders (as `--transcript auto`). */
  find?: boolean;
  /** An agent CLI's own session id (part of its log's file name): find that session, as `find` does. */
  session?: string;
  /** For the home folder and CODEX_HOME when finding. */
  env?: Env;
  /**
   * The folder the step's files are in when it is not the project (the git worktree `run
   * --headless` ran the step in, before it is merged): claimed files and expected outputs are
   * looked for there.
   */
  filesAt?: string;
}

/**
 * The transcript a step is judged from: `path` as the state records it (project-relative),
 * `file` to read it from, and, for a session found among the agent CLI's own logs, `copy`,
 * which puts it at the step's place. The copy is made only once the step's change is accepted:
 * a refused completion leaves the execution folder as it was.
 */
export interface TranscriptPick {
  path: string;
  file: string;
  copy?: () => void;
}

function picked(context: EvidenceContext, recorded: string): TranscriptPick {
  return { path: recorded, file: projectFile(context.root, recorded, 'the transcript') };
}

export function stepTranscript(
  context: EvidenceContext,
  state: ExecutionContext,
  stepNumber: number,
  choice: TranscriptChoice,
): TranscriptPick {
  const entry = resultOf(state, stepNumber);
  if (choice.find || choice.transcript === 'auto' || choice.session !== undefined)
    return foundTranscript(context, state, stepNumber, choice.env, choice.session);
  if (choice.transcript !== undefined) {
    return picked(
      context,
      checkTranscriptFile({
        root: context.root,
        cwd: choice.cwd ?? context.root,
        given: choice.transcript,
        promptPath: entry.promptPath,
      }),
    );
  }
  if (entry.transcriptPath) {
    return picked(
      context,
      checkTranscriptFile({
        root: context.root,
        cwd: context.root,
        given: entry.transcriptPath,
        promptPath: entry.promptPath,
      }),
    );
  }
  const places = stepTranscriptPaths(context.proofFolder, state.executionId, stepNumber, entry.agentName);
  for (const place of places) {
    const found = defaultTranscript(context.root, place, entry.promptPath);
    if (found.path) return picked(context, found.path);
    if (found.problem) throw new ConductorError('USAGE', found.problem, { hint: 'save the whole session there' });
  }
  throw new ConductorError('NOT_FOUND', `step ${stepNumber} has no transcript to verify`, {
    hint: `save the session at ${places[0]}`,
    remedies: [
      { flag: 'transcript <path>', why: 'to name it' },
      { flag: 'find', why: "to look for the session in the agent CLIs' own folders" },
    ],
  });
}

function foundTranscript(
  context: EvidenceContext,
  state: ExecutionContext,
  stepNumber: number,
  env: Env | undefined,
  session?: string,
): TranscriptPick {
  const folders = sessionFolders(context.sessionFolders, env);
  const found = findSession(folders, {
    executionId: state.executionId,
    stepNumber,
    stepCount: state.plan.steps.length,
    since: state.startTime,
    ...(session === undefined ? {} : { session }),
  });
  if (!found) {
    const which = session === undefined ? '' : ` named ${JSON.stringify(session)}`;
    throw new ConductorError(
      'NOT_FOUND',
      `no session${which} of step ${stepNumber} of ${state.executionId} was found`,
      {
        hint:
          `looked in ${Object.values(folders).join(', ')} for a log${which} whose opening holds this ` +
          "step's prompt; save the session yourself, or set sessionFolders in the config",
        remedies: [{ flag: 'transcript <path>', why: 'to name the saved session' }],
      },
    );
  }
  const entry = resultOf(state, stepNumber);
  const places = stepTranscriptPaths(context.proofFolder, state.executionId, stepNumber, entry.agentName);
  const extension = path.extname(found.file).slice(1);
  const place = places.find((candidate) => candidate.endsWith(`.${extension}`)) ?? places[0]!;
  const target = path.join(context.root, place);
  return {
    path: place,
    // The person's own agent CLI folder: read where it is, copied into the project once accepted.
    file: found.file,
    copy: () => {
      ensureRealFolder(path.dirname(target), context.root);
      copyFileSync(found.file, target);
    },
  };
}

/** The verdict of a step from a transcript. */
export function judgeStep(
  context: EvidenceContext,
  state: ExecutionContext,
  stepNumber: number,
  transcript: TranscriptPick,
  filesAt = context.root,
): Verdict {
  const step = planStepOf(state, stepNumber);
  const record = readTranscript({ path: transcript.file, shownAs: transcript.path });
  return verifyStep({
    record,
    transcriptPath: transcript.path,
    root: filesAt,
    executionId: state.executionId,
    stepNumber,
    agentName: step.agentName,
    doneDefinition: context.doneDefinitionOf(step.agentName),
    expectedOutputs: step.expectedOutputs,
  });
}

/** What the state keeps of a verdict. */
export function verificationOf(verdict: Verdict, at: string, overridden = false): StepVerification {
  const count = <T extends string>(items: { status: T }[], status: T) =>
    items.filter((item) => item.status === status).length;
  const runs = latestTestRuns(verdict.facts.tests);
  const sum = (key: 'passed' | 'failed') =>
    runs.some((run) => run.counts?.[key] !== undefined)
      ? runs.reduce((total, run) => total + (run.counts?.[key] ?? 0), 0)
      : undefined;
  const passed = sum('passed');
  const failed = sum('failed');
  const ok =
    runs.length === 0
      ? undefined
      : runs.some((run) => run.ok === false)
        ? false
        : runs.every((run) => run.ok)
          ? true
          : undefined;
  return {
    verdict: verdict.verdict,
    at,
    transcriptPath: verdict.transcript.path,
    format: verdict.transcript.format,
    claims: {
      backed: count(verdict.claims, 'backed'),
      contradicted: count(verdict.claims, 'contradicted'),
      unverifiable: count(verdict.claims, 'unverifiable'),
    },
    checklist: {
      met: count(verdict.doneDefinition, 'met'),
      unmet: count(verdict.doneDefinition, 'unmet'),
      unknown: count(verdict.doneDefinition, 'unknown'),
    },
    reasons: verdict.reasons.slice(0, 5),
    ...(verdict.lacking.length > 0 ? { lacking: verdict.lacking.slice(0, 5) } : {}),
    ...(runs.length > 0
      ? {
          tests: {
            runs: runs.length,
            ok,
            ...(passed === undefined ? {} : { passed }),
            ...(failed === undefined ? {} : { failed }),
          },
        }
      : {}),
    ...(overridden ? { overridden: true } : {}),
  };
}

/** A transcript the person saved at the step's own place, if one passes the checks; `notes` says why one did not. */
export function savedTranscript(
  context: EvidenceContext,
  state: ExecutionContext,
  stepNumber: number,
  notes: string[],
): TranscriptPick | undefined {
  const entry = resultOf(state, stepNumber);
  for (const place of stepTranscriptPaths(context.proofFolder, state.executionId, stepNumber, entry.agentName)) {
    const found = defaultTranscript(context.root, place, entry.promptPath);
    if (found.problem) notes.push(`${found.problem}; it was not recorded`);
    if (found.path) return picked(context, found.path);
  }
  return undefined;
}

/**
 * `complete --verify`: the verdict of the step's transcript, or an error that leaves the state as
 * it was: NOT_FOUND without a transcript, CONTRADICTED when it contradicts the step (unless
 * `force`, and the override is then recorded with the verdict).
 */
export function verdictForCompletion(
  context: EvidenceContext,
  state: ExecutionContext,
  stepNumber: number,
  transcript: TranscriptPick | undefined,
  force: boolean,
): Verdict {
  if (!transcript) {
    throw new ConductorError('NOT_FOUND', `step ${stepNumber} has no transcript to verify`, {
      hint: 'save the session first',
      remedies: [{ flag: 'transcript <path>', why: "to name it (auto looks in the agent CLIs' own folders)" }],
    });
  }
  const verdict = judgeStep(context, state, stepNumber, transcript);
  if (force) return verdict;
  const remedies = [
    { run: `verify ${state.executionId} ${stepNumber}`, why: 'shows the whole verdict' },
    { flag: 'force', why: 'completes it anyway (the override is recorded)' },
  ];
  if (verdict.verdict === 'contradicted') {
    const [first, ...rest] = verdict.reasons;
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    throw new ConductorError(
      'CONTRADICTED',
      `step ${stepNumber} was not completed: its transcript contradicts it: ${first}${more}`,
      { hint: 'fix the work and complete the step again', remedies },
    );
  }
  if (context.unmetDoneDefinition === 'refuse' && verdict.lacking.length > 0) {
    const [first, ...rest] = verdict.lacking;
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    throw new ConductorError(
      'CONTRADICTED',
      `step ${stepNumber} was not completed: its done definition is not met: ${first}${more}`,
      { hint: 'finish what it lacks (unmetDoneDefinition: "refuse" is set in the config)', remedies },
    );
  }
  return verdict;
}

/** `verify`: the verdict of a step and the state with it recorded (a found session copied to the step's place). */
export function verifyStoredStep(
  context: EvidenceContext,
  before: ExecutionContext,
  stepNumber: number,
  choice: TranscriptChoice,
  now: string,
): { verdict: Verdict; state: ExecutionContext } {
  const transcript = stepTranscript(context, before, stepNumber, choice);
  const verdict = judgeStep(context, before, stepNumber, transcript, choice.filesAt);
  const state = recordVerification(before, stepNumber, verificationOf(verdict, now));
  transcript.copy?.();
  return { verdict, state };
}
