import type { ProjectSpec, Scenario } from '@aspf/shared';
import { t, tx } from '../../i18n/index.ts';
import { num } from '../format.ts';

const signed = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : '±'}${num(Math.abs(x))}`;

/** What a project does once delivered, in words (R5.9), and when it delivers (R5.6). */
export function effectsText(project: ProjectSpec, scenario: Scenario): string {
  const track = (id: string) => tx(scenario.tracks.find((x) => x.id === id)?.name) || id;
  const parts = project.effects.map((e) => {
    if (e.kind === 'capability') return t('effect.capability', { track: track(e.track), delta: signed(e.delta) });
    if (e.kind === 'threat') return t('effect.threat', { track: track(e.track), delta: signed(e.delta) });
    if (e.kind === 'meter') return t('effect.meter', { meter: t(`meter.${e.meter}`), delta: signed(e.delta) });
    if (e.kind === 'support') return t('effect.support', { delta: signed(e.delta) });
    return t('effect.other');
  });
  return t('proposals.effects', { list: parts.join(', ') });
}

export const deliveryText = (delay: number): string =>
  t('proposals.delivers', { when: delay === 0 ? t('proposals.deliversNow') : t('proposals.deliversLater', { n: delay }) });

/** R5.7: a fund project funded while the hegemon is outside the fund lowers its engagement. */
export function hegemonWarning(scenario: Scenario, participants: Record<string, boolean>): string | null {
  const hegemon = scenario.constants.hegemon;
  return hegemon && !participants[hegemon] ? t('proposals.usWarning') : null;
}
