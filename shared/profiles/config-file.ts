// The export/import format of a whole configuration (every profile and socket): versioned JSON, errors as JSON pointers.
import { z } from 'zod';
import type { Result } from '../rules/types.ts';
import { checkConfiguration, type Configuration } from './configuration.ts';

export const CONFIG_FORMAT = 'doxy-config';
export const CONFIG_VERSION = 1;

const headSchema = z.object({ format: z.literal(CONFIG_FORMAT), version: z.literal(CONFIG_VERSION) });

/** Whether parsed JSON says it is a doxy-config file (then it is read as one, and refused as one when malformed). */
export function isConfigFile(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === CONFIG_FORMAT;
}

export function parseConfigFile(text: string): Result<Configuration> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ where: '/', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  const head = headSchema.safeParse(json);
  if (!head.success) {
    const version = (json as { version?: unknown }).version;
    return {
      ok: false,
      problems: [
        {
          where: head.error.issues[0]?.path[0] === 'version' ? '/version' : '/format',
          message: `not a ${CONFIG_FORMAT} version ${CONFIG_VERSION} file (version ${String(version)})`,
        },
      ],
    };
  }
  const { format: _format, version: _version, ...rest } = json as Record<string, unknown>;
  return checkConfiguration(rest);
}

export function formatConfigFile(config: Configuration): string {
  return `${JSON.stringify({ format: CONFIG_FORMAT, version: CONFIG_VERSION, profiles: config.profiles, sockets: config.sockets }, null, 2)}\n`;
}
