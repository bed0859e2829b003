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
