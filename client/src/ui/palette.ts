/**
 * Colour-blind-safe colours (Okabe–Ito), used with a second cue everywhere (text, shape or pattern):
 * colour never carries meaning alone.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'];
export const COLORS = {
  yes: '#0072B2', // blue
  no: '#D55E00', // vermillion
  abstain: '#999999',
  threat: '#D55E00',
  capability: '#009E73',
  pool: '#E69F00',
  ink: '#1b1f24',
  paper: '#f6f4ef',
  table: '#20343f',
};

export function memberColour(hex: string | undefined, index: number): string {
  return hex ?? OKABE_ITO[index % OKABE_ITO.length]!;
}
