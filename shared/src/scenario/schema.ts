import { z } from 'zod';

/**
 * The scenario file format (docs/SCENARIOS.md; rules R2, R6). A scenario is plain data: members, tracks, meters,
 * constants, the projects catalog, the event deck, secret objectives, voting rules and timers.
 * Money is always in integer millions of US dollars ($m); the UI shows $bn.
 */

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'expected a lower-case id (a-z, 0-9, -)');
const memberId = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 3166-1 alpha-3 code');
export const REGIONS = ['east', 'north', 'south', 'west', 'americas'] as const;
export const METERS = ['cohesion', 'usEngagement', 'autonomy'] as const;
export const LOCALES = ['en', 'fr'] as const;

export const RegionSchema = z.enum(REGIONS);
export const MeterSchema = z.enum(METERS);
export type Region = z.infer<typeof RegionSchema>;
export type Meter = z.infer<typeof MeterSchema>;
export type Locale = (typeof LOCALES)[number];

/** Every player-facing text exists in English and French. */
export const TextSchema = z.strictObject({
  en: z.string().min(1).max(2000),
  fr: z.string().min(1).max(2000),
});
export type Text = z.infer<typeof TextSchema>;

const level = z.number().min(0).max(10);
const delta = z.number().min(-10).max(10);
const money = z.number().int().min(0).max(100_000_000);

export const MemberSchema = z.strictObject({
  id: memberId,
  name: TextSchema,
  gdp: z.number().positive().max(100_000), // $bn
  population: z.number().positive().max(2_000), // millions
  defencePct: z.number().min(0).max(20), // % of GDP
  regions: z.array(RegionSchema).min(1).max(5),
  nuclear: z.boolean(),
  /** Share of common funding in %; derived from GDP among the scenario's members when absent. */
  costShare: z.number().min(0).max(100).optional(),
  /** Starts as a participant of the fund (R2: every member but the United States). */
  participant: z.boolean(),
  colour: z.string().regex(/^#[0-9a-f]{6}$/i).optional(),
  source: z.string().max(500).optional(),
  /**
   * Rules v2 (R9.8): the secret objectives this member's national interest puts on its list, by id;
   * the member is dealt one of them. Absent or empty: objectives are dealt by region (R6.4).
   */
  objectives: z.array(id).max(20).optional(),
});
export type MemberSpec = z.infer<typeof MemberSchema>;

export const TrackSchema = z.strictObject({
  id,
  name: TextSchema,
  threat: level,
  capability: level,
  /** Threat added at the end of every round (R5.5). */
  drift: z.number().min(0).max(5),
  /** Members tagged with any of these regions suffer this track's crises; empty = everyone. */
  regions: z.array(RegionSchema).max(5),
});

export const RuleSchema = z.strictObject({
  electorate: z.enum(['participants', 'all-members']),
  passCountShare: z.number().min(0).max(1).nullable(),
  /** true: the count share must be strictly exceeded (a simple majority is "more than half"). */
  strictCount: z.boolean().default(false),
  passWeightShare: z.number().min(0).max(1).nullable(),
  weightBasis: z.enum(['pledged', 'population', 'gdp', 'equal']),
  blockingMinimum: z.number().int().min(1).max(100).nullable(),
  /**
   * Rules v2 (R9.11): the blocking minority scales with the electorate: at least this share of it
   * (rounded up, and never below 2) must vote non-yes before the weight criterion can block.
   */
  blockingShare: z.number().min(0).max(1).optional(),
  veto: z.boolean(),
});
export type Rule = z.infer<typeof RuleSchema>;

/** A rule is a preset name or a full rule. */
export const RuleRefSchema = z.union([id, RuleSchema]);

export const EffectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('threat'), track: id, delta }),
  z.strictObject({ kind: z.literal('capability'), track: id, delta }),
  z.strictObject({ kind: z.literal('meter'), meter: MeterSchema, delta }),
  /** Domestic support for members in the regions (or the listed members; neither = everyone). */
  z.strictObject({
    kind: z.literal('support'),
    delta: z.number().int().min(-50).max(50),
    regions: z.array(RegionSchema).max(5).optional(),
    members: z.array(memberId).max(40).optional(),
  }),
  /** This round's defence allocation is multiplied for the listed members or regions. */
  z.strictObject({
    kind: z.literal('allocation'),
    multiplier: z.number().min(0).max(5),
    regions: z.array(RegionSchema).max(5).optional(),
    members: z.array(memberId).max(40).optional(),
  }),
  /** Every funded project not yet delivered is delayed by this many rounds. */
  z.strictObject({ kind: z.literal('delay'), rounds: z.number().int().min(1).max(3) }),
]);
export type Effect = z.infer<typeof EffectSchema>;

