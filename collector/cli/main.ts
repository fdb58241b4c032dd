// `kehu <command> …`: each command lives in its own module with `run(argv): Promise<number>`
// (the exit code), loaded only when used so that `kehu risk` does not start a database.
type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {};

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
