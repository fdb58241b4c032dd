// `kehu <command> …`: each command lives in its own module with `run(argv): Promise<number>`
// (the exit code), loaded only when used so that `kehu risk` does not start a database.
type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'run the collector service (PGlite in ./.kehu/data, or PostgreSQL)', load: () => import('./serve.ts') },
  keys: { summary: 'create, list and revoke site keys and team tokens', load: () => import('./keys.ts') },
  import: { summary: 'import a CSV or NDJSON file into the store', load: () => import('./import.ts') },
  export: { summary: 'export an entity from the store as CSV or NDJSON', load: () => import('./export.ts') },
  risk: { summary: 'early-warning scores for every customer, from files, as of a date', load: () => import('./risk.ts') },
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    const list = Object.entries(COMMANDS)
      .map(([n, c]) => `  kehu ${n.padEnd(8)} ${c.summary}`)
      .join('\n');
    const out = name && name !== 'help' && name !== '--help' ? console.error : console.log;
    out(
      `${name && name !== 'help' && name !== '--help' ? `unknown command "${name}"\n\n` : ''}usage: kehu <command> [options]\n\n${list}\n\nkehu <command> --help shows a command's options.`,
    );
    return name && name !== 'help' && name !== '--help' ? 2 : 0;
  }
  return (await command.load()).run(rest);
}
