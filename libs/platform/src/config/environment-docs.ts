import { documentedVariables, EnvironmentSchema } from './environment';

/** One part of the configuration as docs/operations.md lists it: who reads it, and its schema. */
export interface DocumentedEnvironment {
  readBy: string;
  schema: EnvironmentSchema;
}

/**
 * The Markdown table of every variable of `parts`, in their order; a variable several parts
 * read (the transparency settings) is one row naming them all. docs/operations.md holds it
 * between the configuration markers, and tests/deploy checks that it is the schemas' own.
 */
export function environmentTable(parts: DocumentedEnvironment[]): string {
  const rows = new Map<string, { default: string; description: string; readBy: string[] }>();
  for (const { readBy, schema } of parts) {
    for (const variable of documentedVariables(schema)) {
      const row = rows.get(variable.name) ?? { default: variable.default, description: variable.description, readBy: [] };
      row.readBy.push(readBy);
      rows.set(variable.name, row);
    }
  }
  const lines = ['| variable | default | read by | meaning |', '|---|---|---|---|'];
  for (const [name, row] of rows) lines.push(`| \`${name}\` | ${row.default} | ${row.readBy.join(', ')} | ${row.description} |`);
  return lines.join('\n');
}
