// The side panel: a minimal, real customer view (the one a badge click opens) and the settings
// the overlay needs. The full side panel (editing, cases, alert handling…) builds on this.
import { render } from 'preact';
import { SidePanel } from '../../src/sidepanel/app.tsx';

render(<SidePanel />, document.getElementById('app')!);
