// The options page: collector, risk policy, privacy, language, import, export, erase.
import { render } from 'preact';
import * as z from 'zod';
import { reportProblemsToBackground } from '../../src/api/client.ts';
import { Options } from '../../src/ui/options/app.tsx';

// Extension pages forbid eval: zod must not try to compile parsers with `new Function`.
z.config({ jitless: true });
reportProblemsToBackground();
render(<Options />, document.getElementById('app')!);