export const TriggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('round-at-least'), round: z.number().int().min(1).max(20) }),
  z.strictObject({
    kind: z.literal('pool-below'),
    amount: money,
    round: z.number().int().min(1).max(20).optional(),
  }),
  z.strictObject({ kind: z.literal('after-crisis'), track: id }),
  z.strictObject({ kind: z.literal('meter-below'), meter: MeterSchema, value: level }),
  z.strictObject({ kind: z.literal('meter-above'), meter: MeterSchema, value: level }),
]);
export type Trigger = z.infer<typeof TriggerSchema>;

export const ProjectSchema = z.strictObject({
  id,
  name: TextSchema,
  description: TextSchema,
  cost: money.min(1), // $m
  /** Rounds between funding and delivery; 0 delivers at the resolution that funds it. */
  delay: z.number().int().min(0).max(5),
  /** Where the capability lands: members of these regions gain support on delivery. */
  regions: z.array(RegionSchema).max(5),
  /** Effects applied on delivery (capability and meters). */
  effects: z.array(EffectSchema).min(1).max(8),
});
export type ProjectSpec = z.infer<typeof ProjectSchema>;

export const EventSchema = z.strictObject({
  id,
  title: TextSchema,
  text: TextSchema,
  effects: z.array(EffectSchema).max(8),
  /** A triggered event is played at the first briefing where its trigger holds, before any draw. */
  trigger: TriggerSchema.optional(),
});
export type EventCard = z.infer<typeof EventSchema>;

export const ObjectiveConditionSchema = z.discriminatedUnion('kind', [
  /** At the end, the track's capability is at least its threat. */
  z.strictObject({ kind: z.literal('track-secure'), track: id }),
  /** The track was never in crisis during the game. */
  z.strictObject({ kind: z.literal('no-crisis'), track: id }),
  z.strictObject({ kind: z.literal('meter-at-least'), meter: MeterSchema, value: level }),
  z.strictObject({ kind: z.literal('meter-at-most'), meter: MeterSchema, value: level }),
  /** Industrial returns received are at least this multiple of own cumulative pledges. */
  z.strictObject({ kind: z.literal('returns-ratio'), ratio: z.number().min(0).max(10) }),
  /** Cumulative pledges are at most this share of cumulative allocations. */
  z.strictObject({ kind: z.literal('pledge-share-at-most'), share: z.number().min(0).max(1) }),
  /** At least this many common-budget projects were approved. */
  z.strictObject({ kind: z.literal('common-approved'), count: z.number().int().min(1).max(20) }),
  /** At least this many projects led by the member were approved. */
  z.strictObject({ kind: z.literal('led-approved'), count: z.number().int().min(1).max(20) }),
  /** Voted on the winning side of at least this share of tallied proposals. */
  z.strictObject({ kind: z.literal('winning-side'), share: z.number().min(0).max(1) }),
]);
export type ObjectiveCondition = z.infer<typeof ObjectiveConditionSchema>;

export const ObjectiveSchema = z.strictObject({
  id,
  title: TextSchema,
  text: TextSchema,
  /** Dealt only to members with one of these regions; empty = anyone. */
  regions: z.array(RegionSchema).max(5),
  condition: ObjectiveConditionSchema,
});
export type ObjectiveSpec = z.infer<typeof ObjectiveSchema>;

export const PHASES = ['briefing', 'pledging', 'proposals', 'negotiation', 'voting'] as const;
export const TimersSchema = z.strictObject({
  briefing: z.number().int().min(5).max(3600),
  pledging: z.number().int().min(5).max(3600),
  proposals: z.number().int().min(5).max(3600),
  negotiation: z.number().int().min(5).max(3600),
  voting: z.number().int().min(5).max(3600),
});
export type Timers = z.infer<typeof TimersSchema>;

