// Names of the keys in extension storage that the background, pages and content scripts share.
// Part of base/, the extension's floor: constants only, importable from every layer.

/** The rep's settings (storage.local; see store/settings.ts). */
export const SETTINGS_KEY = 'kehu.settings';

/**
 * The latest data change (storage.local): `{seq, customerIds}` or `{seq, all: true}`. The
 * background writes it after every change; content scripts in every tab listen for it and refresh
 * the badges of those customers, without the background having to know which tabs show badges.
 */
export const CHANGES_KEY = 'kehu.changed';

/** The customer the side panel shows (storage.session, or storage.local where session is missing). */
export const SELECTION_KEY = 'kehu.selection';

/** The content script for "all web pages", registered while the rep grants that permission. */
export const PAGE_SCRIPT_ID = 'kehu-pages';

/** The optional host permission behind "all web pages". */
export const ALL_PAGES = { origins: ['<all_urls>'] };

/** The sync status the popup and options show (storage.local; see base/sync-status.ts). */
export const SYNC_STATUS_KEY = 'kehu.sync';
