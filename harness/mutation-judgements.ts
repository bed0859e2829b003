// Why a surviving mutant of server/reference/ is not a gap of the suite, where it is not. Each rule
// names the mutants it covers by file and source text, and gives the reason in words a reviewer
// can check against CONTRACT.md. A surviving mutant that no rule covers is listed as a gap.

export interface MutantView {
  /** Path from the project root, e.g. server/reference/stages.ts. */
  file: string;
  /** The whole source line the mutant starts on. */
  line: string;
  /** The source text the mutant replaced. */
  original: string;
  replacement: string;
  mutator: string;
}

export type JudgementKind = 'equivalent' | 'outside the contract' | 'reached only by faults';

export interface Judgement {
  kind: JudgementKind;
  reason: string;
}

interface Rule extends Judgement {
  applies(m: MutantView): boolean;
}

const isStringMutant = (m: MutantView) => m.mutator === 'StringLiteral';
const quoted = (m: MutantView) => /^(['"`]).*\1$/s.test(m.original.trim());
const upperSnake = (text: string) => /^['"`][A-Z][A-Z0-9_]*['"`]$/.test(text.trim());

/** Whether the replaced literal is the message of an error: `message: …`, the third argument of
 * errorReply or the second of premiumRequired. */
function isMessageArgument(m: MutantView): boolean {
  const at = m.line.indexOf(m.original);
  if (at < 0) return false;
  const before = m.line.slice(0, at);
  return /\bmessage:\s*$/.test(before) || /errorReply\(\s*\d{3}\s*,\s*'[A-Z_]+'\s*,\s*$/.test(before) || /premiumRequired\([^,()]+,\s*$/.test(before);
}

/** Whether the replaced text is the sentence of a request-schema refusal in request.ts: the
 * argument of wrongType, an `error:` option, the message argument of refuse, the shared length
 * sentence, or the body of wrongType itself. */
function isSchemaSentence(m: MutantView): boolean {
  if (!/server\/reference\/request\.ts$/.test(m.file)) return false;
  const line = m.line.trim();
  if (line.startsWith('const wrongType =')) return true;
  if (line.startsWith('const sentence =')) return isStringMutant(m);
  const at = m.line.indexOf(m.original);
  if (at < 0) return false;
  const before = m.line.slice(0, at);
  if (m.mutator === 'ObjectLiteral') return /^\{\s*error:/.test(m.original.trim());
  return isStringMutant(m) && (/wrongType\(\s*$/.test(before) || /\berror:\s*$/.test(before) || /refuse\(ctx,\s*$/.test(before));
}

/** Whether the mutant only changes the internal reason code of a request-schema refusal: the
 * third argument of refuse, or anything in reasonOf, which turns Zod issues into those codes. */
function isReasonCode(m: MutantView): boolean {
  if (!/server\/reference\/request\.ts$/.test(m.file)) return false;
  const line = m.line.trim();
  if (/^(function reasonOf\(|switch \(issue\.code\)|case '[a-z_]+':|default:|return '[A-Z_]+';|if \(issue\.expected === 'never'\) return|return value === null \? 'NOT_NULLABLE'|return String\(\(issue\.params)/.test(line)) return true;
  const at = m.line.indexOf(m.original);
  if (m.mutator === 'ObjectLiteral' && m.original.trim() === '{ reason }') return true;
  return at >= 0 && isStringMutant(m) && upperSnake(m.original) && /refuse\(ctx,\s*(?:'[^']*'|[A-Za-z_]+),\s*$/.test(m.line.slice(0, at));
}

const rules: Rule[] = [
  {
    kind: 'reached only by faults',
    reason: 'the tools planted faults use to replace a stage; the reference as shipped never calls them',
    applies: (m) => /server\/reference\/(fault-helpers|compose)\.ts$/.test(m.file),
  },
  {
    kind: 'reached only by faults',
    reason: 'runs only when a drift emulation or a planted fault is switched on',
    applies: (m) => /server\/reference\/app\.ts$/.test(m.file) && /\b(drift|overrides|wrap)\b/.test(m.line),
  },
  {
    kind: 'outside the contract',
    reason: "an error's message text: R-ERR-1 and R-ERR-2 ask for a message string, not for its words",
    applies: (m) =>
      isStringMutant(m) &&
      quoted(m) &&
      !upperSnake(m.original) &&
      !m.line.includes("You've changed") &&
      isMessageArgument(m),
  },
  {
    kind: 'outside the contract',
    reason: "the sentence of a request-schema refusal: R-ERR-1 and R-REQ-1 ask for an errors item with a message string at the field, not for its words",
    applies: isSchemaSentence,
  },
  {
    kind: 'equivalent',
    reason: "a request-schema refusal's internal reason code: invalidForm sends only path and message, so the code never leaves the server",
    applies: isReasonCode,
  },
  {
    kind: 'equivalent',
    reason: "a field error's internal code: invalidForm sends only path and message, so the code never leaves the server",
    applies: (m) => isStringMutant(m) && upperSnake(m.original) && /\bcode:\s*$/.test(m.line.slice(0, Math.max(0, m.line.indexOf(m.original)))),
  },
];

/** The judgement of a surviving mutant, or undefined when it is a gap of the suite. */
export function judge(m: MutantView): Judgement | undefined {
  const rule = rules.find((r) => r.applies(m));
  return rule ? { kind: rule.kind, reason: rule.reason } : undefined;
}
