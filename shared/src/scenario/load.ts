import { err, ok, type Result } from '../engine/result.ts';
import { ScenarioSchema, type Scenario } from './schema.ts';

export interface ScenarioIssue {
  path: string;
  message: string;
}

/** Validates an untrusted scenario; on failure, every problem with its path and reason (R6.6). */
export function parseScenario(input: unknown): Result<Scenario, ScenarioIssue[]> {
  const result = ScenarioSchema.safeParse(input);
  if (result.success) return ok(result.data);
  return err(result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
}

export function formatIssues(issues: readonly ScenarioIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
}
