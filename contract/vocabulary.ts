// The words the layers above share: what kind of case was sent, which constraint an invalid
// case breaks, and the answer the contract expects for it.

/** Where a constraint comes from: the documentation page, or only CONTRACT.md's observed column. */
export type Source = 'documented' | 'observed';

export type CaseKind =
  | 'read'
  | 'valid'
  | 'normalisation'
  | 'unknownKeys'
  | 'invalid'
  | 'batch'
  | 'nonObject'
  | 'malformed'
  | 'textPlain'
  | 'unauthenticated'
  | 'bot'
  | 'sensitive'
  | 'verifiedChange'
  | 'passwordNotVerified'
  | 'imageRepeat';

export interface InvalidLabel {
  field: string;
  /** The Ajv keyword, or the name of an observed rule (reserved, imageContent, premium, ...). */
  keyword: string;
  /** Tells apart two ways of breaking the same keyword (a fraction and a numeric string). */
  variant?: string;
  rule: string;
  /** schema: the request schema says so; observed: a rule of CONTRACT.md section 3 beyond it. */
  kind: 'schema' | 'observed';
  /** Whether the documentation page states the constraint, or only CONTRACT.md does. */
  source: Source;
  /** Keywords that cannot help failing together with this one. */
  alsoFails?: string[];
}

/** The constraint a label names, as one word: "bio.maxLength" or "bio.maxLength.astral". */
export function constraintName(label: Pick<InvalidLabel, 'field' | 'keyword' | 'variant'>): string {
  return `${label.field}.${label.keyword}${label.variant ? `.${label.variant}` : ''}`;
}

export interface Expectation {
  status: 400 | 403;
  code: string;
  /** The errors[].path a 400 must name. */
  path?: string;
  /** R-SEC-1: the has_mfa a 403 SUDO_MODE_REQUIRED must carry. */
  hasMfa?: boolean;
  /** Other errors[].path values that are as right as `path` (R-ERR-4 does not order them). */
  orPaths?: string[];
  /** A 403 SUDO_MODE_REQUIRED is as right: R-ERR-4 does not say whether this rule is judged
   * before or after the verification of a sensitive change. */
  orSudo?: boolean;
}

/** Which Authorization header a case carries. */
export type Credential =
  | { kind: 'account' }
  | { kind: 'bot' }
  | { kind: 'none' }
  | { kind: 'empty' }
  /** `name` is how findings show it; the value itself is never shown. */
  | { kind: 'literal'; value: string; name: string };

export type Body = Record<string, unknown>;
