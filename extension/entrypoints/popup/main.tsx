// The toolbar popup: today's agenda and search.
import { render } from 'preact';
import * as z from 'zod';
import { Popup } from '../../src/ui/popup/app.tsx';

// Extension pages forbid eval: zod must not try to compile parsers with `new Function`.
z.config({ jitless: true });
render(<Popup />, document.getElementById('app')!);