export const ConstantsSchema = z.strictObject({
  /** Share of a member's defence budget available each round for multinational work (R2.2). */
  discretionaryShare: z.number().min(0.001).max(1),
  /** Fund balance at the start, $m (the seeds: $98bn, no US money). */
  openingBalance: money,
  /** Pledging above this share of the round's allocation costs domestic support (R3.6). */
  comfortShare: z.number().min(0).max(1),
  /** Support lost for pledging one whole allocation above comfort. */
  supportCostPerAllocation: z.number().min(0).max(100),
  /** The minimum pledge, as a share of the allocation: all a member below 25 support may give. */
  minimumPledgeShare: z.number().min(0).max(1),
  lowSupport: z.number().int().min(0).max(100),
  startingSupport: z.number().int().min(0).max(100),
  maxProposalsPerRound: z.number().int().min(1).max(10),
  /** Amended cost may range over [minCostShare, maxCostShare] × catalog cost; effects scale with it. */
  minCostShare: z.number().min(0.1).max(1),
  maxCostShare: z.number().min(1).max(3),
  leadReturnShare: z.number().min(0).max(1),
  crisisGap: z.number().min(0).max(10),
  crisisSupport: z.number().int().min(0).max(50),
  arrearsSupport: z.number().int().min(0).max(50),
  deliverySupport: z.number().int().min(0).max(50),
  /** Support gained per $bn of industrial return, at most returnSupportCap a round. */
  returnSupportPerBn: z.number().min(0).max(50),
  returnSupportCap: z.number().int().min(0).max(50),
  /** The member whose absence from the fund moves US engagement and autonomy (R5.7). */
  hegemon: memberId.nullable(),
  /** Rules v2 (R9.6, default 0.5): the share of the allocation a member's domestic support carries at the starting support. */
  ratificationCarry: z.number().min(0).max(2).optional(),
  /** Rules v2 (R9.6, default 1): the failure chance per allocation of bill above what support carries. */
  ratificationRisk: z.number().min(0).max(5).optional(),
  /** Rules v2 (R9.9, default 0.4): the chance that a triggered event whose trigger holds takes the briefing. */
  triggerChance: z.number().min(0).max(1).optional(),
  scoring: z.strictObject({
    secureRound: z.number(),
    crisis: z.number(),
    objective: z.number(),
    ledPassed: z.number(),
    cosponsoredPassed: z.number(),
    winningVote: z.number(),
    /** Points for industrial returns ÷ cumulative pledges, capped at 2× this. */
    returnRatio: z.number(),
    /** Points for the unspent share of cumulative allocations. */
    fiscalPrudence: z.number(),
    /** Rules v2 (R9.2): points for industrial returns ÷ cumulative allocations, capped at this many (default 3). */
    returnsCap: z.number().optional(),
  }),
});
export type Constants = z.infer<typeof ConstantsSchema>;

