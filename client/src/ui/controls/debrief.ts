import { control } from '../control.ts';
import { debriefPanel } from '../debrief.ts';

/** The facilitator's debrief: the report in the page, downloads, the replay (in a new tab). */
export const debrief = control('debrief',
  (s) => ({ code: s.table?.code ?? null, role: s.seat?.role ?? null, ended: s.table?.phase === 'ended' }),
  debriefPanel);
