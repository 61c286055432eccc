/**
 * The cost meter shared by the CEL evaluator and the library functions. One step is one AST node
 * evaluated; library functions charge extra steps in proportion to the work they do (characters
 * scanned, list elements visited, comparisons made), so a large input cannot hide behind a single
 * call. Deterministic: the same expression and input always cost the same.
 */
export const STEP_LIMIT = 1_000_000;
export const TIME_LIMIT_MS = 500;

/** Thrown when an evaluation runs out of its budget. */
export class CelBudgetError extends Error {}

export const budget: { steps: number; ticks: number; deadline: number; error: CelBudgetError | undefined } = { steps: 0, ticks: 0, deadline: 0, error: undefined };

/** Starts the meter for one evaluation. */
export function resetBudget(): void {
  budget.steps = 0;
  budget.ticks = 0;
  budget.deadline = performance.now() + TIME_LIMIT_MS;
  budget.error = undefined;
}

function exhausted(message: string): CelBudgetError {
  budget.error = new CelBudgetError(message);
  return budget.error;
}

/**
 * Charges `n` steps; throws once the evaluation is over its limit. The error is sticky and
 * reused: comprehensions (`all`, `exists`) keep iterating after an element fails, and every later
 * element must fail at once, cheaply.
 */
export function charge(n: number): void {
  if (budget.error) throw budget.error;
  budget.steps += n;
  if (budget.steps > STEP_LIMIT) throw exhausted(`evaluation exceeded ${STEP_LIMIT} steps`);
  if ((++budget.ticks & 255) === 0 && performance.now() > budget.deadline) throw exhausted(`evaluation exceeded ${TIME_LIMIT_MS} ms`);
}

/** The cost of scanning a string: one step per 10 characters (as cel-go estimates string work), at least 1. */
export function strCost(s: string): number {
  return 1 + Math.ceil(s.length / 10);
}
