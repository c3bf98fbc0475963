/**
 * The two pictures of the HTML report, as inline SVG (no scripts, no external assets): the
 * timeline (a bar per attempt on a time axis) and the dependency graph (steps in columns by wave,
 * coloured by status). Colours come from the page's CSS classes (`status-completed`, …), so light
 * and dark mode and printing restyle them; every text from the state is escaped and every class
 * name is one of the conductor's own, so the page may insert these pictures as they are.
 */
import type { ExecutionContext, StepStatus } from '../types.js';
import { truncate } from '../util/text.js';
import { type Bar, formatDuration } from './timeline.js';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STATUSES: ReadonlySet<string> = new Set(['pending', 'running', 'completed', 'failed', 'skipped']);

/** The CSS class of a status: one of the five, whatever a state file says. */
function statusClass(status: string): string {
  return `status-${STATUSES.has(status) ? status : 'pending'}`;
}

const ROW = 22;
const LABEL = 260;
const WIDTH = 960;

export function timelineSvg(bars: readonly Bar[], tasks: ReadonlyMap<number, string>): string {
  if (bars.length === 0) {
    return '<p class="empty">No step has started yet, so there is no timeline.</p>';
  }
  const start = Math.min(...bars.map((bar) => Date.parse(bar.start)));
  const end = Math.max(...bars.map((bar) => Date.parse(bar.end)), start + 1000);
  const span = end - start;
  const x = (iso: string) => LABEL + ((Date.parse(iso) - start) / span) * (WIDTH - LABEL - 10);
  const height = bars.length * ROW + 40;
  const rows = bars.map((bar, index) => {
    const y = 20 + index * ROW;
    const left = x(bar.start);
    const width = Math.max(3, x(bar.end) - left);
    const label = `${bar.stepNumber} · ${bar.agentName}${bar.attempt > 1 ? ` (attempt ${bar.attempt})` : ''}`;
    const duration = formatDuration(Date.parse(bar.end) - Date.parse(bar.start));
    const task = tasks.get(bar.stepNumber) ?? '';
    return (
      `<g class="bar ${statusClass(bar.status)}"><title>` +
      `${escapeXml(`${label}: ${bar.status}, ${duration} — ${task}`)}</title>` +
      `<text x="4" y="${y + 15}" class="label">${escapeXml(truncate(label, 36))}</text>` +
      `<rect x="${left.toFixed(1)}" y="${y + 3}" width="${width.toFixed(1)}" height="${ROW - 6}" rx="3"/></g>`
    );
  });
  const ticks = Array.from({ length: 5 }, (_, i) => {
    const at = start + (span * i) / 4;
    const tx = LABEL + (i / 4) * (WIDTH - LABEL - 10);
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    return (
      `<line x1="${tx.toFixed(1)}" y1="14" x2="${tx.toFixed(1)}" y2="${height - 20}" class="tick"/>` +
      `<text x="${tx.toFixed(1)}" y="${height - 6}" class="axis" ` +
      `text-anchor="${anchor}">${new Date(at).toISOString().slice(11, 19)}</text>`
    );
  });
  return (
    `<svg class="timeline" role="img" aria-labelledby="timeline-title" viewBox="0 0 ${WIDTH} ${height}" ` +
    `width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="timeline-title">Timeline: each step's attempts from start to end ` +
    `(UTC)</title>${ticks.join('')}${rows.join('')}</svg>`
  );
}

const NODE_W = 170;
const NODE_H = 40;
const GAP_X = 60;
const GAP_Y = 16;

export function graphSvg(state: ExecutionContext, waves: readonly (readonly number[])[]): string {
  const status = new Map<number, StepStatus>(state.stepResults.map((result) => [result.stepNumber, result.status]));
  const at = new Map<number, { x: number; y: number }>();
  // Room above the nodes for the arrows that skip a column.
  const top = 34;
  waves.forEach((wave, column) => {
    for (const [row, step] of wave.entries()) {
      at.set(step, { x: 10 + column * (NODE_W + GAP_X), y: top + row * (NODE_H + GAP_Y) });
    }
  });
  const width = 20 + waves.length * (NODE_W + GAP_X) - GAP_X;
  const height = top + 10 + Math.max(...waves.map((wave) => wave.length)) * (NODE_H + GAP_Y) - GAP_Y;
  const edges = state.plan.steps.flatMap((step) =>
    step.dependencies.map((dependency) => {
      const from = at.get(dependency)!;
      const to = at.get(step.stepNumber)!;
      const [x1, y1, x2, y2] = [from.x + NODE_W, from.y + NODE_H / 2, to.x, to.y + NODE_H / 2];
      if (x2 - x1 > GAP_X && from.y === to.y) {
        // An arrow past the steps in between arcs over them, from top edge to top edge.
        const [sx, ex, y] = [from.x + NODE_W / 2, to.x + NODE_W / 2, from.y];
        return (
          `<path class="edge" d="M${sx} ${y} C${sx} ${y - 30} ${ex} ${y - 30} ${ex} ${y}" ` +
          `marker-end="url(#arrow)"/>`
        );
      }
      const bend = (x2 - x1) / 2;
      return (
        `<path class="edge" d="M${x1} ${y1} C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}" ` +
        `marker-end="url(#arrow)"/>`
      );
    }),
  );
  const nodes = state.plan.steps.map((step) => {
    const { x, y } = at.get(step.stepNumber)!;
    const state_ = status.get(step.stepNumber) ?? 'pending';
    const title = escapeXml(`Step ${step.stepNumber} (${step.agentName}): ${state_} — ${step.task}`);
    return (
      `<g class="node ${statusClass(state_)}"><title>${title}</title>` +
      `<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
      `<text x="${x + 8}" y="${y + 16}" ` +
      `class="node-title">${escapeXml(truncate(`${step.stepNumber} · ${step.agentName}`, 24))}</text>` +
      `<text x="${x + 8}" y="${y + 32}" class="node-status">${escapeXml(state_)}</text></g>`
    );
  });
  return (
    // As wide as the page's column, never wider than its own size nor narrower than 3/4 of it (the wrapper scrolls
    // then): a graph of 5 or 6 waves fits, a longer one stays readable, and print shrinks it onto the page.
    `<svg class="graph" role="img" aria-labelledby="graph-title" viewBox="0 0 ${width} ${height}" width="100%" ` +
    `style="--full-width: ${width}px" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="graph-title">Dependency graph: steps in ` +
    `columns by wave, an arrow from each step to the steps that wait for it</title>` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" ` +
    `orient="auto-start-reverse">` +
    `<path d="M0 0 L10 5 L0 10 z" class="arrow"/></marker></defs>${edges.join('')}${nodes.join('')}</svg>`
  );
}
