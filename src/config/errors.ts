export interface ConfigIssue {
  setting: string;
  reason: string;
}

/** One wrong setting, or every wrong setting found at start-up (one line each). */
export class ConfigError extends Error {
  readonly setting: string;
  readonly issues: ConfigIssue[];
  constructor(setting: string, reason: string);
  constructor(issues: ConfigIssue[]);
  constructor(first: string | ConfigIssue[], reason = '') {
    const issues = typeof first === 'string' ? [{ setting: first, reason }] : first;
    super(issues.map((issue) => `Invalid setting ${issue.setting}: ${issue.reason}`).join('\n'));
    this.issues = issues;
    this.setting = issues[0]?.setting ?? '';
  }
}
