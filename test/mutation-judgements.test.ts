// The judgements docs/mutation.md gives surviving mutants: each rule covers only what its reason
// speaks of, so a real gap of the suite is never explained away.
import { describe, expect, it } from 'vitest';
import { type MutantView, judge } from '../harness/mutation-judgements.js';

const stages = 'server/reference/stages.ts';
const view = (over: Partial<MutantView>): MutantView => ({ file: stages, line: '', original: '', replacement: '""', mutator: 'StringLiteral', ...over });

describe('mutation judgements', () => {
  it("an error's message text is outside the contract, its code is not", () => {
    const line = "if (!account) return errorReply(401, 'UNAUTHORIZED', '401: Unauthorized');";
    expect(judge(view({ line, original: "'401: Unauthorized'" }))?.kind).toBe('outside the contract');
    expect(judge(view({ line, original: "'UNAUTHORIZED'" }))).toBeUndefined();
  });

  it('the quota message keeps the words R-LIM-2 fixes', () => {
    const line = "add({ path: field, message: `You've changed your ${field} too many times recently.`, code: 'CHANGED_TOO_OFTEN' });";
    expect(judge(view({ line, original: "`You've changed your ${field} too many times recently.`" }))).toBeUndefined();
  });

  it("a field error's internal code is equivalent, because it is never sent", () => {
    const line = "add({ path: 'email_token', message: 'The email token is not valid.', code: 'EMAIL_TOKEN_UNKNOWN' });";
    expect(judge(view({ line, original: "'EMAIL_TOKEN_UNKNOWN'" }))?.kind).toBe('equivalent');
    expect(judge(view({ line, original: "'email_token'" }))).toBeUndefined();
  });

  it('request-schema sentences are outside the contract, their reason codes equivalent; the checks themselves are never judged', () => {
    const request = 'server/reference/request.ts';
    const image = "      refuse(ctx, 'The image must be canonical, padded, standard base64.', 'INVALID_BASE64');";
    expect(judge(view({ file: request, line: image, original: "'The image must be canonical, padded, standard base64.'" }))?.kind).toBe('outside the contract');
    expect(judge(view({ file: request, line: image, original: "'INVALID_BASE64'" }))?.kind).toBe('equivalent');
    const colour = "  accent_color: z.number({ error: wrongType('a whole number from 0 to 16777215, or null') }).int({ error: 'Expected a whole number.' }).min(0).max(16777215)";
    expect(judge(view({ file: request, line: colour, original: "'a whole number from 0 to 16777215, or null'" }))?.kind).toBe('outside the contract');
    expect(judge(view({ file: request, line: colour, original: "{ error: 'Expected a whole number.' }", mutator: 'ObjectLiteral', replacement: '{}' }))?.kind).toBe('outside the contract');
    expect(judge(view({ file: request, line: colour, original: '16777215', mutator: 'NumberLiteral' }))).toBeUndefined();
    expect(judge(view({ file: request, line: colour, original: '.int(', mutator: 'MethodExpression' }))).toBeUndefined();
    const check = "    if (value !== null && decodeCanonicalBase64(value) === undefined) {";
    expect(judge(view({ file: request, line: check, original: 'value !== null && decodeCanonicalBase64(value) === undefined', mutator: 'ConditionalExpression', replacement: 'false' }))).toBeUndefined();
    expect(judge(view({ file: request, line: "      return 'TOO_SMALL';", original: "'TOO_SMALL'" }))?.kind).toBe('equivalent');
    // The same text in another file is judged by that file's rules only.
    expect(judge(view({ line: image, original: "'INVALID_BASE64'" }))).toBeUndefined();
  });

  it('limits, comparisons and paths are never judged', () => {
    const line = "if (typeof body.bio === 'string' && body.bio.length > 160 && body.bio !== profile.bio && !premium) {";
    expect(judge(view({ line, original: '>', replacement: '>=', mutator: 'EqualityOperator' }))).toBeUndefined();
    expect(judge(view({ line, original: "'string'" }))).toBeUndefined();
  });

  it('the stage-wrapping tools count as reached only by faults, the rest of the server does not', () => {
    expect(judge(view({ file: 'server/reference/compose.ts', original: 'wraps', mutator: 'ArrayDeclaration' }))?.kind).toBe('reached only by faults');
    expect(judge(view({ file: 'server/reference/accounts.ts', original: 'wraps', mutator: 'ArrayDeclaration' }))).toBeUndefined();
  });
});