export const ScenarioSchema = z
  .strictObject({
    format: z.literal(1),
    id,
    title: TextSchema,
    description: TextSchema,
    notes: TextSchema,
    startYear: z.number().int().min(1900).max(2200),
    rounds: z.number().int().min(1).max(20),
    timers: TimersSchema,
    constants: ConstantsSchema,
    members: z.array(MemberSchema).min(2).max(40),
    tracks: z.array(TrackSchema).min(1).max(8),
    meters: z.strictObject({ cohesion: level, usEngagement: level, autonomy: level }),
    rulePresets: z.record(id, RuleSchema).default({}),
    rules: z.strictObject({ fund: RuleRefSchema, common: RuleRefSchema }),
    allowCustomProjects: z.boolean(),
    sealedPledges: z.boolean(),
    /** Rules v2 (R9.6): two-level ratification at home after the votes (default off). */
    ratification: z.boolean().optional(),
    projects: z.array(ProjectSchema).min(1).max(60),
    events: z.array(EventSchema).min(1).max(80),
    objectives: z.array(ObjectiveSchema).min(1).max(60),
  })
  .superRefine((s, ctx) => {
    const unique = (items: { id: string }[], path: string) => {
      const seen = new Set<string>();
      items.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [path, i, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    };
    unique(s.members, 'members');
    unique(s.tracks, 'tracks');
    unique(s.projects, 'projects');
    unique(s.events, 'events');
    unique(s.objectives, 'objectives');

    const tracks = new Set(s.tracks.map((t) => t.id));
    const members = new Set(s.members.map((m) => m.id));
    const checkEffects = (effects: Effect[], path: (string | number)[]) =>
      effects.forEach((e, i) => {
        if ((e.kind === 'threat' || e.kind === 'capability') && !tracks.has(e.track))
          ctx.addIssue({ code: 'custom', path: [...path, i, 'track'], message: `unknown track "${e.track}"` });
        if ((e.kind === 'support' || e.kind === 'allocation') && e.members)
          e.members.forEach((m, j) => {
            if (!members.has(m))
              ctx.addIssue({ code: 'custom', path: [...path, i, 'members', j], message: `unknown member "${m}"` });
          });
      });
    s.projects.forEach((p, i) => checkEffects(p.effects, ['projects', i, 'effects']));
    s.events.forEach((e, i) => {
      checkEffects(e.effects, ['events', i, 'effects']);
      if (e.trigger?.kind === 'after-crisis' && !tracks.has(e.trigger.track))
        ctx.addIssue({ code: 'custom', path: ['events', i, 'trigger', 'track'], message: `unknown track "${e.trigger.track}"` });
    });
    const objectiveIds = new Set(s.objectives.map((o) => o.id));
    s.members.forEach((m, i) =>
      m.objectives?.forEach((o, j) => {
        if (!objectiveIds.has(o))
          ctx.addIssue({ code: 'custom', path: ['members', i, 'objectives', j], message: `unknown objective "${o}"` });
      }));
    s.objectives.forEach((o, i) => {
      const c = o.condition;
      if ((c.kind === 'track-secure' || c.kind === 'no-crisis') && !tracks.has(c.track))
        ctx.addIssue({ code: 'custom', path: ['objectives', i, 'condition', 'track'], message: `unknown track "${c.track}"` });
    });
    for (const channel of ['fund', 'common'] as const) {
      const ref = s.rules[channel];
      if (typeof ref === 'string' && !(ref in s.rulePresets) && !BUILTIN_PRESET_IDS.includes(ref))
        ctx.addIssue({ code: 'custom', path: ['rules', channel], message: `unknown rule preset "${ref}"` });
    }
    if (s.constants.hegemon && !members.has(s.constants.hegemon))
      ctx.addIssue({ code: 'custom', path: ['constants', 'hegemon'], message: `unknown member "${s.constants.hegemon}"` });
    const shares = s.members.filter((m) => m.costShare !== undefined);
    if (shares.length > 0 && shares.length < s.members.length)
      ctx.addIssue({ code: 'custom', path: ['members'], message: 'give costShare for every member or for none' });
  });

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** The voting-rule presets of R4, available to every scenario by name. */
export const BUILTIN_PRESETS = {
  'aspf-qmv': {
    electorate: 'participants', passCountShare: 0.55, strictCount: false, passWeightShare: 0.65,
    weightBasis: 'pledged', blockingMinimum: 4, veto: false,
  },
  'nato-consensus': {
    electorate: 'all-members', passCountShare: null, strictCount: false, passWeightShare: null,
    weightBasis: 'equal', blockingMinimum: null, veto: true,
  },
  'eu-double-majority': {
    electorate: 'all-members', passCountShare: 0.55, strictCount: false, passWeightShare: 0.65,
    weightBasis: 'population', blockingMinimum: 4, veto: false,
  },
  'simple-majority': {
    electorate: 'all-members', passCountShare: 0.5, strictCount: true, passWeightShare: null,
    weightBasis: 'equal', blockingMinimum: null, veto: false,
  },
  unanimity: {
    electorate: 'all-members', passCountShare: 1, strictCount: false, passWeightShare: null,
    weightBasis: 'equal', blockingMinimum: null, veto: false,
  },
} as const satisfies Record<string, Rule>;
export type PresetId = keyof typeof BUILTIN_PRESETS;
const BUILTIN_PRESET_IDS: string[] = Object.keys(BUILTIN_PRESETS);
