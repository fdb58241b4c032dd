// `kehu <command> …`: each command lives in its own module with `run(argv): Promise<number>`
// (the exit code), loaded only when used so that `kehu risk` does not start a database.
import { kehuVersion, quietOnClosedPipe } from './io.ts';
import { type MessageKey, t } from './text.ts';

type Command = { summary: MessageKey; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  serve: { summary: 'summaryServe', load: () => import('./serve.ts') },
  keys: { summary: 'summaryKeys', load: () => import('./keys.ts') },
  import: { summary: 'summaryImport', load: () => import('./import.ts') },
  export: { summary: 'summaryExport', load: () => import('./export.ts') },
  risk: { summary: 'summaryRisk', load: () => import('./risk.ts') },
};

function usage(): string {
  const list = Object.entries(COMMANDS)
    .map(([n, c]) => `  kehu ${n.padEnd(8)} ${t(c.summary)}`)
    .join('\n');
  return `${t('usage')}\n\n${list}\n\n${t('usageMore')}`;
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe();
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(kehuVersion());
    return 0;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    // No command, or one Kehu does not have: the usage on standard error, exit code 2.
    console.error(`${name ? `${t('unknownCommand', { name })}\n\n` : ''}${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}
