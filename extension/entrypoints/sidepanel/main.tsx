// The side panel (Chrome) and sidebar (Firefox): where a rep works one customer.
import { render } from 'preact';
import * as z from 'zod';
import { reportProblemsToBackground } from '../../src/api/client.ts';
import { SidePanel } from '../../src/ui/sidepanel/app.tsx';

// Extension pages forbid eval: zod must not try to compile parsers with `new Function`.
z.config({ jitless: true });
reportProblemsToBackground();
render(<SidePanel />, document.getElementById('app')!);
