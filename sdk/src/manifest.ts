// The package's custom-elements.json (Custom Elements Manifest, schema 2.1), which editors, Storybook
// and framework tools read to know the elements' attributes, properties, events, parts and theme
// properties. sdk/build.mjs runs this at build time. The names come from ./elements.ts, the lists
// the loader defines the elements from; the words here describe them, one entry per attribute
// (the types make a missing one an error).
import { ELEMENTS, PROPS } from './elements.ts';

type Attribute = (typeof PROPS)[keyof typeof PROPS] | (typeof ELEMENTS)[keyof typeof ELEMENTS];

const ATTRIBUTES: Record<Attribute, { type: string; description: string }> = {
  kind: { type: "'nps' | 'csat' | 'ces'", description: 'The survey: NPS (0–10), CSAT (1–5) or CES (1–7).' },
  topic: {
    type: "'suggestion' | 'complaint' | 'praise' | 'exit'",
    description:
      'The feedback form: a suggestion, a complaint (also asks what resolution the customer wants), praise, or why they leave (exit).',
  },
  'site-key': { type: 'string', description: 'The site key the collector issued for this site.' },
  endpoint: { type: 'string', description: "The collector's base URL: answers are POSTed to {endpoint}/v1/collect/{site-key}." },
  locale: {
    type: "'zh-CN' | 'en'",
    description: "The language; else init({locale}), else <html lang>, else the browser's language.",
  },
  question: { type: 'string', description: 'Your own wording of the main question.' },
  purpose: { type: 'string', description: 'The one line that tells respondents why you ask (a default is shown).' },
  'respondent-email': {
    type: 'string',
    description: 'Who is answering, if the site knows. Sent only when the respondent ticks the consent box.',
  },
  'respondent-name': {
    type: 'string',
    description: 'The name of who is answering, if the site knows. Sent only when the respondent ticks the consent box.',
  },
  theme: { type: "'light' | 'dark' | 'auto'", description: 'light (default), dark, or auto (follows the system).' },
};

const EVENTS = [
  {
    name: 'kehu-submit',
    type: { text: 'CustomEvent<Submission>' },
    description:
      'An answer is about to be sent; detail is the checked submission. Cancel it (preventDefault) to send it yourself.',
  },
  {
    name: 'kehu-error',
    type: { text: 'CustomEvent<KehuErrorDetail>' },
    description: 'Something went wrong: detail.code is config, load, rejected, limit, spam or invalid.',
  },
];

const PARTS: Record<string, string> = {
  root: 'The widget’s box.',
  form: 'The form.',
  purpose: 'The line that says why you ask.',
  question: 'The main question.',
  scale: 'The group of scale options (surveys).',
  option: 'One point of the scale.',
  anchors: 'The labels under both ends of the scale.',
  comment: 'The comment box.',
  choices: 'A group of choices (exit reasons, wished resolution).',
  choice: 'One choice.',
  contact: 'The contact details group (feedback forms).',
  consent: 'The consent checkbox and its label.',
  error: 'An error message.',
  submit: 'The send button.',
  done: 'The thank-you.',
  dialog: 'The popup dialog (popup mode).',
  title: 'The popup’s title.',
  close: 'The popup’s close button.',
};

const CSS_PROPERTIES = [
  { name: '--kehu-accent', default: '#0b57d0', description: 'Accent colour (dark theme: #8ab4f8).' },
  { name: '--kehu-on-accent', default: '#fff', description: 'Text on the accent colour (dark theme: #0d1117).' },
  { name: '--kehu-fg', default: '#1f2328', description: 'Text colour.' },
  { name: '--kehu-bg', default: '#fff', description: 'Background colour.' },
  { name: '--kehu-muted', default: '#57606a', description: 'Secondary text colour.' },
  { name: '--kehu-border', default: '#6e7781', description: 'Borders and inputs.' },
  { name: '--kehu-error', default: '#b3261e', description: 'Error text.' },
  { name: '--kehu-font', default: 'system-ui, …', description: 'The font family.' },
  { name: '--kehu-font-size', default: '16px', description: 'The base font size.' },
  { name: '--kehu-radius', default: '8px', description: 'Corner radius.' },
  { name: '--kehu-max-width', default: '40em', description: 'Widest width of an inline widget.' },
];

const DESCRIPTIONS: Record<keyof typeof ELEMENTS, { className: string; description: string }> = {
  'kehu-survey': {
    className: 'KehuSurveyElement',
    description: 'A satisfaction survey: NPS, CSAT or CES, with an optional comment. Answers go to a Kehu collector.',
  },
  'kehu-feedback': {
    className: 'KehuFeedbackElement',
    description: 'A feedback form: suggestions, complaints, praise or exit reasons. Answers go to a Kehu collector.',
  },
};

/** The property name of an attribute (`site-key` → `siteKey`). */
const propertyOf = (attr: string) => attr.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

export function customElementsManifest(module = 'kehu.mjs') {
  const declarations = Object.entries(ELEMENTS).map(([tag, kindAttr]) => {
    const attrs = [kindAttr, ...Object.values(PROPS)];
    const { className, description } = DESCRIPTIONS[tag as keyof typeof ELEMENTS];
    return {
      kind: 'class',
      name: className,
      tagName: tag,
      customElement: true,
      description,
      superclass: { name: 'HTMLElement', package: 'global:' },
      attributes: attrs.map((name) => ({
        name,
        fieldName: propertyOf(name),
        type: { text: ATTRIBUTES[name].type },
        description: ATTRIBUTES[name].description,
      })),
      members: attrs.map((name) => ({
        kind: 'field',
        name: propertyOf(name),
        attribute: name,
        reflects: true,
        type: { text: `${ATTRIBUTES[name].type} | null` },
        description: ATTRIBUTES[name].description,
      })),
      events: EVENTS,
      cssParts: Object.entries(PARTS).map(([name, description]) => ({ name, description })),
      cssProperties: CSS_PROPERTIES,
    };
  });
  return {
    schemaVersion: '2.1.0',
    readme: 'README.md',
    modules: [
      {
        kind: 'javascript-module',
        path: module,
        declarations,
        exports: declarations.map((d) => ({
          kind: 'custom-element-definition',
          name: d.tagName,
          declaration: { name: d.name, module },
        })),
      },
    ],
  };
}
