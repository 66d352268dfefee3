/**
 * The debrief (docs/DEBRIEF.md): after-action report, CSV tables, session export and re-import,
 * voting power and counterfactuals — all derived from the session log by replay.
 */
export { buildDebrief, type Debrief, type DebriefOptions, type DebriefMember, type DebriefRound, type DebriefProposal, type WithdrawnProposal, type ConditionalPledge, type BurdenPoint, type BurdenSharing, type PowerAnalysis, type CounterfactualSummary, type Agreement, type MessageStats, type ActionRecord, type ScoreRow, type CrisisRecord } from './collect.ts';
export { renderReport, afterActionReport, seatChanges, type ReportOptions } from './report.ts';
export { debriefGuide, type GuideQuestion } from './guide.ts';
export { renderSlides } from './slides.ts';
export { powerIndices, ruleGame, weightedGame, DEFAULT_POWER_SAMPLES, type SimpleGame, type PowerIndices, type PowerMethod, type PowerOptions } from './power.ts';
export { COUNTERFACTUAL_RULES, ballotAt, retally, counterfactualTallies, presetName, type CounterfactualRule, type ElectorateSnapshot, type RetallyResult } from './counterfactual.ts';
export { linearFit, pearson, spearman, ranks, type LinearFit } from './stats.ts';
export { LABELS, label as debriefLabel, type LabelKey as DebriefLabelKey } from './labels.ts';
export { escapeHtml } from './html.ts';
export { csvActions, csvVotes, csvProposals, csvPledges, csvScores, csvMessageCounts, csvMessageTexts, csvTables, csvField, toCsv, CSV_BOM, CSV_TABLES, type CsvCell, type CsvTableName } from './csv.ts';
export { exportSession, serialiseSession, parseSession, verifySession, firstDifference, logOf, SessionExportSchema, SESSION_FORMAT, SESSION_VERSION, type SessionExport, type ExportOptions, type SessionIssue, type Verification, type Difference } from './session-export.ts';
