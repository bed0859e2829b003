// Nothing the user hands over may appear in any output or report: tokens, passwords, every
// --header value, in any escaped form, in config errors and crashes too.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formsOf } from '../src/redact.js';
import { loadFaults } from '../server/faults/index.js';
import { startReferenceServer } from '../server/listen.js';
import { afterTest, filesIn, run, tempDir } from './kit/command.js';

const token = 'tok-Zq8v1F3kP9xW2-distinct';
const password = `pw"Lm4&N<7b>'Ünï-çødé`;
const cookie = 'session=c00kieV4lue-distinct';
const apiKey = 'k3y-Api-9f8e7d-distinct';
const secrets = [token, password, cookie, apiKey];

function expectClean(text: string, where: string) {
  for (const secret of secrets) {
    for (const form of formsOf(secret)) expect(text.includes(form), `${where} holds a form of a secret: ${JSON.stringify(form)}`).toBe(false);
  }
}

describe('redaction', () => {
  it('every escaped form of a secret is known to the redactor', () => {
    const forms = formsOf(password);
    expect(forms).toContain(password);
    expect(forms).toContain(JSON.stringify(password).slice(1, -1));
    expect(forms).toContain('pw&quot;Lm4&amp;N&lt;7b&gt;&apos;Ünï-çødé');
    expect(forms.some((f) => f.includes('\\u00dc'))).toBe(true);
  });

  it('leaves no token, password or header value in any output or report file, findings included', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'wrong-password-accepted')!;
    const server = await startReferenceServer({ credentials: { plain: { token, password } }, overrides: fault.overrides });
    afterTest(() => server.close());
    const reports = tempDir();
    const outcome = await run(
      ['--base-url', server.baseUrl, '--sensitive', '--seed', '5', '--runs', '10', '--rate-limit', 'none', '--reports-dir', reports, '--header', `Cookie: ${cookie}`, '--header', `X-Api-Key: ${apiKey}`],
      { FLUXER_TOKEN: token, FLUXER_PASSWORD: password },
    );
    // 1 for the findings, or 2: this fault also takes a wrong password for an (unchanged)
    // new_password, which ends every session (R-SEC-5), so the restore cannot read the profile.
    expect([1, 2], outcome.stderr).toContain(outcome.code);
    expectClean(outcome.stdout + outcome.stderr, 'the output');
    const files = filesIn(reports);
    expect(files.map((f) => f.path.slice(reports.length + 1)).sort()).toEqual(expect.arrayContaining(['index.html', 'junit.xml', 'results.json', 'summary.md']));
    for (const file of files) expectClean(file.text, file.path);
    // The findings are there, with their credentials described instead of shown.
    const results = files.find((f) => f.path.endsWith('results.json'))!.text;
    expect(results).toContain('<redacted>');
    expect(results).toContain('sensitiveChangeNeedsVerification');
  });

  it('shows a header value that the user marked as safe to show, and no other', async () => {
    const fault = (await loadFaults()).find((f) => f.name === 'traits-left-out')!;
    const server = await startReferenceServer({ overrides: fault.overrides });
    afterTest(() => server.close());
    const reports = tempDir();
    await run(['--base-url', server.baseUrl, '--token', 'ref-plain-token', '--seed', '1', '--max-requests', '12', '--rate-limit', 'none', '--reports-dir', reports, '--header', 'X-Trace: visible-trace-1', '--header', `X-Api-Key: ${apiKey}`, '--show-header', 'x-trace', '--disable-check', 'readBackMatches']);
    const text = filesIn(reports).map((f) => f.text).join('\n');
    expectClean(text, 'the reports');
    expect(text).toContain('visible-trace-1');
  });

  it('never repeats a stray word of the command line, which may be a password typed in the wrong place', async () => {
    const outcome = await run(['--base-url', 'http://127.0.0.1:9/v1', '--token', token, password]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain('stray word');
    expectClean(outcome.stdout + outcome.stderr, 'the output');
  });

  it('exits 2 on a crash of its own, with a message and stack that hold no secret', async () => {
    const server = await startReferenceServer({ credentials: { plain: { token, password } } });
    afterTest(() => server.close());
    const reports = tempDir();
    // Writing the baseline into a folder that does not exist fails inside the command; the path
    // holds the password, as a careless path might.
    const outcome = await run(
      ['--base-url', server.baseUrl, '--seed', '1', '--max-requests', '10', '--rate-limit', 'none', '--reports-dir', reports, '--write-baseline', join('/nonexistent', password, 'baseline.json'), '--header', `Cookie: ${cookie}`],
      { FLUXER_TOKEN: token, FLUXER_PASSWORD: password },
    );
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/internal error/);
    expectClean(outcome.stdout + outcome.stderr, 'the output');
  });
});
