import type { PlanStep } from '../types.js';

export interface PlanOrder {
  /** Step numbers in execution order: topological, ties broken by step number. */
  order: number[];
  /**
   * Groups of steps that can run side by side: wave k holds the steps whose longest chain of dependencies is k long.
   */
  waves: number[][];
  /** Steps on a dependency cycle, in cycle order (first repeated at the end); empty when there is none. */
  cycle: number[];
}

/**
 * Orders steps by their dependencies (Kahn's algorithm with a min-heap, so the result is
 * deterministic and O(n log n) even for very large plans). Dependencies on unknown steps are
 * ignored here; validatePlan reports them.
 */
export function orderSteps(steps: readonly Pick<PlanStep, 'stepNumber' | 'dependencies'>[]): PlanOrder {
  const known = new Set(steps.map((step) => step.stepNumber));
  const indegree = new Map<number, number>();
  const dependants = new Map<number, number[]>();
  for (const step of steps) {
    const deps = new Set(step.dependencies.filter((dep) => known.has(dep)));
    indegree.set(step.stepNumber, deps.size);
    for (const dep of deps) {
      const list = dependants.get(dep);
      if (list) list.push(step.stepNumber);
      else dependants.set(dep, [step.stepNumber]);
    }
  }

  const heap = new MinHeap();
  for (const [step, count] of indegree) if (count === 0) heap.push(step);
  const order: number[] = [];
  const level = new Map<number, number>();
  while (heap.size > 0) {
    const step = heap.pop();
    order.push(step);
    const depth = level.get(step) ?? 0;
    for (const next of dependants.get(step) ?? []) {
      level.set(next, Math.max(level.get(next) ?? 0, depth + 1));
      const remaining = indegree.get(next)! - 1;
      indegree.set(next, remaining);
      if (remaining === 0) heap.push(next);
    }
  }

  const byLevel = new Map<number, number[]>();
  for (const step of order) {
    const depth = level.get(step) ?? 0;
    byLevel.set(depth, [...(byLevel.get(depth) ?? []), step]);
  }
  const waves = [...byLevel.keys()].sort((a, b) => a - b).map((depth) => byLevel.get(depth)!.sort((a, b) => a - b));

  const cycle = order.length === indegree.size ? [] : findCycle(steps, new Set(order));
  return { order, waves, cycle };
}

/** A cycle among the steps Kahn's algorithm could not place. */
function findCycle(steps: readonly Pick<PlanStep, 'stepNumber' | 'dependencies'>[], placed: Set<number>): number[] {
  const deps = new Map(steps.map((step) => [step.stepNumber, step.dependencies.filter((dep) => !placed.has(dep))]));
  const start = smallest([...deps.keys()].filter((step) => !placed.has(step)));
  // Every unplaced step has an unplaced dependency, so walking dependencies must revisit a step.
  const seen = new Map<number, number>();
  const path: number[] = [];
  let current = start;
  while (!seen.has(current)) {
    seen.set(current, path.length);
    path.push(current);
    current = smallest((deps.get(current) ?? []).filter((dep) => deps.has(dep)));
  }
  // path runs along dependency edges (step → what it needs); show it in execution direction.
  return [...path.slice(seen.get(current)!), current].reverse();
}

function smallest(values: number[]): number {
  return Math.min(...values);
}

class MinHeap {
  private items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]! <= value) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]! < items[left]! ? right : left;
        if (items[child]! >= last) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return top;
  }
}
