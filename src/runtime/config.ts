import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSettingsJson, type ResolvedSettings } from './contracts/settings';
import { ConfigurationError, SettingsError } from './errors';

/** The settings file the components package beside each handler. */
export const SETTINGS_FILE_NAME = 'settings.json';

/** Environment variable that points the runtime (or the CLI) at another settings file. */
export const SETTINGS_FILE_ENV = 'REMEDIATION_SETTINGS_FILE';

/**
 * Reads and validates a settings file. Settings travel as a file, not as environment variables,
 * because Lambda's 4 KB environment cannot hold a thousand accounts with their exceptions.
 */
export function loadSettingsFile(path: string): ResolvedSettings {
  return readSettingsFile(path).settings;
}

/**
 * Reads and validates a settings file once, with the names of the fields the file itself sets (the
 * others took their defaults).
 */
export function readSettingsFile(path: string): { settings: ResolvedSettings; given: ReadonlySet<string> } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read the settings file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const settings = parseSettingsJson(text, path);
    // Valid settings are a JSON object: its keys are the fields given.
    return { settings, given: new Set(Object.keys(JSON.parse(text) as object)) };
  } catch (error) {
    if (error instanceof SettingsError) {
      throw new SettingsError(error.problems.map((p) => `${p} (in ${path})`));
    }
    throw error;
  }
}

/** The settings of a deployed handler: `$REMEDIATION_SETTINGS_FILE`, else settings.json in `dir`. */
export function loadHandlerSettings(dir: string, env: NodeJS.ProcessEnv = process.env): ResolvedSettings {
  return loadSettingsFile(env[SETTINGS_FILE_ENV] || join(dir, SETTINGS_FILE_NAME));
}

/** A required environment variable, with an error that says who sets it. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) {
    throw new ConfigurationError(
      `environment variable ${name} is not set; the RemediationMaster component sets it on the function`,
    );
  }
  return value;
}
