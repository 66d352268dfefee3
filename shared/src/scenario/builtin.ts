import arcticCrisis from '../../scenarios/arctic-crisis.json' with { type: 'json' };
import brussels2026 from '../../scenarios/brussels-2026.json' with { type: 'json' };
import classroom from '../../scenarios/classroom.json' with { type: 'json' };
import quickDemo from '../../scenarios/quick-demo.json' with { type: 'json' };
import { formatIssues, parseScenario } from './load.ts';
import type { Scenario } from './schema.ts';

/** The built-in scenarios (docs/SCENARIOS.md), in menu order. Files: shared/scenarios/*.json. */
const FILES: Record<string, unknown> = {
  'quick-demo': quickDemo,
  classroom,
  'brussels-2026': brussels2026,
  'arctic-crisis': arcticCrisis,
};

export const BUILTIN_SCENARIO_IDS = Object.keys(FILES);
const cache = new Map<string, Scenario>();

/** A built-in scenario by id, validated on first use; undefined for an unknown id. */
export function builtinScenario(id: string): Scenario | undefined {
  if (!(id in FILES)) return undefined;
  let scenario = cache.get(id);
  if (!scenario) {
    const parsed = parseScenario(FILES[id]);
    if (!parsed.ok) throw new Error(`built-in scenario ${id} is invalid:\n${formatIssues(parsed.error)}`);
    scenario = parsed.value;
    cache.set(id, scenario);
  }
  return scenario;
}

export function builtinScenarios(): Scenario[] {
  return BUILTIN_SCENARIO_IDS.map((id) => builtinScenario(id)!);
}
