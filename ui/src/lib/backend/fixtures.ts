// Report builders for tests and the mock backend. They imitate the shape of what the Rust side
// sends, not its rules: a test states the problems, warnings or decoding it wants to see.
import type {
  BackendInfo,
  DecodedVin,
  ErrorCode,
  PasswordReport,
  PasswordRuleCode,
  VinIssue,
  VinReport,
} from '../bindings';

export function normalizeVin(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export interface VinReportOptions {
  problems?: VinIssue[];
  warnings?: VinIssue[];
  decoded?: Partial<DecodedVin> | null;
}

/** A report for `input` with the given issues; each positioned issue marks its character. */
export function vinReport(input: string, options: VinReportOptions = {}): VinReport {
  const normalized = normalizeVin(input);
  const problems = options.problems ?? [];
  const warnings = options.warnings ?? [];
  const codeAt = (issues: VinIssue[], position: number): ErrorCode | null =>
    issues.find((issue) => issue.position === position)?.code ?? null;
  const characters = [...normalized].map((character, index) => ({
    position: index + 1,
    character,
    problem: codeAt(problems, index + 1),
    warning: codeAt(warnings, index + 1),
  }));
  return {
    normalized,
    length: characters.length,
    characters,
    problems,
    warnings,
    decoded: options.decoded ? decodedVin(normalized, options.decoded) : null,
  };
}

export function decodedVin(vin: string, overrides: Partial<DecodedVin> = {}): DecodedVin {
  return {
    vin,
    masked: '•'.repeat(Math.max(vin.length - 6, 0)) + vin.slice(-6),
    wmi: vin.slice(0, 3),
    manufacturer: 'Nissan North America',
    brand: 'Nissan',
    country: 'United States',
    modelYear: 2018,
    generation: 'v3',
    generationLabel: 'NissanConnect 3.0',
    remoteServices: true,
    ...overrides,
  };
}

const RULE_LABELS: Record<PasswordRuleCode, string> = {
  length: '8 to 128 characters',
  capital: 'At least one capital letter',
  not_common: 'Not a commonly used password',
};

const STRENGTH_LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'];

export interface PasswordReportOptions {
  met?: Partial<Record<PasswordRuleCode, boolean>>;
  score?: number;
  hint?: string | null;
}

/** A report whose rules and score are whatever the test says (all met, score 4 by default). */
export function passwordReport(
  _password: string,
  options: PasswordReportOptions = {},
): PasswordReport {
  const codes: PasswordRuleCode[] = ['length', 'capital', 'not_common'];
  const rules = codes.map((code) => ({
    code,
    label: RULE_LABELS[code],
    met: options.met?.[code] ?? true,
  }));
  const score = options.score ?? 4;
  return {
    acceptable: rules.every((rule) => rule.met),
    rules,
    problems: rules
      .filter((rule) => !rule.met)
      .map((rule) => ({ code: ruleError(rule.code), message: `Rule not met: ${rule.label}` })),
    strength: { score, label: STRENGTH_LABELS[score] ?? 'Very strong', hint: options.hint ?? null },
  };
}

function ruleError(code: PasswordRuleCode): ErrorCode {
  switch (code) {
    case 'length':
      return 'password_too_short';
    case 'capital':
      return 'password_no_capital';
    case 'not_common':
      return 'password_common';
  }
}

/** The sandbox with an encrypted store, unless a test says otherwise. */
export function backendInfo(store: BackendInfo['store'] = { state: 'encrypted' }): BackendInfo {
  return { mode: 'sandbox', baseUrl: 'http://127.0.0.1:49152', store };
}
