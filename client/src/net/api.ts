import type { Scenario } from '@aspf/shared';
import type { CreateSession, CreatedSession, HttpError, ScenarioSummary, SessionInfo } from '@aspf/shared/protocol';

/** The HTTP API beside the room (docs/PROTOCOL.md). Same origin as the page. */
export class ApiError extends Error {
  readonly error: HttpError;
  constructor(error: HttpError) {
    super(error.message);
    this.error = error;
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'content-type': 'application/json', ...init?.headers } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(body ?? { code: 'server/error', message: response.statusText });
  return body as T;
}

export const api = {
  scenarios: () => call<ScenarioSummary[]>('/api/scenarios'),
  create: (request: CreateSession) => call<CreatedSession>('/api/sessions', { method: 'POST', body: JSON.stringify(request) }),
  info: (code: string) => call<SessionInfo>(`/api/sessions/${encodeURIComponent(code)}`),
  scenario: (code: string) => call<Scenario>(`/api/sessions/${encodeURIComponent(code)}/scenario`),
};
