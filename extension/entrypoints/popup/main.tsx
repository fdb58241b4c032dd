// The toolbar popup: today's agenda and search.
import { render } from 'preact';
import * as z from 'zod';
import { reportProblemsToBackground } from '../../src/api/client.ts';
import { Popup } from '../../src/ui/popup/app.tsx';

// Extension pages forbid eval: zod must not try to compile parsers with `new Function`.
z.config({ jitless: true });
reportProblemsToBackground();
render(<Popup />, document.getElementById('app')!);
