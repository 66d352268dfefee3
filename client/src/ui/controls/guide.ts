import { t, type MessageKey } from '../../i18n/index.ts';
import { control } from '../control.ts';
import { h } from '../dom.ts';
import { memberName } from '../names.ts';

/**
 * One line saying what to do now, for this phase and this role (issue #14, item 3): a member, the
 * facilitator, an observer — and an observer placed there because no seat was open, or waiting for
 * the facilitator to admit it to a delegation (issue #11).
 */
export const guide = control('guide',
  (s) => ({
    phase: s.table?.phase ?? null, paused: s.table?.paused ?? false, role: s.seat?.role ?? null,
    request: s.seat?.request ?? (s.seat && s.table?.players[s.seat.player]?.request) ?? '',
    placed: s.asked?.role === 'member' && s.seat?.role === 'observer',
    requestName: memberName(s.scenario, s.seat?.request ?? (s.seat && s.table?.players[s.seat.player]?.request) ?? ''),
  }),
  (v) => {
    if (!v.phase || !v.role) return null;
    let text: string;
    if (v.role === 'observer') text = v.request ? t('guide.observer.pending', { member: v.requestName }) : v.placed ? t('guide.observer.placed') : t('guide.observer');
    else if (v.role === 'facilitator') text = t(v.phase === 'lobby' ? 'guide.facilitator.lobby' : v.phase === 'ended' ? 'guide.facilitator.ended' : 'guide.facilitator.running');
    else text = v.paused ? t('guide.member.paused') : t(`guide.member.${v.phase}` as MessageKey);
    return h('p', { class: `guide${v.request ? ' pending-request' : ''}`, role: 'status', id: 'guide' }, h('strong', {}, `${t('guide.label')} · `), text);
  });
