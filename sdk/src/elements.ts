// The two elements and their attributes: the loader defines the elements from these lists, and
// sdk/build.mjs writes the package's custom-elements.json from them (sdk/src/manifest.ts).

/** Property → attribute, shared by both elements. */
export const PROPS = {
  siteKey: 'site-key',
  endpoint: 'endpoint',
  locale: 'locale',
  question: 'question',
  purpose: 'purpose',
  respondentEmail: 'respondent-email',
  respondentName: 'respondent-name',
  theme: 'theme',
} as const;

/** Each element's tag → the attribute (and property) that names what it asks. */
export const ELEMENTS = { 'kehu-survey': 'kind', 'kehu-feedback': 'topic' } as const;
