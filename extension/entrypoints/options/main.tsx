// The options page: collector, risk policy, privacy, language, import, export, erase.
import { render } from 'preact';
import * as z from 'zod';
import { Options } from '../../src/ui/options/app.tsx';

// Extension pages forbid eval: zod must not try to compile parsers with `new Function`.
z.config({ jitless: true });
render(<Options />, document.getElementById('app')!);
